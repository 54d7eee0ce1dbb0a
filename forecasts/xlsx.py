"""The forecast as an XLSX workbook: download, blank template, and upload of lines.

The download and the template share one column layout, so an exported forecast or a
filled template can be uploaded into a draft. An upload is read whole and every row
validated before anything is written; then all rows are added, or none.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from classification.models import Level, Occupation, Place
from classification.spreadsheets import SpreadsheetError, open_xlsx, write_cell
from classification.text import fold

from .models import MAX_WORKERS_PER_LINE, EducationLevel, Forecast, ForecastLine, SubmittedLine

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 2_000
# Rows scanned for the header, and blank rows tolerated (formatted but empty rows
# that Excel keeps) before the file counts as too long.
HEADER_SCAN_ROWS = 30
MAX_PHYSICAL_ROWS = MAX_UPLOAD_ROWS + 500
SHEET_TITLE = "Proqnoz"
LISTS_TITLE = "Siyahılar"


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
        sheet.title = SHEET_TITLE
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
        sheet.title = SHEET_TITLE
        sheet.cell(
            row=1,
            column=1,
            value=_(
                "Hər peşəni ayrıca sətirdə yazın. Kod, say, iqtisadi rayon və şəhər / rayon "
                "mütləqdir; qalan sütunlar istəyə bağlıdır. Ən çox %(rows)s sətir."
            )
            % {"rows": MAX_UPLOAD_ROWS},
        ).font = _BOLD
        header_row = 3
        _write_header_row(sheet, header_row)
        _setup_sheet(sheet, header_row)

        lists = workbook.create_sheet(LISTS_TITLE)
        lists.append([_("İqtisadi rayon"), _("Şəhər / rayon"), "", _("Təhsil səviyyəsi")])
        places = list(Place.objects.select_related("region").order_by("region__number", "name"))
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
                type="list", formula1=f"'{LISTS_TITLE}'!$B$2:$B${len(places) + 1}"
            )
            city.add(f"F{header_row + 1}:F{last}")
            sheet.add_data_validation(city)
        education = DataValidation(
            type="list", formula1=f"'{LISTS_TITLE}'!$D$2:$D${len(EducationLevel.choices) + 1}"
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


def _total_labels() -> set[str]:
    labels = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.add(fold(_("Cəmi")))
    return labels


def _read_rows(uploaded_file) -> tuple[dict[str, int], list[tuple[int, list]]]:
    """Return (column index by key, [(row number, cells)]) of the first usable sheet."""
    workbook = open_xlsx(uploaded_file)
    try:
        headings = _heading_keys()
        for sheet in workbook.worksheets:
            if sheet.title == LISTS_TITLE:
                continue
            columns: dict[str, int] = {}
            rows: list[tuple[int, list]] = []
            width = len(_columns()) + 4
            for number, cells in enumerate(
                sheet.iter_rows(max_col=width, values_only=True), start=1
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
                if number > MAX_PHYSICAL_ROWS:
                    raise XlsxUploadError(
                        [
                            UploadIssue(
                                None,
                                "",
                                _("Faylda %(max)s sətirdən çox var.") % {"max": MAX_UPLOAD_ROWS},
                            )
                        ]
                    )
                if any(_text(cell) for cell in cells):
                    rows.append((number, list(cells)))
                    if len(rows) > MAX_UPLOAD_ROWS:
                        raise XlsxUploadError(
                            [
                                UploadIssue(
                                    None,
                                    "",
                                    _("Faylda %(max)s sətirdən çox var.")
                                    % {"max": MAX_UPLOAD_ROWS},
                                )
                            ]
                        )
            if columns:
                return columns, rows
    finally:
        workbook.close()
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


class _RowParser:
    """Turn one row's cells into ForecastLine field values, collecting issues."""

    def __init__(self, columns: dict[str, int]):
        self.columns = columns
        self.headings = {key: heading for key, heading, _width in _columns()}
        self.places: dict[str, list[Place]] = {}
        for place in Place.objects.select_related("region"):
            self.places.setdefault(fold(place.name), []).append(place)
        self.education = {}
        for value, label in EducationLevel.choices:
            self.education[fold(value)] = value
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    self.education[fold(str(label))] = value
        self.countries: dict[str, str] = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for code, name in countries:
                    self.countries[fold(str(name))] = code
        for code, _name in countries:
            self.countries[fold(code)] = code
            alpha3 = countries.alpha3(code)
            if alpha3:
                self.countries[fold(alpha3)] = code

    def cell(self, cells: list, key: str):
        index = self.columns.get(key)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def parse(self, number: int, cells: list, occupations: dict[str, Occupation], issues):
        def problem(key: str, message: str) -> None:
            issues.append(UploadIssue(number, self.headings[key], message))

        for key in self.columns:
            value = self.cell(cells, key)
            if isinstance(value, str) and value.startswith("="):
                problem(key, _("Düstur qəbul edilmir; xanaya dəyərin özünü yazın."))
                return None
        data: dict = {}
        code = _text(self.cell(cells, "code")).replace(" ", "")
        if not code:
            problem("code", _("Peşənin kodu yazılmayıb."))
        elif not code.isdigit() or len(code) != 4:
            problem("code", _("«%(code)s» 4 rəqəmli kod deyil.") % {"code": code[:20]})
        else:
            occupation = occupations.get(code)
            if occupation is None:
                problem("code", _("«%(code)s» kodu təsnifatda yoxdur.") % {"code": code})
            elif not occupation.is_active:
                problem("code", _("%(code)s kodu artıq istifadə olunmur.") % {"code": code})
            else:
                data["occupation"] = occupation
        workers = self.cell(cells, "workers")
        number_value = _whole(workers)
        if number_value is None:
            problem("workers", _("İşçilərin sayı tam ədəd olmalıdır."))
        elif not 1 <= number_value <= MAX_WORKERS_PER_LINE:
            problem(
                "workers",
                _("İşçilərin sayı 1 ilə %(max)s arasında olmalıdır.")
                % {"max": MAX_WORKERS_PER_LINE},
            )
        else:
            data["workers"] = number_value
        place_name = fold(_text(self.cell(cells, "place")))
        region_name = fold(_text(self.cell(cells, "region")))
        candidates = self.places.get(place_name, [])
        if region_name:
            candidates = [p for p in candidates if fold(p.region.name) == region_name] or (
                candidates if len(candidates) == 1 else []
            )
        if not place_name:
            problem("place", _("Şəhər və ya rayon yazılmayıb."))
        elif len(candidates) != 1:
            problem(
                "place",
                _("«%(place)s» siyahıda tapılmadı; şablonun «Siyahılar» vərəqindən seçin.")
                % {"place": _text(self.cell(cells, "place"))[:60]},
            )
        else:
            data["place"] = candidates[0]
        data["job_title"] = _text(self.cell(cells, "job_title"))[:200]
        if len(_text(self.cell(cells, "job_title"))) > 200:
            problem("job_title", _("Vəzifənin adı 200 simvoldan uzun olmamalıdır."))
        citizenship = fold(_text(self.cell(cells, "citizenship")))
        data["citizenship"] = ""
        if citizenship:
            if citizenship in self.countries:
                data["citizenship"] = self.countries[citizenship]
            else:
                problem("citizenship", _("Ölkə tanınmadı; ölkənin adını və ya ISO kodunu yazın."))
        education = fold(_text(self.cell(cells, "education")))
        data["education"] = ""
        if education:
            if education in self.education:
                data["education"] = self.education[education]
            else:
                problem("education", _("Təhsil səviyyəsi siyahıdan seçilməlidir."))
        wage = self.cell(cells, "monthly_wage")
        data["monthly_wage"] = None
        if _text(wage):
            try:
                amount = Decimal(_text(wage).replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or not 0 <= amount <= 1_000_000:
                problem(
                    "monthly_wage", _("Əmək haqqı 0 ilə 1 000 000 AZN arasında ədəd olmalıdır.")
                )
            else:
                data["monthly_wage"] = amount.quantize(Decimal("0.01"))
        period = self.cell(cells, "period_months")
        data["period_months"] = None
        if _text(period):
            months = _whole(period)
            if months is None or not 1 <= months <= 12:
                problem("period_months", _("Müddət 1 ilə 12 ay arasında tam ədəd olmalıdır."))
            else:
                data["period_months"] = months
        note = _text(self.cell(cells, "note"))
        if len(note) > 500:
            problem("note", _("Qeyd 500 simvoldan uzun olmamalıdır."))
        data["note"] = note[:500]
        return data


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value).replace(" ", "")
    return int(text) if text.isdigit() and len(text) <= 9 else None


