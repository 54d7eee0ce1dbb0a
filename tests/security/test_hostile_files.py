"""Hostile and wrong files for the forecast upload and the classification import.

Each is refused with a clear message, in bounded time and memory, and changes nothing.
"""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from classification.models import Occupation
from classification.services import MAX_ROWS, import_classification
from forecasts.models import ForecastLine
from forecasts.xlsx import (
    MAX_UPLOAD_ROWS,
    XlsxUploadError,
    blank_template,
    import_lines_from_xlsx,
)

pytestmark = pytest.mark.django_db

# Generous bound: reading a refused file must never need more than this much memory.
MEMORY_LIMIT = 150 * 1024 * 1024
# The many-rows file: 5 times the row limit. Loaded whole, openpyxl needs about 1.3 kB a
# row (13 MB here); the upload streams it and stops at the limit (about 2 MB), so this
# bound fails if the upload ever reads the sheet whole. More rows only cost time.
MANY_ROWS = 5 * MAX_UPLOAD_ROWS
MANY_ROWS_MEMORY_LIMIT = 6 * 1024 * 1024


def _workbook_bytes(fill) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Proqnoz")
    fill(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet):
    sheet.append(["№", "Kod", "Peşənin adı", "Say", "İqtisadi rayon", "Şəhər / rayon"])


def _many_rows() -> bytes:
    """A real workbook whose sheet XML holds MANY_ROWS rows and, as a hostile file may,
    no <dimension> (written directly: fast)."""
    template = _workbook_bytes(_header)
    row = (
        '<row r="{n}"><c r="B{n}" t="inlineStr"><is><t>7212</t></is></c>'
        '<c r="D{n}"><v>1</v></c><c r="F{n}" t="inlineStr"><is><t>Bakı</t></is></c></row>'
    )
    rows = "".join(row.format(n=n) for n in range(2, MANY_ROWS + 2))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
            target.writestr(item, data)
    return out.getvalue()


def _huge_dimensions(sheet):
    _header(sheet)
    sheet.append([1, "7212", None, 1, "Bakı", "Bakı"])
    for _ in range(20):
        sheet.append([])
    # A single cell at the very last row and column Excel allows.
    sheet.append([None] * 16383 + ["x"])


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for part in range(4):
            archive.writestr(f"xl/worksheets/sheet{part}.xml", b" " * (40 * 1024 * 1024))
    return buffer.getvalue()


def _refused_upload(draft, content: bytes, memory_limit=MEMORY_LIMIT) -> XlsxUploadError:
    upload = SimpleUploadedFile("f.xlsx", content)
    before = list(ForecastLine.objects.values_list("pk", "workers"))
    tracemalloc.start()
    try:
        with pytest.raises(XlsxUploadError) as caught:
            import_lines_from_xlsx(forecast=draft, uploaded_file=upload, expected_version=None)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < memory_limit
    assert list(ForecastLine.objects.values_list("pk", "workers")) == before
    return caught.value


def test_an_upload_with_many_rows_is_refused_early_without_reading_it_whole(draft, monkeypatch):
    pulled = []
    iter_rows = ReadOnlyWorksheet.iter_rows

    def counting(sheet, *args, **kwargs):
        for row in iter_rows(sheet, *args, **kwargs):
            pulled.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counting)

    error = _refused_upload(draft, _many_rows(), memory_limit=MANY_ROWS_MEMORY_LIMIT)

    assert "2000" in error.errors[0].message
    assert len(pulled) < 2 * MAX_UPLOAD_ROWS  # stopped at the limit, not at the end


def test_an_upload_claiming_huge_dimensions_is_refused(draft):
    error = _refused_upload(draft, _workbook_bytes(_huge_dimensions))
    assert error.errors


def test_a_zip_bomb_upload_is_refused_before_unpacking(draft):
    error = _refused_upload(draft, _zip_bomb())
    assert "böyük" in error.errors[0].message


def test_a_template_with_a_renamed_sheet_still_needs_its_header(draft):
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    workbook.active.append(["a", "b"])
    workbook.active.append(["7212", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = _refused_upload(draft, buffer.getvalue())
    assert "Kod" in error.errors[0].message


def test_an_upload_of_the_template_itself_says_nothing_was_filled(draft, places):
    error = _refused_upload(draft, blank_template(language="az"))
    assert "yoxdur" in error.errors[0].message


# --- the classification import -------------------------------------------------


def _occupations():
    return list(Occupation.objects.values_list("code", "title_az", "is_active"))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("kod.csv", "Kod;Ad\n7212;Qaynaqçılar\n".encode("cp1254"), "UTF-8"),
        ("kod.csv", "Kod,Ad\n7212,Qaynaq\u00e7\u0131lar\n".encode("utf-16"), "CSV"),
        ("kod.xlsx", b"this is not a zip at all", "XLSX"),
        ("kod.xlsx", _zip_bomb(), "böyük"),
    ],
    ids=["cp1254 csv", "utf-16 csv", "not a zip", "zip bomb"],
)
def test_the_classification_import_refuses_bad_files(occupations, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    before = _occupations()

    report = import_classification([path])

    assert not report.ok
    assert reason in report.rejected[0].reason
    assert _occupations() == before


def test_the_classification_import_refuses_one_row_over_its_limit(occupations, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("Kod,Ad\n" + "7212,Qaynaqçılar\n" * (MAX_ROWS + 1), encoding="utf-8")
    before = _occupations()

    report = import_classification([path])

    assert not report.ok
    assert "50000" in report.rejected[0].reason
    assert _occupations() == before


def test_the_classification_import_ignores_formulas_and_names_the_rows(occupations, tmp_path):
    workbook = Workbook()
    workbook.active.append(["Kod", "Ad"])
    workbook.active.append(["=1+1", "Formula"])
    workbook.active.append(["7212", "=A2"])
    path = tmp_path / "formulas.xlsx"
    workbook.save(path)
    before = _occupations()

    report = import_classification([path])

    assert not report.ok
    assert {row.row_number for row in report.rejected} == {2, 3}
    assert _occupations() == before
