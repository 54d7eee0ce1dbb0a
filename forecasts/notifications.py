"""E-mails to employers about their forecasts, queued in the employer's language.

Each is queued through the outbox in the caller's transaction, so it leaves only if the
decision that caused it is committed, and the worker delivers it with retries.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from quota_portal.links import site_url
from quota_portal.outbox.models import Email
from quota_portal.outbox.services import queue_email

from .models import Decision, Employer, Forecast, Invitation, JoinRequest, Submission

logger = logging.getLogger(__name__)


def employer_language(employer: Employer) -> str:
    """Return the language the employer asked to be written to in."""
    language = employer.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def forecast_link(forecast: Forecast, language: str) -> str:
    """Return the absolute link to the employer's page of ``forecast`` in ``language``."""
    with translation.override(language):
        return site_url(reverse("forecasts:forecast-detail", args=[forecast.pk]))


def _queue(forecast: Forecast, template: str, key: str | None = None, **context) -> Email:
    employer = forecast.employer
    language = employer_language(employer)
    return queue_email(
        key=key,
        template=template,
        context={
            "forecast": forecast,
            "employer": employer,
            "link": forecast_link(forecast, language),
            **context,
        },
        to=employer.email,
        language=language,
    )


def queue_review_email(forecast: Forecast, *, decision: Decision) -> Email:
    """Tell the employer the reviewer's decision, with the reviewer's comment (once)."""
    return _queue(
        forecast, "forecasts/email/review", key=f"decision:{decision.pk}", decision=decision
    )


def queue_decision_emails(decision_ids: list[int], *, attempt: int = 1) -> int:
    """Queue the e-mail of each decision of a bulk review; return how many were queued.

    Run by the worker (``forecasts.tasks.queue_decision_emails``), which the bulk
    review enqueued in its own transaction. Each e-mail is rendered from its frozen
    Decision and queued at most once (its outbox key), so a rerun after a crash sends
    no second copy; decisions that failed are tried again after the outbox's delays.
    """
    from quota_portal.outbox.services import retry_delay

    from .tasks import queue_decision_emails as task

    decisions = Decision.objects.filter(pk__in=decision_ids).select_related(
        "submission__forecast__employer"
    )
    queued, failed = 0, []
    for decision in decisions:
        try:
            with transaction.atomic():
                queue_review_email(decision.submission.forecast, decision=decision)
        except Exception:  # a template or database error: this one is tried again
            logger.exception("Could not queue the e-mail of decision %s", decision.pk)
            failed.append(decision.pk)
        else:
            queued += 1
    if failed:
        delay = retry_delay(attempt)
        if delay is None:
            raise RuntimeError(f"Could not queue the e-mails of decisions {failed}")
        task.using(run_after=timezone.now() + delay).enqueue(failed, attempt=attempt + 1)
    return queued


def queue_receipt(forecast: Forecast, submission: Submission) -> Email:
    """Confirm a submission to the employer: its reference, number, time and totals.

    The figures are the frozen record's, the very one DMX reviews.
    """
    lines = list(submission.lines.all())
    return _queue(
        forecast,
        "forecasts/email/receipt",
        submission=submission,
        line_count=len(lines),
        total_workers=submission.total_workers,
        liberated_workers=sum(line.workers for line in lines if line.is_liberated),
    )


def queue_identity_change(employer: Employer, *, changes: list[dict], reason: str) -> Email:
    """Tell the employer that DMX staff changed its VÖEN or legal kind, and why.

    ``changes`` holds the field's label and the old and new values as shown (lazy
    labels render in the employer's language).
    """
    language = employer_language(employer)
    with translation.override(language):
        link = site_url(reverse("forecasts:profile"))
    return queue_email(
        template="forecasts/email/identity",
        context={"employer": employer, "changes": changes, "reason": reason, "link": link},
        to=employer.email,
        language=language,
    )


def queue_reminder(forecast: Forecast, reminder, *, days_left: int) -> Email:
    """Remind the employer of a deadline: the campaign's for a draft, the correction one."""
    return _queue(forecast, "forecasts/email/reminder", reminder=reminder, days_left=days_left)


# --- the people of an employer (forecasts/members.py) -----------------------------------


def _link(name: str, language: str, *args) -> str:
    with translation.override(language):
        return site_url(reverse(name, args=args))


def queue_invitation(invitation: Invitation, *, token: str) -> Email:
    """Send the invited colleague the link, in the language the owner chose for them.

    The link is a key: the e-mail's text is not shown in admin and not kept once sent.
    """
    return queue_email(
        template="forecasts/email/invitation",
        context={
            "invitation": invitation,
            "employer": invitation.employer,
            "link": _link("forecasts:invitation", invitation.language, token),
            "days": settings.EMPLOYER_INVITATION_DAYS,
        },
        to=invitation.email,
        language=invitation.language,
        sensitive=True,
    )


def queue_join_request(join_request: JoinRequest, *, owners) -> Email | None:
    """Ask the owners, in the employer's language, to approve or refuse a newcomer."""
    recipients = [owner.email for owner in owners if owner.email]
    if not recipients:
        return None  # DMX staff resolve it (the employer's admin page lists the request)
    employer = join_request.employer
    language = employer_language(employer)
    return queue_email(
        key=f"join-request:{join_request.pk}",
        template="forecasts/email/join_request",
        context={
            "join_request": join_request,
            "employer": employer,
            "link": _link("forecasts:members", language),
        },
        to=recipients,
        language=language,
    )


def queue_join_decision(join_request: JoinRequest) -> Email:
    """Tell the requester the owners' decision, in the language they signed up in.

    It names no owner; an approved requester sees the employer once signed in.
    """
    return queue_email(
        key=f"join-decision:{join_request.pk}",
        template="forecasts/email/join_decision",
        context={
            "join_request": join_request,
            "approved": join_request.status == JoinRequest.Status.APPROVED,
            "link": _link("forecasts:dashboard", join_request.language),
        },
        to=join_request.user.email,
        language=join_request.language,
    )


def queue_ownership_transfer(employer: Employer, *, new_owner, reason: str) -> Email:
    """Tell the employer and its new owner that DMX transferred the ownership, and why."""
    language = employer_language(employer)
    recipients = list(dict.fromkeys(filter(None, [employer.email, new_owner.email])))
    return queue_email(
        template="forecasts/email/ownership_transfer",
        context={
            "employer": employer,
            "new_owner": new_owner,
            "reason": reason,
            "link": _link("forecasts:members", language),
        },
        to=recipients,
        language=language,
    )
