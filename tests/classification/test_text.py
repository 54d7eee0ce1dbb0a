"""The folding every search in the portal shares, and the light stemmer."""

import pytest

from classification.text import fold, fold_title, root, stem, stem_variants, turkish_reading, words


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Mühəndis", "muhendis"),
        ("İNŞAAT", "insaat"),
        ("ISTANBUL", "istanbul"),
        ("ınşaat", "insaat"),
        ("Qaynaqçı", "qaynaqci"),
        ("AŞPAZ", "aspaz"),
        ("ÇÖRƏKÇİ", "corekci"),
        ("Ağac", "agac"),
        ("Ölçü", "olcu"),
        ("Сварщик", "сварщик"),
        ("Ёлка", "елка"),
        ("Инженер-строитель", "инженер строитель"),
        ("  elektrik   qaynaqçısı!! ", "elektrik qaynaqcisi"),
        ("", ""),
    ],
)
def test_it_folds_case_and_azerbaijani_letters(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("letters", ["əe", "öo", "üu", "şs", "çc", "ğg", "ıi"])
def test_each_azerbaijani_letter_matches_its_ascii_spelling(letters):
    letter, ascii_letter = letters
    assert fold(letter) == fold(ascii_letter) == ascii_letter
    assert fold(letter.upper()) == ascii_letter


def test_dotted_and_dotless_capital_i_both_fold_to_i():
    assert fold("İ") == fold("I") == fold("i") == fold("ı") == "i"


def test_it_survives_control_characters_and_emoji():
    assert fold("qaynaq\x00çı 👷") == "qaynaq ci"
    assert words("DROP TABLE; --") == ["drop", "table"]


@pytest.mark.parametrize(
    ("forms", "expected_same"),
    [
        (["qaynaqçı", "qaynaqçılar", "qaynaqçısı", "qaynaqçıları"], True),
        (["sürücü", "sürücülər", "sürücüsü"], True),
        (["aşpaz", "aşpazlar", "aşpazı"], True),
        (["сварщик", "сварщики", "сварщиков"], True),
        (["welder", "welders"], True),
        (["engineer", "engineers"], True),
    ],
)
def test_inflected_forms_share_a_stem(forms, expected_same):
    stems = {stem(fold(form)) for form in forms}
    assert (len(stems) == 1) is expected_same


def test_azerbaijani_words_ending_in_s_keep_it():
    assert stem(fold("mühəndis")) == "muhendis"
    assert stem(fold("mühəndislər")) == "muhendis"


def test_ambiguous_endings_offer_every_reading():
    assert "muhendis" in stem_variants(fold("mühəndisi"))


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("kaynakçı", ["qaynaqci"]),
        ("KAYNAKÇI", ["qaynaqci"]),
        ("bulaşıkçı", ["bulasiqci"]),
        ("kazan operatörü", ["qazan", "operatoru"]),
        ("iş makinesi operatörü", ["is", "masini", "operatoru"]),
        ("tır şoförü", ["tir", "surucusu"]),
        ("mühendis", ["muhendis"]),
        ("kalıp", ["qalib"]),
        ("elektrikçi", ["elektrikci"]),
    ],
)
def test_turkish_is_read_the_azerbaijani_way(text, reading):
    assert turkish_reading(text) == reading


def test_a_turkish_reading_has_one_word_per_folded_word():
    for text in ["İnşaat-demir ustası", "K.A.Y.N.A.K", "kalıpçı (ahşap)", "İT təlimçisi"]:
        assert len(turkish_reading(text)) == len(fold(text).split())


def test_the_it_acronym_and_the_azerbaijani_word_for_dog_stay_apart_in_titles():
    assert fold_title("İT təlimçisi") != fold_title("it təlimçisi")
    assert fold_title("IT-mütəxəssis") == fold_title("İT mütəxəssis")
    assert fold_title("KIT") == "kit"
    assert fold_title("Italia") == "italia"
    assert fold("İT") == fold("it")  # other searches (vacancies) fold as before


@pytest.mark.parametrize(
    ("a", "b"),
    [("quraşdırır", "quraşdırılması"), ("döşəyir", "döşəmə"), ("монтирует", "монтажник")],
)
def test_duty_words_meet_their_nouns_by_their_roots(a, b):
    assert root(fold(a)) == root(fold(b))
