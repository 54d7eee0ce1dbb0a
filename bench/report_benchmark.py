"""Benchmark the DMX review pages on a large data set (5,000 employers, 50,000 lines).

    createdb -h 127.0.0.1 -U postgres kvota_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kvota_bench \\
        .venv/bin/python bench/report_benchmark.py [--sizes 500,5000] [--lines 10] [--repeat 11]
    dropdb -h 127.0.0.1 -U postgres kvota_bench

Migrates the database, loads the reference data (classification, regions) and, for
each size in ``--sizes``, tops the data set up to that many employers, each with one
forecast of ``--lines`` lines (bulk_create: seconds, not minutes), then times the pages
in-process through Django's test client as a superuser: median and 95th percentile
server time and the number of SQL queries of each. Run with two sizes to see that the
query counts do not depend on the amount of data. Refuses a database that holds
employers other than its own, so it is never pointed at real data by mistake.

Not a test: it lives outside ``tests/`` so pytest never collects it. See bench/README.md.
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

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import OuterRef, Subquery, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from classification.models import EconomicRegion, Occupation, Place  # noqa: E402
from forecasts.models import (  # noqa: E402
    EMPLOYER_BLOCK,
    Employer,
    Forecast,
    ForecastLine,
    Membership,
    Status,
    Submission,
    SubmittedLine,
)
from forecasts.selectors import DEFAULT_STATUSES, REPORT_STATUSES, demand_report  # noqa: E402

YEAR = 2028
PREFIX = "bench"
STATUSES = [Status.SUBMITTED] * 5 + [Status.ACCEPTED] * 3 + [Status.DRAFT, Status.RETURNED]


def generate(employers: int, lines_each: int) -> int:
    """Top the data set up to ``employers`` employers; return how many were added."""
    have = Employer.objects.filter(memberships__user__username__startswith=PREFIX).count()
    if have >= employers:
        return 0
    rng = random.Random(have)
    codes = list(Occupation.objects.filter(level=4))
    places = list(Place.objects.select_related("region"))
    users = get_user_model()
    numbers = range(have, employers)
    with transaction.atomic():
        users.objects.bulk_create(
            [
                users(username=f"{PREFIX}{n}@example.az", email=f"{PREFIX}{n}@example.az")
                for n in numbers
            ],
            batch_size=2000,
        )
        created = users.objects.filter(username__in=[f"{PREFIX}{n}@example.az" for n in numbers])
        by_name = {user.username: user for user in created}
        rows = Employer.objects.bulk_create(
            [
                Employer(
                    legal_name=f"Şirkət {n} MMC",
                    voen=f"{2000000000 + n}",
                    kind=rng.choice(["legal_entity", "foreign_branch", "individual"]),
                    legal_address="Bakı",
                    activity=rng.choice("BCFGHIJ"),
                    contact_person="Ad Soyad",
                    contact_position="HR",
                    phone="+994501234567",
                    email=f"{PREFIX}{n}@example.az",
                    head_name="Rəhbər",
                    language=rng.choice(["az", "az", "en", "ru"]),
                )
                for n in numbers
            ],
            batch_size=2000,
        )
        Membership.objects.bulk_create(
            [
                Membership(employer=e, user=by_name[f"{PREFIX}{n}@example.az"], role="owner")
                for e, n in zip(rows, numbers, strict=True)
            ],
            batch_size=2000,
        )
        # Drafts first; those that were filed get their frozen record below.
        forecasts = Forecast.objects.bulk_create(
            [Forecast(employer=e, year=YEAR) for e in rows], batch_size=2000
        )
        wanted = {forecast.pk: rng.choice(STATUSES) for forecast in forecasts}
        batch = [
            ForecastLine(
                forecast=forecast,
                position=position,
                occupation=code,
                workers=rng.randint(1, 200),
                place=place,
            )
            for forecast in forecasts
            for position, (code, place) in enumerate(
                zip(rng.sample(codes, lines_each), rng.choices(places, k=lines_each), strict=True),
                start=1,
            )
        ]
        ForecastLine.objects.bulk_create(batch, batch_size=5000)
        owners = {
            e.pk: by_name[f"{PREFIX}{n}@example.az"] for e, n in zip(rows, numbers, strict=True)
        }
        _freeze(forecasts, rows, owners, batch, wanted)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return len(rows)


def _freeze(forecasts, employers, owners: dict, lines, wanted: dict[int, str]) -> None:
    """Give every forecast not meant to stay a draft its submission, as the portal's
    submit would (the frozen employer block and lines), and its status, in bulk."""
    now = timezone.now()
    filed = [f for f in forecasts if wanted[f.pk] != Status.DRAFT]
    by_pk = {e.pk: e for e in employers}
    totals: dict[int, int] = {}
    for line in lines:
        totals[line.forecast_id] = totals.get(line.forecast_id, 0) + line.workers
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                forecast=forecast,
                number=1,
                submitted_at=now,
                submitted_by=owners[forecast.employer_id],
                total_workers=totals.get(forecast.pk, 0),
                **{name: getattr(by_pk[forecast.employer_id], name) for name in EMPLOYER_BLOCK},
            )
            for forecast in filed
        ],
        batch_size=2000,
    )
    by_forecast = {s.forecast_id: s for s in submissions}
    SubmittedLine.objects.bulk_create(
        [
            line.frozen_copy(by_forecast[line.forecast_id], line.position)
            for line in lines
            if line.forecast_id in by_forecast
        ],
        batch_size=5000,
    )
    current = Submission.objects.filter(forecast=OuterRef("pk")).values("pk")[:1]
    for status in set(wanted.values()) - {Status.DRAFT}:
        Forecast.objects.filter(pk__in=[pk for pk, s in wanted.items() if s == status]).update(
            status=status, submitted_at=now, current_submission=Subquery(current)
        )


def check_totals() -> None:
    """Fail loudly if the report's total differs from the plain sum of its lines."""
    report = demand_report(year=YEAR, statuses=DEFAULT_STATUSES)
    lines = ForecastLine.objects.filter(forecast__year=YEAR, forecast__status__in=DEFAULT_STATUSES)
    expected = lines.aggregate(s=Sum("workers"))["s"] or 0
    got = report.total_workers + report.liberated_workers
    assert got == expected, f"report total {got} != sum of lines {expected}"


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int, int]:
    first = client.get(url)  # warm up (and the size of the answer)
    assert first.status_code == 200, (url, first.status_code)
    times, queries = [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    assert len(queries) == 1, f"{url}: query count varies between runs: {queries}"
    return statistics.median(times), p95, queries.pop(), len(first.content)


def pages() -> dict[str, str]:
    region = EconomicRegion.objects.order_by("number").values_list("pk", flat=True).first()
    forecast = Forecast.objects.filter(
        employer__memberships__user__username__startswith=PREFIX
    ).first()
    base = "/admin/forecasts/forecast/"
    report = f"{base}report/?year={YEAR}"
    return {
        "forecast changelist": base,
        "filtered changelist": f"{base}?year={YEAR}&status__exact=submitted&major=7&region={region}",
        "search changelist": f"{base}?q=7212",
        "sorted by total workers": f"{base}?o=-6",
        "employer changelist": "/admin/forecasts/employer/",
        "forecast change page": f"{base}{forecast.pk}/change/",
        "report page": report,
        "report page, all statuses": report + "".join(f"&status={s}" for s in REPORT_STATUSES),
        "report XLSX": f"/admin/forecasts/forecast/report.xlsx?year={YEAR}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="5000", help="comma-separated employer counts, e.g. 500,5000"
    )
    parser.add_argument("--lines", type=int, default=10, help="lines per forecast")
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    call_command("migrate", verbosity=0)
    foreign = Employer.objects.exclude(memberships__user__username__startswith=PREFIX).count()
    if foreign:
        sys.exit(
            f"Refusing to run: the database holds {foreign} employers not made by this script."
        )
    if not Occupation.objects.exists():
        call_command("import_classification", verbosity=0)
    call_command("load_regions", verbosity=0)
    admin, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if not Authenticator.objects.filter(user=admin).exists():
        TOTP.activate(admin, generate_totp_secret())  # staff sign in with a second factor
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)

    for size in sizes:
        start = time.perf_counter()
        added = generate(size, args.lines)
        check_totals()
        print(
            f"\n{connection.vendor}: "
            f"{Employer.objects.count()} employers, {ForecastLine.objects.count()} lines "
            f"({added} employers added in {time.perf_counter() - start:.1f} s); "
            f"{args.repeat} runs per page"
        )
        print(f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KiB':>6}")
        for name, url in pages().items():
            median, p95, queries, size_bytes = measure(client, url, args.repeat)
            print(f"{name:<28} {median:>10.1f} {p95:>8.1f} {queries:>8} {size_bytes / 1024:>6.0f}")


if __name__ == "__main__":
    main()
