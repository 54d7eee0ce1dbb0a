"""The coding assistant: an employer's own job title (and duties, activity) in, codes out.

The search (``search.py``) answers one string, as you type. The assistant codes a
forecast line the way a human coder does, after CASCOT and the O*NET-SOC AutoCoder:

* the **job title** weighs most. Its words are matched against every unit group's
  titles, alternative labels (Azerbaijani, Russian, English, Turkish) and the example
  job titles of its definition; rare words count more than common ones, and a
  *head* such as "sürücüsü", "operatoru", "ustası", "машинист", "operatörü" counts
  little when a machine or trade is named before it, so "buldozer sürücüsü" is a
  bulldozer operator (8342), not a car driver;
* the **duties** and the employer's **industry** re-rank: their word roots are
  compared with each group's definition (in every language) and labels;
* the employer's **economic activity** (NACE section) nudges the groups typical of it;
* a **generic** title ("mühəndis", "operator", "menecer") or a close race is reported
  as ambiguous, with the choices that would decide it.

The score (0–100) reads as a probability that the suggestion is right, calibrated on
the evaluation sets in ``tests/classification`` (see ``bench/classification_suggest.py``):
suggestions scored 70 or more are right at least 90% of the time. It costs the same
one SQL query as a search (the in-memory index's version check).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import get_language

from .models import LANGS, EconomicActivity, Level
from .search import (
    CODE_QUERY,
    Q_PREFIX,
    Q_STEM,
    TIER_DEFINITION,
    Index,
    clean_query,
    get_index,
    query_words,
    word_matches,
)
from .text import STOPWORDS, fold_title, root, stem_variants

MAX_TITLE_LENGTH = 200
MAX_DUTIES_LENGTH = 2000
MAX_INDUSTRY_LENGTH = 200
MAX_LIMIT = 20
DEFAULT_LIMIT = 5
MAX_DUTY_WORDS = 60
MAX_CHOICES = 10

# Words that name what kind of worker, not which trade: with a machine or trade before
# them they count a little less ("buldozer sürücüsü", "машинист крана", "vinç
# operatörü"), and a field with another head of the same class stands in for them.
# Folded stems; a query word is a head if any of its readings is one of these.
HEAD_CLASSES: dict[str, frozenset[str]] = {
    "operate": frozenset(
        {"surucu", "operator", "masinist", "машинист", "оператор", "водител", "sofor", "driver"}
    ),
    "craft": frozenset({"usta", "мастер"}),
    "repair": frozenset(
        {"temirci", "tamirci", "mexanik", "механик", "слесар", "repairer", "mechanic"}
    ),
    "install": frozenset({"montajci", "qurasdiran", "монтажник", "installer"}),
    "work": frozenset({"isci", "рабоч", "worker", "hand", "elemani", "gorevli", "attendant"}),
}
HEADS = frozenset().union(*HEAD_CLASSES.values())
# A title made only of these says what kind of work, not which occupation: CASCOT caps
# the certainty of "Engineer" or "Teacher" low, and so does the assistant.
GENERIC = HEADS | frozenset(
    {
        "muhendis",
        "engineer",
        "инженер",
        "mutexessis",
        "specialist",
        "специалист",
        "uzman",
        "menecer",
        "manager",
        "менеджер",
        "mudur",
        "mudir",
        "texnik",
        "technician",
        "техник",
        "tekniker",
        "teknisyen",
        "fehle",
        "komekci",
        "helper",
        "assistant",
        "помощник",
        "yardimci",
        "employee",
        "isci",
        "montajci",
    }
)
HEAD_WEIGHT = 0.7
# A head the field does not hold still counts as matched, a little less, when the field
# names the same kind of worker: another head ("buldozer operatoru" for "buldozer
# sürücüsü") or an agent noun of the machine or trade itself ("buldozerçi", "kranovşik",
# "экскаваторщик").
Q_HEAD_STANDS_IN = 0.85
_AGENT_ENDINGS = ("ci", "cu", "sik", "cik", "ist", "щик", "чик", "ист")

# How much a field of each kind is worth when a title matches it.
KIND_WEIGHT = {"title": 1.0, "label": 1.0, "example": 0.97, "hidden": 0.95, "definition": 0.55}
# A minor group's title speaks for its unit groups, a little less.
PARENT_WEIGHT = 0.85
DUTIES_WEIGHT = 0.5
DUTIES_WEIGHT_GENERIC = 1.0
INDUSTRY_WEIGHT = 0.15
ACTIVITY_BOOST = 0.06
BAG_WHOLE = 0.5

# Unit groups typical of each NACE section (code prefixes). They only re-rank what the
# title and duties found: an operator at an oil company is a driller or a refinery
# operator before a machine operator n.e.c.
ACTIVITY_PREFIXES: dict[str, tuple[str, ...]] = {
    "A": ("61", "62", "92", "8341", "2132", "3142", "3143", "1311", "1312", "7233"),
    "B": ("811", "8113", "3117", "2146", "2114", "3134", "9311", "1322", "3121", "8343"),
    "C": ("3122", "313", "72", "73", "75", "81", "82", "93", "1321", "2141", "2145", "7543"),
    "D": ("3131", "741", "2151", "8182", "3113"),
    "E": ("3132", "961", "2143", "3257", "8189"),
    "F": ("71", "721", "741", "8342", "8343", "931", "3112", "3123", "1323", "2142", "216"),
    "G": ("52", "1420", "3322", "3323", "4321", "7231", "9334", "9333", "8322"),
    "H": ("83", "9333", "4323", "3331", "9621", "315", "1324", "5111", "5112"),
    "I": ("5120", "3434", "513", "941", "1411", "1412", "4224", "5151", "9112", "5246"),
    "J": ("25", "35", "2153", "2642", "2656", "7422", "1330", "2166"),
    "K": ("241", "331", "3312", "4211", "4312", "1346", "3321"),
    "L": ("3334", "5153", "1219"),
    "M": ("21", "24", "26", "3118", "3119", "2431", "2432"),
    "N": ("5414", "911", "912", "4222", "5113", "4221", "3333", "8322", "9629"),
    "O": ("11", "242", "335", "5412", "5413", "0"),
    "P": ("23", "5312", "1345"),
    "Q": ("22", "32", "532", "1342", "1343", "2634", "2635", "3412"),
    "R": ("265", "342", "1431", "3435", "2659"),
    "S": ("514", "9629", "2636", "7231", "7536"),
    "T": ("5152", "9111", "5311", "5162", "5322"),
    "U": ("1112", "2422", "4110"),
}
# Folded word starts that name an industry in free text, for when no section is given.
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "A": ("agri", "farm", "kend teserr", "ferm", "сельск", "ферм", "tarim", "bag", "istixana"),
    "B": (
        "oil",
        "neft",
        "нефт",
        "petrol",
        "gas ",
        "qaz ",
        "газ",
        "drill",
        "qazma",
        "бурен",
        "mining",
        "medenc",
        "мадан",
        "горнодоб",
        "maden",
        "offshore",
        "sondaj",
    ),
    "C": (
        "manufactur",
        "factory",
        "plant",
        "zavod",
        "fabrik",
        "завод",
        "фабрик",
        "istehsal",
        "производ",
        "uretim",
        "fabrika",
        "refinery",
        "emal",
    ),
    "D": ("electricity", "power", "energetik", "enerji", "электро", "энерг"),
    "E": ("water", "waste", "su teser", "tullanti", "отход", "водоснаб", "atik"),
    "F": (
        "construct",
        "building",
        "tikinti",
        "insaat",
        "строит",
        "road",
        "yol ",
        "pipeline",
        "ремонт квартир",
        "temir tikinti",
        "yapi",
    ),
    "G": (
        "retail",
        "wholesale",
        "shop",
        "store",
        "supermarket",
        "magaza",
        "магазин",
        "торгов",
        "ticaret",
        "market",
        "pharmacy",
        "aptek",
        "car service",
        "avtoservis",
    ),
    "H": (
        "transport",
        "logistic",
        "freight",
        "shipping",
        "courier",
        "neqliyyat",
        "логист",
        "перевоз",
        "nakliyat",
        "lojistik",
        "kuryer",
        "daşima",
        "dasima",
    ),
    "I": (
        "hotel",
        "otel",
        "restaurant",
        "restoran",
        "cafe",
        "kafe",
        "гостини",
        "ресторан",
        "mehmanxana",
        "catering",
        "coffee",
        "fast food",
        "iase",
    ),
    "J": (
        " it ",
        "ikt",
        "software",
        "proqram",
        "telecom",
        "rabite",
        "телеком",
        "yazilim",
        "digital",
    ),
    "K": ("bank", "insurance", "sigorta", "банк", "страх", "finans"),
    "L": ("real estate", "dasinmaz", "недвиж", "emlak"),
    "M": (
        "consult",
        "design office",
        "architect",
        "engineering",
        "audit",
        "layihe",
        "проект",
        "mushavir",
        "musavir",
        "legal",
        "huquq",
    ),
    "N": (
        "security",
        "cleaning",
        "muhafize",
        "temizlik",
        "охран",
        "клининг",
        "guvenlik",
        "travel agency",
        "business services",
        "staffing",
    ),
    "O": ("government", "ministry", "dovlet", "nazirlik", "государ", "министер"),
    "P": (
        "school",
        "universit",
        "kindergarten",
        "mekteb",
        "bagca",
        "школ",
        "университ",
        "education",
        "tehsil",
        "okul",
        "language school",
        "kurs",
    ),
    "Q": (
        "hospital",
        "clinic",
        "health",
        "xestexana",
        "klinika",
        "больниц",
        "клиник",
        "rehabilit",
        "social care",
        "hastane",
    ),
    "R": ("sport", "theatre", "museum", "idman", "teatr", "спорт", "muzey"),
    "S": ("beauty", "salon", "gozellik", "салон", "kuafor"),
    "T": ("household", "family home", "ev teserr", "домашн", "private household"),
}


@dataclass(frozen=True)
class Evidence:
    """What made a suggestion: a label, title or definition words that matched."""

    source: str  # title, label, hidden, example, definition, activity
    language: str
    text: str
    words: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "language": self.language,
            "text": self.text,
            "words": list(self.words),
        }


@dataclass
class Suggestion:
    code: str
    title: str
    title_language: str
    title_az: str
    title_en: str
    title_ru: str
    official: bool
    score: int
    evidence: list[Evidence]
    definition: str
    definition_language: str
    raw: float = 0.0

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "title_language": self.title_language,
            "title_az": self.title_az,
            "title_en": self.title_en,
            "title_ru": self.title_ru,
            "official": self.official,
            "score": self.score,
            "evidence": [item.as_dict() for item in self.evidence],
            "definition": self.definition,
            "definition_language": self.definition_language,
        }


@dataclass(frozen=True)
class Choice:
    """One way to make a generic title precise: a unit group and the title that names it."""

    code: str
    title: str
    label: str

    def as_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "label": self.label}


@dataclass
class SuggestResult:
    suggestions: list[Suggestion] = field(default_factory=list)
    ambiguous: bool = False
    reason: str = ""  # "generic", "close" or ""
    choices: list[Choice] = field(default_factory=list)
    activity: str = ""

    def as_dict(self) -> dict:
        return {
            "ambiguous": self.ambiguous,
            "reason": self.reason,
            "activity": self.activity,
            "count": len(self.suggestions),
            "suggestions": [item.as_dict() for item in self.suggestions],
            "choices": [item.as_dict() for item in self.choices],
        }


# ---------------------------------------------------------------------------
# Reading the inputs


def _is_in(word: str, reading: str, words: frozenset[str]) -> bool:
    return bool((stem_variants(word) | stem_variants(reading)) & words)


def activity_from_industry(industry: str) -> str:
    """Return the NACE section a free-text industry names, or "" if none is clear."""
    text = f" {fold_title(industry)} "
    if len(text) <= 2:
        return ""
    found = [
        section
        for section, starts in INDUSTRY_WORDS.items()
        if any(
            f" {start}" in text if not start.startswith(" ") else start in text for start in starts
        )
    ]
    return found[0] if len(found) == 1 else ""


def _roots(text: str, index: Index) -> dict[str, str]:
    """Return the known word roots of free text, each with a word it came from."""
    found: dict[str, str] = {}
    for word in fold_title(text).split()[: MAX_DUTY_WORDS * 2]:
        if word in STOPWORDS or len(word) < 3 or word.isdigit():
            continue
        key = root(word)
        if key in index.doc_postings and key not in found:
            found[key] = word
        if len(found) >= MAX_DUTY_WORDS:
            break
    return found


def _bag_scores(index: Index, roots: dict[str, str]) -> dict[str, float]:
    """Return the share of the text's (idf-weighted) roots each unit group holds.

    Half from the group's whole text (definitions in every language, titles, labels),
    half from its names alone (titles, labels, example job titles): a duty that names
    the trade's material or machine ("kafel", "ekskavator") is worth more than one of
    the definition's many words.
    """
    n = index.n_units
    weights = {key: math.log((n + 1) / (len(index.doc_postings[key]) + 0.5)) for key in roots}
    total = sum(weights.values())
    scores: dict[str, float] = defaultdict(float)
    if total <= 0:
        return scores
    for key, weight in weights.items():
        if weight <= 0:
            continue
        share = weight / total
        for code in index.doc_postings[key]:
            scores[code] += BAG_WHOLE * share
        for code in index.label_postings.get(key, ()):
            scores[code] += (1 - BAG_WHOLE) * share
    return scores


# ---------------------------------------------------------------------------
# Matching the title


@dataclass
class _TitleMatch:
    score: float
    fid: int
    words: tuple[str, ...] | dict[int, float]  # query words matched (their numbers, at first)


def _children(index: Index) -> dict[str, list[str]]:
    cached = index.cache.get("children")
    if cached is None:
        found: dict[str, list[str]] = defaultdict(list)
        for code, entry in index.entries.items():
            if entry.level == Level.UNIT and entry.parent:
                found[entry.parent].append(code)
        cached = index.cache["children"] = dict(found)
    return cached


def _head_class(word: str, reading: str) -> str:
    variants = stem_variants(word) | stem_variants(reading)
    return next((name for name, stems in HEAD_CLASSES.items() if variants & stems), "")


def _head_fields(index: Index) -> dict[str, frozenset[int]]:
    """Return, per head class, the fields holding one of its heads (operator, sürücü…)."""
    cached = index.cache.get("head_fields")
    if cached is None:
        found: dict[str, set[int]] = defaultdict(set)
        starts = tuple(HEADS)
        for word in index.vocabulary:
            name = word.startswith(starts) and _head_class(word, word)
            if name:
                found[name].update(index.postings.get(word, ()))
        cached = index.cache["head_fields"] = {k: frozenset(v) for k, v in found.items()}
    return cached


def _kind_weights(index: Index) -> list[float]:
    """Return, per field, what a title match in it is worth by the field's kind."""
    cached = index.cache.get("kind_weights")
    if cached is None:
        cached = index.cache["kind_weights"] = [
            KIND_WEIGHT.get(item.kind, 0.9) for item in index.fields
        ]
    return cached


