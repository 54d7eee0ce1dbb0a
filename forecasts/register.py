"""The line register: every submitted line of the forecasts an officer has filtered, for
the commission's tables, as XLSX or CSV.

It reads the frozen records (each forecast's current submission: its lines and the
employer block as submitted) and is built for tens of thousands of lines: one query
read in chunks (``iterator``), rows written one at a time and handed on as they are
written (``classification.spreadsheets.stream_xlsx``, the csv module), so memory stays
bounded whatever the size. Text someone typed goes out as text, never as a formula.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from classification.countries import country_name
from classification.models import EconomicActivity
from classification.spreadsheets import FORMULA_TRIGGERS, stream_xlsx

from .models import EducationLevel, Forecast, Status, SubmittedLine

CHUNK_SIZE = 2000  # rows fetched from the database at a time
_CSV_BATCH = 500  # CSV lines sent at a time
_WIDTHS = (16, 40, 12, 30, 10, 40, 18, 10, 22, 10, 10, 18, 18, 12, 10, 22, 18)
_FIELDS = (
    "submission__current_for__year",
    "submission__current_for__id",
    "submission__legal_name",
    "submission__voen",
    "submission__activity",
    "code",
    "title_az",
    "title_en",
    "title_ru",
    "place_name",
    "region_number",
    "region_name",
    "is_liberated",
    "workers",
    "citizenship",
    "education",
    "monthly_wage",
    "period_months",
    "submission__current_for__status",
    "submission__submitted_at",
)


def register_headings() -> list[str]:
    """Return the register's column headings in the active language."""
    return [
        _("İstinad nömrəsi"),
        _("İşəgötürən"),
        _("VÖEN"),
        _("Əsas fəaliyyət növü"),
        _("Peşənin kodu"),
        _("Peşənin adı"),
        _("Şəhər / rayon"),
        _("İqtisadi rayonun nömrəsi"),
        _("İqtisadi rayon"),
        _("İşğaldan azad edilmiş ərazi"),
        _("İşçilərin sayı"),
        _("Vətəndaşlıq"),
        _("Təhsil"),
        _("Aylıq əmək haqqı (AZN)"),
        _("Müddət (ay)"),
        _("Vəziyyət"),
        _("Göndərilib"),
    ]


def register_lines(forecasts: QuerySet[Forecast]) -> QuerySet[SubmittedLine]:
    """Return the frozen lines of the current submission of each of ``forecasts``,
    forecast by forecast in the order they were filed."""
    return SubmittedLine.objects.filter(
        submission__current_for__in=forecasts.order_by().values("pk")
    ).order_by("submission_id", "position")


def register_rows(lines: QuerySet[SubmittedLine], *, language: str | None = None) -> Iterator[list]:
    """Yield one row per line: text in the active language, figures as numbers, the time
    of submission in the portal's time zone (naive, as a spreadsheet holds it)."""
    language = (language or get_language() or "az")[:2]
    activities = {value: str(label) for value, label in EconomicActivity.choices}
    educations = {value: str(label) for value, label in EducationLevel.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    yes, no = _("bəli"), _("xeyr")
    zone = timezone.get_current_timezone()
    for (
        year,
        pk,
        legal_name,
        voen,
        activity,
        code,
        title_az,
        title_en,
        title_ru,
        place,
        region_number,
        region,
        liberated,
        workers,
        citizenship,
        education,
        wage,
        period,
        status,
        submitted_at,
    ) in lines.values_list(*_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        yield [
            Forecast.reference_for(year=year, pk=pk),
            legal_name,
            voen,
            activities.get(activity, activity),  # "F — Tikinti": the section and its name
            code,
            {"en": title_en, "ru": title_ru}.get(language) or title_az,
            place,
            region_number,
            region,
            yes if liberated else no,
            workers,
            country_name(str(citizenship), language) if citizenship else None,
            educations.get(education),
            wage,
            period,
            statuses.get(status, status),
            submitted_at.astimezone(zone).replace(tzinfo=None) if submitted_at else None,
        ]


def register_xlsx(rows: Iterable[list]) -> Iterator[bytes]:
    """Yield the register as an XLSX file, piece by piece as it is written."""
    return stream_xlsx(title=_("Sətirlər"), headings=register_headings(), rows=rows, widths=_WIDTHS)


class _Echo:
    """A file-like object that hands back what the csv writer writes to it."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value) -> str | int:
    """Return ``value`` for a CSV cell: text that a spreadsheet would take for a formula
    is quoted with an apostrophe (OWASP), figures as written, times to the minute."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def register_csv(rows: Iterable[list]) -> Iterator[str]:
    """Yield the register as CSV text, a few hundred lines at a time (UTF-8 with a
    byte-order mark, which Excel needs to read Azerbaijani letters)."""
    writer = csv.writer(_Echo())
    batch = ["\ufeff" + writer.writerow(register_headings())]
    for row in rows:
        batch.append(writer.writerow([_csv_value(value) for value in row]))
        if len(batch) >= _CSV_BATCH:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
