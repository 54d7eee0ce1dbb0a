"""The portal's text rules, each in one place: folding for search, Azerbaijani case,
ordinals and alphabetical order.

Employers often type Azerbaijani without its letters ("muhendis" for "mühəndis")
and in any case ("INŞAAT"), so every indexed text and every query is folded the
same way: Azerbaijani-aware lower case, then the Azerbaijani letters (and Russian ё)
mapped to their closest ASCII/base letters, punctuation to spaces.

Python's own case rules are English ones: ``"i".upper()`` is "I" and ``"I".lower()``
is "i", where Azerbaijani pairs i/İ and ı/I. ``upper``, ``lower`` and ``upper_first``
here are what labels and messages use instead of ``str.capitalize`` or Django's
``capfirst``; ``ordinal`` writes "2026-cı" by vowel harmony (CLDR's ordinal
categories through Babel) and ``sort_key`` orders by the Azerbaijani alphabet.
"""

import functools
import re
import unicodedata

from babel import Locale
from django.utils.functional import keep_lazy_text
from django.utils.translation import get_language

_CASE = str.maketrans({"İ": "i", "I": "i"})
_LETTERS = str.maketrans(
    {
        "ə": "e",
        "ä": "e",
        "ö": "o",
        "ü": "u",
        "ş": "s",
        "ç": "c",
        "ğ": "g",
        "ı": "i",
        "ё": "е",
        "й": "и",
    }
)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_SPACES = re.compile(r"\s+")
# "İT" (information technology) and "it" (dog) fold to the same letters; in job titles
# the capitals keep the acronym apart, so an IT trainer and a dog trainer never collide.
_IT_ACRONYM = re.compile(r"(?<![^\W\d_])[Iİ]T(?![^\W\d_])")


def fold(text: str) -> str:
    """Return ``text`` folded for matching: lower case, no diacritics, single spaces."""
    if not text:
        return ""
    # Word by word through a cache: the classification's texts repeat a vocabulary of a
    # few tens of thousands of words, and str.translate on long non-ASCII text is slow.
    return " ".join(folded for word in text.split() if (folded := _fold_word(word)))


def fold_title(text: str) -> str:
    """Return a job title folded like :func:`fold`, the acronym "İT" kept apart from "it"."""
    if "T" in text:
        text = _IT_ACRONYM.sub("İKT", text)
    return fold(text)


