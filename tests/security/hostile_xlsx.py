"""The three small XLSX files that exhausted a worker (issue 16), built in code.

Each is a real workbook (openpyxl writes the frame) whose sheet XML is replaced:
- ``many_sheets``: about 140 KB, 64 sheets of about 1 MB of XML each, none with the
  template's header, each part too small for a "parts over 1 MB" ratio check;
- ``long_row``: about 630 KB (the reported one: 513 KB), one row of 2.5 million cells;
- ``wide_rows``: about 970 KB, 1,899 rows of 2,000 cells, under the 2,000-row, 2 MB and
  64 MB limits.
The bench script ``bench/hostile_uploads.py`` builds the same files.
"""

import io
import random
import re
import zipfile
from functools import cache

from openpyxl import Workbook

CELL_BYTES = len(b"<c><v>0</v></c>")
_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>.*</sheetData>", re.S)


def workbook_with(sheets: dict[str, bytes]) -> bytes:
    """Return an XLSX whose sheets, in order, hold the given <row> elements."""
    frame = Workbook(write_only=True)
    for name in sheets:
        frame.create_sheet(name).append(["."])
    buffer = io.BytesIO()
    frame.save(buffer)
    bodies = list(sheets.values())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if match:
                rows = bodies[int(match.group(1)) - 1]
                data = _SHEET_DATA.sub(
                    lambda _m, rows=rows: b"<sheetData>" + rows + b"</sheetData>", data
                )
            target.writestr(item, data)
    return out.getvalue()


def random_cells(count: int, seed: int) -> bytes:
    """Return ``count`` cells of one random digit each, ``<c><v>7</v></c>``.

    A block of random cells longer than deflate's 32 KB window, repeated, compresses
    about as badly as all-random cells and is fast to build.
    """
    rng = random.Random(seed)
    block = b"".join(b"<c><v>%d</v></c>" % (rng.random() < 0.25) for _ in range(min(count, 20_000)))
    cells_per_block = len(block) // CELL_BYTES
    whole, rest = divmod(count, cells_per_block)
    return block * whole + block[: rest * CELL_BYTES]


@cache
def many_sheets() -> bytes:
    row = b"<row>" + b"<c><v>1</v></c>" * 2_000 + b"</row>"
    return workbook_with({f"Sheet{n}": row * 30 for n in range(1, 65)})


@cache
def long_row() -> bytes:
    return workbook_with({"Sheet1": b'<row r="1">' + random_cells(2_500_000, 1) + b"</row>"})


@cache
def wide_rows() -> bytes:
    cells = random_cells(1_899 * 2_000, 2)
    width = 2_000 * CELL_BYTES
    rows = b"".join(
        b'<row r="%d">' % (n + 1) + cells[n * width : (n + 1) * width] + b"</row>"
        for n in range(1_899)
    )
    return workbook_with({"Sheet1": rows})


HOSTILE_FILES = {"64 sheets": many_sheets, "2.5 million cells": long_row, "1899x2000": wide_rows}
