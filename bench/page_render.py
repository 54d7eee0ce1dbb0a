"""Time the public pages in-process, uncached and from the page cache.

    .venv/bin/python bench/page_render.py [--repeat 200]

Runs on the configured database (SQLite when DATABASE_URL is unset) and loads the
regions, the bundled classification and the seed announcement if they are missing,
so point it at a throwaway database. For each page it sends ``--repeat`` GETs through
Django's test client, first with the page cache off (the view, its SQL and the template
every time; the fragments it caches by the state of the data, such as the vacancy cards,
warm), then with it on (a hit). It prints the median and 95th percentile CPU time per
request, the median time of the page's template, and the SQL queries of one uncached
request. The goal (issue 17): the vacancy list's and a vacancy page's template render in
under 5 ms uncached. See bench/README.md.
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
from django.template.backends import django as django_templates  # noqa: E402
from django.test import Client  # noqa: E402

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


_rendering: list[float] = []
_original_render = django_templates.Template.render


def _timed_render(self, context=None, request=None):
    """Time the page's template (the outermost render; fragments are timed inside it)."""
    if getattr(_timed_render, "depth", 0):
        return _original_render(self, context, request)
    _timed_render.depth = 1
    started = time.process_time()
    try:
        return _original_render(self, context, request)
    finally:
        _rendering.append((time.process_time() - started) * 1000)
        _timed_render.depth = 0


django_templates.Template.render = _timed_render


def _time(client: Client, url: str, repeat: int) -> list[float]:
    """Return the CPU time of each request (the machine may be shared: not wall time)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        response = client.get(url)
        times.append((time.process_time() - started) * 1000)
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
    cache.clear()
    print(
        "CPU time per request (process_time), page cache off, then on (a hit)\n\n"
        "| page | uncached median | uncached p95 | template median | SQL "
        "| cached median | cached p95 |\n|---|---|---|---|---|---|---|"
    )
    missed = []
    for name, url in pages.items():
        settings.PAGE_CACHE_SECONDS = 0
        client.get(url)  # warm the template loaders and the search index
        queries: list[str] = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        _rendering.clear()
        uncached = _time(client, url, args.repeat)
        template = statistics.median(_rendering) if _rendering else 0.0
        settings.PAGE_CACHE_SECONDS = 600
        cached = _time(client, url, args.repeat)
        median = statistics.median(uncached)
        print(
            f"| {name} | {median:.2f} ms | {percentile(uncached, 0.95):.2f} ms "
            f"| {template:.2f} ms | {len(queries)} | {statistics.median(cached):.2f} ms "
            f"| {percentile(cached, 0.95):.2f} ms |"
        )
        if name.startswith("vacancy") and template >= GOAL_MS:
            missed.append(name)
    if missed:
        sys.exit(f"goal missed: {', '.join(missed)}: template {GOAL_MS} ms or more uncached")


if __name__ == "__main__":
    main()
