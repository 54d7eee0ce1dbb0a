"""Spreadsheets from and to outside, safely.

Reading: uploaded forecasts and DMX's classification exports both arrive as XLSX files;
both go through :func:`open_xlsx` before openpyxl parses anything, so a hostile file is
refused with a clear message in bounded time and memory.

Writing: every cell that holds text someone typed goes through :func:`safe_cell_value`
(or :func:`write_cell`), so that text which looks like a formula stays text.
"""

from __future__ import annotations

import zipfile
from typing import IO

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

# An XLSX is a zip archive: cap what it may unpack to, and how much any one part
# may expand, so that a small file cannot ask for gigabytes of memory.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 2_000


class SpreadsheetError(ValueError):
    """The file is not a spreadsheet we are willing to read; the message says why."""


def check_xlsx_archive(handle: IO[bytes]) -> None:
    """Raise SpreadsheetError unless ``handle`` is a plausible, bounded XLSX archive."""
    handle.seek(0)
    if handle.read(4) != b"PK\x03\x04":
        handle.seek(0)
        raise SpreadsheetError(_("Fayl XLSX formatında deyil. Excel-də «.xlsx» kimi saxlayın."))
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(_("Fayl zədələnib və ya XLSX deyil.")) from None
    finally:
        handle.seek(0)
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(_("Fayl XLSX iş kitabı deyil. Excel-də «.xlsx» kimi saxlayın."))
    if len(members) > MAX_MEMBERS:
        raise SpreadsheetError(_("Faylın quruluşu həddən artıq mürəkkəbdir."))
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or (
            member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO
        ):
            raise SpreadsheetError(
                _("Fayl açıldıqda həddən artıq böyük olur; onu qəbul edə bilmirik.")
            )


def open_xlsx(handle: IO[bytes], *, data_only: bool = False):
    """Return a read-only openpyxl workbook for a checked archive; close it when done."""
    from openpyxl import load_workbook

    check_xlsx_archive(handle)
    try:
        return load_workbook(handle, read_only=True, data_only=data_only)
    except Exception:  # openpyxl raises many kinds on malformed parts
        raise SpreadsheetError(_("Fayl zədələnib və ya XLSX deyil.")) from None


# OWASP's CSV-injection guidance: a spreadsheet program takes text that begins with one
# of these for a formula, at once ("=") or when someone edits the cell (the others).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell_value(sheet, value):
    """Return ``value`` ready for ``sheet.append()``: text that looks like a formula
    becomes a text cell (quote-prefixed, as Excel marks typed text), never a formula.

    Works for ordinary and write-only worksheets. Characters a workbook cannot hold
    (control characters other than tab, line feed and carriage return) are dropped,
    so no user text can make an export fail.
    """
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not text.startswith(FORMULA_TRIGGERS):
        return text
    cell = Cell(sheet, row=1, column=1)  # append() moves it to its place
    _set_text(cell, text)
    return cell


def write_cell(sheet, *, row: int, column: int, value) -> Cell:
    """Write ``value`` into a cell of an ordinary worksheet as :func:`safe_cell_value` does."""
    cell = sheet.cell(row=row, column=column)
    safe = safe_cell_value(sheet, value)
    if isinstance(safe, Cell):
        _set_text(cell, safe.value)
    else:
        cell.value = safe
    return cell


def _set_text(cell: Cell, text: str) -> None:
    cell.value = text
    cell.data_type = "s"  # openpyxl makes any "=…" a formula; this keeps it a string
    cell.quotePrefix = True