def parse_upload(uploaded_file, *, forecast: Forecast) -> list[dict]:
    """Read and validate every row; return line data or raise XlsxUploadError."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise XlsxUploadError([UploadIssue(None, "", _("Fayl 2 MB-dan böyükdür."))])
    try:
        columns, rows = _read_rows(uploaded_file)
    except SpreadsheetError as error:
        raise XlsxUploadError([UploadIssue(None, "", str(error))]) from None
    total_labels = _total_labels()
    title_index = columns.get("title")
    code_index = columns["code"]
    rows = [
        (number, cells)
        for number, cells in rows
        if not (
            not _text(cells[code_index] if code_index < len(cells) else None)
            and title_index is not None
            and title_index < len(cells)
            and fold(_text(cells[title_index])) in total_labels
        )
    ]
    if not rows:
        raise XlsxUploadError([UploadIssue(None, "", _("Faylda doldurulmuş sətir yoxdur."))])
    parser = _RowParser(columns)
    wanted = {
        _text(cells[code_index]).replace(" ", "")
        for _number, cells in rows
        if code_index < len(cells)
    }
    occupations = {
        occupation.code: occupation
        for occupation in Occupation.objects.filter(code__in=wanted, level=Level.UNIT)
    }
    issues: list[UploadIssue] = []
    parsed: list[dict] = []
    seen = {
        (occupation_id, place_id): None
        for occupation_id, place_id in forecast.lines.values_list("occupation_id", "place_id")
        if occupation_id and place_id
    }
    for number, cells in rows:
        data = parser.parse(number, cells, occupations, issues)
        if data is None:
            continue
        key = (getattr(data.get("occupation"), "pk", None), getattr(data.get("place"), "pk", None))
        if all(key):
            if key in seen:
                earlier = seen[key]
                issues.append(
                    UploadIssue(
                        number,
                        parser.headings["code"],
                        _("Bu peşə və iş yeri artıq %(where)s var.")
                        % {
                            "where": _("%(row)s-ci sətirdə") % {"row": earlier}
                            if earlier
                            else _("proqnozda")
                        },
                    )
                )
            seen[key] = number
        parsed.append(data)
    if issues:
        raise XlsxUploadError(issues[:200])
    return parsed


@transaction.atomic
def import_lines_from_xlsx(
    *, forecast: Forecast, uploaded_file, expected_version: int | None
) -> int:
    """Add every row of an uploaded template to a draft, or none; return the count."""
    parsed = parse_upload(uploaded_file, forecast=forecast)
    forecast.lock_for_edit(expected_version)
    start = (forecast.lines.aggregate(m=Max("position"))["m"] or 0) + 1
    for offset, data in enumerate(parsed):
        # Every value was validated above and the database constraints hold the rest.
        # One by one (not bulk_create) so that the audit trail records each line.
        ForecastLine(forecast=forecast, position=start + offset, **data).save()
    return len(parsed)
