"""Time the admin change page of a forecast with 2,000 lines (one valid upload's worth).

    DATABASE_URL=sqlite:////tmp/kvota_admin_bench.sqlite3 \\
        .venv/bin/python bench/admin_forecast_page.py [--lines 2000] [--repeat 20]
    rm /tmp/kvota_admin_bench.sqlite3

(or a throwaway PostgreSQL database, as bench/bulk_accept.py). Makes one employer with a
draft of ``--lines`` lines (``--submitted``: frozen as submitted, the reviewer's case) and
a superuser, then requests the forecast's change page
``--repeat`` times in-process and prints the median and p95 time (and the CPU time, which a
shared machine does not inflate), the SQL queries and the
size of the page. Goal: under 500 ms; the lines inline shows the first LINES_SHOWN lines
and links the filtered line list. Refuses a database with employers it did not make.

Not a test: it lives outside ``tests/`` so pytest never collects it. See bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
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

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from classification.models import Occupation, Place  # noqa: E402
from forecasts.models import Employer, Forecast, ForecastLine, Status, Submission  # noqa: E402

EMAIL = "admin-bench@example.az"


def _forecast(lines: int) -> Forecast:
    users = get_user_model()
    user = users.objects.create_user(username=EMAIL, email=EMAIL)
    employer = Employer.objects.create(
        user=user,
        legal_name="Uzun Proqnoz MMC",
        voen="3999999999",
        kind="legal_entity",
        legal_address="Bakı",
        activity="F",
        contact_person="Ad Soyad",
        contact_position="HR",
        phone="+994501234567",
        email=EMAIL,
        head_name="Rəhbər",
    )
    forecast = Forecast.objects.create(employer=employer, year=2099)
    codes = Occupation.objects.filter(level=4).values_list("code", flat=True)
    pairs = itertools.product(codes, Place.objects.values_list("pk", flat=True))
    ForecastLine.objects.bulk_create(
        ForecastLine(forecast=forecast, position=n, occupation_id=code, place_id=place, workers=1)
        for n, (code, place) in zip(range(1, lines + 1), pairs, strict=False)
    )
    return forecast


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--submitted", action="store_true", help="freeze it as submitted (the reviewer's case)"
    )
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if Employer.objects.exists():
        sys.exit("Refusing to run: the database already holds employers; use an empty one.")
    if not Occupation.objects.exists():
        call_command("import_classification", verbosity=0)
    call_command("load_regions", verbosity=0)
    forecast = _forecast(args.lines)
    if args.submitted:
        submission = Submission.freeze(forecast, by=forecast.employer.user, at=timezone.now())
        Forecast.objects.filter(pk=forecast.pk).update(
            status=Status.SUBMITTED, submitted_at=timezone.now(), current_submission=submission
        )
    admin = get_user_model().objects.create_superuser("root-bench", "root-bench@dmx.gov.az")
    TOTP.activate(admin, generate_totp_secret())  # staff need a second factor for the admin
    client = Client()
    client.force_login(admin)
    url = reverse("admin:forecasts_forecast_change", args=[forecast.pk])
    client.get(url)  # warm templates and caches
    timings, cpu = [], []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - started_cpu)
        assert response.status_code == 200, response.status_code
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(
        f"{connection.vendor}: change page of a {forecast.lines.count()}-line "
        f"{'submitted' if args.submitted else 'draft'} forecast: "
        f"median {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
        f"(CPU median {statistics.median(cpu) * 1000:.0f} ms), "
        f"{len(queries)} queries, {len(response.content) / 1024:.0f} KB"
    )


if __name__ == "__main__":
    main()
