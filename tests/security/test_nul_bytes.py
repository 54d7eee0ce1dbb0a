"""A NUL byte anywhere a visitor can type gives a 404 or a message, never a 500.

PostgreSQL refuses NUL in a text parameter with an error, where SQLite finds nothing;
hypothesis found the line form's case on PostgreSQL only.
"""

import pytest

from forecasts.models import ForecastLine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/classification/%00/", 404),
        ("/classification/72%00/", 404),
        ("/api/classification/%00", 404),
        ("/api/classification/7212%00", 404),
        ("/forecasts/use/%00/", 404),
        ("/classification/?q=%00", 200),
        ("/api/classification/search?q=%00", 200),
        ("/vacancies/?q=%00&city=%00&position=%00", 200),
    ],
)
def test_a_nul_byte_in_the_address_is_not_a_server_error(owner_client, url, status):
    assert owner_client.get(url).status_code == status


def test_an_api_404_for_a_bad_code_is_still_json(client, db):
    response = client.get("/api/classification/%00")
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize("profession", ["\x00", "72\x0012", " 7212\x00"])
def test_a_nul_byte_in_the_line_form_is_refused_and_nothing_is_saved(
    owner_client, draft, places, profession
):
    before = list(ForecastLine.objects.values().order_by("pk"))
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {
            "profession": profession,
            "workers": "3",
            "place": places["Bakı"].pk,
            "version": draft.version,
        },
    )
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode()
    assert list(ForecastLine.objects.values().order_by("pk")) == before
