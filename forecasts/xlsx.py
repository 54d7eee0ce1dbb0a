"""The forecast as an XLSX workbook: download, blank template, and upload of lines.

The download and the template share one column layout, so an exported forecast or a
filled template can be uploaded into a draft. An upload is read whole and every row
validated before anything is written; then all rows are added, or none.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history

from classification.countries import country_code
from classification.models import Place
from classification.spreadsheets import (
    Formula,
    SheetLimits,
    SpreadsheetError,
    read_sheet,
    write_cell,
)
from classification.text import fold

from .forms import LineForm, LineLookups
from .models import MAX_WORKERS_PER_LINE, EducationLevel, Forecast, ForecastLine, SubmittedLine

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 2_000
# Rows scanned for the header, and blank rows tolerated (formatted but empty rows
# that Excel keeps) before the file counts as too long.
HEADER_SCAN_ROWS = 30
MAX_PHYSICAL_ROWS = MAX_UPLOAD_ROWS + 500


# The sheets are named in the workbook's language, like its headings; the one text that
# names a sheet is written into the same workbook, so the two always agree. An upload
# is read whatever language its sheets are named in.
def _sheet_title() -> str:
    return pgettext("XLSX sheet", "Proqnoz")


def _lists_title() -> str:
    return pgettext("XLSX sheet", "Siyahılar")


def _sheet_titles() -> tuple[str, ...]:
    """Return the lines sheet's name in every portal language."""
    titles = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            titles.append(_sheet_title())
    return tuple(titles)


# What reading one upload may cost before it is refused: the template has 12 columns;
# a range formatted by hand (borders over A1:Z2500) is 65,000 cells.
UPLOAD_LIMITS = SheetLimits(
    columns=256,
    cells=150_000,
    rows=MAX_PHYSICAL_ROWS,
    rows_shown=MAX_UPLOAD_ROWS,
    cpu_seconds=5.0,
    shared_strings=150_000,
    text_chars=4_000_000,
)


def _columns() -> list[tuple[str, str, int]]:
    """Return (key, heading, width) of the lines table, headings in the active language."""
    return [
        ("number", _("№"), 5),
        ("code", _("Kod"), 8),
        ("title", _("Peşənin adı"), 42),
        ("workers", _("Say"), 8),
        ("region", _("İqtisadi rayon"), 24),
        ("place", _("Şəhər / rayon"), 20),
        ("job_title", _("Vəzifənin adı"), 24),
        ("citizenship", _("Vətəndaşlıq"), 16),
        ("education", _("Təhsil səviyyəsi"), 20),
        ("monthly_wage", _("Aylıq əmək haqqı, AZN"), 14),
        ("period_months", _("Müddət, ay"), 10),
        ("note", _("Qeyd"), 30),
    ]


