"""Benchmark a bulk accept of 1,000 submitted forecasts: the request only queues e-mails.

    createdb -h 127.0.0.1 -U postgres kvota_bench_bulk
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kvota_bench_bulk \\
        .venv/bin/python bench/bulk_accept.py [--forecasts 1000] [--deliver]
    dropdb -h 127.0.0.1 -U postgres kvota_bench_bulk

Makes ``--forecasts`` employers, each with a forecast of three lines submitted through
the portal's own path (``services.submit_forecast``), then, as a DMX reviewer, posts
the confirmed bulk accept (``admin:forecasts_forecast_bulk_review``) with all of them
and times that one request: the goal is under 2 s. The decisions are taken in a fixed
number of queries, and the employers' e-mails are one task enqueued in the same
transaction, which the worker turns into an e-mail per decision; the request renders
and sends none. It checks that every forecast is accepted, that one task was enqueued
and that nothing was sent during the request. ``--deliver`` then runs the worker
(``db_worker --batch``) and times how long it takes to queue and send the e-mails.
Refuses a database with employers it did not make.

Not a test: it lives outside ``tests/`` so pytest never collects it. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")
os.environ.setdefault("DJANGO_AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from classification.models import Occupation, Place  # noqa: E402
from forecasts.models import Employer, Forecast, ForecastLine, Membership, Status  # noqa: E402
from forecasts.review import REVIEWER_GROUP  # noqa: E402
from forecasts.services import ensure_current_campaign, submit_forecast  # noqa: E402
from quota_portal.outbox.models import Email, EmailStatus  # noqa: E402

PREFIX = "bulk"


def generate(count: int, year: int) -> list[int]:
    """Make ``count`` employers with one submitted forecast each; return the forecast ids."""
    rng = random.Random(count)
    codes = list(Occupation.objects.filter(level=4).values_list("code", flat=True))
    places = list(Place.objects.all())
    users = get_user_model()
    with transaction.atomic():
        users.objects.bulk_create(
            [
                users(username=f"{PREFIX}{n}@example.az", email=f"{PREFIX}{n}@example.az")
                for n in range(count)
            ]
        )
        by_name = {u.username: u for u in users.objects.filter(username__startswith=PREFIX)}
        # Only a verified address may submit (allauth): as if each had opened the link.
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in by_name.values()
            ]
        )
        employers = Employer.objects.bulk_create(
            [
                Employer(
                    legal_name=f"Şirkət {n} MMC",
                    voen=f"{3000000000 + n}",
                    kind="legal_entity",
                    legal_address="Bakı",
                    activity=rng.choice("BCFGHIJ"),
                    contact_person="Ad Soyad",
                    contact_position="HR",
                    phone="+994501234567",
                    email=f"{PREFIX}{n}@example.az",
                    head_name="Rəhbər",
                    language=rng.choice(["az", "az", "en", "ru"]),
                )
                for n in range(count)
            ]
        )
        Membership.objects.bulk_create(
            Membership(employer=e, user=by_name[f"{PREFIX}{n}@example.az"], role="owner")
            for n, e in enumerate(employers)
        )
        forecasts = Forecast.objects.bulk_create(
            [Forecast(employer=e, year=year) for e in employers]
        )
        ForecastLine.objects.bulk_create(
            [
                ForecastLine(
                    forecast=forecast,
                    position=p,
                    occupation_id=code,
                    workers=rng.randint(1, 50),
                    place=place,
                )
                for forecast in forecasts
                for p, (code, place) in enumerate(
                    zip(rng.sample(codes, 3), rng.choices(places, k=3), strict=True), start=1
                )
            ]
        )
    owners = dict(
        Membership.objects.filter(employer__forecasts__in=forecasts).values_list(
            "employer_id", "user_id"
        )
    )
    by_pk = {u.pk: u for u in by_name.values()}
    for forecast in Forecast.objects.filter(pk__in=[f.pk for f in forecasts]).select_related(
        "employer"
    ):
        submit_forecast(forecast=forecast, by=by_pk[owners[forecast.employer_id]])
    return [f.pk for f in forecasts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forecasts", type=int, default=1000)
    parser.add_argument("--deliver", action="store_true", help="then run the worker and time it")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the request")
    args = parser.parse_args()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []

    call_command("migrate", verbosity=0)
    if Employer.objects.exists():
        sys.exit("Refusing to run: the database already holds employers; use an empty one.")
    if not Occupation.objects.exists():
        call_command("import_classification", verbosity=0)
    call_command("load_regions", verbosity=0)
    campaign = ensure_current_campaign()

    start = time.perf_counter()
    ids = generate(args.forecasts, campaign.year)
    print(
        f"{connection.vendor}: {len(ids)} forecasts submitted in {time.perf_counter() - start:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    reviewer = get_user_model().objects.create_user(
        "bench-reviewer@dmx.gov.az", "bench-reviewer@dmx.gov.az", is_staff=True
    )
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    TOTP.activate(reviewer, generate_totp_secret())  # staff sign in with a second factor
    client = Client(HTTP_HOST="localhost")
    client.force_login(reviewer)
    # As in Django's own tests: keep the connection (and its query log) across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    emails_before = Email.objects.exclude(kind="forecasts/email/receipt").count()
    tasks_before = DBTaskResult.objects.count()
    sent_before = len(mail.outbox)

    url = reverse("admin:forecasts_forecast_bulk_review", args=["accept"])
    reset_queries()  # the debug query log keeps 9,000: make room for the request's
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            response = profiler.runcall(client.post, url, {"forecasts": ",".join(map(str, ids))})
            elapsed = time.perf_counter() - start
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        else:
            response = client.post(url, {"forecasts": ",".join(map(str, ids))})
            elapsed = time.perf_counter() - start
    assert response.status_code == 302, response.status_code

    accepted = Forecast.objects.filter(pk__in=ids, status=Status.ACCEPTED).count()
    tasks = DBTaskResult.objects.count() - tasks_before
    sent = len(mail.outbox) - sent_before
    print(
        f"bulk accept of {len(ids)} forecasts: {elapsed:.2f} s, {len(queries)} SQL queries; "
        f"{accepted} accepted, {tasks} task enqueued for their e-mails, "
        f"{sent} e-mails sent during the request"
    )
    assert accepted == len(ids) and tasks == 1 and sent == 0
    print("goal (under 2 s):", "met" if elapsed < 2 else "MISSED")

    if args.deliver:
        start = time.perf_counter()
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
        reviews = Email.objects.filter(kind="forecasts/email/review")
        print(
            f"worker queued {reviews.count()} decision e-mails and sent "
            f"{reviews.filter(status=EmailStatus.SENT).count()} of them (and "
            f"{Email.objects.count() - emails_before - reviews.count()} receipts queued "
            f"earlier) in {time.perf_counter() - start:.1f} s; "
            f"{Email.objects.exclude(status=EmailStatus.SENT).count()} e-mails left unsent"
        )
        assert reviews.filter(status=EmailStatus.SENT).count() == len(ids)


if __name__ == "__main__":
    main()
