"""The dashboard and the forecast page say where the filing window stands today."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from forecasts.models import Campaign, Status
from tests.forecasts import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _campaign(opens_in: int, deadline_in: int) -> Campaign:
    return Campaign.objects.create(
        year=2028,
        opens_on=TODAY + datetime.timedelta(days=opens_in),
        deadline=TODAY + datetime.timedelta(days=deadline_in),
    )


def test_before_the_campaign_opens_it_says_when(owner_client, owner):
    campaign = _campaign(10, 40)
    html = owner_client.get("/forecasts/").content.decode()
    assert "Proqnozların qəbulu" in html and "tarixində açılır" in html
    assert str(campaign.opens_on.day) in html
    assert "Yeni proqnoz başla" not in html


def test_while_open_the_days_left_show_on_the_dashboard_and_the_forecast(owner_client, owner):
    _campaign(-10, 3)
    forecast = factories.make_forecast(owner, 2028)
    for url in ("/forecasts/", f"/forecasts/{forecast.pk}/"):
        html = owner_client.get(url).content.decode()
        assert 'data-days-left="3"' in html and "3 gün qalıb" in html


@pytest.mark.parametrize(("language", "text"), [("en", "1 day left"), ("ru", "Остался 1 день")])
def test_one_day_left_is_singular_in_english_and_russian(owner_client, owner, language, text):
    _campaign(-10, 1)
    with translation.override(language):
        url = reverse("forecasts:dashboard")
    assert text in owner_client.get(url).content.decode()


def test_after_the_deadline_a_draft_is_explained_and_not_offered_to_continue(
    owner_client, owner, settings
):
    _campaign(-40, -1)
    forecast = factories.make_forecast(owner, 2028)
    html = owner_client.get("/forecasts/").content.decode()
    assert "tarixində başa çatıb" in html
    assert "DMX gecikmiş proqnozu öz qərarı ilə qəbul edə bilər" in html
    assert settings.DMX_CONTACT_PHONE in html and settings.DMX_CONTACT_EMAIL in html
    assert "Proqnozu davam etdir" not in html and "Proqnoza bax" in html
    assert "tarixində başa çatıb" in owner_client.get(f"/forecasts/{forecast.pk}/").content.decode()


def test_a_late_submission_allowed_by_dmx_says_until_when(owner_client, owner):
    _campaign(-40, -1)
    until = TODAY + datetime.timedelta(days=5)
    factories.make_forecast(owner, 2028, reopened_until=until)
    html = owner_client.get("/forecasts/").content.decode()
    assert "DMX sizə proqnozu" in html and "göndərməyə icazə verib" in html
    assert "Proqnozu davam etdir" in html


def test_a_returned_forecast_says_to_correct_and_resubmit(owner_client, owner):
    _campaign(-40, -1)
    factories.make_forecast(owner, 2028, status=Status.RETURNED)
    html = owner_client.get("/forecasts/").content.decode()
    assert "DMX proqnozu düzəliş üçün qaytarıb" in html
    assert "Proqnozu davam etdir" in html


def test_every_forecasts_page_links_to_help(owner_client, draft):
    for url in (
        "/forecasts/",
        f"/forecasts/{draft.pk}/",
        f"/forecasts/{draft.pk}/lines/add/",
        f"/forecasts/{draft.pk}/check/",
        f"/forecasts/{draft.pk}/upload/",
        "/forecasts/profile/",
    ):
        assert 'href="/help/"' in owner_client.get(url).content.decode(), url