_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _setup_sheet(sheet, header_row: int) -> None:
    for index, (_key, _heading, width) in enumerate(_columns(), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _write_header_row(sheet, row: int) -> None:
    for index, (_key, heading, _width) in enumerate(_columns(), start=1):
        cell = sheet.cell(row=row, column=index, value=heading)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEAD_FILL, _BOX, _WRAP


def _line_values(number: int, line: ForecastLine | SubmittedLine, language: str) -> list:
    return [
        number,
        line.code,
        line.profession_title(language),
        line.workers,
        line.region_name,
        line.place_name,
        line.job_title,
        line.citizenship.name if line.citizenship else "",
        line.get_education_display() if line.education else "",
        line.monthly_wage,
        line.period_months,
        line.note,
    ]


def export_forecast(forecast: Forecast, *, language: str | None = None) -> bytes:
    """Return the forecast in the form's layout as XLSX bytes.

    A submitted form is its frozen record (``Forecast.shown_record``): the employer
    block, lines and justification as submitted; a draft is its live rows.
    """
    language = (language or translation.get_language() or "az")[:2]
    record = forecast.shown_record()
    if record is None:
        source, justification = forecast.employer, forecast.justification
        lines = list(
            forecast.lines.select_related("occupation", "place__region").order_by("position", "pk")
        )
    else:
        source, justification = record, record.justification
        lines = list(record.lines.all())
    with translation.override(language):
        header = source.header()  # the choices' labels in ``language``
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _sheet_title()
        sheet.cell(
            row=1,
            column=1,
            value=_(
                "Növbəti il üçün əcnəbi (və ya vətəndaşlığı olmayan şəxs) işçi qüvvəsinə "
                "tələbat haqqında proqnoz-məlumat forması"
            ),
        ).font = Font(bold=True, size=13)
        sheet.cell(row=2, column=1, value=_("İl: %(year)s") % {"year": forecast.year}).font = _BOLD
        sheet.cell(
            row=2,
            column=5,
            value=_("Vəziyyət: %(status)s") % {"status": forecast.get_status_display()},
        )
        labels = [
            ("legal_name", _("Hüquqi adı")),
            ("voen", _("VÖEN")),
            ("kind", _("Növü")),
            ("legal_address", _("Hüquqi ünvanı")),
            ("activity", _("Əsas iqtisadi fəaliyyət")),
            ("contact_person", _("Əlaqələndirici şəxs")),
            ("contact_position", _("Vəzifəsi")),
            ("phone", _("Telefon")),
            ("email", _("E-poçt")),
            ("head_name", _("Rəhbər")),
        ]
        row = 4
        for key, label in labels:
            sheet.cell(row=row, column=2, value=label).font = _BOLD
            write_cell(sheet, row=row, column=3, value=header[key])
            row += 1
        header_row = row + 1
        _write_header_row(sheet, header_row)
        total = 0
        for number, line in enumerate(lines, start=1):
            values = _line_values(number, line, language)
            for column, value in enumerate(values, start=1):
                cell = write_cell(sheet, row=header_row + number, column=column, value=value)
                cell.border, cell.alignment = _BOX, _WRAP
            total += line.workers or 0
        total_row = header_row + len(lines) + 1
        sheet.cell(row=total_row, column=3, value=_("Cəmi")).font = _BOLD
        sheet.cell(row=total_row, column=4, value=total).font = _BOLD
        if justification:
            sheet.cell(row=total_row + 2, column=2, value=_("Əsaslandırma")).font = _BOLD
            write_cell(sheet, row=total_row + 2, column=3, value=justification)
        _setup_sheet(sheet, header_row)
        return _save(workbook)


def blank_template(*, language: str | None = None) -> bytes:
    """Return an empty lines table with the lists of places and education levels."""
    language = (language or translation.get_language() or "az")[:2]
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _sheet_title()
        sheet.cell(
            row=1,
            column=1,
            value=_(
                "Hər peşəni ayrıca sətirdə yazın. Kod, say, iqtisadi rayon və şəhər / rayon "
                "mütləqdir; qalan sütunlar istəyə bağlıdır. Ən çox %(rows)s sətir."
            )
            % {"rows": MAX_UPLOAD_ROWS},
        ).font = _BOLD
        lists_title = _lists_title()
        sheet.cell(
            row=2,
            column=1,
            value=_(
                "Şəhərlərin, rayonların və təhsil səviyyələrinin siyahısı «%(sheet)s» vərəqindədir."
            )
            % {"sheet": lists_title},
        )
        header_row = 3
        _write_header_row(sheet, header_row)
        _setup_sheet(sheet, header_row)

        lists = workbook.create_sheet(lists_title)
        lists.append([_("İqtisadi rayon"), _("Şəhər / rayon"), "", _("Təhsil səviyyəsi")])
        # Place's own ordering: by economic region, then the Azerbaijani alphabet.
        places = list(Place.objects.select_related("region"))
        for place in places:
            lists.append([place.region.name, place.name])
        for row, (_value, label) in enumerate(EducationLevel.choices, start=2):
            lists.cell(row=row, column=4, value=str(label))
        lists.column_dimensions["A"].width = 30
        lists.column_dimensions["B"].width = 24
        lists.column_dimensions["D"].width = 28
        last = header_row + MAX_UPLOAD_ROWS
        if places:
            city = DataValidation(
                type="list", formula1=f"'{lists_title}'!$B$2:$B${len(places) + 1}"
            )
            city.add(f"F{header_row + 1}:F{last}")
            sheet.add_data_validation(city)
        education = DataValidation(
            type="list", formula1=f"'{lists_title}'!$D$2:$D${len(EducationLevel.choices) + 1}"
        )
        education.add(f"I{header_row + 1}:I{last}")
        workers = DataValidation(
            type="whole", operator="between", formula1="1", formula2=str(MAX_WORKERS_PER_LINE)
        )
        workers.add(f"D{header_row + 1}:D{last}")
        sheet.add_data_validation(education)
        sheet.add_data_validation(workers)
        return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Upload


@dataclass(frozen=True)
class UploadIssue:
    """One problem found in an uploaded file: its row (1-based), column heading, message."""

    row: int | None
    column: str
    message: str


class XlsxUploadError(Exception):
    """The upload was refused; ``errors`` lists every problem, nothing was saved."""

    def __init__(self, errors: list[UploadIssue]):
        super().__init__(errors)
        self.errors = errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _heading_keys() -> dict[str, str]:
    """Return folded column headings in every portal language → column key."""
    found: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for key, heading, _width in _columns():
                found.setdefault(fold(heading), key)
    return found


def _read_rows(uploaded_file) -> tuple[dict[str, int], list[tuple[int, list]]]:
    """Return (column index by key, [(row number, cells)]) of the lines sheet.

    The sheet is the one named like the template's (in any portal language), else the
    first; no other sheet is read.
    """
    headings = _heading_keys()
    columns: dict[str, int] = {}
    rows: list[tuple[int, list]] = []
    for number, cells in read_sheet(
        uploaded_file,
        limits=UPLOAD_LIMITS,
        max_col=len(_columns()) + 4,
        sheet_names=_sheet_titles(),
    ):
        if not columns:
            if number > HEADER_SCAN_ROWS:
                break
            keys = {
                headings[fold(_text(cell))]: index
                for index, cell in enumerate(cells)
                if fold(_text(cell)) in headings
            }
            if "code" in keys and "workers" in keys:
                columns = keys
            continue
        if any(_text(cell) for cell in cells):
            rows.append((number, list(cells)))
            if len(rows) > MAX_UPLOAD_ROWS:
                message = _("Faylda %(max)s sətirdən çox var.") % {"max": MAX_UPLOAD_ROWS}
                raise XlsxUploadError([UploadIssue(None, "", message)])
    if columns:
        return columns, rows
    raise XlsxUploadError(
        [
            UploadIssue(
                None,
                "",
                _(
                    "Faylda şablonun başlıq sətri tapılmadı («Kod», «Say» sütunları). "
                    "Portaldan yüklədiyiniz şablonu istifadə edin."
                ),
            )
        ]
    )


# The form's fields by the column that holds them; errors of the whole line go to no column.
_FIELD_COLUMNS = {
    "profession": "code",
    "workers": "workers",
    "place": "place",
    "job_title": "job_title",
    "citizenship": "citizenship",
    "education": "education",
    "monthly_wage": "monthly_wage",
    "period_months": "period_months",
    "note": "note",
}


def _cell_data(value) -> str:
    """Return a cell as the text a visitor would have typed into the line form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


class _RowReader:
    """Turn one row's cells into the line form's data: names become the form's choices.

    Whether the line is valid is the form's to say: this only reads what the row
    names (a place by its name and region, a country in any portal language, an
    education level by its label) and passes anything it cannot read on as typed.
    """

    def __init__(self, columns: dict[str, int], lookups: LineLookups):
        self.columns = columns
        self.headings = {key: heading for key, heading, _width in _columns()}
        self.places: dict[str, list[Place]] = {}
        for place in lookups.places.values():
            self.places.setdefault(fold(place.name), []).append(place)
        self.education = {fold(value): value for value in EducationLevel.values}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for value, label in EducationLevel.choices:
                    self.education[fold(str(label))] = value

    def cell(self, cells: list, key: str):
        index = self.columns.get(key)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def formula_column(self, cells: list) -> str | None:
        for key in self.columns:
            value = self.cell(cells, key)
            if isinstance(value, Formula):  # text that only starts with "=" is text
                return key
        return None

    def data(self, cells: list) -> dict:
        text = {key: _cell_data(self.cell(cells, key)) for key in _FIELD_COLUMNS.values()}
        return {
            **{field: text[key] for field, key in _FIELD_COLUMNS.items()},
            "place": self._place(text["place"], _cell_data(self.cell(cells, "region"))),
            "citizenship": country_code(text["citizenship"]) or text["citizenship"],
            "education": self.education.get(fold(text["education"]), text["education"]),
        }

    def _place(self, name: str, region: str) -> str:
        candidates = self.places.get(fold(name), [])
        if region:
            in_region = [place for place in candidates if fold(place.region.name) == fold(region)]
            candidates = in_region or (candidates if len(candidates) == 1 else [])
        return str(candidates[0].pk) if len(candidates) == 1 else name[:100]


def _labels(message: str) -> set[str]:
    """Return ``message`` folded in every portal language (a label the file may carry)."""
    labels = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.add(fold(_(message)))
    return labels


@dataclass
class ParsedUpload:
    """The lines of a valid upload, and the justification an exported forecast carries."""

    lines: list[dict]
    justification: str = ""


def _split_footer(rows: list, code_index: int) -> tuple[list, str]:
    """Return (the rows above the export's "Total" row, the justification below it)."""
    totals, justifications = _labels("Cəmi"), _labels("Əsaslandırma")
    for index, (_number, cells) in enumerate(rows):
        code = cells[code_index] if code_index < len(cells) else None
        if not _text(code) and any(fold(_text(cell)) in totals for cell in cells):
            return rows[:index], _justification(rows[index + 1 :], justifications)
    return rows, ""


def _justification(footer: list, labels: set[str]) -> str:
    for _number, cells in footer:
        for index, cell in enumerate(cells):
            if fold(_text(cell)) in labels:
                text = [value for value in cells[index + 1 :] if isinstance(value, str)]
                return text[0].strip() if text else ""
    return ""


def parse_upload(uploaded_file, *, forecast: Forecast) -> ParsedUpload:
    """Check every row with the line form; return the lines or raise XlsxUploadError.

    Rows from a "Total" row on are an export's footer, not lines; its justification
    row is read as the justification.
    """
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise XlsxUploadError([UploadIssue(None, "", _("Fayl 2 MB-dan böyükdür."))])
    try:
        columns, rows = _read_rows(uploaded_file)
    except SpreadsheetError as error:
        raise XlsxUploadError([UploadIssue(None, "", str(error))]) from None
    code_index = columns["code"]
    rows, justification = _split_footer(rows, code_index)
    codes = {
        "".join(_text(cells[code_index]).split()) for _n, cells in rows if code_index < len(cells)
    }
    lookups = LineLookups(forecast, codes=codes)
    reader = _RowReader(columns, lookups)
    issues: list[UploadIssue] = []
    if justification:
        try:
            Forecast._meta.get_field("justification").clean(justification, forecast)
        except ValidationError as error:
            label = _("Əsaslandırma")
            issues += [UploadIssue(None, "", f"{label}: {text}") for text in error.messages]
    parsed: list[dict] = []
    for number, cells in rows:
        formula = reader.formula_column(cells)
        if formula:
            message = _("Düstur qəbul edilmir; xanaya dəyərin özünü yazın.")
            issues.append(UploadIssue(number, reader.headings[formula], message))
            continue
        data = reader.data(cells)
        if not any(data.values()):
            continue  # a row with only its number (or a title) is no line
        form = LineForm(data, forecast=forecast, lookups=lookups)
        if not form.is_valid():
            for field, messages in form.errors.items():
                column = reader.headings.get(_FIELD_COLUMNS.get(field, ""), "")
                issues.extend(UploadIssue(number, column, message) for message in messages)
            continue
        line = form.line_data()
        if line["occupation"] and line["place"]:
            lookups.take(line["occupation"], line["place"], row=number)
        parsed.append(line)
    if issues:
        raise XlsxUploadError(issues[:200])
    if not parsed:
        raise XlsxUploadError([UploadIssue(None, "", _("Faylda doldurulmuş sətir yoxdur."))])
    return ParsedUpload(parsed, justification)


@transaction.atomic
def import_lines_from_xlsx(
    *, forecast: Forecast, uploaded_file, expected_version: int | None
) -> int:
    """Add every row of an uploaded template to a draft, or none; return the count.

    An exported forecast's justification fills the draft's when the draft has none.
    """
    # Locked first, so that no line added meanwhile escapes the check for repeats.
    forecast.lock_for_edit(expected_version)
    parsed = parse_upload(uploaded_file, forecast=forecast)
    start = (forecast.lines.aggregate(m=Max("position"))["m"] or 0) + 1
    # Every row passed the line form and the database constraints hold the rest. The
    # lines and their audit rows (the signed-in user's, as a save records) go in a few
    # inserts, however many rows the file has.
    bulk_create_with_history(
        [
            ForecastLine(forecast=forecast, position=start + offset, **data)
            for offset, data in enumerate(parsed.lines)
        ],
        ForecastLine,
    )
    if parsed.justification and not forecast.justification:
        forecast.justification = parsed.justification
        forecast.save(update_fields=["justification", "updated_at"])
    return len(parsed.lines)
