"""Benchmark an XLSX upload of 2,000 lines (the most a file may hold) into a draft.

    createdb -h 127.0.0.1 -U postgres kvota_bench_upload
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kvota_bench_upload \\
        .venv/bin/python bench/upload_lines.py [--rows 2000] [--repeat 3]
    dropdb -h 127.0.0.1 -U postgres kvota_bench_upload

Without DATABASE_URL it runs on the SQLite file of the settings. Makes one employer
with an empty draft, fills the portal's own blank template with ``--rows`` rows (each a
different profession and place), then uploads it through the page
(``forecasts:forecast-upload``) as the employer, ``--repeat`` times, emptying the draft
between runs. It prints the median time and the SQL queries of the request: every row
is checked by the line form and the lines and their audit rows are inserted in bulk, so
the count grows only by the batches the database needs (none on PostgreSQL). Refuses a database with employers it did not make.

Not a test: it lives outside ``tests/`` so pytest never collects it. See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
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

import openpyxl  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from classification.models import Occupation, Place  # noqa: E402
from forecasts.models import Employer, Forecast, ForecastLine, Membership  # noqa: E402
from forecasts.services import ensure_current_campaign  # noqa: E402
from forecasts.xlsx import blank_template  # noqa: E402

EMAIL = "upload-bench@example.az"


def filled_template(rows: int) -> bytes:
    """The blank template (az) with ``rows`` lines, each a new profession and place."""
    codes = Occupation.objects.filter(level=4, is_active=True).values_list("code", flat=True)
    places = Place.objects.select_related("region").order_by("region__number", "name")
    pairs = list(itertools.islice(itertools.product(codes, places), rows))
    if len(pairs) < rows:
        sys.exit(f"Only {len(pairs)} professions and places to combine; ask for fewer rows.")
    workbook = openpyxl.load_workbook(io.BytesIO(blank_template(language="az")))
    sheet = workbook.worksheets[0]
    for offset, (code, place) in enumerate(pairs):
        row = [offset + 1, code, None, 1 + offset % 20, place.region.name, place.name]
        for column, value in enumerate(row, start=1):
            sheet.cell(row=4 + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_draft() -> Forecast:
    user = get_user_model().objects.create_user(EMAIL, EMAIL, "bench-password")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    employer = Employer.objects.create(
        legal_name="Yükləmə Sınağı MMC",
        voen="3999999991",
        kind="legal_entity",
        legal_address="Bakı",
        activity="F",
        contact_person="Ad Soyad",
        contact_position="HR",
        phone="+994501234567",
        email=EMAIL,
        head_name="Rəhbər",
    )
    Membership.objects.create(employer=employer, user=user, role="owner")
    return Forecast.objects.create(employer=employer, year=ensure_current_campaign().year)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if Employer.objects.exists():
        sys.exit("Refusing to run: the database already holds employers; use an empty one.")
    if not Occupation.objects.exists():
        call_command("import_classification", verbosity=0)
    if not Place.objects.exists():
        call_command("load_regions", verbosity=0)
    draft = make_draft()
    content = filled_template(args.rows)
    client = Client(HTTP_HOST="localhost")
    client.force_login(draft.employer.memberships.get().user)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    url = reverse("forecasts:forecast-upload", args=[draft.pk])
    client.get(url)  # the session's first request also saves it

    times, counts = [], []
    for _ in range(args.repeat):
        ForecastLine.objects.filter(forecast=draft).delete()
        ForecastLine.history.filter(forecast_id=draft.pk).delete()
        draft.refresh_from_db()
        upload = SimpleUploadedFile("lines.xlsx", content)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post(url, {"file": upload, "version": draft.version})
            times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert draft.lines.count() == args.rows
        assert ForecastLine.history.filter(forecast_id=draft.pk).count() == args.rows
        counts.append(len(queries))
    print(
        f"{connection.vendor}: upload of {args.rows} rows ({len(content) // 1024} KB): "
        f"median {statistics.median(times):.2f} s (runs: "
        f"{', '.join(f'{t:.2f}' for t in times)}), {max(counts)} SQL queries"
    )


if __name__ == "__main__":
    main()
