"""The forecast list's line filters and code search read what was submitted.

A returned forecast is being corrected: its draft lines already differ from the
submission under review. The reviewer's filters match the frozen lines of the current
submission (a draft, which has none, matches by its own lines: tests/forecasts/test_admin.py).
"""

import pytest
from django.urls import reverse

from forecasts.models import Status
from tests.forecasts.factories import make_employer, make_forecast

pytestmark = pytest.mark.django_db


@pytest.fixture
def correcting(occupations, places):
    """Returned with a welder in Bakı; the draft now asks for a cook in Şuşa instead."""
    forecast = make_forecast(
        make_employer("correcting@example.az"),
        2028,
        lines=[(occupations["7212"], 4, places["Bakı"])],
        status=Status.RETURNED,
    )
    forecast.lines.all().delete()
    forecast.lines.create(occupation=occupations["5120"], workers=9, place=places["Şuşa"])
    return forecast


def _listed(client, forecast, **params) -> bool:
    response = client.get(
        reverse("admin:forecasts_forecast_changelist"), {"queue": "all", **params}
    )
    assert response.status_code == 200
    return forecast in response.context["cl"].result_list


@pytest.mark.parametrize(
    ("params", "listed"),
    [
        ({"liberated": "1"}, False),
        ({"liberated": "0"}, True),
        ({"major": "7"}, True),
        ({"major": "5"}, False),
        ({"q": "7212"}, True),
        ({"q": "5120"}, False),
        ({"region": "Bakı"}, True),
        ({"region": "Qarabağ"}, False),
    ],
)
def test_filters_match_the_submission_under_review_not_the_draft_being_corrected(
    reviewer_client, correcting, places, params, listed
):
    if "region" in params:
        region = next(p.region for p in places.values() if p.region.name == params["region"])
        params = {"region": str(region.pk)}
    assert _listed(reviewer_client, correcting, **params) is listed