@functools.lru_cache(maxsize=200_000)
def _fold_word(text: str) -> str:
    text = text.translate(_CASE).lower().translate(_LETTERS)
    if not text.isascii():
        # Strip remaining combining marks (e.g. "i̇" left by lower-casing a dotted capital).
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_LETTERS)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Return the folded words of ``text``."""
    return fold(text).split()


# Words that carry no meaning on their own in a job title (folded forms).
STOPWORDS = frozenset(
    {
        # Azerbaijani
        "ve",
        "ya",
        "veya",
        "ile",
        "uzre",
        "ucun",
        "sair",
        "diger",
        # English
        "and",
        "or",
        "of",
        "the",
        "in",
        "for",
        "to",
        "a",
        "an",
        "with",
        "on",
        "by",
        "not",
        "elsewhere",
        "classified",
        # Russian
        "и",
        "или",
        "в",
        "во",
        "на",
        "по",
        "с",
        "со",
        "для",
        "не",
        "из",
        "к",
    }
)

# Inflectional endings, folded, longest first. Derivational endings such as the
# agent suffix -çı ("qaynaq" → "qaynaqçı") are kept: prefix matching covers them.
_AZ_ENDINGS = tuple(
    sorted(
        {
            "larinin",
            "lerinin",
            "larina",
            "lerine",
            "larinda",
            "lerinde",
            "larindan",
            "lerinden",
            "lari",
            "leri",
            "lar",
            "ler",
            "sinin",
            "sunun",
            "nin",
            "nun",
            "sina",
            "sine",
            "suna",
            "sune",
            "si",
            "su",
            "dan",
            "den",
            "da",
            "de",
            "in",
            "un",
            "ya",
            "ye",
            "i",
            "u",
            "a",
            "e",
        },
        key=len,
        reverse=True,
    )
)
_EN_ENDINGS = ("ies", "ers", "ors")
_VOWELS = frozenset("aeiouy")
_AFTER_CONSONANT = frozenset({"i", "u", "a", "e", "in", "un"})
# Russian noun and adjective endings after folding (й → и, ё → е).
_RU_ENDINGS = tuple(
    sorted(
        {
            "ами",
            "ями",
            "ов",
            "ев",
            "еи",
            "ам",
            "ям",
            "ах",
            "ях",
            "ом",
            "ем",
            "ои",
            "ыи",
            "ии",
            "ая",
            "яя",
            "ое",
            "ее",
            "ые",
            "ие",
            "ых",
            "их",
            "ого",
            "его",
            "ому",
            "ему",
            "ым",
            "им",
            "ую",
            "юю",
            "ы",
            "и",
            "а",
            "я",
            "у",
            "ю",
            "е",
            "о",
            "ь",
        },
        key=len,
        reverse=True,
    )
)
_CYRILLIC = re.compile("[а-я]")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return a rough stem of a folded word: its inflectional ending removed.

    Deliberately light (one or two endings, a stem of at least four letters, three
    for Russian): both the index and the query go through it, so over-stemming
    only merges a few near words, while under-stemming would lose matches.
    """
    if len(word) <= 4 or word.isdigit():
        return word
    if _CYRILLIC.search(word):
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
        return word
    for ending in _EN_ENDINGS:
        if word.endswith(ending):
            return word[:-3] + "y" if ending == "ies" else word[:-1]
    if word[-1] == "s" and word[-2] not in _VOWELS and word[-2] != "s":
        # English plural after a consonant ("cooks", "pilots"); Azerbaijani words
        # ending in -s keep it ("mühəndis").
        return word[:-1]
    for _round in range(2):
        for ending in _AZ_ENDINGS:
            if not word.endswith(ending) or len(word) - len(ending) < 4:
                continue
            before = word[-len(ending) - 1]
            # A buffer consonant (-sı, -nın, -ya) follows a vowel; a bare vowel
            # ending (-ı, -ın) follows a consonant: "mühəndisi", "sürücüsü".
            if ending[0] in "sny" and before not in _VOWELS:
                continue
            if ending in _AFTER_CONSONANT and before in _VOWELS:
                continue
            word = word[: -len(ending)]
            break
        else:
            break
    return word


@functools.lru_cache(maxsize=100_000)
def root(word: str) -> str:
    """Return a folded word's root for bag-of-words matching: its stem cut to 5 letters.

    Duties are written in any form ("quraşdırır", "quraşdırılması"; "прокладывает",
    "прокладка"), so a task and a definition are compared by the start of their words.
    """
    return stem(word)[:4]


def _az_strips(word: str) -> list[str]:
    """Return every way of removing one Azerbaijani ending from ``word``."""
    found = []
    for ending in _AZ_ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < 4:
            continue
        before = word[-len(ending) - 1]
        if ending[0] in "sny" and before not in _VOWELS:
            continue
        if ending in _AFTER_CONSONANT and before in _VOWELS:
            continue
        found.append(word[: -len(ending)])
    return found


@functools.lru_cache(maxsize=100_000)
def stem_variants(word: str) -> frozenset[str]:
    """Return ``word``, its stem and every other plausible stem of it.

    Azerbaijani endings are ambiguous ("mühəndisi" is "mühəndis" + "-i", not
    "mühəndi" + "-si"), so a query word is looked up under all its readings.
    """
    variants = {word, stem(word)}
    if len(word) <= 4 or word.isdigit() or _CYRILLIC.search(word):
        return frozenset(variants)
    frontier = [word]
    for _round in range(2):
        frontier = [shorter for w in frontier for shorter in _az_strips(w)]
        variants.update(frontier)
    return frozenset(variants)


