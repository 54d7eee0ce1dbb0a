"""Each endpoint's throughput as a share of the static floor, measured in one run with wrk.

run.sh calls this in its ratio mode, with the stack already up (nginx in front of the
portal's gunicorn and the search pool):

    python bench/load/ratio.py http://127.0.0.1:8765 [--duration 15] [--connections 32]

The floor is a 1.6 KB static file through the same stack (WhiteNoise in the portal's
gunicorn): nothing an endpoint does can be cheaper. Every endpoint gets a short warm-up
(not counted: it fills the page cache), then ``--rounds`` slices of ``--duration``
seconds of wrk at ``--connections`` connections, each after a slice of the floor, so that
its share is taken against the floor of the same moments (the machine may be shared);
p50 is the median slice's, p99 the worst slice's. Prints a Markdown table (req/s, share of the floor,
p50, p99, errors) and the machine's load, and exits 1 when a goal of issue 17 is missed:
the search API at 70 % of the floor with p99 under 100 ms, the vacancy list, the home
page and the classification search page at 50 %, and no error anywhere.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "classification" / "search_cases.csv"
FLOOR = "static file (floor)"
SEARCH = "search API, rotating real queries"
# name -> (share of the floor at least, p99 below this many ms or None)
ERROR_KEYS = ("connect", "read", "write", "status", "timeout")
GOALS = {
    SEARCH: (0.70, 100.0),
    "vacancy list": (0.50, None),
    "home page": (0.50, None),
    "classification search page": (0.50, None),
}

_LUA = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


@dataclass
class Result:
    name: str
    rps: float
    share: float
    p50_ms: float
    p99_ms: float
    errors: int


def _search_paths() -> list[str]:
    with CASES.open(encoding="utf-8") as cases:
        queries = [row["query"] for row in csv.DictReader(cases) if row["query"].strip()]
    return [
        "/api/classification/search?" + urlencode({"q": q, "limit": 10, "lang": "az"})
        for q in queries
    ]


def _endpoints(vacancy_id: int) -> dict[str, list[str]]:
    return {
        FLOOR: ["/static/css/admin-report.css"],
        "/healthz": ["/healthz"],
        SEARCH: _search_paths(),
        "classification search page": ["/classification/"],
        "home page": ["/"],
        "vacancy list": ["/vacancies/"],
        "vacancy list (en)": ["/en/vacancies/"],
        "vacancy detail": [f"/vacancies/{vacancy_id}/"],
        "occupation page": ["/classification/7212/"],
        "vacancies API": ["/api/vacancies/"],
    }


def _wrk(base: str, paths: list[str], seconds: int, connections: int, threads: int) -> dict:
    lua_paths = ", ".join(json.dumps(path) for path in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA % {"paths": lua_paths})
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
            + ["-s", script.name, base],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="e.g. http://127.0.0.1:8765")
    parser.add_argument("--duration", type=int, default=5, help="seconds per slice")
    parser.add_argument("--rounds", type=int, default=3, help="slices per endpoint")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per endpoint, not counted")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--vacancy", type=int, required=True, help="a public vacancy's id")
    args = parser.parse_args()

    print(f"before: {_load()}")
    floor_paths = _endpoints(args.vacancy)[FLOOR]
    results = []
    floor_total = {"requests": 0, "duration_us": 0}
    for name, paths in _endpoints(args.vacancy).items():
        _wrk(args.base, paths, args.warmup, args.connections, args.threads)
        # The machine may be shared: each endpoint is measured in slices alternating with
        # the floor, and its share is taken against the floor of the same moments.
        slices, floors = [], []
        for _ in range(args.rounds):
            floors.append(
                _wrk(args.base, floor_paths, args.duration, args.connections, args.threads)
            )
            slices.append(_wrk(args.base, paths, args.duration, args.connections, args.threads))
        for raw in floors:
            floor_total["requests"] += raw["requests"]
            floor_total["duration_us"] += raw["duration_us"]
        rps = sum(r["requests"] for r in slices) / (sum(r["duration_us"] for r in slices) / 1e6)
        floor_rps = sum(r["requests"] for r in floors) / (
            sum(r["duration_us"] for r in floors) / 1e6
        )
        errors = sum(r[key] for r in slices for key in ERROR_KEYS)
        results.append(
            Result(
                name=name,
                rps=rps,
                share=rps / floor_rps,
                p50_ms=sorted(r["p50_us"] for r in slices)[len(slices) // 2] / 1000,
                p99_ms=max(r["p99_us"] for r in slices) / 1000,
                errors=errors,
            )
        )
    print(f"after: {_load()}")
    floor = floor_total["requests"] / (floor_total["duration_us"] / 1e6)
    print(
        f"\nwrk, {args.connections} connections, {args.threads} threads; each endpoint "
        f"{args.rounds} x {args.duration} s, alternating with the floor "
        f"(floor over the whole run: {floor:,.0f} req/s)\n"
    )
    print("| endpoint | req/s | share of the floor | p50 | p99 | errors |")
    print("|---|---|---|---|---|---|")
    missed = []
    for result in results:
        share = result.share
        print(
            f"| {result.name} | {result.rps:,.0f} | {share:.0%} | {result.p50_ms:.1f} ms "
            f"| {result.p99_ms:.1f} ms | {result.errors} |"
        )
        least, p99_below = GOALS.get(result.name, (0.0, None))
        if share < least or (p99_below is not None and result.p99_ms >= p99_below):
            missed.append(result.name)
        if result.errors:
            missed.append(f"{result.name} (errors)")
    if missed:
        print(f"goal missed: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
