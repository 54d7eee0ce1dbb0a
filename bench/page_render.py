"""Time the public pages in-process, uncached and from the page cache.

    .venv/bin/python bench/page_render.py [--repeat 200]

Runs on the configured database (SQLite when DATABASE_URL is unset) and loads the
regions, the bundled classification and the seed announcement if they are missing,
so point it at a throwaway database. For each page it sends ``--repeat`` GETs through
Django's test client, first with the page cache off (the view, its SQL and the template
every time), then with it on (a hit), and prints the median and 95th percentile per
request and the SQL queries of one uncached request. The goal (issue 17): the vacancy
list and a vacancy's page under 5 ms uncached. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from classification.models import EconomicRegion, Occupation  # noqa: E402
from classification.services import import_classification, load_regions  # noqa: E402
from vacancies.models import Vacancy  # noqa: E402
from vacancies.services import load_announcement  # noqa: E402

GOAL_MS = 5.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def _prepare() -> None:
    if not EconomicRegion.objects.exists():
        load_regions()
    if not Occupation.objects.exists():
        import_classification()
    if not Vacancy.objects.exists():
        load_announcement()


def _time(client: Client, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    settings.DEBUG = False  # as in production: no SQL log, no template debug information
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    _prepare()
    vacancy = Vacancy.objects.public().order_by("pk").first()
    pages = {
        "vacancy list": "/vacancies/",
        "vacancy list (ru)": "/ru/vacancies/",
        "vacancy detail": f"/vacancies/{vacancy.pk}/",
        "vacancy detail (en)": f"/en/vacancies/{vacancy.pk}/",
        "home": "/",
        "classification search page": "/classification/",
        "classification search, q=qaynaqçı": "/classification/?q=qaynaq%C3%A7%C4%B1",
        "occupation 7212": "/classification/7212/",
        "feed": "/vacancies/feed/",
    }
    client = Client(HTTP_HOST="localhost")
    print(
        "| page | uncached median | uncached p95 | SQL | cached median | cached p95 |\n"
        "|---|---|---|---|---|---|"
    )
    missed = []
    for name, url in pages.items():
        settings.PAGE_CACHE_SECONDS = 0
        client.get(url)  # warm the template loaders and the search index
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        uncached = _time(client, url, args.repeat)
        settings.PAGE_CACHE_SECONDS = 600
        cache.clear()
        cached = _time(client, url, args.repeat)
        median = statistics.median(uncached)
        print(
            f"| {name} | {median:.2f} ms | {percentile(uncached, 0.95):.2f} ms "
            f"| {len(queries)} | {statistics.median(cached):.2f} ms "
            f"| {percentile(cached, 0.95):.2f} ms |"
        )
        if name.startswith("vacancy") and median >= GOAL_MS:
            missed.append(name)
    if missed:
        sys.exit(f"goal missed: {', '.join(missed)} at {GOAL_MS} ms or more uncached")


if __name__ == "__main__":
    main()