# ---------------------------------------------------------------------------
# Turkish spellings


# Turkish words an employer uses where Azerbaijani has another word (folded forms).
_TURKISH_WORDS = {
    "makine": "masin",
    "makinesi": "masini",
    "makina": "masin",
    "makinasi": "masini",
    "sofor": "surucu",
    "soforu": "surucusu",
    "teknisyen": "texnik",
    "teknisyeni": "texniki",
    "tekniker": "texnik",
    "teknikeri": "texniki",
    "tamirci": "temirci",
    "tamircisi": "temircisi",
    "gorevli": "isci",
    "gorevlisi": "iscisi",
    "eleman": "isci",
    "elemani": "iscisi",
    "yardimci": "komekci",
    "yardimcisi": "komekcisi",
    "asci": "aspaz",
    "ascisi": "aspazi",
    "guvenlik": "muhafize",
    "yazilim": "proqram",
    "gelistirici": "tertibatci",
    "muduru": "mudiri",
    "mudur": "mudir",
    "sefi": "reisi",
}
_BACK_VOWELS = frozenset("aıou")
_ALL_VOWELS = frozenset("aıoueəiöü")


def _turkish_word(word: str) -> str:
    # Azerbaijani writes q where Turkish writes k next to a back vowel (kaynak → qaynaq,
    # kazan → qazan, bulaşık → bulaşıq) and b for a final p (kalıp → qəlib).
    letters = list(word)
    for i, letter in enumerate(letters):
        if letter != "k":
            continue
        following = next((c for c in letters[i + 1 :] if c in _ALL_VOWELS), None)
        preceding = next((c for c in reversed(letters[:i]) if c in _ALL_VOWELS), None)
        nearest = following if i + 1 < len(letters) and letters[i + 1] in _ALL_VOWELS else None
        vowel = nearest or preceding or following
        if vowel in _BACK_VOWELS:
            letters[i] = "q"
    if len(letters) > 3 and letters[-1] == "p" and letters[-2] in _ALL_VOWELS:
        letters[-1] = "b"
    return "".join(letters)


def turkish_reading(text: str) -> list[str]:
    """Return the folded words of ``text`` respelt as Azerbaijani if it were Turkish.

    One word for each folded word of ``text`` (the same positions), e.g. "kalıpçı
    ustası" → ["qalibci", "ustasi"], "iş makinesi operatörü" → ["is", "masini",
    "operatoru"]; words that read the same stay the same. Turkish and Azerbaijani fold
    alike in most letters (ü, ö, ş, ç, ğ, ı; e and ə both fold to e), so this only
    covers what folding cannot: k/q, final p/b and a few words Turkish uses instead.
    """
    text = _IT_ACRONYM.sub("İKT", text) if "T" in text else text
    lowered = text.translate(_CASE_TR).lower()
    respelt = " ".join(_turkish_word(word) for word in lowered.split())
    folded = fold(respelt).split()
    if len(folded) != len(fold(text).split()):
        return fold(text).split()
    return [_TURKISH_WORDS.get(word, word) for word in folded]


_CASE_TR = str.maketrans({"İ": "i", "I": "ı"})


# --- Azerbaijani case ------------------------------------------------------------------

# The languages whose dotted and dotless i are two letters (Turkish shares the rule).
_DOTTED_I_LANGUAGES = frozenset({"az", "tr"})
_AZ_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_AZ_LOWER = str.maketrans({"İ": "i", "I": "ı"})


def _language(language: str | None) -> str:
    return (language or get_language() or "az").split("-")[0].lower()


def upper(text: str, language: str | None = None) -> str:
    """Return ``text`` in capitals: i→İ and ı→I in Azerbaijani (the active language by default)."""
    if _language(language) in _DOTTED_I_LANGUAGES:
        text = text.translate(_AZ_UPPER)
    return text.upper()


