"""The employer's profile page."""

import re

import pytest

from tests.accounts.test_signup import VALID
from tests.forecasts.factories import profile_data

pytestmark = pytest.mark.django_db


def test_profile_edit_updates_the_forecast_header(owner_client, owner, draft):
    data = {**VALID, "voen": owner.voen, "legal_name": "Yeni ad MMC", "email": owner.email}
    for key in ("password1", "password2"):
        data.pop(key)
    response = owner_client.post("/forecasts/profile/", data)
    assert response.status_code == 302
    page = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
    assert "Yeni ad MMC" in page


def test_the_profile_page_says_edits_apply_to_drafts_and_future_submissions(owner_client):
    html = owner_client.get("/forecasts/profile/").content.decode()
    assert 'id="profile-applies-to"' in html
    assert "yalnız qaralamalara və növbəti göndərişlərə aid olur" in html
    assert 'id="identity-locked"' not in html  # nothing submitted yet


def test_before_the_first_submission_the_employer_corrects_voen_and_kind(owner_client, owner):
    data = profile_data(owner, voen="1799 000 001", kind="individual")
    assert owner_client.post("/forecasts/profile/", data).status_code == 302
    owner.refresh_from_db()
    assert (owner.voen, owner.kind) == ("1799000001", "individual")


def test_after_the_first_submission_voen_and_kind_are_read_only(owner_client, owner, draft):
    draft.submit(by=owner.user)
    old = (owner.voen, owner.kind)
    html = owner_client.get("/forecasts/profile/").content.decode()
    assert 'id="identity-locked"' in html
    assert re.search(r'<input[^>]*name="voen"[^>]*disabled', html)
    assert re.search(r'<select[^>]*name="kind"[^>]*disabled', html)

    data = profile_data(owner, voen="1799000001", kind="individual", head_name="Yeni Rəhbər")
    assert owner_client.post("/forecasts/profile/", data).status_code == 302
    owner.refresh_from_db()
    assert (owner.voen, owner.kind) == old  # posted values ignored
    assert owner.head_name == "Yeni Rəhbər"  # the rest of the profile still changes
