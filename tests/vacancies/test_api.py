"""The JSON API and the Atom feed of vacancies."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

API = reverse("vacancies-api:list")
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_api_lists_open_vacancies_with_their_fields(client, announcement):
    data = client.get(API).json()

    assert data["count"] == 11
    item = next(v for v in data["results"] if v["position"] == "inspektor-tərcüməçi")
    assert set(item) >= {
        "id",
        "position",
        "office",
        "functions",
        "requirements",
        "deadline",
        "status",
        "url",
    }
    assert item["office"] == {
        "name": "Yevlax şəhər qanunsuz miqrantların saxlanılması mərkəzi",
        "kind": "detention_centre",
        "city": "Yevlax",
        "address": "Yevlax şəhəri, H.Əliyev prospekti 99a/4",
    }
    assert item["status"] == "open"
    assert item["url"].startswith("http://testserver/vacancies/")


def test_the_api_filters_by_city_and_words(client, announcement):
    assert client.get(API, {"city": "Şəki"}).json()["count"] == 1
    assert client.get(API, {"q": "tercumeci"}).json()["count"] == 1


def test_closed_vacancies_only_with_include_closed(client, announcement):
    announcement.deadline = announcement.deadline.replace(year=2000)
    announcement.save()

    assert client.get(API).json()["count"] == 0
    closed = client.get(API, {"include_closed": "1"}).json()
    assert closed["count"] == 11
    assert {item["status"] for item in closed["results"]} == {"closed"}


def test_one_vacancy_and_a_404_for_unknown(client, announcement):
    vacancy = Vacancy.objects.first()
    assert client.get(reverse("vacancies-api:detail", args=[vacancy.pk])).json()["id"] == vacancy.pk
    missing = client.get(reverse("vacancies-api:detail", args=[999999]))
    assert missing.status_code == 404
    assert "error" in missing.json()


def test_the_api_query_count_does_not_grow(client, announcement, django_assert_max_num_queries):
    for vacancy in list(Vacancy.objects.all()):
        vacancy.pk = None
        vacancy.save()
    with django_assert_max_num_queries(3):
        assert client.get(API).json()["count"] == 22


def test_the_feed_is_valid_atom_with_one_entry_per_open_vacancy(client, announcement):
    response = client.get(reverse("vacancies:feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 11
    for entry in entries:
        assert entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/vacancies/")
        assert entry.find(f"{ATOM}updated").text
