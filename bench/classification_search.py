"""Benchmark the classification search API in-process, on the configured database.

    .venv/bin/python bench/classification_search.py [--repeat 20] [--level 4]

Loads the bundled classification if the database has none, then sends the queries
of tests/classification/search_cases.csv of the kinds the search was built for (az,
az_ascii, code, en, ru, typo; ``--all-kinds`` for every row) through GET /api/classification/search
with Django's test client, ``--repeat`` times, and prints the median and 95th
percentile time per request, the SQL queries per request, the time to build the
in-memory index, and the top-1/top-5 hit rates. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")
# One client sends every request: lift the per-client API limit, as bench/load/run.sh does.
os.environ.setdefault("DJANGO_API_RATE_LIMIT", "1000000/s")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from classification.evaluation import evaluate, load_cases  # noqa: E402
from classification.models import Occupation  # noqa: E402
from classification.search import clear_index  # noqa: E402
from classification.services import import_classification  # noqa: E402

CASES = ROOT / "tests" / "classification" / "search_cases.csv"
SEARCH_KINDS = {"az", "az_ascii", "code", "en", "ru", "typo"}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the set")
    parser.add_argument("--level", default="4", help="level filter sent to the API ('' = all)")
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--all-kinds", action="store_true", help="also the assistant's kinds")
    args = parser.parse_args()

    vendor = connection.vendor
    print(f"database: {vendor} ({connection.settings_dict['NAME']})")
    if not Occupation.objects.exists():
        started = time.perf_counter()
        report = import_classification()
        if not report.ok:
            sys.exit("\n".join(str(row) for row in report.rejected))
        print(f"loaded the bundled classification in {time.perf_counter() - started:.1f} s")

    cases = load_cases(args.cases)
    if not args.all_kinds:
        cases = [case for case in cases if case.category in SEARCH_KINDS]
    client = Client(HTTP_HOST="localhost")
    url = "/api/classification/search"

    def get(query: str):
        params = {"q": query, "limit": "10", "lang": "az"}
        if args.level:
            params["level"] = args.level
        return client.get(url, params)

    clear_index()
    started = time.perf_counter()
    get("qaynaqçı")
    print(f"first request (builds the index): {(time.perf_counter() - started) * 1000:.0f} ms")

    query_counts: Counter[int] = Counter()
    for case in cases:
        with CaptureQueriesContext(connection) as captured:
            get(case.query)
        query_counts[len(captured.captured_queries)] += 1

    timings: list[float] = []
    for _round in range(args.repeat):
        for case in cases:
            started = time.perf_counter()
            response = get(case.query)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (case.query, response.status_code)

    def ranked(query: str) -> list[str]:
        return [result["code"] for result in get(query).json()["results"]]

    result = evaluate(cases, ranked)
    print(f"queries: {len(cases)} × {args.repeat} = {len(timings)} requests, level={args.level!r}")
    print(
        f"time per request: median {statistics.median(timings):.2f} ms, "
        f"p95 {percentile(timings, 0.95):.2f} ms, max {max(timings):.2f} ms"
    )
    spread = ", ".join(f"{n} queries: {k} searches" for n, k in sorted(query_counts.items()))
    print(f"SQL per request: {spread}")
    print(result.table())


if __name__ == "__main__":
    main()
