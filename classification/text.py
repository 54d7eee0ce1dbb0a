"""Text folding shared by every search in the portal.

Employers often type Azerbaijani without its letters ("muhendis" for "mühəndis")
and in any case ("INŞAAT"), so every indexed text and every query is folded the
same way: Azerbaijani-aware lower case, then the Azerbaijani letters (and Russian ё)
mapped to their closest ASCII/base letters, punctuation to spaces.
"""

import re
import unicodedata

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
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return ``text`` folded for matching: lower case, no diacritics, single spaces."""
    if not text:
        return ""
    text = text.translate(_CASE).lower().translate(_LETTERS)
    # Strip remaining combining marks (e.g. "i̇" left by lower-casing a dotted capital).
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = text.translate(_LETTERS)
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


def stem_variants(word: str) -> set[str]:
    """Return ``word``, its stem and every other plausible stem of it.

    Azerbaijani endings are ambiguous ("mühəndisi" is "mühəndis" + "-i", not
    "mühəndi" + "-si"), so a query word is looked up under all its readings.
    """
    variants = {word, stem(word)}
    if len(word) <= 4 or word.isdigit() or _CYRILLIC.search(word):
        return variants
    frontier = [word]
    for _round in range(2):
        frontier = [shorter for w in frontier for shorter in _az_strips(w)]
        variants.update(frontier)
    return variants
