"""Evaluate and benchmark the coding assistant in-process, on the configured database.

    .venv/bin/python bench/classification_suggest.py [--repeat 5] [--misses]

Loads the bundled classification if the database has none, then runs every case of
tests/classification/search_cases.csv and suggest_cases_en.csv through

* the search (title alone; for cases with duties also title and duties as one string),
* the assistant (title alone; title with duties, industry and activity),

and prints top-1 / top-3 / top-5 per kind, the calibration table of the assistant's
scores (score band → share of suggestions right) — the report of
``manage.py evaluate_assistant`` (classification/evaluation.py) — and the time per
request of GET /api/classification/suggest and /search through Django's test client
(median, p95, SQL queries per request; wall time and the process's CPU time, which a
busy machine inflates less), with the page cache off unless ``--cache``, so that every
request computes its answer. See bench/README.md.
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from classification.evaluation import (  # noqa: E402
    SEARCH_KINDS,
    Case,
    evaluate_assistant,
    has_context,
    load_assistant_cases,
)
from classification.models import Occupation  # noqa: E402
from classification.search import clear_index  # noqa: E402
from classification.services import import_classification  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timings(cases: list[Case], repeat: int) -> None:
    client = Client(HTTP_HOST="localhost")

    def ask(case: Case, with_context: bool = False):
        params = {"title": case.query, "lang": "az", "limit": "5"}
        if with_context:
            params.update(duties=case.duties, industry=case.industry, activity=case.activity)
        return client.get("/api/classification/suggest", params)

    def find(case: Case):
        return client.get(
            "/api/classification/search",
            {"q": case.query, "level": "4", "limit": "10", "lang": "az"},
        )

    clear_index()
    started = time.perf_counter()
    ask(cases[0])
    print(f"\nfirst request (builds the index): {(time.perf_counter() - started) * 1000:.0f} ms")
    for name, call, subset in (
        ("suggest, title alone", ask, cases),
        (
            "suggest, title with duties",
            lambda case: ask(case, True),
            [c for c in cases if has_context(c)],
        ),
        ("search (its own kinds)", find, [c for c in cases if c.category in SEARCH_KINDS]),
    ):
        queries: Counter[int] = Counter()
        for case in subset:
            with CaptureQueriesContext(connection) as captured:
                response = call(case)
            assert response.status_code == 200, (case.query, response.status_code)
            queries[len(captured.captured_queries)] += 1
        spent, cpu = [], []
        for _round in range(repeat):
            for case in subset:
                started, started_cpu = time.perf_counter(), time.process_time()
                call(case)
                spent.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        spread = ", ".join(f"{n} queries: {k}" for n, k in sorted(queries.items()))
        print(
            f"{name}: {len(spent)} requests, median {statistics.median(spent):.2f} ms, "
            f"p95 {percentile(spent, 0.95):.2f} ms, max {max(spent):.2f} ms "
            f"(CPU: median {statistics.median(cpu):.2f} ms, p95 {percentile(cpu, 0.95):.2f} ms); "
            f"SQL per request: {spread}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timing passes over the cases")
    parser.add_argument("--misses", action="store_true", help="list the assistant's misses")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument(
        "--cache", action="store_true", help="let repeated requests hit the page cache"
    )
    args = parser.parse_args()
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    if not Occupation.objects.exists():
        report_ = import_classification()
        if not report_.ok:
            sys.exit("\n".join(str(row) for row in report_.rejected))
    cases = load_assistant_cases()
    print(evaluate_assistant(cases).table(misses=args.misses))
    if not args.no_timing:
        if not args.cache:
            # Measure the work, not the page cache: every request computes its answer.
            settings.PAGE_CACHE_SECONDS = 0
        timings(cases, args.repeat)


if __name__ == "__main__":
    main()
