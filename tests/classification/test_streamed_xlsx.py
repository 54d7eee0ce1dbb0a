"""stream_xlsx: a large sheet written and handed on row by row, read back as written."""

import datetime
import io
from decimal import Decimal

import openpyxl
from python_calamine import CalamineWorkbook

from classification.spreadsheets import stream_xlsx


def _book(pieces) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(pieces)))


def test_values_keep_their_kinds_and_the_headings_their_row():
    when = datetime.datetime(2027, 5, 1, 10, 30)
    book = _book(
        stream_xlsx(
            title="Sətirlər",
            headings=["Kod", "Ad", "Say"],
            rows=[
                ["7212", "Qaynaqçılar", 10],
                [None, "Şuşa", Decimal("1500.50")],
                [when, True, 2.5],
            ],
            widths=[10, 40, 8],
        )
    )
    sheet = book["Sətirlər"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Kod", "Ad", "Say"),
        ("7212", "Qaynaqçılar", 10),
        (None, "Şuşa", 1500.5),
        (when, True, 2.5),
    ]
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet["A2"].data_type == "s"  # a code stays text, its leading zeros with it
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 40


def test_formula_like_text_is_written_as_text():
    hostile = ['=HYPERLINK("http://evil.example/","x")', "+1+1", "-2+3", "@SUM(1)", "\t=1+1"]
    content = b"".join(stream_xlsx(title="S", headings=["T"], rows=[[text] for text in hostile]))

    cells = [row[0] for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows()]
    assert [cell.data_type for cell in cells[1:]] == ["s"] * len(hostile)
    assert all(cell.quotePrefix for cell in cells[1:])
    assert [cell.value for cell in cells[1:]] == hostile
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    assert [row[0] for row in calamine.to_python()[1:]] == hostile


def test_pieces_leave_while_rows_are_still_coming():
    consumed = []

    def rows():
        for n in range(2_000):
            consumed.append(n)
            yield [n, f"sətir {n}"]

    seen_at = []
    pieces = []
    for piece in stream_xlsx(title="S", headings=["N", "T"], rows=rows(), rows_per_piece=500):
        seen_at.append(len(consumed))
        pieces.append(piece)

    # Something is handed on after each 500 rows, long before the last row is read.
    assert [n for n in seen_at if 0 < n < 2_000][:3] == [500, 1000, 1500]
    assert len(list(_book(pieces).active.iter_rows())) == 2_001