def lower(text: str, language: str | None = None) -> str:
    """Return ``text`` in small letters: İ→i and I→ı in Azerbaijani."""
    if _language(language) in _DOTTED_I_LANGUAGES:
        text = text.translate(_AZ_LOWER)
    return text.lower()


@keep_lazy_text
def upper_first(text, language: str | None = None) -> str:
    """Return ``text`` with its first letter capitalised by the language's rules.

    The Azerbaijani replacement for ``capfirst``: "işçilərin sayı" → "İşçilərin sayı".
    Lazy texts stay lazy, so a label is capitalised in the language it is shown in.
    """
    text = str(text)
    if not text:
        return text
    return upper(text[0], language) + text[1:]


# --- ordinals ----------------------------------------------------------------------------

# The suffix of each CLDR ordinal category in Azerbaijani, by vowel harmony of the
# number word's last vowel: birinci/ikinci (-ci), üçüncü (-cü), altıncı (-cı),
# doqquzuncu (-cu).
_AZ_ORDINAL_SUFFIX = {"one": "ci", "few": "cü", "many": "cı", "other": "cu"}


def ordinal(number: int, language: str | None = None) -> str:
    """Return ``number`` as Azerbaijani writes an ordinal: "2026-cı", "3-cü", "9-cu".

    The suffix comes from CLDR's ordinal category (through Babel). CLDR files a round
    thousand under "other" (-cu), but "min" takes -inci: 2000-ci, 15000-ci. English
    and Russian texts put the plain number where Azerbaijani writes an ordinal
    ("Row 3", "строка 3"), so other languages get the number unchanged.
    """
    number = int(number)
    if _language(language) != "az":
        return str(number)
    n = abs(number)
    round_thousand = n and n % 1000 == 0 and n % 1_000_000
    category = "one" if round_thousand else _AZ_LOCALE.ordinal_form(n)
    return f"{number}-{_AZ_ORDINAL_SUFFIX[category]}"


_AZ_LOCALE = Locale("az")


# --- alphabetical order ------------------------------------------------------------------

AZ_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
_AZ_RANK = {letter: rank for rank, letter in enumerate(AZ_ALPHABET)}


def sort_key(text: str, language: str | None = None) -> tuple:
    """Return a key that orders ``text`` by its language's alphabet, ignoring case.

    Azerbaijani: A B C Ç D E Ə F G Ğ H X I İ J K Q L M N O Ö P R S Ş T U Ü V Y Z
    (x after h, q after k, ı before i). Spaces and punctuation are ignored (so
    “Xəzər” MMC sorts under X), digits come before letters, letters outside the
    alphabet after it. Other languages
    order by Unicode case-folded text, with Russian ё beside е. Ties are broken by
    the text itself, so the order is total. The database does the same with its
    "az" collation (classification migration 0004).
    """
    text = str(text or "")
    if _language(language) != "az":
        letters = "".join(ch for ch in text.casefold() if ch.isalnum())
        return (letters.replace("ё", "е"), text)
    folded = unicodedata.normalize("NFC", lower(text, "az"))
    weights = []
    for char in folded:
        if char in _AZ_RANK:
            weights.append(2000 + _AZ_RANK[char])
        elif char.isdigit():
            weights.append(1000 + int(char) if char.isascii() else 1010)
        elif char.isalpha():
            weights.append(3000 + ord(char))
    return (tuple(weights), text)


# Characters that show nothing but change how text around them reads: zero-width spaces
# and joiners, the left-to-right and right-to-left marks, embeddings, overrides and
# isolates (a right-to-left override turns "Şirkət‮cod.exe" into "Şirkətexe.doc"), the
# word joiner and the byte-order mark. Nobody types them on purpose in a name or a note.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def strip_invisible(text: str) -> str:
    """Return ``text`` without zero-width and bidirectional control characters."""
    return _INVISIBLE.sub("", text)
