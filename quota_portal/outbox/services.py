"""Queue an e-mail in the caller's transaction; deliver it from the worker with retries.

``queue_email`` (a template) and ``enqueue_email`` (a rendered message, e.g. from
allauth) are the only ways the portal sends mail. The row and its task are written in
the caller's transaction, so they commit or roll back with the decision that caused
them. ``deliver`` runs in the worker: it sends at most once per e-mail (the row is
locked and its status checked), and on an error schedules the next attempt after
``settings.EMAIL_RETRY_DELAYS``; when those are used up the e-mail is marked failed,
for staff to see and retry in admin.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Email, EmailStatus

logger = logging.getLogger(__name__)

_MAX_ERROR = 2000


class EmailDeliveryFailed(Exception):
    """The mail backend refused an e-mail on every attempt; staff can retry it in admin."""


def render_email(
    template: str, context: dict, *, to: list[str], language: str
) -> EmailMultiAlternatives:
    """Render ``<template>_subject.txt``, ``_body.txt`` (and ``_body.html`` if any) in ``language``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
        try:
            html = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message


@transaction.atomic
def enqueue_email(
    message: EmailMessage,
    *,
    kind: str,
    language: str = "",
    sensitive: bool = False,
    key: str | None = None,
) -> Email:
    """Store a rendered message and queue its delivery, in the caller's transaction.

    With a ``key``, an e-mail already queued under it is returned instead of a second one.
    """
    from .tasks import deliver_email

    if key is not None and (existing := Email.objects.filter(key=key).first()):
        return existing

    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    email = Email.objects.create(
        kind=kind[:100],
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        subject=message.subject,
        body=message.body,
        html_body=html,
        sensitive=sensitive,
        key=key,
    )
    email.task_id = deliver_email.enqueue(email.pk).id
    email.save(update_fields=["task_id"])
    return email


def queue_email(
    *,
    template: str,
    context: dict,
    to: str | list[str],
    language: str,
    sensitive: bool = False,
    key: str | None = None,
) -> Email:
    """Render ``template`` in the recipient's ``language`` and queue it (once per ``key``)."""
    if key is not None and (existing := Email.objects.filter(key=key).first()):
        return existing
    recipients = [to] if isinstance(to, str) else list(to)
    message = render_email(template, context, to=recipients, language=language)
    return enqueue_email(message, kind=template, language=language, sensitive=sensitive, key=key)


def retry_delay(attempts: int) -> datetime.timedelta | None:
    """Return how long to wait after ``attempts`` failed attempts (None: give up)."""
    delays = settings.EMAIL_RETRY_DELAYS
    if attempts > len(delays):
        return None
    return datetime.timedelta(seconds=delays[attempts - 1])


def deliver(email_id: int) -> str:
    """Send one queued e-mail; on an error schedule a retry, or mark it failed and raise."""
    from .tasks import deliver_email

    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status not in (EmailStatus.QUEUED, EmailStatus.RETRYING):
            # Sent already (a duplicate or retried task), or given up: never send twice.
            return "skipped"
        now = timezone.now()
        email.attempts += 1
        try:
            email.message().send()
        except Exception as error:  # the backend's errors are many (SMTP, socket, TLS)
            email.last_error = f"{type(error).__name__}: {error}"[:_MAX_ERROR]
            delay = retry_delay(email.attempts)
            if delay is not None:
                email.status = EmailStatus.RETRYING
                email.next_attempt_at = now + delay
                email.task_id = (
                    deliver_email.using(run_after=email.next_attempt_at).enqueue(email.pk).id
                )
                email.save()
                logger.warning("E-mail %s failed (attempt %s), retrying", email.pk, email.attempts)
                return "retrying"
            email.status = EmailStatus.FAILED
            email.next_attempt_at = None
            email.save()
            failure = error
        else:
            email.status = EmailStatus.SENT
            email.sent_at = now
            email.next_attempt_at = None
            if email.sensitive:
                # The link in it is a key to an account: keep no copy once delivered.
                email.body = email.html_body = ""
            email.save()
            return "sent"
    logger.error("E-mail %s failed %s times; given up", email.pk, email.attempts)
    raise EmailDeliveryFailed(f"E-mail {email_id} failed {email.attempts} times") from failure


@transaction.atomic
def retry_emails(emails: Iterable[Email]) -> int:
    """Queue unsent e-mails again with a fresh set of attempts; return how many."""
    from .tasks import deliver_email

    count = 0
    for email in emails:
        if email.status == EmailStatus.SENT:
            continue
        email.status = EmailStatus.QUEUED
        email.attempts = 0
        email.next_attempt_at = None
        email.task_id = deliver_email.enqueue(email.pk).id
        email.save(update_fields=["status", "attempts", "next_attempt_at", "task_id"])
        count += 1
    return count
