"""GET /api/classification/suggest: its contract, its 400 answers, one SQL query a call."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from classification.models import Occupation

pytestmark = pytest.mark.django_db

SUGGEST = "/api/classification/suggest"


def test_the_url_is_named():
    assert reverse("classification-api:suggest") == SUGGEST


def test_suggest_returns_the_documented_shape(client, classification):
    Occupation.objects.filter(code="7212").update(
        definition_az="Qaynaqçılar metal hissələri elektrik qövsü ilə qaynaq edir."
    )
    response = client.get(
        SUGGEST, {"title": "qaynaqçı", "duties": "metal qaynaq edir", "lang": "az"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["title"] == "qaynaqçı"
    assert data["ambiguous"] is False
    assert data["count"] == len(data["suggestions"]) >= 1
    first = data["suggestions"][0]
    assert first["code"] == "7212"
    assert first["title"] == "Qaynaqçılar və qaz kəsənlər"
    assert first["title_en"] == "Welders and flame cutters"
    assert 70 <= first["score"] <= 100
    assert {"source": "label", "language": "az", "text": "qaynaqçı", "words": ["qaynaqci"]} in (
        first["evidence"]
    )
    assert first["definition"].startswith("Qaynaqçılar metal hissələri")
    assert first["definition_language"] == "az"


def test_a_generic_title_answers_ambiguous_with_choices(client, classification):
    data = client.get(SUGGEST, {"title": "mühəndis"}).json()

    assert data["ambiguous"] is True
    assert data["reason"] == "generic"
    assert {c["code"] for c in data["choices"]} >= {"2142"}
    assert all(s["score"] < 40 for s in data["suggestions"])


def test_lang_chooses_the_titles(client, classification):
    data = client.get(SUGGEST, {"title": "сварщик", "lang": "ru"}).json()

    assert data["suggestions"][0]["title"] == "Сварщики и газорезчики"


def test_the_activity_is_echoed_upper_case(client, classification):
    assert client.get(SUGGEST, {"title": "qaynaqçı", "activity": "f"}).json()["activity"] == "F"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"title": ""},
        {"title": "   "},
        {"title": "x" * 201},
        {"title": "a\x00b"},
        {"title": "x", "duties": "y" * 2001},
        {"title": "x", "limit": "0"},
        {"title": "x", "limit": "21"},
        {"title": "x", "limit": "ten"},
        {"title": "x", "activity": "Z"},
        {"title": "x", "activity": "FF"},
        {"title": "x", "lang": "fr"},
    ],
)
def test_bad_input_is_a_400_with_a_json_message(client, classification, params):
    response = client.get(SUGGEST, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["error"]
    assert data["errors"]


def test_a_post_is_refused(client, classification):
    assert client.post(SUGGEST, {"title": "qaynaqçı"}).status_code == 405


@pytest.mark.parametrize(
    "params",
    [
        {"title": "qaynaqçı"},
        {"title": "mühəndis"},
        {"title": "elektrik montajçısı", "duties": "naqil çəkir " * 50, "activity": "F"},
        {"title": "7212"},
        {"title": "zzzzqqq", "industry": "neft şirkəti"},
    ],
)
def test_every_call_costs_one_sql_query(client, classification, params, django_assert_num_queries):
    client.get(SUGGEST, {"title": "aşpaz"})  # the index is built once

    with django_assert_num_queries(1):
        assert client.get(SUGGEST, params).status_code == 200


@given(
    title=st.text(min_size=1, max_size=200),
    duties=st.text(max_size=400),
    activity=st.sampled_from(["", "A", "f", "U"]),
)
def test_arbitrary_text_never_causes_a_server_error(
    client, classification, title, duties, activity
):
    response = client.get(SUGGEST, {"title": title, "duties": duties, "activity": activity})

    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json"
