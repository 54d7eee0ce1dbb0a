"""Import the classification: the bundled data and DMX's official exports.

One entry point, :func:`import_classification`. Every file is read and checked
whole before anything is written; a single rejected row leaves the database as it
was, and the report names every rejected row. Writes are bulk operations inside
one transaction, and a second run of the same files changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from quota_portal.pagecache import public_pages_changed

from .models import (
    LABEL_LANGS,
    LANGS,
    AlternativeLabel,
    ClassificationVersion,
    CodeTransition,
    EconomicRegion,
    Occupation,
    Place,
)
from .spreadsheets import SheetLimits, SpreadsheetError, read_sheet
from .text import fold

BUNDLED_DIR = Path(settings.BASE_DIR) / "fixtures" / "classification"

# Label sources the bundled load owns: labels of these sources that are no longer in
# the bundled files are removed. Labels added in the admin ("portal") are never touched.
SOURCE_ESCO = "esco"
SOURCE_ALIASES = "aliases"
SOURCE_IMPORT = "import"
BUNDLED_LABEL_SOURCES = (SOURCE_ESCO, SOURCE_ALIASES)

MAX_CODE_LENGTH = 4
HEADER_SCAN_ROWS = 10
# Bounds for files from outside: the whole classification is 619 groups and a few
# thousand labels; anything far larger is a wrong or hostile file.
MAX_ROWS = 50_000
MAX_COLUMNS = 30
MAX_FILE_BYTES = 20 * 1024 * 1024
# What reading one XLSX may cost: the classification with its definitions in three
# languages is about 2,500 rows of a few long cells.
XLSX_LIMITS = SheetLimits(
    columns=256,
    cells=MAX_ROWS * MAX_COLUMNS,
    rows=MAX_ROWS,
    cpu_seconds=60.0,
    shared_strings=MAX_ROWS * MAX_COLUMNS,
    text_chars=60_000_000,
)


# ---------------------------------------------------------------------------
# Report


@dataclass
class Counts:
    """What an import did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deactivated + self.deleted


@dataclass(frozen=True)
class RejectedRow:
    """A row (or a whole file, row 0 or the header row) that could not be imported."""

    file: str
    row_number: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, {_('sətir')} {self.row_number}: {self.reason}"


@dataclass
class ImportReport:
    """Counts per table, the files read and every rejected row."""

    occupations: Counts = field(default_factory=Counts)
    labels: Counts = field(default_factory=Counts)
    transitions: Counts = field(default_factory=Counts)
    files: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    dry_run: bool = False
    version: int | None = None

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def changed(self) -> int:
        return self.occupations.changed + self.labels.changed + self.transitions.changed

    def tables(self) -> list[tuple[str, Counts]]:
        return [
            ("occupations", self.occupations),
            ("labels", self.labels),
            ("transitions", self.transitions),
        ]


class ImportRejected(Exception):
    """Raised inside the transaction so that a rejected file changes nothing."""


