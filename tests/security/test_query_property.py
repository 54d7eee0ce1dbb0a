"""Property-based: arbitrary query strings on the public search and filter pages never crash.

Applicants and employers share these URLs (and bookmark them), so any text a visitor or a
bot puts in ``q``, ``limit``, ``level``, ``city``, ``region`` or ``page`` must give a page
or a clear 400, never a 500.
"""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.vacancies.conftest import announcement, seeded_vacancies  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("announcement")]

value = st.one_of(
    st.text(max_size=120),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "%", "_", "'; DROP TABLE x;--", "٣", "\x00"]),
)


def _params(*names):
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, value))


@given(params=_params("q", "limit", "level", "lang"))
def test_classification_search_api_answers_json_or_a_clear_400(client, params):
    response = client.get("/api/classification/search", params)
    assert response.status_code in (200, 400)
    body = json.loads(response.content)
    if response.status_code == 400:
        assert body["error"]
    else:
        assert isinstance(body["results"], list)


@given(params=_params("q", "level"))
def test_classification_search_page_never_500s(client, params):
    assert client.get("/classification/", params).status_code == 200


@given(params=_params("q", "city", "region", "kind", "position", "page"))
@pytest.mark.parametrize("url", ["/vacancies/", "/vacancies/archive/"])
def test_vacancy_filters_never_500(client, url, params):
    assert client.get(url, params).status_code == 200


@given(params=_params("q", "city", "region", "kind", "include_closed", "page"))
def test_vacancy_api_answers_json_or_a_clear_400(client, params):
    response = client.get("/api/vacancies/", params)
    assert response.status_code in (200, 400)
    body = json.loads(response.content)
    assert body["error"] if response.status_code == 400 else "results" in body