def _match_title(
    index: Index, pairs: list[tuple[str, str]], heads: list[bool], generic: bool
) -> dict[str, _TitleMatch]:
    """Return each unit group's best-matching field for the title words."""
    f_code, f_level, f_tier, f_words = (
        index.field_code,
        index.field_level,
        index.field_tier,
        index.field_words,
    )
    children = _children(index)
    hits: dict[int, dict[int, float]] = {}
    agentive: set[int] = set()  # fields where a modifier matched an agent noun
    minor = int(Level.MINOR)
    weights: list[float] = []
    empty: list[int] = []
    for number, (word, reading) in enumerate(pairs):
        per_field: dict[int, float] = {}
        for candidate, quality in word_matches(index, word, reading).items():
            fids = index.postings.get(candidate, empty)
            if quality >= Q_STEM:
                fids = fids + index.definition_postings.get(candidate, empty)
            agent = (
                not heads[number]
                and candidate != word
                and len(candidate) > len(word)
                and candidate.endswith(_AGENT_ENDINGS)
            )
            for fid in fids:
                if f_level[fid] < minor:
                    continue
                if per_field.get(fid, 0.0) < quality:
                    per_field[fid] = quality
                if agent:
                    agentive.add(fid)
        named = set()
        for fid, quality in per_field.items():
            held = hits.get(fid)
            if held is None:
                hits[fid] = {number: quality}
            else:
                held[number] = quality
            if quality >= Q_PREFIX and f_tier[fid] != TIER_DEFINITION:
                named.add(f_code[fid])
        units = {child for code in named for child in children.get(code, (code,))}
        weight = 1.0 + math.log(index.n_units / (1 + len(units)))
        if heads[number] and not generic:
            weight *= HEAD_WEIGHT
        weights.append(weight)
    total = sum(weights) or 1.0
    best: dict[str, _TitleMatch] = {}
    kind_weight = _kind_weights(index)
    missing_heads = (
        [(n, _head_class(*pairs[n])) for n, head in enumerate(heads) if head] if not generic else []
    )
    head_fields = _head_fields(index) if missing_heads else {}
    # The best score each unit group has so far: most fields lose to it, and are skipped
    # before a match object is made.
    held_score: dict[str, float] = {}
    for fid, matched in hits.items():
        for n, name in missing_heads:
            if n not in matched and (fid in agentive or fid in head_fields.get(name, ())):
                matched = {**matched, n: Q_HEAD_STANDS_IN}
        count, width = len(matched), f_words[fid]
        if count == 1:  # most fields match one word: spare the generator
            ((n, q),) = matched.items()
            cover = weights[n] * q / total
        else:
            cover = sum(weights[n] * q for n, q in matched.items()) / total
        tight = 1.0 if count >= width else count / width
        score = cover * (0.85 + 0.15 * tight) * kind_weight[fid]
        code = f_code[fid]
        if f_level[fid] == minor:
            score *= PARENT_WEIGHT
            targets = children.get(code, ())
        else:
            targets = (code,)
        for target in targets:
            if score > held_score.get(target, -1.0):
                held_score[target] = score
                best[target] = _TitleMatch(score, fid, matched)
    for match in best.values():
        match.words = tuple(pairs[n][0] for n in sorted(match.words))
    return best


