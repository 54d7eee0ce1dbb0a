"""The demand report as an XLSX workbook: one sheet per breakdown, each with its total."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import DemandReport

_BOLD = Font(bold=True)


def _sheet(workbook, title: str, headings: list[str], rows, total: list) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = _BOLD
    for row in rows:
        sheet.append(row)
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 14


def report_xlsx(report: DemandReport) -> bytes:
    """Return the report as XLSX bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    headings = [_("Kod"), _("Ad"), _("İşçilər"), _("İşəgötürənlər")]
    total = ["", _("Cəmi"), report.total_workers, report.total_employers]
    level_names = {1: _("Əsas qrup"), 2: _("Yarımqrup"), 3: _("Kiçik qrup"), 4: ""}
    _sheet(
        workbook,
        _("Peşələr"),
        [*headings, _("Səviyyə")],
        (
            [row.code, row.title, row.workers, row.employers, level_names[row.level]]
            for row in report.professions
        ),
        total,
    )
    _sheet(
        workbook,
        _("İqtisadi rayonlar"),
        headings,
        ([row.code, row.title, row.workers, row.employers] for row in report.regions),
        total,
    )
    _sheet(
        workbook,
        _("Fəaliyyət növləri"),
        headings,
        ([row.code, row.title, row.workers, row.employers] for row in report.activities),
        total,
    )
    _sheet(
        workbook,
        _("Azad edilmiş ərazilər"),
        headings,
        ([row.code, row.title, row.workers, row.employers] for row in report.liberated),
        ["", _("Cəmi"), report.liberated_workers, report.liberated_employers],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
