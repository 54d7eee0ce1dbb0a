"""A review decision and its e-mail are one transaction: both are committed or neither.

Outside a test transaction (``transaction=True``), so commits and rollbacks are real.
"""

from unittest import mock

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django_tasks_db.models import DBTaskResult

from forecasts.models import Forecast, Status
from forecasts.review import review_forecast
from quota_portal.outbox.models import Email, EmailStatus
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def submitted(draft, owner):
    draft.submit(by=owner.user)
    return draft


def _status(forecast) -> str:
    return Forecast.objects.get(pk=forecast.pk).status


def test_a_committed_decision_has_its_email_task_committed_with_it(submitted, superuser):
    review_forecast(forecast=submitted, action="return", by=superuser, comment="Sayı əsaslandırın.")

    assert _status(submitted) == Status.RETURNED
    email = Email.objects.get()
    assert (email.status, email.to) == (EmailStatus.QUEUED, [submitted.employer.email])
    assert "Sayı əsaslandırın." in email.body
    task = DBTaskResult.objects.get()
    assert task.id.hex == email.task_id.replace("-", "")
    assert task.args_kwargs == {"args": [email.pk], "kwargs": {}}
    assert mail.outbox == []  # the request sends nothing: the worker does
    run_tasks()
    assert [m.to for m in mail.outbox] == [[submitted.employer.email]]


def test_a_decision_rolled_back_takes_its_email_task_with_it(submitted, superuser):
    with pytest.raises(RuntimeError), transaction.atomic():
        review_forecast(forecast=submitted, action="accept", by=superuser)
        assert Email.objects.count() == DBTaskResult.objects.count() == 1
        raise RuntimeError("the request failed after the decision")

    assert _status(submitted) == Status.SUBMITTED
    assert not Email.objects.exists() and not DBTaskResult.objects.exists()
    run_tasks()
    assert mail.outbox == []


def test_an_email_that_cannot_be_queued_undoes_the_decision(submitted, superuser):
    with (
        mock.patch("django_tasks_db.backend.DatabaseBackend.enqueue", side_effect=DatabaseError),
        pytest.raises(DatabaseError),
    ):
        review_forecast(forecast=submitted, action="accept", by=superuser)

    assert _status(submitted) == Status.SUBMITTED
    assert not Email.objects.exists() and not DBTaskResult.objects.exists()
