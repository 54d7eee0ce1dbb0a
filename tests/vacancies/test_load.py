"""The seed announcement: all 11 posts, addresses as in the seed, idempotent loading."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from vacancies.models import Competency, Office, Vacancy
from vacancies.services import load_announcement

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "dmx_vacancies_inspectors.txt"

pytestmark = pytest.mark.django_db


def test_the_seed_gives_eleven_posts_nine_offices_and_four_competencies(announcement):
    assert Vacancy.objects.count() == 11
    assert Office.objects.count() == 9
    assert list(Competency.objects.values_list("name", flat=True)) == [
        "problem həlletmə və qərarvermə",
        "təşkilatçılıq",
        "şifahi və yazılı ünsiyyət",
        "yaradıcılıq və təşəbbüskarlıq",
    ]
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    assert translator.languages == "rus dili, ingilis dili (yüksək səviyyədə)."
    assert translator.office.city == "Yevlax"
    assert len(translator.functions) == 5


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not beside the project")
def test_every_office_address_is_exactly_as_in_the_seed(announcement):
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    for address in Office.objects.values_list("address", flat=True):
        assert f"İş yerinin ünvanı: {address}" in seed or f"İş yerinin ünvanı:{address}" in seed


def test_the_deadline_is_30_days_after_publication_at_18_00_baku(announcement):
    local = announcement.deadline.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Baku"))
    assert (local.date() - announcement.published_on).days == 30
    assert (local.hour, local.minute) == (18, 0)


def test_a_second_load_changes_nothing_and_keeps_staff_dates(announcement):
    announcement.deadline = announcement.deadline.replace(year=announcement.deadline.year + 1)
    announcement.save()

    counts = load_announcement()

    assert counts.changed == 0
    announcement.refresh_from_db()
    assert Vacancy.objects.count() == 11
    assert announcement.deadline.year > announcement.published_on.year


def test_the_command_reports_counts(db, capsys):
    call_command("load_regions")
    capsys.readouterr()
    call_command("load_vacancies")
    assert "25 created" in capsys.readouterr().out  # 9 offices, 1 announcement, 4 + 11
    call_command("load_vacancies")
    assert "0 created, 0 updated" in capsys.readouterr().out
