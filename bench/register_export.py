"""Benchmark the line register export: 50,000 submitted lines as XLSX and as CSV.

    createdb -h 127.0.0.1 -U postgres kvota_bench_register
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kvota_bench_register \\
        .venv/bin/python bench/register_export.py [--employers 5000] [--lines 10] [--repeat 3]
    dropdb -h 127.0.0.1 -U postgres kvota_bench_register

Migrates the database, loads the reference data, and makes ``--employers`` employers,
each with one submitted forecast of ``--lines`` lines: the live lines, the frozen
submission and its lines written with bulk_create (seconds, not the minutes the portal's
own submit path would take), in a mix of statuses. Then, as a DMX reviewer through
Django's test client in-process, downloads the register of every forecast
(``admin:forecasts_forecast_register``, ``?queue=all``) as XLSX and as CSV, reading the
streamed body to its end, and prints for each: the median time of ``--repeat`` runs,
the SQL queries, the size, and the peak of Python memory allocated during one download
(tracemalloc, in a run of its own as it slows the code down) beside the size of the
file: bounded memory means the peak stays far below what the rows would take. The goal:
under 5 s for 50,000 lines on PostgreSQL. Refuses a database with employers it did not
make.

Not a test: it lives outside ``tests/`` so pytest never collects it. See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")
os.environ.setdefault("DJANGO_AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, reset_queries, transaction  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from classification.models import Occupation, Place  # noqa: E402
from forecasts.models import (  # noqa: E402
    EMPLOYER_BLOCK,
    EducationLevel,
    Employer,
    Forecast,
    ForecastLine,
    Membership,
    Status,
    Submission,
    SubmittedLine,
)
from forecasts.review import REVIEWER_GROUP  # noqa: E402

PREFIX = "register"
YEAR = 2028
STATUSES = [Status.SUBMITTED] * 5 + [Status.ACCEPTED] * 3 + [Status.RETURNED, Status.REJECTED]
CITIZENSHIPS = ["TR", "CN", "IN", "RU", "GE", "UA", "IR", "PK", ""]


def generate(employers: int, lines_each: int) -> int:
    """Make ``employers`` employers with one submitted forecast each; return the lines."""
    rng = random.Random(employers)
    occupations = list(Occupation.objects.filter(level=4))
    places = list(Place.objects.select_related("region"))
    users = get_user_model()
    now = timezone.now()
    numbers = range(employers)
    with transaction.atomic():
        users.objects.bulk_create(
            [
                users(username=f"{PREFIX}{n}@example.az", email=f"{PREFIX}{n}@example.az")
                for n in numbers
            ],
            batch_size=2000,
        )
        by_name = {u.username: u for u in users.objects.filter(username__startswith=PREFIX)}
        rows = Employer.objects.bulk_create(
            [
                Employer(
                    legal_name=f"“Şirkət {n}” MMC",
                    voen=f"{4000000000 + n}",
                    kind="legal_entity",
                    legal_address="Bakı şəhəri",
                    activity=rng.choice("BCFGHIJ"),
                    contact_person="Ad Soyad",
                    contact_position="HR",
                    phone="+994501234567",
                    email=f"{PREFIX}{n}@example.az",
                    head_name="Rəhbər",
                )
                for n in numbers
            ],
            batch_size=2000,
        )
        owners = {
            e.pk: by_name[f"{PREFIX}{n}@example.az"] for e, n in zip(rows, numbers, strict=True)
        }
        Membership.objects.bulk_create(
            [Membership(employer_id=pk, user=user, role="owner") for pk, user in owners.items()],
            batch_size=2000,
        )
        forecasts = Forecast.objects.bulk_create(
            [Forecast(employer=e, year=YEAR, submitted_at=now) for e in rows], batch_size=2000
        )
        live = [
            ForecastLine(
                forecast=forecast,
                position=position,
                occupation=occupation,
                workers=rng.randint(1, 200),
                place=place,
                citizenship=rng.choice(CITIZENSHIPS),
                education=rng.choice(EducationLevel.values),
                monthly_wage=rng.choice([None, 800, 1200, 2500]),
                period_months=rng.choice([None, 6, 12]),
            )
            for forecast in forecasts
            for position, (occupation, place) in enumerate(
                zip(
                    rng.sample(occupations, lines_each),
                    rng.choices(places, k=lines_each),
                    strict=True,
                ),
                start=1,
            )
        ]
        ForecastLine.objects.bulk_create(live, batch_size=5000)
        totals: dict[int, int] = {}
        for line in live:
            totals[line.forecast_id] = totals.get(line.forecast_id, 0) + line.workers
        submissions = Submission.objects.bulk_create(
            [
                Submission(
                    forecast=forecast,
                    number=1,
                    submitted_at=now,
                    submitted_by=owners[employer.pk],
                    total_workers=totals[forecast.pk],
                    **{name: getattr(employer, name) for name in EMPLOYER_BLOCK},
                )
                for forecast, employer in zip(forecasts, rows, strict=True)
            ],
            batch_size=2000,
        )
        by_forecast = {s.forecast_id: s for s in submissions}
        SubmittedLine.objects.bulk_create(
            [line.frozen_copy(by_forecast[line.forecast_id], line.position) for line in live],
            batch_size=5000,
        )
        current = Submission.objects.filter(forecast=OuterRef("pk")).values("pk")[:1]
        ids = [f.pk for f in forecasts]
        for status in set(STATUSES):
            chosen = [pk for pk in ids if STATUSES[pk % len(STATUSES)] == status]
            Forecast.objects.filter(pk__in=chosen).update(
                status=status, current_submission=Subquery(current)
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return len(live)


def download(client: Client, url: str, *, keep: bool = True) -> bytes:
    """Return the body of ``url`` read to its end (``keep=False``: count it, keep nothing)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    if keep:
        return b"".join(response.streaming_content)
    return b"%d" % sum(len(piece) for piece in response.streaming_content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if Employer.objects.exclude(email__startswith=PREFIX).exists():
        sys.exit("Refusing to run: the database holds employers this benchmark did not make.")
    if not Occupation.objects.exists():
        call_command("import_classification", verbosity=0)
    call_command("load_regions", verbosity=0)
    if not Employer.objects.exists():
        start = time.perf_counter()
        made = generate(args.employers, args.lines)
        print(f"made {made} submitted lines in {time.perf_counter() - start:.1f} s")
    total = SubmittedLine.objects.filter(submission__current_for__isnull=False).count()

    reviewer = get_user_model().objects.filter(username="bench-reviewer@dmx.gov.az").first()
    if reviewer is None:
        reviewer = get_user_model().objects.create_user(
            "bench-reviewer@dmx.gov.az", "bench-reviewer@dmx.gov.az", is_staff=True
        )
        reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
        TOTP.activate(reviewer, generate_totp_secret())  # staff sign in with a second factor
    client = Client(HTTP_HOST="localhost")
    client.force_login(reviewer)
    # As in Django's own tests: keep the connection across requests (and streamed bodies).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    print(f"{connection.vendor}: register of {total} submitted lines")
    for kind in ("xlsx", "csv"):
        url = reverse("admin:forecasts_forecast_register", args=[kind]) + "?queue=all"
        content = download(client, url)  # warm up, and check what came out
        if kind == "xlsx":
            book = load_workbook(io.BytesIO(content), read_only=True)
            rows = sum(1 for _ in book.active.iter_rows(values_only=True)) - 1
        else:
            rows = content.decode("utf-8").count("\n") - 1
        assert rows == total, (kind, rows, total)
        times, cpu = [], []
        for _ in range(args.repeat):
            reset_queries()  # the request resets the debug query log as it starts
            with CaptureQueriesContext(connection) as queries:
                start, start_cpu = time.perf_counter(), time.process_time()
                download(client, url, keep=False)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
        tracemalloc.start()
        download(client, url, keep=False)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        median = statistics.median(times)
        print(
            f"{kind}: {rows} rows, {len(content) / 1e6:.1f} MB, median {median:.2f} s "
            f"(of {args.repeat}: {', '.join(f'{t:.2f}' for t in times)}; the web process's "
            f"CPU {statistics.median(cpu):.2f} s), {len(queries)} SQL queries, "
            f"peak Python memory {peak / 1e6:.1f} MB; "
            f"goal (under 5 s): {'met' if median < 5 else 'MISSED'}"
        )
    print(f"load average now: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
