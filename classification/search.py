"""Forgiving search over the classification, shared by the pages, the API and the picker.

The whole classification is small (619 groups, some 35,000 labels), so it is
indexed in memory once per process from the database and rebuilt when an import
(or an edit in the admin) bumps :class:`ClassificationVersion`. Each search costs
one cheap SQL query to check that the index is current, the same on SQLite and
PostgreSQL, and the matching itself is plain Python.

Ranking follows O*NET and ESCO: an exact code, then a code prefix (or an old code
of the first variant, mapped through the key table), then matches in titles, then
in alternative labels, then in definitions. Within a tier a result that covers more
of the query's words wins, then an exact match of the whole text, then rarer words
matched more exactly, then unit groups before their parents, then the code.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .models import (
    LANGS,
    AlternativeLabel,
    ClassificationVersion,
    CodeTransition,
    Level,
    Occupation,
    UnmatchedSearch,
)
from .text import STOPWORDS, fold_title, root, stem, stem_variants, turkish_reading

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MAX_LIMIT = 50

# Field tiers, best first.
TIER_TITLE, TIER_LABEL, TIER_DEFINITION = 0, 1, 2
KIND_BY_TIER = {TIER_TITLE: "title", TIER_LABEL: "label", TIER_DEFINITION: "definition"}

# How well a query word matched an indexed word.
Q_EXACT, Q_STEM, Q_PREFIX, Q_FUZZY = 1.0, 0.9, 0.75, 0.7
# A Turkish word read as Azerbaijani ("kaynak" → "qaynaq") matches a little less well.
Q_TURKISH = 0.95
# Agent nouns: "buldozer" → "buldozerçi", "kafel" → "kafelçi" (folded "ci", "cu").
_AGENT_SUFFIXES = ("ci", "cu")
MAX_PREFIX_EXPANSION = 300

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CODE_QUERY = re.compile(r"^\d{1,8}$")

# Parts of a definition that describe other groups, not this one: in the ILO's English
# and in the working translations' Azerbaijani and Russian headings.
_DEFINITION_STOP = re.compile(
    r"^(some related occupations|excluded from this|notes?\b|occupations in this .* "
    r"are classified|in such cases|it should be noted"
    r"|başqa qruplara aid|oxşar peşələr|qeyd\b|istisnalar"
    r"|родственные занятия|примечани|исключени)",
    re.IGNORECASE,
)
_EXAMPLES = re.compile(
    r"^(examples? of the occupations classified here|bu qrupa aid edil\w* peşə\w* nümunə"
    r"|peşələrə nümunələr|примеры занятий)",
    re.IGNORECASE,
)
# Lines that only introduce the list of tasks.
_TASKS_HEADING = re.compile(
    r"^(tasks include|in such cases tasks would include"
    r"|(belə hallarda )?(əsas )?vəzifələr\w*( daxildir)?"
    r"|(в таких случаях )?в (их )?обязанности входит|обязанности включают)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PathStep:
    code: str
    title: str


@dataclass
class SearchResult:
    """One occupation found, with what made it match."""

    code: str
    level: int
    title: str
    title_language: str
    title_az: str
    title_en: str
    title_ru: str
    official: bool
    path: list[PathStep]
    matched: str
    matched_kind: str
    matched_language: str = ""

    @property
    def is_unit(self) -> bool:
        return self.level == Level.UNIT

    @property
    def title_is_fallback(self) -> bool:
        return bool(self.requested_language) and self.title_language != self.requested_language

    requested_language: str = ""

    def as_dict(self) -> dict:
        """Return the result as the JSON API shapes it."""
        return {
            "code": self.code,
            "level": self.level,
            "title": self.title,
            "title_language": self.title_language,
            "title_az": self.title_az,
            "title_en": self.title_en,
            "title_ru": self.title_ru,
            "official": self.official,
            "path": [{"code": step.code, "title": step.title} for step in self.path],
            "matched": self.matched,
            "matched_kind": self.matched_kind,
        }


@dataclass
class _Entry:
    code: str
    level: int
    parent: str | None
    titles: dict[str, str]
    official: dict[str, bool]

    def title(self, language: str) -> tuple[str, str]:
        for lang in [language, *[x for x in LANGS if x != language]]:
            if self.titles.get(lang):
                return self.titles[lang], lang
        return self.code, language


@dataclass
class _Field:
    code: str
    tier: int
    text: str
    language: str
    folded: str
    n_words: int
    kind: str = ""  # title, label, hidden, example or definition


@dataclass(frozen=True)
class Sentence:
    """One line of a unit group's definition (its summary or a task), with its word roots."""

    language: str
    text: str
    roots: frozenset[str]


