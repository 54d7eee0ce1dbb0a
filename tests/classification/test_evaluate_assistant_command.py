"""manage.py evaluate_assistant: the evaluation report, on sets given as files."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def sets(tmp_path):
    search_cases = tmp_path / "search_cases.csv"
    search_cases.write_text(
        "query,expected,category,duties,industry,activity\n"
        "qaynaqçı,7212,az,,,\n"
        "сварщик,7212,ru,,,\n"
        "kaynakçı,7212,tr,,,\n"
        "mühəndis,2142|2151,generic,,,\n",
        encoding="utf-8",
    )
    english = tmp_path / "suggest_cases_en.csv"
    english.write_text(
        "title,duties,industry,activity,expected\n"
        "Welder,Welds steel pipes with an electric arc,Construction,F,7212\n",
        encoding="utf-8",
    )
    return search_cases, english


def test_it_prints_rates_per_kind_calibration_and_generic_titles(classification, sets, capsys):
    search_cases, english = sets

    call_command("evaluate_assistant", search_cases=search_cases, english_cases=english)

    out = capsys.readouterr().out
    for kind in ("Azerbaijani", "Russian", "Turkish", "generic title"):
        assert kind in out
    assert "English title, duties, industry" in out
    assert "Generic titles flagged ambiguous: 1 of 1" in out
    assert ">=70" in out
    assert "5 cases evaluated." in out


def test_it_refuses_an_empty_classification(db, sets):
    search_cases, english = sets

    with pytest.raises(CommandError, match="import_classification"):
        call_command("evaluate_assistant", search_cases=search_cases, english_cases=english)
