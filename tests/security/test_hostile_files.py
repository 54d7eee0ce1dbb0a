"""Hostile and wrong files for the forecast upload and the classification import.

Each is refused with a clear message, in bounded time and memory, and changes nothing.
"""

import functools
import io
import time
import tracemalloc
import zipfile
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from classification.models import Occupation
from classification.services import MAX_ROWS, import_classification
from forecasts import xlsx
from forecasts.models import ForecastLine
from forecasts.xlsx import (
    MAX_UPLOAD_ROWS,
    XlsxUploadError,
    blank_template,
    import_lines_from_xlsx,
)
from tests.security.hostile_xlsx import (
    CELL_BYTES,
    HOSTILE_FILES,
    long_row,
    random_cells,
    workbook_with,
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


@functools.cache
def _zip_bomb() -> bytes:
    """160 MB of sheets in a small archive (built once, when a test first needs it)."""
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
        ("kod.xlsx", _zip_bomb, "böyük"),
    ],
    ids=["cp1254 csv", "utf-16 csv", "not a zip", "zip bomb"],
)
def test_the_classification_import_refuses_bad_files(occupations, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content() if callable(content) else content)
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


# --- the three files that exhausted a worker (issue 16) ------------------------

CPU_LIMIT_SECONDS = 2.0
PEAK_LIMIT = 200 * 1024 * 1024


def _cost(action):
    """Run ``action``; return (CPU seconds of this thread, peak traced bytes, its error)."""
    tracemalloc.start()
    started = time.thread_time()
    try:
        error = action()
        cpu = time.thread_time() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return cpu, peak, error


@pytest.mark.parametrize("build", HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_a_hostile_upload_is_refused_within_two_seconds_and_200_mb(draft, build):
    content = build()
    before = list(ForecastLine.objects.values_list("pk", "workers"))

    def upload():
        with pytest.raises(XlsxUploadError) as caught:
            import_lines_from_xlsx(
                forecast=draft,
                uploaded_file=SimpleUploadedFile("f.xlsx", content),
                expected_version=None,
            )
        return caught.value

    cpu, peak, error = _cost(upload)

    assert cpu < CPU_LIMIT_SECONDS
    assert peak < PEAK_LIMIT
    assert error.errors[0].message.startswith(("Fayl", "Vərəq"))
    assert list(ForecastLine.objects.values_list("pk", "workers")) == before


@pytest.mark.parametrize("build", HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_a_hostile_classification_file_is_refused_within_two_seconds_and_200_mb(
    occupations, tmp_path, build
):
    path = tmp_path / "export.xlsx"
    path.write_bytes(build())
    before = _occupations()

    cpu, peak, report = _cost(lambda: import_classification([path]))

    assert cpu < CPU_LIMIT_SECONDS
    assert peak < PEAK_LIMIT
    assert not report.ok
    assert _occupations() == before


def test_the_refusal_says_why_in_the_visitors_language(draft):
    with translation.override("en"), pytest.raises(XlsxUploadError) as caught:
        import_lines_from_xlsx(
            forecast=draft,
            uploaded_file=SimpleUploadedFile("f.xlsx", long_row()),
            expected_version=None,
        )
    assert "256 columns" in caught.value.errors[0].message


def _decoys_then(sheet_name: str, header_rows: bytes) -> bytes:
    decoy = b"<row>" + b"<c><v>1</v></c>" * 200 + b"</row>"
    sheets = {f"Sheet{n}": decoy * 20 for n in range(1, 64)}
    sheets[sheet_name] = header_rows
    return workbook_with(sheets)


def _opened_parts(monkeypatch) -> list[str]:
    opened = []
    open_member = zipfile.ZipFile.open

    def recording(archive, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return open_member(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording)
    return opened


_TEMPLATE_ROWS = (
    b'<row r="1"><c t="inlineStr"><is><t>Kod</t></is></c><c t="inlineStr"><is><t>Say</t></is></c>'
    b'<c t="inlineStr"><is><t>\xc5\x9e\xc9\x99h\xc9\x99r / rayon</t></is></c></row>'
    b'<row r="2"><c t="inlineStr"><is><t>7112</t></is></c><c><v>4</v></c>'
    b'<c t="inlineStr"><is><t>Yevlax</t></is></c></row>'
)


def test_only_the_sheet_named_like_the_template_is_read(draft, monkeypatch):
    content = _decoys_then("Proqnoz", _TEMPLATE_ROWS)
    opened = _opened_parts(monkeypatch)

    added = import_lines_from_xlsx(
        forecast=draft, uploaded_file=SimpleUploadedFile("f.xlsx", content), expected_version=None
    )

    assert added == 1
    sheets = [name for name in opened if name.startswith("xl/worksheets/")]
    assert sheets == ["xl/worksheets/sheet64.xml"]


def test_without_a_sheet_named_like_the_template_only_the_first_is_read(draft, monkeypatch):
    content = _decoys_then("Lines", _TEMPLATE_ROWS)
    opened = _opened_parts(monkeypatch)

    with pytest.raises(XlsxUploadError) as caught:
        import_lines_from_xlsx(
            forecast=draft,
            uploaded_file=SimpleUploadedFile("f.xlsx", content),
            expected_version=None,
        )

    assert "Kod" in caught.value.errors[0].message
    sheets = [name for name in opened if name.startswith("xl/worksheets/")]
    assert sheets == ["xl/worksheets/sheet1.xml"]


def test_a_sheet_with_too_many_cells_is_refused_while_it_is_read(draft):
    # The header, then 1,900 rows of 100 cells: rows and columns within the limits.
    cells = random_cells(190_000, 3)
    width = 100 * CELL_BYTES
    rows = b"".join(b"<row>" + cells[n * width : (n + 1) * width] + b"</row>" for n in range(1_900))
    content = workbook_with({"Proqnoz": _TEMPLATE_ROWS + rows})

    error = _refused_upload(draft, content)

    assert "150000" in error.errors[0].message


def test_a_small_part_that_expands_too_much_is_refused(draft):
    # Under 1 MB unpacked, but 500 times its packed size.
    content = workbook_with({"Proqnoz": b"<row>" + b"<c/>" * 200_000 + b"</row>"})

    error = _refused_upload(draft, content)

    assert "böyük" in error.errors[0].message


def test_an_upload_over_its_cpu_budget_is_refused(draft, occupations, monkeypatch):
    monkeypatch.setattr(
        "forecasts.xlsx.UPLOAD_LIMITS", replace(xlsx.UPLOAD_LIMITS, cpu_seconds=-1.0)
    )

    error = _refused_upload(draft, _decoys_then("Proqnoz", _TEMPLATE_ROWS))

    assert "uzun" in error.errors[0].message


def test_a_workbook_declaring_entities_is_refused(draft):
    content = workbook_with({"Proqnoz": _TEMPLATE_ROWS})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet', 1
                ).replace(b"Yevlax", b"&a;")
            target.writestr(item, data)

    error = _refused_upload(draft, out.getvalue())

    assert "zədələnib" in error.errors[0].message
