"""The JSON API: fields, filters, closed vacancies, 404s and a constant query count."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from vacancies.models import Vacancy

from .factories import make_vacancy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("announcement")]

API = reverse("vacancies-api:list")


def _detail_url(pk: int) -> str:
    return reverse("vacancies-api:detail", args=[pk])


def test_the_api_urls():
    assert API == "/api/vacancies/"
    assert _detail_url(5) == "/api/vacancies/5"


def test_the_api_lists_open_vacancies_with_their_fields(client, announcement):
    response = client.get(API)

    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 11
    assert data["next"] is None
    item = next(v for v in data["results"] if v["position"] == "inspektor-tərcüməçi")
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    assert item["id"] == translator.pk
    assert item["office"] == {
        "name": "Yevlax şəhər qanunsuz miqrantların saxlanılması mərkəzi",
        "kind": "detention_centre",
        "kind_label": "Qanunsuz miqrantların saxlanılması mərkəzi",
        "city": "Yevlax",
        "region": "Mərkəzi Aran",
        "address": "Yevlax şəhəri, H.Əliyev prospekti 99a/4",
    }
    assert len(item["functions"]) == 5
    assert item["functions"][0].startswith("mərkəzdə saxlanılan şəxslərin sənədləşmə işində")
    assert item["requirements"] == [
        {
            "kind": "education",
            "label": "Təhsil",
            "text": "hüquq, beynəlxalq hüquq, regionşünaslıq, xarici dil ixtisasları üzrə ali təhsil",
        },
        {
            "kind": "computer_skills",
            "label": "Kompüter bilikləri",
            "text": "MS WINDOWS, MS OFFICE və s.",
        },
        {
            "kind": "languages",
            "label": "Xarici dil bilikləri",
            "text": "rus dili, ingilis dili (yüksək səviyyədə).",
        },
    ]
    assert item["posts"] == 1
    assert item["status"] == "open"
    assert datetime.datetime.fromisoformat(item["deadline"]) == announcement.deadline
    assert datetime.datetime.fromisoformat(item["deadline"]).tzinfo is not None
    assert item["url"] == f"http://testserver/vacancies/{translator.pk}/"
    assert item["occupation"] == {
        "code": "2643",
        "title": "Qrup 2643",
        "url": "http://testserver/classification/2643/",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"city": "Şəki"}, 1),
        ({"city": "Yevlax"}, 3),
        ({"city": "Nowhere"}, 0),
        ({"q": "tercumeci"}, 1),
        ({"q": "mufettis"}, 11),
        ({"kind": "detention_centre"}, 2),
        ({"position": "inspektor"}, 10),
        ({"city": "Yevlax", "q": "tercumeci"}, 1),
    ],
)
def test_the_api_filters(client, announcement, params, expected):
    assert client.get(API, params).json()["count"] == expected


def test_the_api_filters_by_economic_region(client, announcement):
    region = Vacancy.objects.get(office__city="Şəki").office.region

    data = client.get(API, {"region": region.pk}).json()

    assert [item["office"]["city"] for item in data["results"]] == ["Şəki"]


def test_a_bad_filter_value_is_a_400_with_the_field(client, announcement):
    response = client.get(API, {"kind": "castle", "region": "x"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind", "region"}


def test_closed_vacancies_only_with_include_closed(client, announcement):
    with time_machine.travel(announcement.deadline + datetime.timedelta(hours=1), tick=False):
        assert client.get(API).json()["count"] == 0
        closed = client.get(API, {"include_closed": "1"}).json()
    assert closed["count"] == 11
    assert {item["status"] for item in closed["results"]} == {"closed"}


def test_closing_soon_status_in_the_api(client, announcement):
    with time_machine.travel(announcement.deadline - datetime.timedelta(days=3), tick=False):
        statuses = {item["status"] for item in client.get(API).json()["results"]}
    assert statuses == {"closing_soon"}


def test_one_vacancy_with_the_announcement_requirements(client, announcement):
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")

    data = client.get(_detail_url(translator.pk)).json()

    assert data["id"] == translator.pk
    assert data["position"] == "inspektor-tərcüməçi"
    assert data["announcement"]["knowledge_required"].startswith(
        "Yuxarıda qeyd olunan vakant vəzifələrə iddia edən şəxslər"
    )
    assert [c["name"] for c in data["announcement"]["competencies"]] == [
        "problem həlletmə və qərarvermə",
        "təşkilatçılıq",
        "şifahi və yazılı ünsiyyət",
        "yaradıcılıq və təşəbbüskarlıq",
    ]


def test_unknown_and_unpublished_vacancies_are_a_404_in_json(client, announcement):
    missing = client.get(_detail_url(999999))
    assert missing.status_code == 404
    assert missing.json() == {"error": "Vakansiya tapılmadı."}

    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    translator.is_published = False
    translator.save()
    hidden = client.get(_detail_url(translator.pk))
    assert hidden.status_code == 404
    assert "error" in hidden.json()
    assert client.get(API).json()["count"] == 10
    assert client.get(API, {"include_closed": "1"}).json()["count"] == 10


def test_the_api_pages_long_lists(client, announcement, monkeypatch):
    monkeypatch.setattr("vacancies.views.API_PAGE_SIZE", 4)

    first = client.get(API, {"city": "Bakı", "kind": "", "q": ""}).json()
    everything = client.get(API).json()

    assert first["count"] == 2 and first["next"] is None
    assert everything["count"] == 11 and len(everything["results"]) == 4
    assert everything["next"] == "http://testserver/api/vacancies/?page=2"
    last = client.get(API, {"page": 3}).json()
    assert len(last["results"]) == 3 and last["previous"].endswith("page=2")


def test_the_api_query_count_does_not_grow(
    client, announcement, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, every time
    with django_assert_max_num_queries(2):
        assert client.get(API).json()["count"] == 11
    for vacancy in list(Vacancy.objects.all()):
        make_vacancy(
            announcement, vacancy.office, title=vacancy.title, occupation=vacancy.occupation
        )
    with django_assert_max_num_queries(2):
        assert client.get(API).json()["count"] == 22
    url = _detail_url(Vacancy.objects.first().pk)
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_the_api_refuses_post(client, announcement):
    assert client.post(API).status_code == 405