@dataclass
class Index:
    key: tuple | None
    entries: dict[str, _Entry] = field(default_factory=dict)
    fields: list[_Field] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    # Definition sentences are matched only by whole words or stems, not prefixes.
    definition_postings: dict[str, list[int]] = field(default_factory=dict)
    field_code: list[str] = field(default_factory=list)
    field_level: list[int] = field(default_factory=list)
    field_tier: list[int] = field(default_factory=list)
    field_words: list[int] = field(default_factory=list)
    field_folded: list[str] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)
    fuzzy_vocabulary: dict[int, list[str]] = field(default_factory=dict)
    stems: dict[str, set[str]] = field(default_factory=dict)
    old_codes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    n_occupations: int = 1
    # For the coding assistant (suggest.py): every unit group as a bag of word roots
    # (titles, labels, definitions in every language) and its definition sentences.
    doc_postings: dict[str, frozenset[str]] = field(default_factory=dict)
    label_postings: dict[str, frozenset[str]] = field(default_factory=dict)  # names only
    sentences: dict[str, list[Sentence]] = field(default_factory=dict)
    n_units: int = 1
    # Derived data the assistant computes once per index (e.g. choices for a generic word).
    cache: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Building the index


_TASK_MARK = re.compile(r"^(\([a-z]\)|[-•–])\s*")


def _definition_parts(definition: str) -> tuple[list[str], list[str]]:
    """Split a definition into (lines about this group, example job titles).

    The lines are the summary and the tasks as written, without their list marks.
    """
    lines, examples = [], []
    in_examples = False
    for raw in definition.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _DEFINITION_STOP.match(line):
            break
        if _EXAMPLES.match(line):
            in_examples = True
            continue
        if _TASKS_HEADING.match(line):
            continue
        if in_examples:
            title = line.lstrip("-•– ").strip()
            if title:
                examples.append(title)
            continue
        line = _TASK_MARK.sub("", line)
        if len(line) > 3:
            lines.append(line)
    return lines, examples


