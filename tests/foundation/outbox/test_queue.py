"""Queued e-mails: what is stored, what staff see, and what is kept after delivery."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from quota_portal.outbox.models import Email, EmailStatus
from quota_portal.outbox.services import enqueue_email, queue_email
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


def test_an_email_is_rendered_in_the_recipients_language_when_queued(draft):
    email = queue_email(
        template="forecasts/email/review",
        context={"forecast": draft, "employer": draft.employer, "link": "https://x/1/"},
        to=draft.employer.email,
        language="ru",
    )
    assert email.language == "ru" and "Государственная миграционная служба" in email.body
    assert email.status == EmailStatus.QUEUED and mail.outbox == []
    run_tasks()
    assert mail.outbox[0].body == email.body


def test_a_private_link_is_never_shown_in_admin_and_not_kept_once_sent(superuser_client):
    email = enqueue_email(
        EmailMessage("Parolun bərpası", "https://kvota/reset/MQ/secret-token/", to=["a@b.az"]),
        kind="account/email/password_reset_key",
        sensitive=True,
    )
    page = superuser_client.get(
        reverse("admin:outbox_email_change", args=[email.pk])
    ).content.decode()
    assert "secret-token" not in page and "Məxfi keçid olduğu üçün göstərilmir." in page

    run_tasks()

    assert "secret-token" in mail.outbox[0].body
    email.refresh_from_db()
    assert (email.status, email.body) == (EmailStatus.SENT, "")
    assert Email.objects.filter(body__contains="secret-token").count() == 0
