"""Spreadsheets from and to outside, safely.

Reading: uploaded forecasts and DMX's classification exports both arrive as XLSX files;
both are read by :func:`read_sheet`, which checks the archive, then streams the XML of
the one sheet that is meant with expat and counts as it goes, so a hostile file is
refused with a clear message before any cell of it is built, in bounded time and memory.

Writing: every cell that holds text someone typed goes through :func:`safe_cell_value`
(or :func:`write_cell`), so that text which looks like a formula stays text; exports too
large to hold in memory are streamed by :func:`stream_xlsx`, which keeps the same rule.
"""

from __future__ import annotations

import datetime
import decimal
import io
import posixpath
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from typing import IO
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

# An XLSX is a zip archive: cap what it may unpack to, and how much any one part
# may expand (every part, small or large: 64 small parts of a bomb add up), so that a
# small file cannot ask for gigabytes of memory.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 2_000
# Parts read whole besides the sheet (workbook, relationships, styles): Excel writes
# them in kilobytes; styles of a long-edited workbook reach a few megabytes.
MAX_META_PART_BYTES = 16 * 1024 * 1024
MAX_CELL_FORMATS = 65_536  # Excel's own limit is 64,000
_CHUNK = 16 * 1024

_WORKBOOK_PART = "xl/workbook.xml"
_WORKBOOK_RELS_PART = "xl/_rels/workbook.xml.rels"


@dataclass(frozen=True)
class SheetLimits:
    """What reading one sheet of one file may cost; past any of these it is refused."""

    columns: int  # no cell right of this column
    cells: int  # <c> elements in the sheet, empty ones included
    rows: int  # no row below this one
    cpu_seconds: float  # CPU time of the whole read, the caller's work between rows included
    shared_strings: int = 200_000
    text_chars: int = 8_000_000  # characters of text in the shared strings and the sheet
    rows_shown: int | None = None  # the row limit as the user was told it, if not ``rows``


class Formula(str):
    """A cell's formula as read ("=…"): set apart from typed text that starts with "="."""


class SpreadsheetError(ValueError):
    """The file is not a spreadsheet we are willing to read; the message says why."""


def _corrupt() -> SpreadsheetError:
    return SpreadsheetError(_("Fayl zədələnib və ya XLSX deyil."))


def _too_big() -> SpreadsheetError:
    return SpreadsheetError(_("Fayl açıldıqda həddən artıq böyük olur; onu qəbul edə bilmirik."))


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
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _corrupt() from None
    finally:
        handle.seek(0)
    if _WORKBOOK_PART not in {member.filename.lower() for member in members}:
        raise SpreadsheetError(_("Fayl XLSX iş kitabı deyil. Excel-də «.xlsx» kimi saxlayın."))
    if len(members) > MAX_MEMBERS:
        raise SpreadsheetError(_("Faylın quruluşu həddən artıq mürəkkəbdir."))
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or ratio > MAX_COMPRESSION_RATIO:
            raise _too_big()


def read_sheet(
    handle: IO[bytes],
    *,
    limits: SheetLimits,
    max_col: int,
    sheet_names: tuple[str, ...] = (),
    data_only: bool = False,
) -> Iterator[tuple[int, tuple]]:
    """Return an iterator of (row number, first ``max_col`` values) of one worksheet.

    The sheet is the first whose name is in ``sheet_names``, else the first worksheet;
    no other sheet is opened. Rows without a value in those columns are left out.
    Values are what openpyxl's read-only mode gives: str, int, float, bool, datetime,
    a formula as a :class:`Formula` "=…" (its cached value when ``data_only``), so that
    text typed with a leading "=" stays plain text. Raises SpreadsheetError,
    here or while iterating, when the file is damaged or exceeds ``limits``.
    """
    budget = _Budget(limits)
    check_xlsx_archive(handle)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _corrupt() from None
    try:
        book = _Book(archive, budget)
        sheet = book.sheet(sheet_names)
        if sheet is None:
            archive.close()
            return iter(())
        strings = book.shared_strings()
        styles = book.date_styles()
    except SpreadsheetError:
        archive.close()
        raise
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError):
        archive.close()
        raise _corrupt() from None
    return _sheet_rows(archive, sheet, book, strings, styles, budget, max_col, data_only)