def _choices(index: Index, pairs, language: str) -> list[Choice]:
    """Return the unit groups a generic title's words name in compounds, most named first."""
    key = ("choices", tuple(word for word, _r in pairs), language)
    cached = index.cache.get(key)
    if cached is not None:
        return cached
    counts: dict[str, int] = defaultdict(int)
    shortest: dict[str, tuple[int, int, str]] = {}
    for word, reading in pairs:
        for candidate, quality in word_matches(index, word, reading).items():
            if quality < Q_PREFIX:
                continue
            for fid in index.postings.get(candidate, ()):
                item = index.fields[fid]
                if index.field_level[fid] != Level.UNIT or item.kind == "hidden":
                    continue
                if item.n_words < 2 or item.kind not in ("label", "title", "example"):
                    continue
                counts[item.code] += 1
                rank = (item.language != language, item.kind != "label", item.n_words, item.text)
                if item.code not in shortest or rank < shortest[item.code]:
                    shortest[item.code] = rank
    ordered = sorted(counts, key=lambda code: (-counts[code], code))[:MAX_CHOICES]
    result = [
        Choice(code, index.entries[code].title(language)[0], shortest[code][-1]) for code in ordered
    ]
    if len(index.cache) < 5000:
        index.cache[key] = result
    return result


def warm_up() -> None:
    """Build the index and what the assistant derives from it, before the first request."""
    index = get_index()
    _children(index)
    _head_fields(index)
    _kind_weights(index)
    for length in range(5, 25):  # the candidates a misspelt word is compared with
        word_matches(index, "x" * length, "x" * length)


