"""Public pages: filters in the URL, folding search, statuses, JSON-LD, hidden drafts."""

import datetime
import json
import re

import pytest
import time_machine
from django.urls import reverse

from classification.models import Occupation
from vacancies.models import Vacancy
from vacancies.services import load_announcement

pytestmark = pytest.mark.django_db

LIST = reverse("vacancies:list")


def _ids(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-vacancy="(\d+)"', response.content.decode())}


def test_the_list_shows_every_open_vacancy_with_a_count(client, announcement):
    response = client.get(LIST)

    assert response.status_code == 200
    assert len(_ids(response)) == 11
    assert '<span id="vacancy-count">11</span>' in response.content.decode()


def test_filters_by_city_office_kind_and_position_live_in_the_url(client, announcement):
    yevlax = _ids(client.get(LIST, {"city": "Yevlax"}))
    centre = _ids(client.get(LIST, {"kind": "detention_centre"}))
    translator = _ids(client.get(LIST, {"position": "inspektor-tərcüməçi"}))

    assert yevlax == set(Vacancy.objects.filter(office__city="Yevlax").values_list("pk", flat=True))
    assert len(yevlax) == 3
    assert len(centre) == 2 and centre < yevlax
    assert translator == {Vacancy.objects.get(title="inspektor-tərcüməçi").pk}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("tercumeci", 1), ("TƏRCÜMƏÇİ", 1), ("sebeke", 1), ("sebeke sexsler", 0), ("mufettis", 0)],
)
def test_keyword_search_forgives_missing_azerbaijani_letters(client, announcement, query, expected):
    assert len(_ids(client.get(LIST, {"q": query}))) == expected


def test_inspector_titles_are_found_without_their_letters(client, announcement):
    Vacancy.objects.filter(title="inspektor-tərcüməçi").update(title="müfəttiş-tərcüməçi")
    vacancy = Vacancy.objects.get(title="müfəttiş-tərcüməçi")
    vacancy.save()

    assert _ids(client.get(LIST, {"q": "mufettis"})) == {vacancy.pk}


def test_closing_soon_badge_in_the_last_seven_days_and_archive_after(client, announcement):
    deadline = announcement.deadline
    with time_machine.travel(deadline - datetime.timedelta(days=8)):
        assert "Müddət bitir" not in client.get(LIST).content.decode()
    with time_machine.travel(deadline - datetime.timedelta(days=6)):
        assert "Müddət bitir" in client.get(LIST).content.decode()
    with time_machine.travel(deadline + datetime.timedelta(minutes=1)):
        assert _ids(client.get(LIST)) == set()
        assert len(_ids(client.get(reverse("vacancies:archive")))) == 11


def test_statuses_follow_the_deadline(announcement):
    vacancy = Vacancy.objects.select_related("announcement").first()
    deadline = announcement.deadline
    assert vacancy.status(deadline - datetime.timedelta(days=10)) == "open"
    assert vacancy.status(deadline - datetime.timedelta(days=2)) == "closing_soon"
    assert vacancy.status(deadline) == "closed"


def test_unpublished_vacancies_are_hidden_everywhere(client, announcement):
    hidden = Vacancy.objects.get(title="inspektor-tərcüməçi")
    hidden.is_published = False
    hidden.save()

    assert hidden.pk not in _ids(client.get(LIST))
    assert client.get(reverse("vacancies:detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("vacancies-api:detail", args=[hidden.pk])).status_code == 404
    assert f"/vacancies/{hidden.pk}/" not in client.get(reverse("vacancies:feed")).content.decode()

    announcement.is_published = False
    announcement.save()
    assert _ids(client.get(LIST)) == set()


def test_the_vacancy_page_has_its_sections_in_order(client, announcement):
    vacancy = Vacancy.objects.get(title="inspektor-tərcüməçi")
    html = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()

    order = [
        html.index(f'id="{section}"')
        for section in ("overview", "functions", "conditions", "common", "competencies", "apply")
    ]
    assert order == sorted(order)
    assert "rus dili, ingilis dili (yüksək səviyyədə)." in html
    assert "Yevlax şəhəri, H.Əliyev prospekti 99a/4" in html


def test_the_vacancy_page_links_other_posts_at_the_same_office(client, announcement):
    vacancy = Vacancy.objects.get(title="inspektor-tərcüməçi")
    sibling = Vacancy.objects.get(office=vacancy.office, title="inspektor")
    html = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()

    assert reverse("vacancies:detail", args=[sibling.pk]) in html


def test_json_ld_is_a_valid_job_posting(client, announcement):
    parent = None
    for code in ("2", "26", "264", "2643"):
        parent = Occupation.objects.create(
            code=code, level=len(code), parent=parent, title_az=code, title_en=code, title_ru=code
        )
    assert load_announcement().updated == 1  # the inspector-translator gets its code
    vacancy = Vacancy.objects.get(title="inspektor-tərcüməçi")
    html = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    block = re.search(
        r'<script type="application/ld\+json" id="job-posting">(.*?)</script>', html, re.S
    )

    data = json.loads(block.group(1))
    assert data["@type"] == "JobPosting"
    for key in ("title", "description", "datePosted", "validThrough", "hiringOrganization"):
        assert data[key]
    assert data["jobLocation"]["address"]["streetAddress"] == vacancy.office.address
    assert data["occupationalCategory"] == "ISCO-08 2643"


def test_json_ld_cannot_be_broken_out_of(client, announcement):
    vacancy = Vacancy.objects.first()
    vacancy.functions = ["</script><script>alert(1)</script>"]
    vacancy.save()
    html = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()

    assert "<script>alert(1)" not in html


def test_the_list_page_query_count_does_not_grow(
    client, announcement, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(LIST)
    for vacancy in list(Vacancy.objects.all()):
        vacancy.pk = None
        vacancy.save()
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(_ids(response)) == 20  # one page
