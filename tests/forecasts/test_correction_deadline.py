"""Returning a forecast sets the date by which the employer must resubmit it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from forecasts.models import Status
from forecasts.review import review_forecast

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 7, 20)


@pytest.fixture
def submitted(draft, owner):
    draft.submit(by=owner.user)
    return draft


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2027, 7, 20, 10, 0), tick=False):
        yield


def _return_url(forecast):
    return reverse("admin:forecasts_forecast_review", args=[forecast.pk, "return"])


def test_the_return_page_offers_the_configured_default_deadline(
    reviewer_client, submitted, settings
):
    settings.FORECAST_CORRECTION_DAYS = 10
    html = reviewer_client.get(_return_url(submitted)).content.decode()
    assert 'type="date"' in html and 'value="2027-07-30"' in html


def test_the_reviewer_sets_the_deadline_and_the_employer_sees_it(
    reviewer_client, submitted, owner_client
):
    response = reviewer_client.post(
        _return_url(submitted), {"comment": "Sayı əsaslandırın.", "due": "2027-08-25"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.correction_due) == (
        Status.RETURNED,
        datetime.date(2027, 8, 25),
    )

    page = owner_client.get(reverse("forecasts:forecast-detail", args=[submitted.pk]))
    html = page.content.decode()
    assert 'id="correction-due"' in html and "25 avqust 2027" in html.lower()


def test_a_deadline_in_the_past_is_refused(reviewer_client, reviewer, submitted):
    page = reviewer_client.post(
        _return_url(submitted), {"comment": "Düzəldin.", "due": "2027-07-19"}
    )
    assert page.status_code == 200
    assert "bu gündən əvvəl ola bilməz" in page.content.decode()
    with pytest.raises(ValidationError, match="bu gündən əvvəl"):
        review_forecast(
            forecast=submitted,
            action="return",
            by=reviewer,
            comment="Düzəldin.",
            due=datetime.date(2027, 7, 1),
        )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_without_a_date_the_default_applies(reviewer, submitted, settings):
    settings.FORECAST_CORRECTION_DAYS = 14
    review_forecast(forecast=submitted, action="return", by=reviewer, comment="Düzəldin.")
    submitted.refresh_from_db()
    assert submitted.correction_due == datetime.date(2027, 8, 3)


def test_after_resubmission_the_old_return_comment_is_no_longer_shown_as_current(
    reviewer, submitted, owner, owner_client
):
    review_forecast(forecast=submitted, action="return", by=reviewer, comment="Köhnə şərh.")
    submitted.refresh_from_db()
    submitted.submit(by=owner.user)
    html = owner_client.get(
        reverse("forecasts:forecast-detail", args=[submitted.pk])
    ).content.decode()
    assert 'id="reviewer-comment"' not in html and 'id="correction-due"' not in html
