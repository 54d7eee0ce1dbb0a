"""The bundled classification, and the evaluation set run against it.

The bundled data is loaded once for this module (it takes a few seconds) outside
the per-test transactions, and removed again afterwards.
"""

from pathlib import Path

import pytest

from classification.evaluation import evaluate, load_cases
from classification.models import CodeTransition, Level, Occupation
from classification.search import search
from classification.services import import_classification

CASES = Path(__file__).with_name("search_cases.csv")
TOP5_GOAL, TOP1_GOAL = 0.95, 0.80
# The kinds of query the search was built and tuned for; the Turkish, head-and-modifier,
# title-with-duties and generic cases measure the coding assistant (test_suggest_cases).
SEARCH_KINDS = {"az", "az_ascii", "code", "en", "ru", "typo"}


@pytest.fixture
def data(bundled_classification, db):
    return bundled_classification


def test_bundled_data_has_10_43_130_436_active_groups(data):
    counts = {level: Occupation.objects.active().filter(level=level).count() for level in Level}
    assert counts == {1: 10, 2: 43, 3: 130, 4: 436}


def test_every_group_has_azerbaijani_english_and_russian_titles(data):
    missing = (
        Occupation.objects.filter(title_az="")
        | Occupation.objects.filter(title_en="")
        | Occupation.objects.filter(title_ru="")
    )
    assert list(missing.values_list("code", flat=True)) == []


def test_official_titles_and_key_table_are_marked_official(data):
    assert Occupation.objects.filter(title_az_official=True).count() == 11
    assert Occupation.objects.get(code="1120").title_az == "Direktorlar və baş rəhbərlər"
    assert CodeTransition.objects.filter(official=True).count() == 13


def test_a_second_bundled_load_reports_no_changes(data):
    assert import_classification(dry_run=True).changed == 0


@pytest.mark.parametrize("query", ["qaynaqçı", "elektrik qaynaqçısı", "сварщик", "welder"])
def test_welders_are_found_by_their_everyday_names(data, query):
    assert "7212" in [r.code for r in search(query, level=4, limit=5)]


def test_the_evaluation_set_meets_its_goals(data):
    cases = [case for case in load_cases(CASES) if case.category in SEARCH_KINDS]
    assert len(cases) >= 170

    result = evaluate(cases, lambda q: [r.code for r in search(q, level=4, limit=5)])

    print("\nEvaluation set, unit groups (level=4):\n" + result.table())
    for case, got in result.misses:
        print(f"  miss@1 {case.query!r} [{case.category}] want {sorted(case.expected)} got {got}")
    assert result.overall.top5_rate >= TOP5_GOAL
    assert result.overall.top1_rate >= TOP1_GOAL
