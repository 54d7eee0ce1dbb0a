"""The seed announcement: all 11 posts, texts as in the seed, idempotent and atomic loading."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from classification.services import load_regions
from vacancies.models import Announcement, Competency, Office, Vacancy
from vacancies.services import ANNOUNCEMENT_JSON, AnnouncementFileError, load_announcement

from .factories import load_seed_announcement

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcement(db):
    """The seed announcement loaded afresh for this test: here loading is the subject, and
    half of the tests need a database without it."""
    return load_seed_announcement()


# DMX's announcement as published (a copy of ../shared/seeds): the JSON must say what it says.
SEED = ANNOUNCEMENT_JSON.with_name("dmx_vacancies_inspectors.txt")

SEED_ADDRESSES = {
    "Dövlət Miqrasiya Xidmətinin Aparatı": "Bakı şəhəri, Binəqədi rayonu, 3123-cü məhəllə, Binəqədi şossesi 202",
    "Gəncə regional miqrasiya idarəsi": "Gəncə şəhəri, Kəpəz rayonu, Ü.Hacıbəyov küçəsi 274b",
    "Lənkəran regional miqrasiya idarəsi": "Lənkəran rayonu, Göyşaban kəndi",
    "Xaçmaz regional miqrasiya idarəsi": "Xaçmaz şəhəri, H.Əliyev prospekti",
    "Şəki regional miqrasiya idarəsi": "Şəki şəhəri, Z.Əliyeva küçəsi 60",
    "Ağsu regional miqrasiya idarəsi": "Ağsu şəhəri, M.Ə.Rəsulzadə küçəsi 178",
    "Yevlax regional miqrasiya idarəsi": "Yevlax şəhəri, H.Əliyev prospekti 99a/4",
    "Şirvan regional miqrasiya idarəsi": "Şirvan şəhəri, S.Zeynalov küçəsi 33",
    "Yevlax şəhər qanunsuz miqrantların saxlanılması mərkəzi": "Yevlax şəhəri, H.Əliyev prospekti 99a/4",
}


def _seed_text() -> str:
    """Return the seed with its layout undone: single spaces instead of line breaks."""
    return re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))


def test_the_seed_gives_eleven_posts_at_nine_offices(announcement):
    assert Vacancy.objects.count() == 11
    assert Office.objects.count() == 9
    assert sorted(Vacancy.objects.values_list("office__city", flat=True)) == sorted(
        ["Bakı", "Bakı", "Gəncə", "Lənkəran", "Xaçmaz", "Şəki", "Ağsu", "Yevlax", "Şirvan"]
        + ["Yevlax", "Yevlax"]
    )
    assert list(Vacancy.objects.values_list("position_order", flat=True)) == list(range(1, 12))
    assert Office.objects.filter(kind="head_office").count() == 1
    assert Office.objects.filter(kind="regional_office").count() == 7
    assert Office.objects.filter(kind="detention_centre").count() == 1
    assert Office.objects.filter(region__isnull=True).count() == 0


def test_every_office_address_is_exactly_as_in_the_seed(announcement):
    assert dict(Office.objects.values_list("name", "address")) == SEED_ADDRESSES


def test_the_addresses_and_names_are_found_verbatim_in_the_seed(announcement):
    seed = _seed_text()
    for office in Office.objects.all():
        assert re.search(rf"İş yerinin ünvanı: ?{re.escape(office.address)} ", seed), office
        assert f"{office.name}, inspektor" in seed


def test_every_function_and_condition_is_a_separate_item_in_the_seed_wording(announcement):
    seed = _seed_text()
    for vacancy in Vacancy.objects.all():
        # Joined back with the seed's separators, the items give the seed's text.
        assert "Qulluq funksiyaları: " + "; ".join(vacancy.functions) + " " in seed
        assert all(";" not in item for item in vacancy.functions)
        conditions = f"Vəzifənin tutulması şərtləri: {vacancy.education}, kompyuter bilikləri: {vacancy.computer_skills}"
        assert conditions in seed
        for text in (vacancy.languages, vacancy.preference):
            assert text in seed
        for text in (*vacancy.functions, vacancy.education, vacancy.computer_skills):
            assert "  " not in text and "\n" not in text and text == text.strip()


def test_the_posts_keep_their_own_conditions(announcement):
    head = list(Vacancy.objects.filter(office__kind="head_office").order_by("position_order"))
    assert head[0].preference == "Hüquq sahəsində iş təcrübəsinə malik olanlara üstünlük verilir"
    assert head[1].preference == "İT sahəsində iş təcrübəsinə malik olanlara üstünlük verilir"
    assert head[1].computer_skills == "(yüksək səviyyədə)."
    assert len(head[0].functions) == 6
    assert len(head[1].functions) == 6
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    assert translator.languages == "rus dili, ingilis dili (yüksək səviyyədə)."
    assert len(translator.functions) == 5
    assert Vacancy.objects.exclude(languages="").count() == 1
    assert set(Vacancy.objects.values_list("occupation", flat=True)) == {
        "2422",
        "2522",
        "3359",
        "2643",
    }


def test_the_common_requirements_and_four_competencies(announcement):
    seed = _seed_text()
    assert announcement.knowledge_required in seed
    assert (
        announcement.language_preference
        == "Xarici dil biliklərinə malik olan şəxslərə üstünlük verilir."
    )
    competencies = list(Competency.objects.all())
    assert [c.name for c in competencies] == [
        "problem həlletmə və qərarvermə",
        "təşkilatçılıq",
        "şifahi və yazılı ünsiyyət",
        "yaradıcılıq və təşəbbüskarlıq",
    ]
    for competency in competencies:
        assert f"{competency.name}: {competency.description}" in seed


def test_the_dates_are_today_and_30_days_later_at_18_00_baku(db):
    load_regions()
    with time_machine.travel(datetime.datetime(2027, 5, 10, 23, 30, tzinfo=ZoneInfo("Asia/Baku"))):
        load_announcement()

    announcement = Announcement.objects.get()
    assert announcement.published_on == datetime.date(2027, 5, 10)
    assert announcement.deadline == datetime.datetime(
        2027, 6, 9, 18, 0, tzinfo=ZoneInfo("Asia/Baku")
    )


def test_a_second_load_changes_nothing_and_keeps_staff_edits(announcement):
    deadline = datetime.datetime(2030, 1, 15, 18, 0, tzinfo=ZoneInfo("Asia/Baku"))
    Announcement.objects.update(deadline=deadline, is_published=False)
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    translator.posts = 2
    translator.salary = 850
    translator.save()
    before = list(Vacancy.objects.values())

    report = load_announcement()

    assert (report.created, report.updated, report.unchanged) == (0, 0, 25)
    assert list(Vacancy.objects.values()) == before
    announcement.refresh_from_db()
    assert announcement.deadline == deadline
    assert not announcement.is_published


def test_update_brings_the_text_back_but_never_the_dates(announcement):
    published_on = announcement.published_on
    Announcement.objects.update(published_on=datetime.date(2026, 1, 5))
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    translator.languages = "fransız dili"
    translator.is_published = False
    translator.save()

    report = load_announcement(update=True)

    assert report.updated == 1
    translator.refresh_from_db()
    assert translator.languages == "rus dili, ingilis dili (yüksək səviyyədə)."
    assert "rus dili" in translator.search_text
    assert not translator.is_published
    assert Announcement.objects.get().published_on == datetime.date(2026, 1, 5) != published_on


def test_a_deleted_post_comes_back(announcement):
    Vacancy.objects.get(title="inspektor-tərcüməçi").delete()

    report = load_announcement()

    assert report.created == 1
    assert Vacancy.objects.filter(title="inspektor-tərcüməçi").count() == 1


def test_a_renamed_office_is_still_recognised(announcement):
    Office.objects.filter(slug="seki-rmi").update(name="Şəki Regional Miqrasiya İdarəsi")

    load_announcement()

    assert Office.objects.count() == 9


def test_the_loaded_posts_are_searchable(announcement):
    assert Vacancy.objects.matching("tercumeci").count() == 1
    assert Vacancy.objects.matching("Goysaban").count() == 1


def test_dry_run_changes_nothing(db):
    load_regions()

    report = load_announcement(dry_run=True)

    assert report.created == 25
    assert not Announcement.objects.exists()
    assert not Office.objects.exists()


def test_without_the_regions_nothing_is_loaded(db):
    with pytest.raises(AnnouncementFileError, match="load_regions"):
        load_announcement()

    assert not Office.objects.exists()


def test_a_bad_file_loads_nothing(db, tmp_path):
    load_regions()
    data = json.loads(ANNOUNCEMENT_JSON.read_text(encoding="utf-8"))
    data["vacancies"][-1]["office"] = "no-such-office"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(AnnouncementFileError):
        load_announcement(path=bad)

    assert not Office.objects.exists()
    assert not Vacancy.objects.exists()


def test_a_vacancy_failing_validation_rolls_everything_back(db, tmp_path):
    load_regions()
    data = json.loads(ANNOUNCEMENT_JSON.read_text(encoding="utf-8"))
    data["vacancies"][-1]["posts"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(Exception, match="posts"):
        load_announcement(path=bad)

    assert not Vacancy.objects.exists()
    assert not Announcement.objects.exists()


def test_unknown_isco_codes_are_reported_not_fatal(db):
    load_regions()

    report = load_announcement()

    assert report.missing_occupations == ["2422", "2522", "2643", "3359"]
    assert not Vacancy.objects.filter(occupation__isnull=False).exists()


def test_the_command_reports_counts(db, capsys):
    call_command("load_regions")
    capsys.readouterr()

    call_command("load_vacancies")
    first = capsys.readouterr().out
    call_command("load_vacancies")
    second = capsys.readouterr().out

    assert "25 created, 0 updated, 0 unchanged" in first  # 9 offices, 1 announcement, 4 + 11
    assert "0 created, 0 updated, 25 unchanged" in second
    assert Vacancy.objects.count() == 11


def test_the_command_dry_run_and_errors(db, capsys, tmp_path):
    with pytest.raises(CommandError, match="load_regions"):
        call_command("load_vacancies")
    call_command("load_regions")
    call_command("load_vacancies", "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    assert not Vacancy.objects.exists()
    with pytest.raises(CommandError):
        call_command("load_vacancies", "--path", str(tmp_path / "missing.json"))