def _build(key: tuple | None) -> Index:
    index = Index(key=key)
    occupations = list(
        Occupation.objects.active()
        .order_by("code")
        .values_list(
            "code",
            "level",
            "parent_id",
            "title_az",
            "title_en",
            "title_ru",
            "title_az_official",
            "title_ru_official",
            "definition_en",
            "definition_az",
            "definition_ru",
        )
    )
    postings: dict[str, set[int]] = defaultdict(set)
    definition_postings: dict[str, set[int]] = defaultdict(set)
    doc_postings: dict[str, set[str]] = defaultdict(set)
    label_postings: dict[str, set[str]] = defaultdict(set)
    levels: dict[str, int] = {}

    def add(code: str, tier: int, text: str, language: str, kind: str) -> frozenset[str]:
        folded = fold_title(text)
        tokens = [w for w in folded.split() if w not in STOPWORDS]
        if not tokens:
            return frozenset()
        roots = frozenset(root(token) for token in tokens)
        if levels[code] == Level.UNIT:
            for token in roots:
                doc_postings[token].add(code)
                if tier != TIER_DEFINITION:
                    label_postings[token].add(code)
        fid = len(index.fields)
        index.fields.append(_Field(code, tier, text, language, folded, len(tokens), kind))
        index.field_code.append(code)
        index.field_level.append(levels[code])
        index.field_tier.append(tier)
        index.field_words.append(len(tokens))
        index.field_folded.append(folded)
        target = definition_postings if tier == TIER_DEFINITION else postings
        for token in tokens:
            target[token].add(fid)
        return roots

    for code, level, *_rest in occupations:
        levels[code] = level
    for row in occupations:
        code, level, parent, az, en, ru, az_official, ru_official, *definitions = row
        index.entries[code] = _Entry(
            code=code,
            level=level,
            parent=parent,
            titles={"az": az, "en": en, "ru": ru},
            official={"az": az_official, "en": True, "ru": ru_official},
        )
        for lang, title in (("az", az), ("en", en), ("ru", ru)):
            if title:
                add(code, TIER_TITLE, title, lang, "title")
        for lang, definition in zip(("en", "az", "ru"), definitions, strict=True):
            lines, examples = _definition_parts(definition or "")
            for example in examples:
                add(code, TIER_LABEL, example, lang, "example")
            for line in lines:
                roots = add(code, TIER_DEFINITION, line, lang, "definition")
                if level == Level.UNIT and roots:
                    index.sentences.setdefault(code, []).append(Sentence(lang, line, roots))
    labels = (
        AlternativeLabel.objects.filter(occupation__is_active=True)
        .order_by("kind", "pk")
        .values_list("occupation_id", "label", "language", "kind")
    )
    for code, label, language, kind in labels.iterator(chunk_size=5000):
        add(code, TIER_LABEL, label, language, "hidden" if kind == "hidden" else "label")
    for old_code, new_code, old_title in (
        CodeTransition.objects.filter(new_occupation__is_active=True)
        .order_by("old_code", "new_occupation_id")
        .values_list("old_code", "new_occupation_id", "old_title")
    ):
        index.old_codes.setdefault(old_code, []).append((new_code, old_title))

    index.postings = {word: sorted(fids) for word, fids in postings.items()}
    index.definition_postings = {word: sorted(fids) for word, fids in definition_postings.items()}
    index.vocabulary = sorted(set(index.postings) | set(index.definition_postings))
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in index.vocabulary:
        by_length[len(word)].append(word)
    index.fuzzy_vocabulary = dict(by_length)
    stems: dict[str, set[str]] = defaultdict(set)
    for word in index.vocabulary:
        stems[stem(word)].add(word)
    index.stems = dict(stems)
    index.codes = sorted(index.entries)
    index.n_occupations = max(len(index.entries), 1)
    index.doc_postings = {word: frozenset(codes) for word, codes in doc_postings.items()}
    index.label_postings = {word: frozenset(codes) for word, codes in label_postings.items()}
    index.n_units = max(sum(1 for level in levels.values() if level == Level.UNIT), 1)
    return index


_lock = threading.Lock()
_index: Index | None = None


