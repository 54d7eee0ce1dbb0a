"""Azerbaijani case, ordinals and alphabetical order: the rules of classification/text.py."""

import pytest
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from classification.text import lower, ordinal, sort_key, upper, upper_first


@pytest.mark.parametrize(
    ("text", "capitalised"),
    [
        ("işçilərin sayı", "İşçilərin sayı"),
        ("iqtisadi rayonlar", "İqtisadi rayonlar"),
        ("ılıq su", "Ilıq su"),
        ("əcnəbi işçi", "Əcnəbi işçi"),
        ("ölkə", "Ölkə"),
        ("", ""),
    ],
)
def test_upper_first_gives_dotted_capital_i_in_azerbaijani(text, capitalised):
    assert upper_first(text, "az") == capitalised


def test_python_and_django_would_get_it_wrong():
    assert capfirst("işəgötürən") == "Işəgötürən"  # the bug the rule exists for
    assert upper_first("işəgötürən", "az") == "İşəgötürən"


def test_upper_and_lower_pair_i_with_dotted_and_dotless_capitals():
    assert upper("inşaat işçisi", "az") == "İNŞAAT İŞÇİSİ"
    assert upper("qısa", "az") == "QISA"
    assert lower("İNŞAAT", "az") == "inşaat"
    assert lower("ISTI", "az") == "ıstı"


def test_other_languages_keep_their_own_case_rules():
    assert upper_first("island", "en") == "Island"
    assert upper("istanbul", "en") == "ISTANBUL"
    assert upper_first("инженер", "ru") == "Инженер"


def test_upper_first_follows_the_active_language_of_a_lazy_label():
    label = upper_first(gettext_lazy("işəgötürən"))
    with translation.override("az"):
        assert str(label) == "İşəgötürən"


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (1, "1-ci"),
        (2, "2-ci"),
        (3, "3-cü"),
        (4, "4-cü"),
        (6, "6-cı"),
        (9, "9-cu"),
        (10, "10-cu"),
        (20, "20-ci"),
        (40, "40-cı"),
        (100, "100-cü"),
        (2026, "2026-cı"),
        (2027, "2027-ci"),
        (2029, "2029-cu"),
        (2030, "2030-cu"),
        # Beyond CLDR: "min" takes -inci.
        (1000, "1000-ci"),
        (2000, "2000-ci"),
        (1_000_000, "1000000-cu"),
    ],
)
def test_ordinal_suffix_follows_vowel_harmony(number, written):
    assert ordinal(number, "az") == written


def test_ordinal_is_the_plain_number_in_english_and_russian():
    assert ordinal(2026, "en") == "2026"
    assert ordinal(3, "ru") == "3"
    with translation.override("az"):
        assert ordinal(3) == "3-cü"


AZ_ALPHABET_ORDER = [
    "A",
    "B",
    "C",
    "Ç",
    "D",
    "E",
    "Ə",
    "F",
    "G",
    "Ğ",
    "H",
    "X",
    "I",
    "İ",
    "J",
    "K",
    "Q",
    "L",
    "M",
    "N",
    "O",
    "Ö",
    "P",
    "R",
    "S",
    "Ş",
    "T",
    "U",
    "Ü",
    "V",
    "Y",
    "Z",
]


def test_sort_key_orders_the_azerbaijani_alphabet():
    shuffled = sorted(AZ_ALPHABET_ORDER, key=lambda letter: letter.encode())  # Unicode order
    assert shuffled != AZ_ALPHABET_ORDER
    assert sorted(shuffled, key=lambda t: sort_key(t, "az")) == AZ_ALPHABET_ORDER
    lower_case = [lower(letter, "az") for letter in AZ_ALPHABET_ORDER]
    assert sorted(reversed(lower_case), key=lambda t: sort_key(t, "az")) == lower_case


def test_sort_key_orders_place_names_as_an_azerbaijani_reader_expects():
    places = ["Şəki", "İmişli", "Goranboy", "Gəncə", "Göygöl", "Zaqatala", "Xaçmaz", "Ağsu"]
    assert sorted(places, key=lambda t: sort_key(t, "az")) == [
        "Ağsu",
        "Gəncə",
        "Goranboy",
        "Göygöl",
        "Xaçmaz",
        "İmişli",
        "Şəki",
        "Zaqatala",
    ]


def test_sort_key_ignores_case_and_quotes():
    names = ["“Xəzər” MMC", "abşeron MMC", "Çinar ASC", "ƏLİ və Ko"]
    assert sorted(names, key=lambda t: sort_key(t, "az")) == [
        "abşeron MMC",
        "Çinar ASC",
        "ƏLİ və Ko",
        "“Xəzər” MMC",
    ]


def test_sort_key_puts_russian_yo_beside_ye():
    assert sorted(["Ёлкин", "Жуков", "Егоров"], key=lambda t: sort_key(t, "ru")) == [
        "Егоров",
        "Ёлкин",
        "Жуков",
    ]