# ---------------------------------------------------------------------------
# Reading CSV and XLSX into rows of strings


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_table(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) of a CSV or XLSX file; raise ValueError if unreadable."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(_("fayl 20 MB-dan böyükdür"))
    with open(path, "rb") as handle:
        head = handle.read(4)
    if path.suffix.lower() in (".xlsx", ".xlsm") or head.startswith(b"PK"):
        yield from _read_xlsx(path)
        return
    if path.suffix.lower() == ".xls":
        raise ValueError(_("köhnə .xls formatı oxunmur; faylı .xlsx və ya .csv kimi saxlayın"))
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ValueError(_("fayl CSV və ya XLSX deyil"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("CSV faylı UTF-8 kodlaşdırmasında deyil")) from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > MAX_ROWS:
            raise ValueError(_("faylda %(max)s sətirdən çox var") % {"max": MAX_ROWS})
        yield number, [cell.strip() for cell in row[:MAX_COLUMNS]]


def _read_xlsx(path: Path) -> Iterator[tuple[int, list[str]]]:
    # The first worksheet only: an export's table is its first sheet.
    with open(path, "rb") as handle:
        try:
            for number, cells in read_sheet(
                handle, limits=XLSX_LIMITS, max_col=MAX_COLUMNS, data_only=True
            ):
                yield number, [_cell(value) for value in cells]
        except SpreadsheetError as error:
            raise ValueError(str(error)) from None


# ---------------------------------------------------------------------------
# Recognising the column layout by the header row


def _norm(header: str) -> str:
    return fold(header).replace(" ", "")


_CODE = {"kod", "kodu", "code", "код", "isco08", "iscokod"}
_TITLE = {
    "az": {"ad", "adi", "adaz", "titleaz", "azerbaycanca", "adazerbaycanca", "pesenin adi"},
    "en": {"titleen", "aden", "adingilisce", "english", "nameen"},
    "ru": {"titleru", "adru", "adrusca", "название", "наименование", "nameru"},
}
_TITLE_ANY = {"title", "name", "ad", "adi"}
_LANGUAGE = {"dil", "language", "lang", "язык"}
_LEVEL = {"level", "seviyye", "уровень"}
_PARENT = {"parent", "parentcode", "ustkod", "yuxarikod", "yuxariqrup", "ustqrup"}
_DEFINITION = {
    "en": {"descriptionen", "description", "definition", "definitionen"},
    "az": {"terif", "terifaz", "definitionaz", "izah", "izahi", "tesvir", "tesviri"},
    "ru": {"definitionru", "terifru", "описание", "определение"},
}
# Longer than any ILO definition (the longest is about 4,000 characters) by far.
MAX_DEFINITION_LENGTH = 20_000
_KIND = {"kind", "nov"}
_LABEL = {"label", "alternativad"}
_OLD_CODE = {"kodkohne", "kohnekod"}
_OLD_TITLE = {"adkohne", "kohnead"}
_NEW_CODE = {"kodyeni", "yenikod"}
_NEW_TITLE = {"adyeni", "yeniad"}


def _find(names: list[str], wanted: set[str]) -> int | None:
    for index, name in enumerate(names):
        if name in wanted:
            return index
    return None


def _layout(header: list[str]) -> tuple[str, dict[str, int]]:
    """Return (layout, column index by field) for a header row."""
    names = [_norm(cell) for cell in header]
    cols: dict[str, int | None] = {}
    cols["old_code"], cols["new_code"] = _find(names, _OLD_CODE), _find(names, _NEW_CODE)
    if cols["old_code"] is not None and cols["new_code"] is not None:
        cols["old_title"], cols["new_title"] = _find(names, _OLD_TITLE), _find(names, _NEW_TITLE)
        return "key_table", {k: v for k, v in cols.items() if v is not None}
    if "iscocode" in names and "preferredlabel" in names:
        found = {
            "code": names.index("iscocode"),
            "preferred": names.index("preferredlabel"),
        }
        if "altlabels" in names:
            found["alt"] = names.index("altlabels")
        return "esco", found
    code = _find(names, _CODE)
    if code is None:
        return "unknown", {}
    found = {"code": code}
    label = _find(names, _LABEL)
    if label is not None:
        found["label"] = label
        for key, wanted in (("lang", _LANGUAGE), ("kind", _KIND)):
            index = _find(names, wanted)
            if index is not None:
                found[key] = index
        return ("labels", found) if "lang" in found else ("unknown", {})
    definitions = {
        f"definition_{lang}": index
        for lang, wanted in _DEFINITION.items()
        if (index := _find(names, wanted)) is not None
    }
    language = _find(names, _LANGUAGE)
    has_title = _find(names, _TITLE_ANY | _TITLE["az"] | _TITLE["en"] | _TITLE["ru"])
    if language is None and has_title is None and definitions:
        return "definitions", found | definitions
    if language is not None:
        title = _find(names, _TITLE_ANY | _TITLE["az"])
        if title is None:
            return "unknown", {}
        found["lang"], found["title"] = language, title
    else:
        for lang in LANGS:
            index = _find(names, _TITLE[lang])
            if index is not None:
                found[f"title_{lang}"] = index
        if not any(key.startswith("title_") for key in found):
            title = _find(names, _TITLE_ANY)
            if title is None:
                return "unknown", {}
            found["title_az"] = title
    for key, wanted in (("level", _LEVEL), ("parent", _PARENT)):
        index = _find(names, wanted)
        if index is not None:
            found[key] = index
    return "classification", found | definitions


# ---------------------------------------------------------------------------
# Parsed rows


@dataclass
class _Source:
    path: Path
    official: bool
    bundled: bool
    label_source: str = SOURCE_IMPORT


@dataclass
class _Group:
    code: str
    level: int
    parent: str | None
    titles: dict[str, tuple[str, bool]] = field(default_factory=dict)  # lang → (title, official)


@dataclass
class _Parsed:
    groups: dict[str, _Group] = field(default_factory=dict)
    labels: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    transitions: dict[tuple[str, str], str] = field(default_factory=dict)
    full_codes: set[str] | None = None  # codes of a full official file, for deactivation
    reactivate: set[str] = field(default_factory=set)
    pending_labels: list[tuple[str, int, str, str, str, str]] = field(default_factory=list)
    pending_transitions: list[tuple[str, int, str, str, str]] = field(default_factory=list)
    # (code, language) → (definition, official); read with the groups or from a file of
    # definitions alone, resolved once every file is read.
    definitions: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)
    pending_definitions: list[tuple[str, int, str, str, str, bool]] = field(default_factory=list)


