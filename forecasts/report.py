"""The demand report as an XLSX workbook: one sheet per breakdown, each ending in its total.

Figures are numbers in the workbook (workers, employers, region numbers), so DMX can sum
and sort them in Excel; codes of professions stay text, as they keep their leading zeros.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from classification.models import Level
from classification.spreadsheets import safe_cell_value

from .selectors import DemandReport, Row

_BOLD = Font(bold=True)
# Excel refuses a sheet name longer than this.
SHEET_NAME_LIMIT = 31


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """Return ``text`` as a sheet name: at most 31 characters, cut between words, never
    inside one, without a dangling dash, and different from the names ``taken``."""
    title = " ".join(str(text).replace("/", "-").split())
    for character in "\\?*[]:":
        title = title.replace(character, "")
    while len(title) > SHEET_NAME_LIMIT and " " in title:
        title = title.rsplit(" ", 1)[0].rstrip(" —–-,:;")
    title = title[:SHEET_NAME_LIMIT]  # one word longer than the limit: nothing else to do
    taken = set(taken)
    number = 2
    unique = title
    while unique in taken:
        suffix = f" ({number})"
        unique = title[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        number += 1
    return unique


def sheet_names() -> dict[str, str]:
    """Return the report's sheet names in the active language, by sheet."""
    names = {
        "professions": pgettext("XLSX sheet", "Peşələr"),
        "regions": pgettext("XLSX sheet", "İqtisadi rayonlar"),
        "activities": pgettext("XLSX sheet", "Fəaliyyət növləri"),
        "liberated": pgettext("XLSX sheet", "Azad ərazilər — peşələr"),
        "liberated_places": pgettext("XLSX sheet", "Azad ərazilər — rayonlar"),
        "liberated_activities": pgettext("XLSX sheet", "Azad ərazilər — fəaliyyət"),
        "about": pgettext("XLSX sheet", "Parametrlər"),
    }
    taken: list[str] = []
    for key, name in names.items():
        names[key] = sheet_title(name, taken)
        taken.append(names[key])
    return names


def _bold_row(sheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD


def _sheet(
    workbook: Workbook,
    title: str,
    headings: list,
    rows: Iterable[list],
    total: list,
    *,
    subtotals: Iterable[int] = (),
    widths: Iterable[int] = (10, 60, 14, 16, 14),
):
    """Write one breakdown: headings, ``rows`` (those numbered in ``subtotals`` bold), total."""
    sheet = workbook.create_sheet(title)
    sheet.append(headings)
    _bold_row(sheet)
    subtotals = set(subtotals)
    for index, row in enumerate(rows):
        sheet.append([safe_cell_value(sheet, value) for value in row])
        if index in subtotals:
            _bold_row(sheet)
    sheet.append(total)
    _bold_row(sheet)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", widths, strict=False):
        sheet.column_dimensions[column].width = width
    return sheet


def _plain(rows: list[Row]) -> Iterable[list]:
    return ([row.code, row.title, row.workers, row.employers] for row in rows)


def report_xlsx(report: DemandReport) -> bytes:
    """Return the report as XLSX bytes: professions, regions, activities, liberated lines."""
    names = sheet_names()
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

    _sheet(
        workbook,
        names["professions"],
        [*headings, _("Səviyyə")],
        (
            [row.code, row.title, row.workers, row.employers, str(level_names[row.level])]
            for row in report.professions
        ),
        total,
        subtotals=(i for i, row in enumerate(report.professions) if row.is_subtotal),
    )
    _sheet(
        workbook,
        names["regions"],
        [_("Nömrə"), _("İqtisadi rayon"), _("İşçilər"), _("İşəgötürənlər")],
        _plain(report.regions),
        total,
    )
    _sheet(workbook, names["activities"], headings, _plain(report.activities), total)
    _sheet(workbook, names["liberated"], headings, _plain(report.liberated), freed_total)
    place_rows, region_rows = [], []
    for group in report.liberated_places:
        region = group.region
        region_rows.append(len(place_rows))
        place_rows.append([region.code, region.title, "", region.workers, region.employers])
        place_rows += [["", "", p.title, p.workers, p.employers] for p in group.places]
    _sheet(
        workbook,
        names["liberated_places"],
        [_("Nömrə"), _("İqtisadi rayon"), _("Şəhər / rayon"), _("İşçilər"), _("İşəgötürənlər")],
        place_rows,
        ["", _("Cəmi"), "", report.liberated_workers, report.liberated_employers],
        subtotals=region_rows,
        widths=(10, 30, 30, 14, 16),
    )
    _sheet(
        workbook,
        names["liberated_activities"],
        headings,
        _plain(report.liberated_activities),
        freed_total,
    )

    about = workbook.create_sheet(names["about"])
    for label, value in [
        (_("İl"), report.year),
        (_("Vəziyyətlər"), ", ".join(report.status_labels())),
        (_("Cəmi işçi (kvota üzrə)"), report.total_workers),
        (_("İşəgötürənlər (kvota üzrə)"), report.total_employers),
        (_("Sətirlər (kvota üzrə)"), report.total_lines),
        (_("Azad edilmiş ərazilərdə işçi"), report.liberated_workers),
        (_("İşəgötürənlər (azad edilmiş ərazilərdə)"), report.liberated_employers),
        (_("Sətirlər (azad edilmiş ərazilərdə)"), report.liberated_lines),
        (_("Proqnoz göndərmiş işəgötürənlər (cəmi, təkrarsız)"), report.all_employers),
        (_("Hazırlanıb"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]:
        about.append([label, value])
    about.column_dimensions["A"].width = 48
    about.column_dimensions["B"].width = 40

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