# ---------------------------------------------------------------------------
# Scores


def certainty(raw: float, margin: float, generic: bool) -> float:
    """Turn the best suggestion's raw score and its lead into a probability of being right.

    Fitted by hand on the evaluation sets (bench/classification_suggest.py prints the
    calibration table): a title matched fully by a specific label and clearly ahead of
    the next group is right about 95% of the time; a generic title never above 0.39.
    """
    lead = min(margin, 0.3) / 0.3
    strength = min(max((raw - 0.45) / 0.5, 0.0), 1.0)
    p = 0.15 + 0.45 * strength + 0.38 * lead * (0.5 + 0.5 * strength)
    if generic:
        p = min(p, 0.39)
    return max(0.01, min(p, 0.98))


def _definition_excerpt(
    index: Index, code: str, language: str, roots: dict[str, str]
) -> tuple[str, str, tuple[str, ...]]:
    """Return (sentence, language, duty words it holds) of a group's definition."""
    sentences = index.sentences.get(code, [])
    if not sentences:
        return "", language, ()
    order = {lang: i for i, lang in enumerate(dict.fromkeys([language, "az", "en", "ru"]))}
    best, best_key, best_words = None, None, ()
    for position, sentence in enumerate(sentences):
        held = tuple(roots[key] for key in roots if key in sentence.roots) if roots else ()
        key = (-len(held), order.get(sentence.language, 9), position)
        if best_key is None or key < best_key:
            best, best_key, best_words = sentence, key, held
    return best.text, best.language, best_words


