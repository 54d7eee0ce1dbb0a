"""Vacancy rules: statuses from the deadline, the search column, filters, JobPosting."""

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from vacancies.models import Vacancy, VacancyStatus

from .factories import make_announcement, make_office, make_region, make_unit_groups, make_vacancy

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
DEADLINE = datetime.datetime(2027, 3, 31, 18, 0, tzinfo=BAKU)


@pytest.fixture
def vacancy():
    return make_vacancy(make_announcement(deadline=DEADLINE))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (DEADLINE - datetime.timedelta(days=30), VacancyStatus.OPEN),
        (DEADLINE - datetime.timedelta(days=7, seconds=1), VacancyStatus.OPEN),
        (DEADLINE - datetime.timedelta(days=7), VacancyStatus.CLOSING_SOON),
        (DEADLINE - datetime.timedelta(minutes=1), VacancyStatus.CLOSING_SOON),
        (DEADLINE, VacancyStatus.CLOSED),
        (DEADLINE + datetime.timedelta(days=1), VacancyStatus.CLOSED),
    ],
)
def test_the_status_follows_the_deadline_on_a_frozen_clock(vacancy, now, expected):
    with time_machine.travel(now, tick=False):
        assert vacancy.status() == expected
        assert vacancy.status_label() == VacancyStatus(expected).label


def test_open_and_closed_split_on_the_deadline(vacancy):
    with time_machine.travel(DEADLINE - datetime.timedelta(seconds=1), tick=False):
        assert list(Vacancy.objects.open()) == [vacancy]
        assert not Vacancy.objects.closed().exists()
    with time_machine.travel(DEADLINE, tick=False):
        assert not Vacancy.objects.open().exists()
        assert list(Vacancy.objects.closed()) == [vacancy]


def test_public_needs_both_the_vacancy_and_its_announcement_published():
    shown = make_vacancy()
    make_vacancy(is_published=False)
    make_vacancy(make_announcement(is_published=False))

    assert list(Vacancy.objects.public()) == [shown]


def test_the_search_text_is_folded_from_title_office_and_functions():
    vacancy = make_vacancy(
        title="inspektor-tərcüməçi",
        functions=["Mərkəzdə saxlanılan ŞƏXSLƏRİN qeydiyyatı"],
        office=make_office("Şəki regional miqrasiya idarəsi", city="Şəki"),
    )

    assert "inspektor tercumeci" in vacancy.search_text
    assert "seki regional miqrasiya idaresi" in vacancy.search_text
    assert "sexslerin qeydiyyati" in vacancy.search_text


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("mufettis", True),
        ("MÜFƏTTİŞ", True),
        ("müfəttiş", True),
        ("tercumeci", True),
        ("Tərcüməçi", True),
        ("tercumeci muraciet", True),
        ("tercumeci mühasib", False),
        ("", True),
    ],
)
def test_matching_forgives_missing_azerbaijani_letters_and_case(query, found):
    vacancy = make_vacancy(
        title="baş müfəttiş-tərcüməçi", functions=["müraciətlərin araşdırılması"]
    )

    assert (vacancy in Vacancy.objects.matching(query)) is found


def test_mufettis_also_finds_the_posts_titled_inspektor():
    inspector = make_vacancy(title="inspektor")
    make_vacancy(title="mühasib")

    assert list(Vacancy.objects.matching("mufettis")) == [inspector]
    assert list(Vacancy.objects.matching("inspektor")) == [inspector]


def test_filtered_combines_city_region_kind_position_and_words():
    aran = make_region("Mərkəzi Aran", 10)
    centre = make_office(
        "Yevlax şəhər qanunsuz miqrantların saxlanılması mərkəzi", kind="detention_centre"
    )
    regional = make_office(region=aran)
    baku = make_office("Aparat", kind="head_office", city="Bakı", address="Bakı şəhəri")
    translator = make_vacancy(office=centre, title="inspektor-tərcüməçi")
    inspector = make_vacancy(office=regional)
    make_vacancy(office=baku)

    def pks(**filters):
        return set(Vacancy.objects.filtered(**filters).values_list("pk", flat=True))

    assert pks(city="Yevlax") == {translator.pk, inspector.pk}
    assert pks(region=aran) == {inspector.pk}
    assert pks(kind="detention_centre") == {translator.pk}
    assert pks(position="inspektor") == {inspector.pk, Vacancy.objects.get(office=baku).pk}
    assert pks(city="Yevlax", q="tercumeci") == {translator.pk}
    assert pks(city="Gəncə") == set()


def test_requirements_are_separate_items_with_labels():
    vacancy = make_vacancy(
        education="hüquq ixtisasları üzrə ali təhsil",
        computer_skills="MS OFFICE",
        languages="rus dili, ingilis dili (yüksək səviyyədə).",
    )

    assert vacancy.requirements() == [
        ("education", "hüquq ixtisasları üzrə ali təhsil"),
        ("computer_skills", "MS OFFICE"),
        ("languages", "rus dili, ingilis dili (yüksək səviyyədə)."),
    ]
    assert [item["label"] for item in vacancy.requirement_items()] == [
        "Təhsil",
        "Kompüter bilikləri",
        "Xarici dil bilikləri",
    ]


def test_empty_requirements_are_left_out():
    vacancy = make_vacancy(education="ali təhsil", computer_skills="")

    assert vacancy.requirements() == [("education", "ali təhsil")]


def test_the_job_posting_has_the_required_properties():
    occupation = make_unit_groups("2643")["2643"]
    office = make_office(region=make_region())
    vacancy = make_vacancy(
        make_announcement(deadline=DEADLINE),
        office,
        title="inspektor-tərcüməçi",
        occupation=occupation,
        salary=Decimal("900.00"),
    )

    data = vacancy.job_posting("https://kvota.example/vacancies/1/")

    json.dumps(data)  # serialisable as it is
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "inspektor-tərcüməçi"
    assert "müraciətlərin araşdırılması" in data["description"]
    assert data["datePosted"] == "2027-03-01"
    assert data["validThrough"] == "2027-03-31T18:00:00+04:00"
    assert data["hiringOrganization"]["name"] == "Azərbaycan Respublikası Dövlət Miqrasiya Xidməti"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Yevlax şəhəri, H.Əliyev prospekti 99a/4",
        "addressLocality": "Yevlax",
        "addressRegion": "Mərkəzi Aran",
        "addressCountry": "AZ",
    }
    assert data["occupationalCategory"]["codeValue"] == "2643"
    assert data["occupationalCategory"]["inCodeSet"]["name"] == "ISCO-08"
    assert data["baseSalary"]["currency"] == "AZN"


def test_the_job_posting_omits_what_is_not_set():
    data = make_vacancy().job_posting("https://kvota.example/vacancies/1/")

    assert "occupationalCategory" not in data
    assert "baseSalary" not in data
    assert "addressRegion" not in data["jobLocation"]["address"]


def test_a_deadline_before_publication_is_rejected():
    announcement = make_announcement(deadline=DEADLINE)
    announcement.published_on = datetime.date(2027, 4, 1)

    with pytest.raises(ValidationError) as error:
        announcement.full_clean()
    assert "deadline" in error.value.message_dict


def test_a_vacancy_has_at_least_one_post():
    with pytest.raises(IntegrityError):
        make_vacancy(posts=0)
