"""The JSON API: its contract, its 400 and 404 answers, and no 500 for any text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classification.models import Occupation

pytestmark = pytest.mark.django_db

SEARCH = "/api/classification/search"


def test_search_returns_the_documented_shape(client, classification):
    response = client.get(SEARCH, {"q": "qaynaqci", "lang": "en"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "qaynaqci"
    assert data["count"] == len(data["results"]) >= 1
    first = data["results"][0]
    assert {
        "code",
        "level",
        "title",
        "title_az",
        "title_en",
        "title_ru",
        "official",
        "path",
        "matched",
    } <= set(first)
    assert first["code"] == "7212"
    assert first["level"] == 4
    assert first["title"] == "Welders and flame cutters"
    assert first["title_az"] == "Qaynaqçılar və qaz kəsənlər"
    assert first["title_ru"] == "Сварщики и газорезчики"
    assert first["official"] is True
    assert first["path"] == [
        {"code": "7", "title": "Craft and related trades workers"},
        {"code": "72", "title": "Metal, machinery and related trades workers"},
        {"code": "721", "title": "Sheet and structural metal workers, moulders and welders"},
    ]
    assert first["matched"] == "qaynaqçı"


def test_titles_follow_accept_language_and_lang_wins_over_it(client, classification):
    ru = client.get(SEARCH, {"q": "7212"}, HTTP_ACCEPT_LANGUAGE="ru").json()["results"][0]
    az = client.get(SEARCH, {"q": "7212", "lang": "az"}, HTTP_ACCEPT_LANGUAGE="ru").json()

    assert ru["title"] == "Сварщики и газорезчики"
    assert ru["official"] is False
    assert az["results"][0]["title"] == "Qaynaqçılar və qaz kəsənlər"


def test_limit_and_level_narrow_the_results(client, classification):
    data = client.get(SEARCH, {"q": "7", "limit": "2", "level": "4"}).json()

    assert data["count"] == 2
    assert {r["level"] for r in data["results"]} == {4}


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_an_empty_query_answers_with_no_results(client, classification, params):
    response = client.get(SEARCH, params)

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "limit": "0"},
        {"q": "x", "limit": "51"},
        {"q": "x", "limit": "ten"},
        {"q": "x", "level": "5"},
        {"q": "x", "level": "unit"},
        {"q": "x", "lang": "fr"},
    ],
)
def test_bad_parameters_get_a_400_with_a_json_message(client, classification, params):
    response = client.get(SEARCH, params)

    assert response.status_code == 400
    assert response.json()["error"]


def test_detail_returns_the_group_with_path_and_children(client, classification):
    data = client.get("/api/classification/721", {"lang": "en"}).json()

    assert data["code"] == "721"
    assert data["level"] == 3
    assert [step["code"] for step in data["path"]] == ["7", "72"]
    assert [child["code"] for child in data["children"]] == ["7211", "7212"]
    assert data["children"][1]["title"] == "Welders and flame cutters"


def test_detail_returns_the_definitions_in_every_language(client, classification):
    Occupation.objects.filter(code="7212").update(
        definition_az="Qaynaqçılar qaynaq edir.", definition_ru="Сварщики сваривают."
    )

    data = client.get("/api/classification/7212").json()

    assert data["definition_az"] == "Qaynaqçılar qaynaq edir."
    assert data["definition_ru"] == "Сварщики сваривают."
    assert data["definition_en"].startswith("Welders and flame cutters weld")
    assert data["definition_az_official"] is False


def test_detail_lists_the_old_codes_of_a_group(client, classification):
    assert client.get("/api/classification/2142").json()["old_codes"] == ["2140"]


@pytest.mark.parametrize("code", ["9999", "abc", "7" * 40])
def test_unknown_code_is_a_json_404(client, classification, code):
    response = client.get(f"/api/classification/{code}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "qaynaq\x00çı\x1b[0m",
        "'; DROP TABLE classification_occupation; --",
        '" OR 1=1 --',
        "👷‍♀️🔥",
        "%",
        "_",
        "\\",
        "0" * 300,
        "ǅ ﬁ ß ΣΑΣ",
    ],
)
def test_odd_queries_never_cause_a_server_error(client, classification, query):
    response = client.get(SEARCH, {"q": query, "limit": "50"})

    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


@given(query=st.text(max_size=300), level=st.sampled_from(["", "1", "4"]))
def test_arbitrary_text_never_causes_a_server_error(client, classification, query, level):
    response = client.get(SEARCH, {"q": query, "level": level})

    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["results"])