def suggest(
    title: str,
    *,
    duties: str = "",
    industry: str = "",
    activity: str = "",
    limit: int = DEFAULT_LIMIT,
    language: str | None = None,
) -> SuggestResult:
    """Return ranked unit groups for a job title, with scores, evidence and ambiguity."""
    language = (language or get_language() or "az")[:2]
    if language not in LANGS:
        language = "az"
    limit = max(1, min(int(limit), MAX_LIMIT))
    title = clean_query(title)[:MAX_TITLE_LENGTH]
    duties = clean_query(duties)[:MAX_DUTIES_LENGTH] if duties else ""
    industry = clean_query(industry)[:MAX_INDUSTRY_LENGTH] if industry else ""
    activity = (activity or "").strip().upper()
    if activity not in EconomicActivity.values:
        activity = activity_from_industry(industry) if industry else ""
    result = SuggestResult(activity=activity)
    folded = fold_title(title)
    if not folded:
        return result
    index = get_index()
    compact = folded.replace(" ", "")
    if CODE_QUERY.match(compact):
        entry = index.entries.get(compact)
        if entry is not None and entry.level == Level.UNIT:
            result.suggestions.append(
                _suggestion(index, compact, language, 0.99, [Evidence("code", "", compact)], {})
            )
        return result

    pairs = query_words(title)
    heads = [_is_in(word, reading, HEADS) for word, reading in pairs]
    generic = all(_is_in(word, reading, GENERIC) for word, reading in pairs)
    titles = _match_title(index, pairs, heads, generic)
    duty_roots = _roots(duties, index) if duties else {}
    duty_scores = _bag_scores(index, duty_roots) if duty_roots else {}
    industry_roots = _roots(industry, index) if industry else {}
    industry_scores = _bag_scores(index, industry_roots) if industry_roots else {}
    prefixes = ACTIVITY_PREFIXES.get(activity, ())

    candidates = set(titles)
    if duty_scores:
        candidates.update(sorted(duty_scores, key=duty_scores.get, reverse=True)[:30])
    if not candidates:
        return result
    duties_weight = DUTIES_WEIGHT_GENERIC if generic else DUTIES_WEIGHT
    scored = []
    for code in candidates:
        match = titles.get(code)
        value = match.score if match else 0.0
        value += duties_weight * duty_scores.get(code, 0.0)
        value += INDUSTRY_WEIGHT * industry_scores.get(code, 0.0)
        boosted = bool(prefixes) and code.startswith(prefixes)
        if boosted and (match or duty_scores.get(code)):
            value += ACTIVITY_BOOST
        scored.append((value, code, boosted))
    # Rank; ties go to the group the title's words name most often, then the code.
    choices = _choices(index, pairs, language) if generic else []
    named = {choice.code: i for i, choice in enumerate(choices)}
    scored.sort(key=lambda item: (-round(item[0], 6), named.get(item[1], MAX_CHOICES), item[1]))

    top = scored[0][0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    # With duties a group can score above 1: put it back on the title's scale.
    scale = 1.0 + 0.5 * duties_weight if duty_roots else 1.0
    raw, margin = min(1.0, top / scale), (top - second) / scale
    p_top = certainty(raw, margin, generic and not duty_roots)
    rest = sum(value for value, _c, _b in scored[1:limit]) or 1.0
    for position, (value, code, boosted) in enumerate(scored[:limit]):
        probability = p_top if position == 0 else min((1.0 - p_top) * value / rest, p_top - 0.01)
        evidence = []
        match = titles.get(code)
        if match is not None:
            item = index.fields[match.fid]
            evidence.append(Evidence(item.kind, item.language, item.text, match.words))
        if boosted and activity:
            evidence.append(Evidence("activity", "", activity))
        result.suggestions.append(
            _suggestion(index, code, language, probability, evidence, duty_roots, raw=value)
        )

    if generic and not duty_roots:
        result.ambiguous, result.reason = True, "generic"
    elif p_top < 0.5 and margin < 0.08:
        result.ambiguous, result.reason = True, "close"
    if result.ambiguous:
        if generic and choices:
            result.choices = choices
        else:
            result.choices = [
                Choice(s.code, s.title, s.evidence[0].text if s.evidence else s.title)
                for s in result.suggestions[:6]
            ]
    return result


def _suggestion(
    index: Index,
    code: str,
    language: str,
    probability: float,
    evidence: list[Evidence],
    duty_roots: dict[str, str],
    raw: float = 0.0,
) -> Suggestion:
    entry = index.entries[code]
    title, title_language = entry.title(language)
    excerpt, excerpt_language, duty_words = _definition_excerpt(index, code, language, duty_roots)
    if duty_words:
        evidence.append(Evidence("definition", excerpt_language, excerpt, duty_words))
    return Suggestion(
        code=code,
        title=title,
        title_language=title_language,
        title_az=entry.titles["az"],
        title_en=entry.titles["en"],
        title_ru=entry.titles["ru"],
        official=entry.official.get(title_language, True),
        score=max(1, min(99, round(probability * 100))),
        evidence=evidence,
        definition=excerpt,
        definition_language=excerpt_language,
        raw=raw,
    )
