"""Search: forgiving matching, ranking tiers, codes, old codes, the unmatched log."""

import pytest

from classification.models import AlternativeLabel, Occupation, UnmatchedSearch
from classification.search import search, search_units
from classification.services import bump_version

pytestmark = pytest.mark.django_db


def codes(query, **kwargs):
    return [result.code for result in search(query, **kwargs)]


@pytest.mark.parametrize(
    "query",
    ["qaynaqçı", "qaynaqci", "QAYNAQÇI", "elektrik qaynaqçısı", "сварщик", "СВАРЩИКИ", "welder"],
)
def test_welders_are_found_in_every_language_and_spelling(classification, query):
    assert codes(query)[0] == "7212"


@pytest.mark.parametrize("query", ["mühəndis", "muhendis", "MÜHƏNDİS", "mühendis"])
def test_engineers_are_found_with_or_without_azerbaijani_letters(classification, query):
    assert {"2142", "2151"} <= set(codes(query))


@pytest.mark.parametrize("query", ["İNŞAAT", "insaat", "inşaat mühəndisi", "ınşaat"])
def test_capital_dotted_i_and_ascii_find_insaat(classification, query):
    assert codes(query)[0] == "2142"


@pytest.mark.parametrize(
    ("query", "code"), [("qaynaqcı", "7212"), ("electrisian", "7411"), ("welderr", "7212")]
)
def test_small_typos_in_longer_words_are_forgiven(classification, query, code):
    assert code in codes(query)[:3]


def test_a_word_prefix_finds_the_whole_word_as_you_type(classification):
    assert codes("qaynaq")[0] == "7212"


def test_exact_code_comes_first_then_the_codes_below_it_units_first(classification):
    assert codes("72") == ["72", "7211", "7212", "721"]
    assert codes("7212") == ["7212"]


def test_an_old_variant_code_shows_the_new_codes_it_maps_to(classification):
    results = search("2140")
    assert [r.code for r in results] == ["2142", "2151"]
    assert {r.matched_kind for r in results} == {"old_code"}
    assert "Mühəndislər" in results[0].matched


def test_unit_groups_come_before_parents_when_equally_good(classification):
    # "Aşpazlar" is the title of both 512 and 5120.
    assert codes("aşpazlar")[:2] == ["5120", "512"]


def test_title_matches_outrank_label_matches_which_outrank_definitions(classification):
    AlternativeLabel.objects.create(occupation_id="7211", language="en", label="cook of metal")
    Occupation.objects.filter(code="7411").update(definition_en="Electricians never cook.")
    bump_version()

    results = search("cook", language="en")

    kinds = [(r.code, r.matched_kind) for r in results]
    assert kinds[0] == ("5120", "title")
    assert kinds.index(("7211", "label")) < kinds.index(("7411", "definition"))


def test_a_result_carries_title_path_and_what_matched(classification):
    result = search("сварщик", language="en")[0]

    assert result.title == "Welders and flame cutters"
    assert [step.code for step in result.path] == ["7", "72", "721"]
    assert result.matched == "сварщик"
    assert result.matched_kind == "label"
    assert result.official is True


def test_a_missing_title_falls_back_to_another_language(classification):
    Occupation.objects.filter(code="7212").update(title_ru="")
    bump_version()

    result = search("7212", language="ru")[0]

    assert result.title == "Qaynaqçılar və qaz kəsənlər"
    assert result.title_language == "az"
    assert result.title_is_fallback


def test_a_working_translation_is_not_official(classification):
    assert search("7212", language="az")[0].official is False
    assert search("5120", language="az")[0].official is True
    assert search("7212", language="en")[0].official is True


def test_level_filter_keeps_only_that_level(classification):
    assert codes("72", level=4) == ["7211", "7212"]
    assert [r.level for r in search_units("qaynaqçı")] == [4]


def test_inactive_groups_are_not_found(classification):
    Occupation.objects.filter(code="7212").update(is_active=False)
    bump_version()

    assert "7212" not in codes("qaynaqçı")


def test_the_index_follows_changes_to_the_classification(classification):
    assert codes("dəmirçi") == []
    AlternativeLabel.objects.create(occupation_id="7211", language="az", label="dəmirçi")
    bump_version()

    assert codes("dəmirçi") == ["7211"]


def test_queries_that_find_nothing_are_counted(classification):
    search("kosmonavt")
    search("kosmonavt")
    search("qaynaqçı")

    logged = UnmatchedSearch.objects.get()
    assert (logged.query, logged.count) == ("kosmonavt", 2)


def test_a_failing_log_does_not_break_the_search(classification, monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(UnmatchedSearch.objects, "create", broken)

    assert search("kosmonavt") == []


def test_empty_and_punctuation_only_queries_return_nothing(classification):
    assert search("") == []
    assert search("  ?!  ") == []
    assert not UnmatchedSearch.objects.exists()


def test_each_search_costs_one_query_once_the_index_is_built(
    classification, django_assert_num_queries
):
    search("qaynaqçı")
    for query in ["qaynaqçı", "72", "mühendis", "2140", "welder"]:
        with django_assert_num_queries(1):
            search(query)


def test_an_it_trainer_and_a_dog_trainer_are_told_apart(classification):
    AlternativeLabel.objects.create(occupation_id="2142", language="az", label="İT təlimçisi")
    AlternativeLabel.objects.create(occupation_id="5120", language="az", label="it təlimçisi")
    bump_version()

    assert codes("İT təlimçisi")[0] == "2142"
    assert codes("it təlimçisi")[0] == "5120"