def _current_key() -> tuple | None:
    """Return the version row (id, version, changed_at): one trivial query.

    Written as plain SQL because it runs on every search and the ORM's compilation
    would cost more than the query; it is the same SQL on SQLite and PostgreSQL.
    """
    quote = connection.ops.quote_name
    table = quote(ClassificationVersion._meta.db_table)
    sql = (
        f"SELECT {quote('id')}, {quote('version')}, {quote('changed_at')} "  # noqa: S608
        f"FROM {table} ORDER BY {quote('id')} LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return tuple(row) if row else None


def get_index() -> Index:
    """Return the in-process index, rebuilding it if the classification changed."""
    global _index
    key = _current_key()
    if key is None:
        # Never imported (a fresh database or a test building rows by hand): nothing
        # says when the rows change, so build from the database every time.
        return _build(None)
    current = _index
    if current is not None and current.key == key:
        return current
    with _lock:
        if _index is None or _index.key != key:
            _index = _build(key)
        return _index


def clear_index() -> None:
    """Forget the in-process index (tests; the version check makes this rarely needed)."""
    global _index
    with _lock:
        _index = None


# ---------------------------------------------------------------------------
# Searching


def clean_query(query: str) -> str:
    """Return ``query`` without control characters, cut to the longest query searched."""
    return _CONTROL.sub(" ", query or "")[:MAX_QUERY_LENGTH].strip()


def _word_matches(index: Index, word: str, fuzzy: bool = True) -> dict[str, float]:
    """Return indexed words matching one query word, with how well they match."""
    found: dict[str, float] = {}
    known = index.stems
    if word in index.postings or word in index.definition_postings:
        found[word] = Q_EXACT
    for variant in stem_variants(word):
        for candidate in known.get(variant, ()):
            found.setdefault(candidate, Q_STEM)
    if len(word) >= 3:
        start = bisect.bisect_left(index.vocabulary, word)
        for candidate in index.vocabulary[start : start + MAX_PREFIX_EXPANSION]:
            if not candidate.startswith(word):
                break
            found.setdefault(candidate, Q_PREFIX)
        if len(word) >= 4:
            # The trade's agent noun names the trade: "buldozer" is "buldozerçi".
            for suffix in _AGENT_SUFFIXES:
                for candidate in known.get(stem(word + suffix), ()):
                    if candidate.startswith(word) and found.get(candidate, 0.0) < Q_STEM:
                        found[candidate] = Q_STEM
    if fuzzy and len(word) >= 5 and not any(q >= Q_STEM for q in found.values()):
        cutoff = 1 if len(word) < 8 else 2
        nearby = index.cache.get(("nearby", len(word), cutoff))
        if nearby is None:
            nearby = index.cache[("nearby", len(word), cutoff)] = [
                candidate
                for length in range(len(word) - cutoff, len(word) + cutoff + 1)
                for candidate in index.fuzzy_vocabulary.get(length, ())
            ]
        for candidate, distance, _i in process.extract(
            word,
            nearby,
            scorer=Levenshtein.distance,
            score_cutoff=cutoff,
            limit=30,
        ):
            found.setdefault(candidate, Q_FUZZY - 0.05 * distance)
    return found


def _result(
    index: Index, entry: _Entry, language: str, matched: str, kind: str, matched_lang: str = ""
) -> SearchResult:
    title, title_language = entry.title(language)
    path = []
    parent = entry.parent
    while parent and parent in index.entries:
        step = index.entries[parent]
        path.append(PathStep(step.code, step.title(language)[0]))
        parent = step.parent
    path.reverse()
    return SearchResult(
        code=entry.code,
        level=entry.level,
        title=title,
        title_language=title_language,
        title_az=entry.titles["az"],
        title_en=entry.titles["en"],
        title_ru=entry.titles["ru"],
        official=entry.official.get(title_language, True),
        path=path,
        matched=matched,
        matched_kind=kind,
        matched_language=matched_lang,
        requested_language=language,
    )


def _search_code(index: Index, code: str, level: int | None, language: str, limit: int):
    results: list[SearchResult] = []
    seen: set[str] = set()

    def take(entry: _Entry, matched: str, kind: str) -> None:
        if entry.code in seen or (level is not None and entry.level != level):
            return
        seen.add(entry.code)
        results.append(_result(index, entry, language, matched, kind))

    if code in index.entries:
        take(index.entries[code], code, "code")
    for new_code, old_title in index.old_codes.get(code, ()):
        if new_code in index.entries:
            matched = f"{code} {old_title}".strip()
            take(index.entries[new_code], matched, "old_code")
    start = bisect.bisect_left(index.codes, code)
    prefixed = []
    for candidate in index.codes[start:]:
        if not candidate.startswith(code):
            break
        prefixed.append(index.entries[candidate])
    prefixed.sort(key=lambda e: (e.level != Level.UNIT, e.code))
    for entry in prefixed:
        if len(results) >= limit:
            break
        take(entry, code, "code_prefix")
    return results[:limit]


def query_words(text: str) -> list[tuple[str, str]]:
    """Return the query's words to match: (folded word, its Turkish reading), deduplicated."""
    folded = fold_title(text).split()
    readings = turkish_reading(text)
    pairs = [(w, r) for w, r in zip(folded, readings, strict=True) if w not in STOPWORDS]
    if not pairs:
        pairs = list(zip(folded, readings, strict=True))
    return list(dict(pairs).items())[:MAX_QUERY_WORDS]


def word_matches(index: Index, word: str, reading: str) -> dict[str, float]:
    """Return indexed words matching a query word or its Turkish reading, with quality."""
    found = _word_matches(index, word)
    if reading != word:
        # Typos are forgiven on the word as typed; the reading only adds what it spells.
        for candidate, quality in _word_matches(index, reading, fuzzy=False).items():
            quality *= Q_TURKISH
            if found.get(candidate, 0.0) < quality:
                found[candidate] = quality
    return found


def _search_text(
    index: Index, text: str, folded: str, level: int | None, language: str, limit: int
):
    pairs = query_words(text)
    words = [word for word, _reading in pairs]
    n_words = len(words)
    f_code, f_level, f_tier = index.field_code, index.field_level, index.field_tier
    f_words, f_folded = index.field_words, index.field_folded
    empty: list[int] = []
    # field id → {word number: best quality}; the loops below are the hot path.
    hits: dict[int, dict[int, float]] = {}
    covered: dict[str, int] = defaultdict(int)
    weights = []
    for number, (word, reading) in enumerate(pairs):
        per_word: dict[int, float] = {}
        for candidate, quality in word_matches(index, word, reading).items():
            postings = index.postings.get(candidate, empty)
            if quality >= Q_STEM:
                postings = postings + index.definition_postings.get(candidate, empty)
            for fid in postings:
                if per_word.get(fid, 0.0) < quality:
                    per_word[fid] = quality
        occupations = set()
        for fid, quality in per_word.items():
            if level is not None and f_level[fid] != level:
                continue
            held = hits.get(fid)
            if held is None:
                hits[fid] = {number: quality}
            else:
                held[number] = quality
            if f_tier[fid] != TIER_DEFINITION:
                occupations.add(f_code[fid])
        for code in occupations:
            covered[code] += 1
        # Rare words tell more than common ones ("qaynaqçı" more than "işçi").
        weights.append(1.0 + math.log(index.n_occupations / (1 + len(occupations))))

    # Fields covering more query words always rank first, so score the fields group by
    # group and stop once enough groups are found.
    by_count: dict[int, list[int]] = defaultdict(list)
    for fid, matched in hits.items():
        by_count[len(matched)].append(fid)
    best: dict[str, tuple] = {}
    for count in sorted(by_count, reverse=True):
        for fid in by_count[count]:
            matched = hits[fid]
            lowest = min(matched.values())
            quality = sum(q * weights[n] for n, q in matched.items())
            exact = f_folded[fid] == folded or (
                count == n_words == f_words[fid] and lowest >= Q_STEM
            )
            score = (count, exact, lowest >= Q_STEM, -f_tier[fid], quality, count / f_words[fid])
            code = f_code[fid]
            held = best.get(code)
            if held is None or score > held[0]:
                best[code] = (score, fid)
        if len(best) >= limit:
            break

    entries = index.entries

    def rank(code: str) -> tuple:
        (matched, exact, strong, tier, quality, tightness), _fid = best[code]
        return (
            -matched,
            not exact,
            not strong,
            -tier,
            -covered[code],
            -quality,
            -tightness,
            entries[code].level != Level.UNIT,
            code,
        )

    results = []
    for code in sorted(best, key=rank)[:limit]:
        item = index.fields[best[code][1]]
        results.append(
            _result(
                index, entries[code], language, item.text, KIND_BY_TIER[item.tier], item.language
            )
        )
    return results


def search(
    query: str,
    *,
    limit: int = 10,
    level: int | None = None,
    language: str | None = None,
    log_unmatched: bool = True,
) -> list[SearchResult]:
    """Return the occupations best matching ``query``: words in any language or a code."""
    language = (language or get_language() or "az")[:2]
    if language not in LANGS:
        language = "az"
    limit = max(1, min(int(limit), MAX_LIMIT))
    cleaned = clean_query(query)
    folded = fold_title(cleaned)
    if not folded:
        return []
    index = get_index()
    compact = folded.replace(" ", "")
    if CODE_QUERY.match(compact):
        results = _search_code(index, compact, level, language, limit)
    else:
        results = _search_text(index, cleaned, folded, level, language, limit)
    if not results and log_unmatched and len(folded) >= 3:
        _log_unmatched(cleaned)
    return results


def search_units(query: str, *, limit: int = 8, language: str | None = None):
    """Return unit groups for the forecast's profession picker."""
    return search(query, limit=limit, level=Level.UNIT, language=language)


def _log_unmatched(query: str) -> None:
    """Count a query that found nothing; never let logging break the search."""
    text = "".join(ch for ch in query if ch.isprintable())[:200].strip()
    if not text:
        return
    try:
        with transaction.atomic():
            updated = UnmatchedSearch.objects.filter(query=text).update(
                count=F("count") + 1, last_seen=timezone.now()
            )
            if not updated:
                UnmatchedSearch.objects.create(query=text)
    except DatabaseError:
        logger.warning("Could not log an unmatched classification search", exc_info=True)
