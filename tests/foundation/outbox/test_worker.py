"""The worker delivers queued e-mails with retries and backoff, and never sends one twice.

These run the real ``manage.py db_worker --batch`` outside a test transaction, as in
production: the worker commits each attempt and checks its connection between tasks.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from forecasts.review import review_forecast
from quota_portal.outbox.models import Email, EmailStatus
from tests.forecasts import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_signal_handlers"),
]


def _work() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


@pytest.fixture
def decision_email(superuser):
    """A forecast accepted by a DMX officer: its e-mail is queued, not yet sent."""
    occupations = factories.make_classification()
    places = factories.make_places()
    factories.make_campaign(2028)
    employer = factories.make_employer("hr@xezer.az")
    forecast = factories.make_forecast(
        employer, 2028, lines=[(occupations["7212"], 10, places["Bakı"])]
    )
    forecast.submit(by=employer.user)
    review_forecast(forecast=forecast, action="accept", by=superuser)
    return Email.objects.get(kind="forecasts/email/review")


def test_a_mail_server_that_fails_twice_gets_the_email_on_the_third_attempt_once(
    decision_email, flaky_mail, settings
):
    settings.EMAIL_RETRY_DELAYS = [60, 300, 1800]
    flaky_mail.failures = 2
    start = timezone.now()

    _work()  # attempt 1: refused; the next attempt waits a minute
    decision_email.refresh_from_db()
    assert (decision_email.status, decision_email.attempts) == (EmailStatus.RETRYING, 1)
    assert decision_email.next_attempt_at >= start + datetime.timedelta(seconds=60)
    assert "SMTPServerDisconnected" in decision_email.last_error

    _work()  # too early: the backoff holds the retry back
    assert flaky_mail.calls == 1

    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        _work()  # attempt 2: refused again; now five minutes
    decision_email.refresh_from_db()
    assert (decision_email.status, decision_email.attempts) == (EmailStatus.RETRYING, 2)

    with time_machine.travel(start + datetime.timedelta(seconds=400), tick=False):
        _work()  # attempt 3: delivered
        _work()  # nothing left to do: no second copy
    decision_email.refresh_from_db()
    assert (decision_email.status, decision_email.attempts) == (EmailStatus.SENT, 3)
    assert flaky_mail.calls == 3
    assert [m.to for m in mail.outbox] == [["hr@xezer.az"]]
    assert "Qəbul edilib" in mail.outbox[0].subject
    # Every attempt was a task of its own; the two refused ones handed over to the next.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 3


def test_a_permanently_failing_email_shows_in_admin_and_can_be_retried(
    decision_email, flaky_mail, settings, superuser_client
):
    settings.EMAIL_RETRY_DELAYS = [60]
    flaky_mail.failures = 1000
    start = timezone.now()
    _work()
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        _work()
    decision_email.refresh_from_db()
    assert (decision_email.status, decision_email.attempts) == (EmailStatus.FAILED, 2)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 1
    assert mail.outbox == []

    index = superuser_client.get(reverse("admin:index")).content.decode()
    assert 'id="failed-emails"' in index and "1 e-poçt göndərilə bilmədi" in index
    changelist = reverse("admin:outbox_email_changelist")
    page = superuser_client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "hr@xezer.az" in page and "Göndərilə bilmədi" in page
    assert "SMTPServerDisconnected" in page

    flaky_mail.failures = 0  # the mail server is back
    response = superuser_client.post(
        changelist, {"action": "retry", "_selected_action": [decision_email.pk], "index": 0}
    )
    assert response.status_code == 302
    decision_email.refresh_from_db()
    assert (decision_email.status, decision_email.attempts) == (EmailStatus.QUEUED, 0)
    _work()
    _work()
    decision_email.refresh_from_db()
    assert decision_email.status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["hr@xezer.az"]]
