"""The demand report as an XLSX workbook: one sheet per breakdown, each ending in its total."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from classification.models import Level
from classification.spreadsheets import safe_cell_value

from .selectors import DemandReport, Row

_BOLD = Font(bold=True)


def _sheet(workbook: Workbook, title: str, headings: list, rows: Iterable[list], total: list):
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = _BOLD
    for row in rows:
        sheet.append([safe_cell_value(sheet, value) for value in row])
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", (10, 60, 14, 16, 14), strict=True):
        sheet.column_dimensions[column].width = width
    return sheet


def _plain(rows: list[Row]) -> Iterable[list]:
    return ([row.code, row.title, row.workers, row.employers] for row in rows)


def report_xlsx(report: DemandReport) -> bytes:
    """Return the report as XLSX bytes: professions, regions, activities, liberated lines."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    headings = [_("Kod"), _("Ad"), _("İşçilər"), _("İşəgötürənlər")]
    total = ["", _("Cəmi"), report.total_workers, report.total_employers]
    freed_total = ["", _("Cəmi"), report.liberated_workers, report.liberated_employers]
    level_names = {
        Level.MAJOR: _("Əsas qrup"),
        Level.SUB_MAJOR: _("Yarımqrup"),
        Level.MINOR: _("Kiçik qrup"),
        Level.UNIT: _("İbtidai qrup"),
    }

    professions = _sheet(
        workbook,
        _("Peşələr"),
        [*headings, _("Səviyyə")],
        (
            [row.code, row.title, row.workers, row.employers, str(level_names[row.level])]
            for row in report.professions
        ),
        total,
    )
    for number, row in enumerate(report.professions, start=2):
        if row.is_subtotal:
            for cell in professions[number]:
                cell.font = _BOLD
    _sheet(workbook, _("İqtisadi rayonlar"), headings, _plain(report.regions), total)
    _sheet(workbook, _("Fəaliyyət növləri"), headings, _plain(report.activities), total)
    _sheet(workbook, _("Azad ərazilər — peşələr"), headings, _plain(report.liberated), freed_total)
    _sheet(
        workbook,
        _("Azad ərazilər — fəaliyyət"),
        headings,
        _plain(report.liberated_activities),
        freed_total,
    )

    about = workbook.create_sheet(_("Parametrlər"))
    for label, value in [
        (_("İl"), report.year),
        (_("Vəziyyətlər"), ", ".join(report.status_labels())),
        (_("Cəmi işçi (kvota üzrə)"), report.total_workers),
        (_("İşəgötürənlər (kvota üzrə)"), report.total_employers),
        (_("Sətirlər (kvota üzrə)"), report.total_lines),
        (_("Azad edilmiş ərazilərdə işçi"), report.liberated_workers),
        (_("Hazırlanıb"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]:
        about.append([label, value])
    about.column_dimensions["A"].width = 36
    about.column_dimensions["B"].width = 40

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
