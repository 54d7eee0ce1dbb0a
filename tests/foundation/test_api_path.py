"""The public JSON APIs take a lean path: no session, CSRF or user, and answers cached."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from classification.models import UnmatchedSearch
from quota_portal.pagecache import HIT_HEADER
from tests.classification.factories import make_classification

pytestmark = pytest.mark.django_db

SEARCH = "/api/classification/search"
SUGGEST = "/api/classification/suggest"


@pytest.fixture
def classification(db):
    return make_classification()


def test_a_repeated_search_is_answered_from_the_cache_without_sql(
    classification, django_assert_num_queries
):
    client = Client()
    first = client.get(SEARCH, {"q": "qaynaq", "lang": "en"})
    with django_assert_num_queries(0):
        second = client.get(SEARCH, {"q": "qaynaq", "lang": "en"})
    assert (first[HIT_HEADER], second[HIT_HEADER]) == ("miss", "hit")
    assert second.json() == first.json()
    assert second.json()["results"][0]["title"] == "Welders and flame cutters"


def test_each_language_gets_its_own_cached_answer(classification):
    client = Client()
    titles = {}
    for lang in ("az", "en", "ru"):
        client.get(SEARCH, {"q": "7212", "lang": lang})
        response = client.get(SEARCH, {"q": "7212", "lang": lang})
        assert response[HIT_HEADER] == "hit"
        titles[lang] = response.json()["results"][0]["title"]
    assert len(set(titles.values())) == 3


def test_the_api_sets_no_cookie_and_reads_no_session_even_for_a_logged_in_caller(classification):
    user = get_user_model().objects.create_user("e@example.az", "e@example.az", "pw")
    client = Client()
    client.force_login(user)
    response = client.get(SEARCH, {"q": "qaynaq"})
    assert response.status_code == 200
    assert not response.cookies
    assert "Content-Security-Policy" not in response  # a JSON answer renders nothing
    assert response["X-Content-Type-Options"] == "nosniff"
    # The logged-in caller shares the anonymous callers' cached answer.
    assert Client().get(SEARCH, {"q": "qaynaq"})[HIT_HEADER] == "hit"


def test_a_search_that_found_nothing_is_never_cached_so_each_is_counted(classification):
    client = Client()
    for _ in range(3):
        assert HIT_HEADER not in client.get(SEARCH, {"q": "zzqqxx"})
    assert UnmatchedSearch.objects.get(query="zzqqxx").count == 3


def test_bad_parameters_and_unknown_codes_still_answer_in_json(classification):
    client = Client()
    assert client.get(SEARCH, {"q": "x", "limit": "abc"}).status_code == 400
    assert client.get("/api/classification/9999").status_code == 404
    assert client.post(SEARCH, {"q": "x"}).status_code == 405


def test_a_repeated_search_in_russian_letters_is_cached_too(classification):
    client = Client()
    query = {
        "q": "сварщик газовой и электродуговой сварки металлических конструкций на производстве",
        "lang": "ru",
    }
    client.get(SEARCH, query)
    assert client.get(SEARCH, query)[HIT_HEADER] == "hit"


def test_a_repeated_suggestion_is_answered_from_the_cache_without_sql_or_session(
    classification, django_assert_num_queries
):
    user = get_user_model().objects.create_user("e@example.az", "e@example.az", "pw")
    client = Client()
    client.force_login(user)
    query = {"title": "qaynaqçı", "duties": "metal hissələri qaynaq edir", "activity": "F"}
    first = client.get(SUGGEST, query)
    with django_assert_num_queries(0):
        second = client.get(SUGGEST, query)
    assert (first[HIT_HEADER], second[HIT_HEADER]) == ("miss", "hit")
    assert not first.cookies
    assert second.json() == first.json()
    assert second.json()["suggestions"][0]["code"] == "7212"
