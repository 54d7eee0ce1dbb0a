"""Benchmark the DMX review pages on a large data set (5,000 employers, 50,000 lines).

    createdb -h 127.0.0.1 -U postgres kvota_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kvota_bench \\
        .venv/bin/python bench/report_benchmark.py [--employers 5000] [--lines 10] [--repeat 7]

Migrates the database, loads the reference data, generates the forecasts with
bulk_create (once; a second run reuses them) and times, in-process through Django's
test client as a superuser, the forecast changelist, a filtered changelist, the
report page and the report XLSX: median and 95th percentile server time and the
number of SQL queries of each. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")
os.environ.setdefault("DJANGO_AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from classification.models import Occupation  # noqa: E402
from forecasts.models import Employer, Forecast, ForecastLine, Place, Status  # noqa: E402

YEAR = 2028


def generate(employers: int, lines_each: int) -> None:
    if Forecast.objects.filter(year=YEAR).count() >= employers:
        return
    rng = random.Random(42)
    codes = list(Occupation.objects.filter(level=4).values_list("code", flat=True))
    places = list(Place.objects.select_related("region"))
    users = get_user_model()
    with transaction.atomic():
        created = users.objects.bulk_create(
            [
                users(username=f"bench{n}@example.az", email=f"bench{n}@example.az")
                for n in range(employers)
            ]
        )
        created = list(users.objects.filter(username__startswith="bench").order_by("pk"))
        rows = Employer.objects.bulk_create(
            [
                Employer(
                    user=user,
                    legal_name=f"Şirkət {n} MMC",
                    voen=f"{2000000000 + n}",
                    kind=rng.choice(["legal_entity", "foreign_branch", "individual"]),
                    legal_address="Bakı",
                    activity=rng.choice("BCFGHIJ"),
                    contact_person="Ad Soyad",
                    contact_position="HR",
                    phone="+994501234567",
                    email=user.email,
                    head_name="Rəhbər",
                )
                for n, user in enumerate(created)
            ]
        )
        statuses = [Status.SUBMITTED] * 5 + [Status.ACCEPTED] * 3 + [Status.DRAFT, Status.RETURNED]
        forecasts = Forecast.objects.bulk_create(
            [Forecast(employer=e, year=YEAR, status=rng.choice(statuses)) for e in rows]
        )
        batch = []
        for forecast in forecasts:
            for position, (code, place) in enumerate(
                zip(rng.sample(codes, lines_each), rng.choices(places, k=lines_each), strict=True),
                start=1,
            ):
                batch.append(
                    ForecastLine(
                        forecast=forecast,
                        position=position,
                        occupation_id=code,
                        workers=rng.randint(1, 200),
                        place=place,
                        region=place.region,
                    )
                )
        ForecastLine.objects.bulk_create(batch, batch_size=5000)


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm up
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=10, help="lines per forecast")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Occupation.objects.exists():
        call_command("import_classification", verbosity=0)
    call_command("load_regions", verbosity=0)
    start = time.perf_counter()
    generate(args.employers, args.lines)
    print(
        f"{connection.vendor}: {Employer.objects.count()} employers, "
        f"{ForecastLine.objects.count()} lines (generated in {time.perf_counter() - start:.1f} s)"
    )
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    pages = {
        "forecast changelist": "/admin/forecasts/forecast/",
        "filtered changelist": "/admin/forecasts/forecast/?status__exact=submitted&major=7&year=2028",
        "search changelist": "/admin/forecasts/forecast/?q=7212",
        "report page": f"/admin/forecasts/forecast/report/?year={YEAR}",
        "report XLSX": f"/admin/forecasts/forecast/report.xlsx?year={YEAR}",
    }
    print(f"{'page':<22} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in pages.items():
        median, p95, queries = measure(client, url, args.repeat)
        print(f"{name:<22} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
