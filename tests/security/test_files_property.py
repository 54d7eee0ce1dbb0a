"""Property-based: arbitrary files and cells never crash an importer or half-save."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from classification.models import AlternativeLabel, Occupation
from classification.services import import_classification
from forecasts.models import Forecast, ForecastLine
from forecasts.xlsx import XlsxUploadError, blank_template, import_lines_from_xlsx

pytestmark = pytest.mark.django_db

# Text openpyxl can store (XML forbids most control characters).
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40
) | st.sampled_from(["7212", "7112", "5120", "Bakı", "Yevlax", "=1+1", "10000", "-3", " "])
cell = st.one_of(
    st.none(),
    cell_text,
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
    st.booleans(),
)
row = st.lists(cell, min_size=0, max_size=12)


def _state():
    return (
        list(ForecastLine.objects.order_by("pk").values_list("pk", "occupation_id", "workers")),
        list(Forecast.objects.order_by("pk").values_list("pk", "version", "status")),
    )


def _template(rows) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(blank_template(language="az")))
    sheet = workbook.worksheets[0]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=4 + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@given(rows=st.lists(row, min_size=1, max_size=6))
def test_arbitrary_cells_either_all_land_or_nothing_changes(draft, rows):
    before = _state()
    upload = SimpleUploadedFile("lines.xlsx", _template(rows))
    try:
        added = import_lines_from_xlsx(forecast=draft, uploaded_file=upload, expected_version=None)
    except XlsxUploadError as error:
        assert error.errors and all(issue.message for issue in error.errors)
        assert _state() == before
    else:
        assert ForecastLine.objects.filter(forecast=draft).count() == len(before[0]) + added


@given(content=st.binary(max_size=3000))
def test_arbitrary_bytes_are_refused_with_a_message(draft, content):
    before = _state()
    upload = SimpleUploadedFile("lines.xlsx", b"PK\x03\x04" + content)
    with pytest.raises(XlsxUploadError):
        import_lines_from_xlsx(forecast=draft, uploaded_file=upload, expected_version=None)
    assert _state() == before


def _classification_state():
    return (
        list(Occupation.objects.order_by("code").values_list("code", "title_az", "is_active")),
        AlternativeLabel.objects.count(),
    )


@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
            | st.sampled_from(["7212", "72", "7", "721", "99999", ""]),
            min_size=0,
            max_size=4,
        ),
        max_size=8,
    ),
    header=st.sampled_from([["Kod", "Ad"], ["Kod", "Ad", "Səviyyə"], ["code", "title_ru"]]),
)
def test_arbitrary_classification_rows_never_crash_or_half_import(
    occupations, tmp_path_factory, rows, header
):
    path = tmp_path_factory.mktemp("import") / "export.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    before = _classification_state()

    report = import_classification([path])

    if not report.ok:
        assert all(rejected.reason for rejected in report.rejected)
        assert _classification_state() == before
