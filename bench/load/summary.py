"""Summarise one locust run: requests, req/s, median, p95, errors, and the search API's p95.

Reads the ``--csv`` stats file locust writes (``bench/results/load_N_stats.csv``) and
prints one Markdown table row; exits 1 when the run missed the rush goals (any error, or
a search API p95 of 100 ms or more), so run.sh can say so.
"""

import csv
import sys
from pathlib import Path

SEARCH = "/api/classification/search"
SEARCH_P95_GOAL_MS = 100


def main(stats_path: str, users: str) -> int:
    with Path(stats_path).open(encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total, search = rows["Aggregated"], rows.get(SEARCH)
    errors = int(total["Failure Count"])
    search_p95 = float(search["95%"]) if search else float("nan")
    print(
        "| users | requests | req/s | median | p95 | errors | search requests | search median "
        "| search p95 |\n|---|---|---|---|---|---|---|---|---|"
    )
    print(
        f"| {users} | {int(total['Request Count']):,} | {float(total['Requests/s']):.1f} "
        f"| {total['50%']} ms | {total['95%']} ms | {errors} "
        f"| {int(search['Request Count']) if search else 0:,} "
        f"| {search['50%'] if search else '-'} ms | {search_p95:.0f} ms |"
    )
    failed = errors > 0 or not search_p95 < SEARCH_P95_GOAL_MS
    if failed:
        print(f"goal missed: want 0 errors and search p95 < {SEARCH_P95_GOAL_MS} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
