"""The employer's profile page."""

import pytest

from tests.accounts.test_signup import VALID

pytestmark = pytest.mark.django_db


def test_profile_edit_updates_the_forecast_header(owner_client, owner, draft):
    data = {**VALID, "voen": owner.voen, "legal_name": "Yeni ad MMC", "email": owner.email}
    for key in ("password1", "password2"):
        data.pop(key)
    response = owner_client.post("/forecasts/profile/", data)
    assert response.status_code == 302
    page = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
    assert "Yeni ad MMC" in page