class _Budget:
    """Counts against ``SheetLimits`` and the CPU clock of this thread."""

    def __init__(self, limits: SheetLimits):
        self.limits = limits
        # This thread's clock: a threaded worker serves other requests meanwhile.
        self.deadline = time.thread_time() + limits.cpu_seconds
        self.chars = 0

    def tick(self) -> None:
        if time.thread_time() > self.deadline:
            raise SpreadsheetError(
                _(
                    "Faylı oxumaq həddən artıq uzun çəkir; onu qəbul edə bilmirik. "
                    "Yalnız şablonun vərəqini saxlayıb yenidən yükləyin."
                )
            )

    def text(self, count: int) -> None:
        self.chars += count
        if self.chars > self.limits.text_chars:
            raise _too_big()


def _local(name: str) -> str:
    return name[name.rfind(":") + 1 :]


def _parser(start=None, end=None, text=None) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args):  # a DTD could declare entities: no spreadsheet needs one
        raise _corrupt()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    return parser


class _Book:
    """The workbook's index: its sheets, where their parts are, the shared parts."""

    def __init__(self, archive: zipfile.ZipFile, budget: _Budget):
        self.archive = archive
        self.budget = budget
        self.members = {member.filename.lower(): member for member in archive.infolist()}
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id)
        self.epoch = CALENDAR_WINDOWS_1900
        self.targets: dict[str, tuple[str, str]] = {}  # id → (type, part)

        def workbook_start(name, attrs):
            name = _local(name)
            if name == "sheet":
                rel = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                self.sheets.append((attrs.get("name", ""), rel))
            elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904

        self._parse_whole(_WORKBOOK_PART, _parser(start=workbook_start))

        def rels_start(name, attrs):
            if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                self.targets[attrs.get("Id", "")] = (
                    attrs.get("Type", "").rsplit("/", 1)[-1],
                    posixpath.normpath(part).lower(),
                )

        if _WORKBOOK_RELS_PART in self.members:
            self._parse_whole(_WORKBOOK_RELS_PART, _parser(start=rels_start))

    def member(self, part: str) -> zipfile.ZipInfo | None:
        return self.members.get(part.lower())

    def _parse_whole(self, part: str, parser, *, limit: int = MAX_META_PART_BYTES) -> None:
        member = self.member(part)
        if member is None:
            raise _corrupt()
        if member.file_size > limit:
            raise _too_big()
        with self.archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                self.budget.tick()
                parser.Parse(chunk, False)
            parser.Parse(b"", True)

    def _part_of_type(self, kind: str, default: str) -> str | None:
        for found, part in self.targets.values():
            if found == kind:
                return part
        return default if self.member(default) else None

    def sheet(self, names: tuple[str, ...]) -> zipfile.ZipInfo | None:
        """Return the part of the sheet meant: the first named one, else the first."""
        worksheets = []
        for name, rel in self.sheets:
            kind, part = self.targets.get(rel, ("", ""))
            if kind == "worksheet" and self.member(part):
                worksheets.append((name, self.member(part)))
        wanted = {name.casefold() for name in names}
        for name, member in worksheets:
            if name.casefold() in wanted:
                return member
        return worksheets[0][1] if worksheets else None

    def shared_strings(self) -> list[str]:
        part = self._part_of_type("sharedStrings", "xl/sharedStrings.xml")
        if part is None:
            return []
        strings: list[str] = []
        limits, budget = self.budget.limits, self.budget
        state = {"parts": None, "phonetic": 0, "collect": False}

        def start(name, _attrs):
            name = _local(name)
            if name == "si":
                state["parts"] = []
                if len(strings) >= limits.shared_strings:
                    raise _too_big()
            elif name == "rPh":
                state["phonetic"] += 1
            elif name == "t" and state["parts"] is not None and not state["phonetic"]:
                state["collect"] = True

        def end(name):
            name = _local(name)
            if name == "si":
                strings.append("".join(state["parts"] or ()))
                state["parts"] = None
            elif name == "rPh":
                state["phonetic"] -= 1
            elif name == "t":
                state["collect"] = False

        def text(data):
            if state["collect"]:
                budget.text(len(data))
                state["parts"].append(data)

        self._parse_whole(part, _parser(start, end, text), limit=MAX_UNPACKED_BYTES)
        return strings

    def date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """Return the cell formats (indices) that show dates, and those that show durations."""
        part = self._part_of_type("styles", "xl/styles.xml")
        if part is None:
            return frozenset(), frozenset()
        custom: dict[int, str] = {}
        formats: list[int] = []
        state = {"in_xfs": False}

        def start(name, attrs):
            name = _local(name)
            if name == "numFmt":
                custom[int(attrs.get("numFmtId", 0))] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                state["in_xfs"] = True
            elif name == "xf" and state["in_xfs"]:
                formats.append(int(attrs.get("numFmtId", 0)))
                if len(formats) > MAX_CELL_FORMATS:
                    raise SpreadsheetError(_("Faylın quruluşu həddən artıq mürəkkəbdir."))

        def end(name):
            if _local(name) == "cellXfs":
                state["in_xfs"] = False

        self._parse_whole(part, _parser(start, end))
        dates, durations = set(), set()
        for index, format_id in enumerate(formats):
            code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id, "General")
            if is_date_format(code):
                dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
        return frozenset(dates), frozenset(durations)


