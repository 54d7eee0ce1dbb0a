"""On submit the employer gets a receipt with the forecast's reference and totals."""

import pytest
from django.core import mail
from django.urls import reverse

from forecasts.models import Status
from forecasts.review import review_forecast
from forecasts.services import submit_forecast
from quota_portal.outbox.models import Email
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


def test_the_reference_is_the_year_and_a_stable_number(draft):
    assert draft.reference == f"KV-2028-{draft.pk:06d}"
    assert len(draft.reference) == len("KV-2027-000123")


def test_submitting_on_the_check_page_queues_a_receipt_with_reference_and_totals(
    draft, owner_client, places, occupations
):
    draft.lines.create(position=3, occupation=occupations["2512"], workers=4, place=places["Şuşa"])
    check = reverse("forecasts:forecast-check", args=[draft.pk])

    response = owner_client.post(check, {"version": draft.version}, follow=True)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.reference in response.content.decode()  # the success message and the page
    assert mail.outbox == []  # queued, not sent by the request
    run_tasks()
    (receipt,) = mail.outbox
    assert receipt.to == [draft.employer.email]
    assert draft.reference in receipt.subject and draft.reference in receipt.body
    assert "№1" in receipt.body
    assert "Peşə sətirləri: 3" in receipt.body
    assert "Cəmi əcnəbi işçi: 16" in receipt.body
    assert "işğaldan azad edilmiş ərazilərdə: 4" in receipt.body
    assert f"/forecasts/{draft.pk}/" in receipt.body


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Reference number"), ("ru", "Регистрационный номер")],
)
def test_the_receipt_speaks_the_employers_language(draft, owner, language, words):
    owner.language = language
    owner.save()
    submit_forecast(forecast=draft, by=owner.user)
    email = Email.objects.get(kind="forecasts/email/receipt")
    assert email.language == language and words in email.body


def test_a_resubmission_keeps_the_reference_and_sends_a_second_receipt(draft, owner, superuser):
    submit_forecast(forecast=draft, by=owner.user)
    review_forecast(forecast=draft, action="return", by=superuser, comment="Düzəldin.")
    draft.refresh_from_db()
    submit_forecast(forecast=draft, by=owner.user)
    run_tasks()
    receipts = [m for m in mail.outbox if "KV-" in m.subject]
    assert len(receipts) == 2
    assert all(draft.reference in m.subject for m in receipts)
    assert "№2" in receipts[1].body


def test_the_forecast_page_shows_the_reference(draft, owner_client):
    page = owner_client.get(reverse("forecasts:forecast-detail", args=[draft.pk]))
    assert f'id="forecast-reference">{draft.reference}<' in page.content.decode()