def _get(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _is_code(code: str) -> bool:
    return code.isascii() and code.isdigit() and 1 <= len(code) <= MAX_CODE_LENGTH


def _normalise_language(value: str) -> str | None:
    value = fold(value)
    aliases = {
        "az": "az",
        "aze": "az",
        "azerbaycan": "az",
        "azerbaycanca": "az",
        "en": "en",
        "eng": "en",
        "english": "en",
        "ingilis": "en",
        "ru": "ru",
        "rus": "ru",
        "русский": "ru",
        "tr": "tr",
        "tur": "tr",
        "turk": "tr",
        "turkce": "tr",
        "turkish": "tr",
    }
    return aliases.get(value)


def _parse_file(
    source: _Source,
    parsed: _Parsed,
    existing: dict[str, tuple[int, str | None]],
    report: ImportReport,
) -> None:
    """Read one file into ``parsed``, appending every bad row to ``report.rejected``."""
    name = source.path.name
    try:
        rows = iter(_read_table(source.path))
        header_number, header, layout, cols = 0, [], "unknown", {}
        for number, cells in rows:
            if not any(cells):
                continue
            layout, cols = _layout(cells)
            header_number, header = number, cells
            if layout != "unknown" or number >= HEADER_SCAN_ROWS:
                break
        if layout == "unknown":
            shown = ", ".join(cell for cell in header if cell)[:200]
            report.rejected.append(
                RejectedRow(
                    name,
                    header_number,
                    _("sütunların düzülüşü tanınmadı (başlıq: %(header)s)")
                    % {"header": shown or "—"},
                )
            )
            return
        report.files.append((name, layout))
        handler = {
            "classification": _parse_classification,
            "key_table": _parse_key_table,
            "labels": _parse_labels,
            "esco": _parse_esco,
            "definitions": _parse_definitions,
        }[layout]
        handler(source, ((n, c) for n, c in rows if any(c)), cols, parsed, existing, report)
    except (ValueError, OSError, csv.Error) as error:
        report.rejected.append(RejectedRow(name, 0, str(error)))


def _parse_classification(source, rows, cols, parsed, existing, report) -> None:
    name = source.path.name
    seen: dict[tuple[str, str], int] = {}
    codes_in_file: set[str] = set()
    rows_ok: list[tuple[int, _Group]] = []
    for number, cells in rows:
        code = _get(cells, cols["code"]).replace(" ", "")
        level_text = _get(cells, cols.get("level"))
        level = None
        if level_text:
            if not level_text.isdigit() or not 1 <= int(level_text) <= 4:
                report.rejected.append(
                    RejectedRow(name, number, _("səviyyə 1–4 olmalıdır: %s") % level_text[:20])
                )
                continue
            level = int(level_text)
            # Excel drops the leading zero of codes such as 0110 stored as numbers.
            if code.isdigit() and len(code) == level - 1:
                code = "0" + code
        if not _is_code(code):
            report.rejected.append(
                RejectedRow(name, number, _("kod düzgün deyil: «%s»") % code[:20])
            )
            continue
        if level is not None and level != len(code):
            report.rejected.append(
                RejectedRow(
                    name,
                    number,
                    _("%(code)s kodunun səviyyəsi %(level)s ola bilməz")
                    % {"code": code, "level": level},
                )
            )
            continue
        level = len(code)
        parent = _get(cells, cols.get("parent")).replace(" ", "") or None
        expected_parent = code[:-1] if level > 1 else None
        if parent is not None and level > 1 and len(parent) == level - 2 and parent.isdigit():
            parent = "0" + parent
        if parent != expected_parent and not (parent is None and level > 1):
            report.rejected.append(
                RejectedRow(
                    name,
                    number,
                    _("%(code)s kodu %(parent)s yuxarı qrupuna uyğun deyil (səviyyə)")
                    % {"code": code, "parent": parent or "—"},
                )
            )
            continue
        titles: dict[str, tuple[str, bool]] = {}
        if "lang" in cols:
            lang = _normalise_language(_get(cells, cols["lang"]))
            if lang not in LANGS:
                report.rejected.append(
                    RejectedRow(name, number, _("dil az, en və ya ru olmalıdır"))
                )
                continue
            title = _get(cells, cols["title"])
            if title:
                titles[lang] = (title, source.official)
        else:
            for lang in LANGS:
                title = _get(cells, cols.get(f"title_{lang}"))
                if title:
                    titles[lang] = (title, source.official)
        if not titles:
            report.rejected.append(RejectedRow(name, number, _("ad boşdur")))
            continue
        if any(len(title) > 300 for title, _official in titles.values()):
            report.rejected.append(RejectedRow(name, number, _("ad 300 simvoldan uzundur")))
            continue
        duplicate = None
        for lang in titles:
            if (code, lang) in seen:
                duplicate = seen[(code, lang)]
            seen[(code, lang)] = number
        if duplicate is not None:
            report.rejected.append(
                RejectedRow(
                    name,
                    number,
                    _("təkrar kod %(code)s (sətir %(row)s ilə eyni)")
                    % {"code": code, "row": duplicate},
                )
            )
            continue
        if not _read_definitions(source, number, code, cells, cols, parsed, report):
            continue
        rows_ok.append(
            (number, _Group(code=code, level=level, parent=expected_parent, titles=titles))
        )
        codes_in_file.add(code)

    known = set(existing) | set(parsed.groups) | codes_in_file
    for number, group in rows_ok:
        if group.parent and group.parent not in known:
            report.rejected.append(
                RejectedRow(
                    name,
                    number,
                    _("%(code)s kodunun yuxarı qrupu %(parent)s tapılmadı")
                    % {"code": group.code, "parent": group.parent},
                )
            )
            continue
        merged = parsed.groups.setdefault(group.code, _Group(group.code, group.level, group.parent))
        for lang, (title, official) in group.titles.items():
            # Within one load an official title beats a working translation.
            if lang not in merged.titles or official or not merged.titles[lang][1]:
                merged.titles[lang] = (title, official)
    if not source.bundled:
        parsed.reactivate |= codes_in_file
        levels = {len(code) for code in codes_in_file}
        if levels >= {1, 2, 3, 4}:
            parsed.full_codes = (parsed.full_codes or set()) | codes_in_file


def _read_definitions(source, number, code, cells, cols, parsed, report) -> bool:
    """Queue the row's definitions; return False (and reject the row) if one is too long."""
    found = []
    for lang in LANGS:
        text = _get(cells, cols.get(f"definition_{lang}"))
        if len(text) > MAX_DEFINITION_LENGTH:
            report.rejected.append(
                RejectedRow(
                    source.path.name,
                    number,
                    _("tərif %(max)s simvoldan uzundur") % {"max": MAX_DEFINITION_LENGTH},
                )
            )
            return False
        if text:
            # English definitions are the ILO's, official wherever they come from.
            found.append((lang, text, source.official or lang == "en"))
    for lang, text, official in found:
        parsed.pending_definitions.append((source.path.name, number, code, lang, text, official))
    return True


def _parse_definitions(source, rows, cols, parsed, existing, report) -> None:
    name = source.path.name
    seen: dict[str, int] = {}
    for number, cells in rows:
        code = _get(cells, cols["code"]).replace(" ", "")
        if not _is_code(code):
            report.rejected.append(
                RejectedRow(name, number, _("kod düzgün deyil: «%s»") % code[:20])
            )
            continue
        if code in seen:
            report.rejected.append(
                RejectedRow(
                    name,
                    number,
                    _("təkrar kod %(code)s (sətir %(row)s ilə eyni)")
                    % {"code": code, "row": seen[code]},
                )
            )
            continue
        seen[code] = number
        _read_definitions(source, number, code, cells, cols, parsed, report)


def _parse_key_table(source, rows, cols, parsed, existing, report) -> None:
    name = source.path.name
    seen: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        old_code = _get(cells, cols["old_code"]).replace(" ", "")
        new_code = _get(cells, cols["new_code"]).replace(" ", "")
        old_title = _get(cells, cols.get("old_title"))[:400]
        if not (old_code.isascii() and old_code.isdigit() and len(old_code) <= 8):
            report.rejected.append(
                RejectedRow(name, number, _("köhnə kod düzgün deyil: «%s»") % old_code[:20])
            )
            continue
        if not _is_code(new_code):
            report.rejected.append(
                RejectedRow(name, number, _("yeni kod düzgün deyil: «%s»") % new_code[:20])
            )
            continue
        if (old_code, new_code) in seen:
            report.rejected.append(
                RejectedRow(
                    name,
                    number,
                    _("təkrar cüt %(old)s → %(new)s (sətir %(row)s ilə eyni)")
                    % {"old": old_code, "new": new_code, "row": seen[(old_code, new_code)]},
                )
            )
            continue
        seen[(old_code, new_code)] = number
        parsed.pending_transitions.append((name, number, old_code, new_code, old_title))


def _parse_labels(source, rows, cols, parsed, existing, report) -> None:
    name = source.path.name
    for number, cells in rows:
        code = _get(cells, cols["code"]).replace(" ", "")
        lang = _normalise_language(_get(cells, cols["lang"]))
        kind = fold(_get(cells, cols.get("kind"))) or AlternativeLabel.Kind.ALTERNATIVE
        label = " ".join(_get(cells, cols["label"]).split())
        if not _is_code(code):
            report.rejected.append(
                RejectedRow(name, number, _("kod düzgün deyil: «%s»") % code[:20])
            )
        elif lang not in LABEL_LANGS:
            report.rejected.append(
                RejectedRow(name, number, _("dil az, en, ru və ya tr olmalıdır"))
            )
        elif kind not in AlternativeLabel.Kind.values:
            report.rejected.append(
                RejectedRow(name, number, _("növ alternative və ya hidden olmalıdır"))
            )
        elif not label or len(label) > 300:
            report.rejected.append(RejectedRow(name, number, _("ad boşdur və ya çox uzundur")))
        else:
            parsed.pending_labels.append((name, number, code, lang, label, kind))


def _parse_esco(source, rows, cols, parsed, existing, report) -> None:
    name = source.path.name
    for number, cells in rows:
        code = _get(cells, cols["code"]).replace(" ", "")
        if not _is_code(code):
            report.rejected.append(
                RejectedRow(name, number, _("kod düzgün deyil: «%s»") % code[:20])
            )
            continue
        labels = [_get(cells, cols["preferred"])]
        labels += _get(cells, cols.get("alt")).split("|")
        for label in labels:
            label = " ".join(label.split())
            if label and len(label) <= 300:
                parsed.pending_labels.append(
                    (name, number, code, "en", label, AlternativeLabel.Kind.ALTERNATIVE)
                )


def _resolve_references(
    parsed: _Parsed,
    sources_by_name: dict[str, _Source],
    existing: dict[str, tuple[int, str | None]],
    report: ImportReport,
) -> None:
    """Check that labels and key-table rows name known codes, once all files are read."""
    known = set(existing) | set(parsed.groups)
    for name, number, code, lang, label, kind in parsed.pending_labels:
        if code not in known:
            report.rejected.append(RejectedRow(name, number, _("naməlum kod %s") % code))
            continue
        key = (code, lang, label)
        if key not in parsed.labels:
            parsed.labels[key] = (kind, sources_by_name[name].label_source)
    for name, number, code, lang, text, official in parsed.pending_definitions:
        if code not in known:
            report.rejected.append(RejectedRow(name, number, _("naməlum kod %s") % code))
            continue
        held = parsed.definitions.get((code, lang))
        # As with titles: within one load an official definition beats a working one.
        if held is None or official or not held[1]:
            parsed.definitions[(code, lang)] = (text, official)
    for name, number, old_code, new_code, old_title in parsed.pending_transitions:
        if new_code not in known:
            report.rejected.append(RejectedRow(name, number, _("naməlum yeni kod %s") % new_code))
            continue
        parsed.transitions[(old_code, new_code)] = old_title


# ---------------------------------------------------------------------------
# Writing


def _apply_groups(parsed: _Parsed, sources: list[_Source], report: ImportReport) -> None:
    bundled_only = all(source.bundled for source in sources)
    now = timezone.now()
    current = {occ.code: occ for occ in Occupation.objects.all()}
    to_create: list[Occupation] = []
    to_update: dict[str, Occupation] = {}
    fields_changed: set[str] = set()

    def change(occ: Occupation, name: str, value) -> None:
        if getattr(occ, name) != value:
            setattr(occ, name, value)
            fields_changed.add(name)
            to_update[occ.code] = occ

    for code in sorted(parsed.groups, key=lambda c: (len(c), c)):
        group = parsed.groups[code]
        occ = current.get(code)
        if occ is None:
            occ = Occupation(
                code=code,
                level=group.level,
                parent_id=group.parent,
                title_az="",
                is_active=True,
                updated_at=now,
            )
            for lang, (title, official) in group.titles.items():
                setattr(occ, f"title_{lang}", title)
                if lang in ("az", "ru"):
                    setattr(occ, f"title_{lang}_official", official)
            to_create.append(occ)
            current[code] = occ
            continue
        change(occ, "level", group.level)
        change(occ, "parent_id", group.parent)
        for lang, (title, official) in group.titles.items():
            if lang in ("az", "ru"):
                flag = f"title_{lang}_official"
                # A bundled load never overwrites an official title already imported.
                if getattr(occ, flag) and (bundled_only or not official):
                    continue
                change(occ, flag, official)
            change(occ, f"title_{lang}", title)
        if code in parsed.reactivate:
            change(occ, "is_active", True)

    new_codes = {occ.code for occ in to_create}
    for (code, lang), (text, official) in sorted(parsed.definitions.items()):
        occ = current[code]
        flag = f"definition_{lang}_official" if lang in ("az", "ru") else None
        if code in new_codes:
            setattr(occ, f"definition_{lang}", text)
            if flag:
                setattr(occ, flag, official)
            continue
        if flag:
            # As with titles, a bundled load never overwrites an official definition.
            if getattr(occ, flag) and (bundled_only or not official):
                continue
            change(occ, flag, official)
        change(occ, f"definition_{lang}", text)

    deactivate = []
    if parsed.full_codes is not None:
        for code, occ in current.items():
            if occ.is_active and code not in parsed.full_codes:
                occ.is_active = False
                occ.updated_at = now
                deactivate.append(occ)
                to_update.pop(code, None)

    Occupation.objects.bulk_create(to_create, batch_size=500)
    for occ in to_update.values():
        occ.updated_at = now
    if to_update:
        Occupation.objects.bulk_update(
            list(to_update.values()), sorted(fields_changed | {"updated_at"}), batch_size=500
        )
    if deactivate:
        Occupation.objects.bulk_update(deactivate, ["is_active", "updated_at"], batch_size=500)
    counts = report.occupations
    counts.created = len(to_create)
    counts.updated = len(to_update)
    counts.deactivated = len(deactivate)
    touched = set(parsed.groups) | {code for code, _lang in parsed.definitions}
    counts.unchanged = len(touched) - counts.created - counts.updated


def _apply_labels(parsed: _Parsed, sources: list[_Source], report: ImportReport) -> None:
    counts = report.labels
    current = {
        (occ, lang, label): (pk, kind, source)
        for pk, occ, lang, label, kind, source in AlternativeLabel.objects.values_list(
            "pk", "occupation_id", "language", "label", "kind", "source"
        )
    }
    to_create, to_update = [], []
    for (code, lang, label), (kind, source) in parsed.labels.items():
        found = current.get((code, lang, label))
        if found is None:
            to_create.append(
                AlternativeLabel(
                    occupation_id=code, language=lang, label=label, kind=kind, source=source
                )
            )
        elif found[2] == source and found[1] != kind:
            to_update.append(AlternativeLabel(pk=found[0], kind=kind))
        else:
            counts.unchanged += 1
    AlternativeLabel.objects.bulk_create(to_create, batch_size=1000)
    AlternativeLabel.objects.bulk_update(to_update, ["kind"], batch_size=1000)
    counts.created, counts.updated = len(to_create), len(to_update)
    if any(source.bundled for source in sources):
        stale = [
            pk
            for key, (pk, _kind, source) in current.items()
            if source in BUNDLED_LABEL_SOURCES and key not in parsed.labels
        ]
        for start in range(0, len(stale), 500):
            AlternativeLabel.objects.filter(pk__in=stale[start : start + 500]).delete()
        counts.deleted = len(stale)


def _apply_transitions(parsed: _Parsed, report: ImportReport) -> None:
    counts = report.transitions
    current = {(t.old_code, t.new_occupation_id): t for t in CodeTransition.objects.all()}
    to_create, to_update = [], []
    for (old_code, new_code), old_title in parsed.transitions.items():
        row = current.get((old_code, new_code))
        if row is None:
            to_create.append(
                CodeTransition(old_code=old_code, old_title=old_title, new_occupation_id=new_code)
            )
        elif row.old_title != old_title or not row.official:
            row.old_title, row.official = old_title, True
            to_update.append(row)
        else:
            counts.unchanged += 1
    CodeTransition.objects.bulk_create(to_create)
    CodeTransition.objects.bulk_update(to_update, ["old_title", "official"])
    counts.created, counts.updated = len(to_create), len(to_update)


def bump_version() -> int:
    """Record that the classification changed, so every search index rebuilds."""
    version = ClassificationVersion.objects.order_by("pk").first()
    if version is None:
        version = ClassificationVersion.objects.create(version=1)
    else:
        ClassificationVersion.objects.filter(pk=version.pk).update(
            version=F("version") + 1, changed_at=timezone.now()
        )
        version.refresh_from_db()
    public_pages_changed()
    return version.version


# ---------------------------------------------------------------------------
# Entry point


def bundled_sources(directory: Path = BUNDLED_DIR) -> list[_Source]:
    """Return the bundled files in the order they are applied."""
    found = [
        _Source(directory / "isco08_en.csv", official=True, bundled=True),
        _Source(directory / "working_titles.csv", official=False, bundled=True),
        _Source(directory / "definitions.csv", official=False, bundled=True),
        _Source(directory / "mesgulluq_az_official_partial.csv", official=True, bundled=True),
        _Source(directory / "transition_old_new_partial.csv", official=True, bundled=True),
        _Source(
            directory / "esco_occupations_en.csv",
            official=True,
            bundled=True,
            label_source=SOURCE_ESCO,
        ),
        _Source(
            directory / "aliases.csv", official=False, bundled=True, label_source=SOURCE_ALIASES
        ),
    ]
    return [source for source in found if source.path.exists()]


def import_classification(
    paths: Iterable[Path] | None = None,
    *,
    dry_run: bool = False,
    bundled_dir: Path | None = None,
) -> ImportReport:
    """Import classification files (the bundled data when ``paths`` is None).

    A file given by path is taken as official: its titles replace working
    translations, and if it carries all four levels, codes missing from it are
    deactivated (never deleted). Returns a report; when any row is rejected nothing
    is written and ``report.rejected`` lists the rows.
    """
    if paths is None:
        sources = bundled_sources(bundled_dir or BUNDLED_DIR)
        if not sources:
            report = ImportReport(dry_run=dry_run)
            report.rejected.append(
                RejectedRow(
                    str(bundled_dir or BUNDLED_DIR), 0, _("paketlənmiş təsnifat faylları tapılmadı")
                )
            )
            return report
    else:
        sources = [_Source(Path(path), official=True, bundled=False) for path in paths]
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            existing = dict(
                (code, (level, parent))
                for code, level, parent in Occupation.objects.values_list(
                    "code", "level", "parent_id"
                )
            )
            parsed = _Parsed()
            for source in sources:
                if not source.path.is_file():
                    report.rejected.append(RejectedRow(source.path.name, 0, _("fayl tapılmadı")))
                    continue
                _parse_file(source, parsed, existing, report)
            _resolve_references(
                parsed, {source.path.name: source for source in sources}, existing, report
            )
            if report.rejected:
                report.rejected.sort(key=lambda row: (row.file, row.row_number))
                raise ImportRejected
            _apply_groups(parsed, sources, report)
            _apply_labels(parsed, sources, report)
            _apply_transitions(parsed, report)
            if report.changed:
                report.version = bump_version()
            if dry_run:
                transaction.set_rollback(True)
    except ImportRejected:
        for counts in (report.occupations, report.labels, report.transitions):
            counts.__init__()
    return report


__all__ = [
    "BUNDLED_DIR",
    "Counts",
    "ImportReport",
    "LoadCounts",
    "REGIONS_CSV",
    "RejectedRow",
    "bump_version",
    "import_classification",
    "load_regions",
]


# ---------------------------------------------------------------------------
# Territorial units

REGIONS_CSV = BUNDLED_DIR / "economic_regions.csv"


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def load_regions(path: Path = REGIONS_CSV) -> LoadCounts:
    """Load the economic regions and their cities and districts (idempotent, all or nothing)."""
    counts = LoadCounts()
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    regions = {r.number: r for r in EconomicRegion.objects.all()}
    names = {int(row["region_no"]): row["economic_region"].strip() for row in rows}
    for number, name in names.items():
        region = regions.get(number)
        if region is None:
            regions[number] = EconomicRegion.objects.create(number=number, name=name)
            counts.created += 1
        elif region.name != name:
            region.name = name
            region.save(update_fields=["name"])
            counts.updated += 1
        else:
            counts.unchanged += 1
    places = {(p.region_id, p.name): p for p in Place.objects.all()}
    for row in rows:
        region = regions[int(row["region_no"])]
        name = row["city_or_district"].strip()
        liberated = row.get("liberated", "0").strip() == "1"
        place = places.get((region.pk, name))
        if place is None:
            places[(region.pk, name)] = Place.objects.create(
                region=region, name=name, is_liberated=liberated
            )
            counts.created += 1
        elif place.is_liberated != liberated:
            place.is_liberated = liberated
            place.save(update_fields=["is_liberated"])
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts
