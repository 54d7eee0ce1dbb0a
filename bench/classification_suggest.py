"""Evaluate and benchmark the coding assistant in-process, on the configured database.

    .venv/bin/python bench/classification_suggest.py [--repeat 5] [--misses]

Loads the bundled classification if the database has none, then runs every case of
tests/classification/search_cases.csv and suggest_cases_en.csv through

* the search (title alone; for cases with duties also title and duties as one string),
* the assistant (title alone; title with duties, industry and activity),

and prints top-1 / top-3 / top-5 per kind, the calibration table of the assistant's
scores (score band → share of suggestions right), and the time per request of
GET /api/classification/suggest and /search through Django's test client (median,
p95, SQL queries per request). See bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from classification.evaluation import Case, calibrate, evaluate, load_cases  # noqa: E402
from classification.models import Occupation  # noqa: E402
from classification.search import clear_index, search  # noqa: E402
from classification.services import import_classification  # noqa: E402
from classification.suggest import suggest  # noqa: E402

CASES = ROOT / "tests" / "classification" / "search_cases.csv"
ENGLISH = ROOT / "tests" / "classification" / "suggest_cases_en.csv"
SEARCH_KINDS = {"az", "az_ascii", "code", "en", "ru", "typo"}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def all_cases() -> list[Case]:
    return load_cases(CASES) + load_cases(ENGLISH, category="en_duties")


def _has_context(case: Case) -> bool:
    return bool(case.duties or case.industry or case.activity)


def _search(text: str) -> list[str]:
    return [r.code for r in search(text, level=4, limit=5, log_unmatched=False)]


def _ask(case: Case, with_context: bool):
    if not with_context:
        return suggest(case.query, language="az")
    return suggest(
        case.query,
        duties=case.duties,
        industry=case.industry,
        activity=case.activity,
        language="az",
    )


def _keyed(cases: list[Case]) -> list[Case]:
    """Cases keyed by title and duties (the same title comes with different duties)."""
    return [Case(f"{c.query}\x00{c.duties}", c.expected, c.category) for c in cases]


def report(cases: list[Case], show_misses: bool) -> None:
    with_context = [case for case in cases if _has_context(case)]
    alone = {f"{c.query}\x00{c.duties}": _ask(c, False) for c in cases}
    full = {f"{c.query}\x00{c.duties}": _ask(c, True) for c in with_context}

    print("\n== search, title alone")
    print(evaluate(cases, _search).table())
    print("\n== search, title and duties as one string (cases with duties)")
    print(evaluate(_keyed(with_context), lambda key: _search(key.replace("\x00", " "))).table())
    print("\n== suggest, title alone")
    print(evaluate(_keyed(cases), lambda key: [s.code for s in alone[key].suggestions]).table())
    print("\n== suggest, title with duties, industry and activity (cases with duties)")
    result = evaluate(_keyed(with_context), lambda key: [s.code for s in full[key].suggestions])
    print(result.table())
    if show_misses:
        for case, got in result.misses:
            title, duties = case.query.split("\x00")
            print(
                f"  miss@1 {title!r} + {duties[:60]!r} [{case.category}] want {sorted(case.expected)} got {got}"
            )

    generic = [key for key in _keyed(cases) if key.category == "generic"]
    flagged = sum(alone[key.query].ambiguous for key in generic)
    print(f"\ngeneric titles flagged ambiguous: {flagged} of {len(generic)}")

    def scored(key: Case):
        answer = full.get(key.query) or alone[key.query]
        return [(s.code, s.score) for s in answer.suggestions]

    print("\n== calibration: every suggestion (top 5) of every case, asked with its context")
    print(calibrate(_keyed(cases), scored).table())
    digest = hashlib.sha256()
    for answers in (alone, full):
        for key in sorted(answers):
            digest.update(repr([(s.code, s.score) for s in answers[key].suggestions]).encode())
    print(f"\nresults digest (compare across databases): {digest.hexdigest()[:16]}")
    print("\n== calibration: the cases with duties, asked with the title alone")
    print(
        calibrate(
            _keyed(with_context),
            lambda key: [(s.code, s.score) for s in alone[key.query].suggestions],
        ).table()
    )


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
            [c for c in cases if _has_context(c)],
        ),
        ("search (its own kinds)", find, [c for c in cases if c.category in SEARCH_KINDS]),
    ):
        queries: Counter[int] = Counter()
        for case in subset:
            with CaptureQueriesContext(connection) as captured:
                response = call(case)
            assert response.status_code == 200, (case.query, response.status_code)
            queries[len(captured.captured_queries)] += 1
        spent = []
        for _round in range(repeat):
            for case in subset:
                started = time.perf_counter()
                call(case)
                spent.append((time.perf_counter() - started) * 1000)
        spread = ", ".join(f"{n} queries: {k}" for n, k in sorted(queries.items()))
        print(
            f"{name}: {len(spent)} requests, median {statistics.median(spent):.2f} ms, "
            f"p95 {percentile(spent, 0.95):.2f} ms, max {max(spent):.2f} ms; SQL per request: {spread}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timing passes over the cases")
    parser.add_argument("--misses", action="store_true", help="list the assistant's misses")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    if not Occupation.objects.exists():
        report_ = import_classification()
        if not report_.ok:
            sys.exit("\n".join(str(row) for row in report_.rejected))
    cases = all_cases()
    report(cases, args.misses)
    if not args.no_timing:
        timings(cases, args.repeat)


if __name__ == "__main__":
    main()