def _column(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class _SheetParser:
    """expat handlers for one worksheet: count every row and cell, keep the wanted values."""

    def __init__(self, book, strings, styles, budget, max_col, data_only):
        self.strings = strings
        self.dates, self.durations = styles
        self.epoch = book.epoch
        self.budget = budget
        self.limits = budget.limits
        self.max_col = max_col
        self.data_only = data_only
        self.rows: list[tuple[int, tuple]] = []
        self.cells = 0
        self.row_number = 0
        self.values: list | None = None
        self.column = 0
        self.cell: dict | None = None
        self.collect: list | None = None
        self.phonetic = 0

    def start(self, name, attrs):
        name = _local(name)
        if name == "c":
            self.cells += 1
            if self.cells > self.limits.cells:
                raise SpreadsheetError(
                    _("Vərəqdə %(max)s xanadan çox var; onu qəbul edə bilmirik.")
                    % {"max": self.limits.cells}
                )
            reference = attrs.get("r")
            self.column = _column(reference) if reference else self.column + 1
            if self.column > self.limits.columns:
                raise SpreadsheetError(
                    _("Vərəqdə %(max)s sütundan çox var; artıq sütunları silin.")
                    % {"max": self.limits.columns}
                )
            if self.column <= self.max_col:
                style = attrs.get("s")
                self.cell = {
                    "type": attrs.get("t", "n"),
                    "style": int(style) if style else 0,
                    "v": [],
                    "f": None,
                    "is": None,
                }
            else:
                self.cell = None
        elif name == "row":
            number = attrs.get("r")
            self.row_number = int(number) if number else self.row_number + 1
            if self.row_number > self.limits.rows or self.row_number < 1:
                shown = self.limits.rows_shown or self.limits.rows
                raise SpreadsheetError(_("Faylda %(max)s sətirdən çox var.") % {"max": shown})
            self.values = None
            self.column = 0
        elif self.cell is not None:
            if name == "v":
                self.collect = self.cell["v"]
            elif name == "f":
                self.cell["f"] = self.collect = []
            elif name == "is":
                self.cell["is"] = []
            elif name == "rPh":
                self.phonetic += 1
            elif name == "t" and self.cell["is"] is not None and not self.phonetic:
                self.collect = self.cell["is"]

    def end(self, name):
        name = _local(name)
        if name == "c":
            if self.cell is not None:
                value = self._value(self.cell)
                if value is not None:
                    if self.values is None:
                        self.values = [None] * self.max_col
                    self.values[self.column - 1] = value
            self.cell = None
            self.collect = None
        elif name == "row":
            if self.values is not None:
                self.rows.append((self.row_number, tuple(self.values)))
            self.values = None
        elif name in ("v", "f", "t"):
            self.collect = None
        elif name == "rPh":
            self.phonetic -= 1

    def text(self, data):
        if self.collect is not None:
            self.budget.text(len(data))
            self.collect.append(data)

    def _value(self, cell: dict):
        if cell["f"] is not None and not self.data_only:
            return Formula("=" + "".join(cell["f"]))
        kind = cell["type"]
        if kind == "inlineStr":
            return "".join(cell["is"]) if cell["is"] is not None else None
        text = "".join(cell["v"])
        if not text:
            return None
        if kind == "n":
            number = _number(text)
            if cell["style"] in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=cell["style"] in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text result) and "e" (an error such as #N/A)


def _sheet_rows(archive, member, book, strings, styles, budget, max_col, data_only):
    handlers = _SheetParser(book, strings, styles, budget, max_col, data_only)
    parser = _parser(handlers.start, handlers.end, handlers.text)
    try:
        with archive.open(member) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                budget.tick()
                parser.Parse(chunk, not chunk)
                yield from handlers.rows
                handlers.rows.clear()
                if not chunk:
                    break
    except SpreadsheetError:
        raise
    except (
        expat.ExpatError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        IndexError,
        ValueError,
        TypeError,
        OverflowError,
        OSError,
    ):
        raise _corrupt() from None
    finally:
        archive.close()


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


# --- a large sheet, streamed ---------------------------------------------------------------

_XLSX_EPOCH = datetime.datetime(1899, 12, 30)
_STYLE_BOLD, _STYLE_DATETIME, _STYLE_TEXT = 1, 2, 3  # cellXfs of _STYLES below
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Plain, bold (headings), a date and time, and typed text marked as text (quotePrefix).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class _Pipe(io.RawIOBase):
    """A file the zip archive writes into and the generator empties: nothing piles up."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._offset = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def take(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


def _text_cell(value: str, style: int = 0) -> str:
    text = escape(ILLEGAL_CHARACTERS_RE.sub("", value), quote=False)
    if text.startswith(FORMULA_TRIGGERS):
        style = _STYLE_TEXT
    space = ' xml:space="preserve"' if text != text.strip() else ""
    styled = f' s="{style}"' if style else ""
    return f'<c t="inlineStr"{styled}><is><t{space}>{text}</t></is></c>'


def _cell(value) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, str):
        return _text_cell(value)
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime.datetime):
        serial = (value.replace(tzinfo=None) - _XLSX_EPOCH) / datetime.timedelta(days=1)
        return f'<c s="{_STYLE_DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, int | float | decimal.Decimal):
        return f"<c><v>{value}</v></c>"
    return _text_cell(str(value))


def stream_xlsx(
    *,
    title: str,
    headings: list[str],
    rows: Iterable[list],
    widths: Iterable[int] = (),
    rows_per_piece: int = 500,
) -> Iterator[bytes]:
    """Yield an XLSX workbook of one sheet, piece by piece, as it is written.

    For exports of tens of thousands of rows: each row is written as it comes and the
    compressed bytes are handed on every ``rows_per_piece`` rows, so memory stays the
    same whatever the number of rows (openpyxl's write-only mode keeps the sheet in a
    temporary file and costs about 1 ms a row). Headings are bold and the first row is
    frozen; numbers and times are numbers; text is text (inline strings, never a
    formula), and typed text that looks like a formula is marked as text as Excel
    marks it (quotePrefix), as :func:`safe_cell_value` does.
    """
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        name = escape(title, quote=True)
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
            f'<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        yield pipe.take()
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            columns = "".join(
                f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
                for n, width in enumerate(widths, start=1)
            )
            head = "".join(_text_cell(str(text), _STYLE_BOLD) for text in headings)
            sheet.write(
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    "</sheetView></sheetViews>"
                    + (f"<cols>{columns}</cols>" if columns else "")
                    + f'<sheetData><row r="1">{head}</row>'
                ).encode()
            )
            batch = []
            for number, row in enumerate(rows, start=2):
                batch.append(f'<row r="{number}">{"".join(map(_cell, row))}</row>')
                if len(batch) >= rows_per_piece:
                    sheet.write("".join(batch).encode())
                    batch = []
                    yield pipe.take()
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
    yield pipe.take()
