"""Reviewing submitted forecasts: the state change, then the e-mail to the employer."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .members import employer_of
from .models import Decision, Forecast
from .notifications import queue_review_email

REVIEW_PERMISSION = "forecasts.review_forecast"
# Made by migration 0003 with exactly what a reviewer needs.
REVIEWER_GROUP = "DMX reviewer"

ACCEPT, RETURN, REJECT, REOPEN = "accept", "return", "reject", "reopen"
ACTIONS = {
    ACCEPT: _("Qəbul et"),
    RETURN: _("Düzəliş üçün qaytar"),
    REJECT: _("Rədd et"),
    REOPEN: _("Düzəliş üçün yenidən aç"),
}
# What the audit trail says the change was.
REASONS = {
    ACCEPT: _("Qəbul edildi"),
    RETURN: _("Düzəliş üçün qaytarıldı"),
    REJECT: _("Rədd edildi"),
    REOPEN: _("Qəbul edilmiş proqnoz düzəliş üçün yenidən açıldı"),
}
COMMENT_REQUIRED = frozenset({RETURN, REJECT, REOPEN})
# The record each action appends (forecasts.models.REVIEW_TRANSITIONS).
DECISIONS = {
    ACCEPT: Decision.Action.ACCEPTED,
    RETURN: Decision.Action.RETURNED,
    REJECT: Decision.Action.REJECTED,
    REOPEN: Decision.Action.REOPENED,
}


def can_review(user) -> bool:
    return user.is_active and user.has_perm(REVIEW_PERMISSION)


@transaction.atomic
def grant_reviewer(email: str):
    """Make ``email`` a DMX reviewer: staff (to reach the admin) and in the reviewer group.

    A new account gets a random password nobody knows; the reviewer sets their own with
    "Parolu unutmusunuz?" on the portal's login page. Returns (user, created).
    """
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email.strip()).lower()
    validate_email(email)
    user = user_model.objects.filter(username__iexact=email).first()
    created = user is None
    if created:
        user = user_model(username=email, email=email)
        user.set_password(secrets.token_urlsafe(32))
    if not created and employer_of(user) is not None:
        raise ValidationError(
            _("Bu e-poçt ünvanı işəgötürən hesabına aiddir; yoxlayan üçün ayrıca hesab yaradın.")
        )
    user.is_staff = user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user, created


def queue_reviewer_welcome(user, *, created: bool):
    """Queue, once per account, the e-mail that tells a new reviewer how to start.

    A new account first sets its password; every reviewer then connects an authenticator
    app at the first login (quota_portal.admin_site), which the e-mail explains. DMX
    staff are written to in the state language.
    """
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from quota_portal.admin_site import needs_second_factor_setup
    from quota_portal.links import site_url
    from quota_portal.outbox.services import queue_email

    with translation.override(settings.LANGUAGE_CODE):
        links = {
            "login_url": site_url(reverse("account_login")),
            "password_reset_url": site_url(reverse("account_reset_password")),
        }
    return queue_email(
        key=f"reviewer-welcome:{user.pk}",
        template="forecasts/email/reviewer_welcome",
        context={
            "email": user.email,
            "new_account": created,
            "needs_app": needs_second_factor_setup(user),
            **links,
        },
        to=user.email,
        language=settings.LANGUAGE_CODE,
    )


@transaction.atomic
def revoke_reviewer(email: str) -> bool:
    """Take the reviewer group away; staff status too unless the user is a superuser."""
    user = get_user_model().objects.filter(username__iexact=email.strip()).first()
    if user is None or not user.groups.filter(name=REVIEWER_GROUP).exists():
        return False
    user.groups.remove(Group.objects.get(name=REVIEWER_GROUP))
    if not user.is_superuser and not user.groups.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return True


@transaction.atomic
def review_forecast(
    *, forecast: Forecast, action: str, by, comment: str = "", due: datetime.date | None = None
) -> None:
    """Accept, return or reject a submitted forecast, or reopen an accepted one, and queue
    the e-mail to the employer.

    Raises PermissionDenied when ``by`` may not review, ValidationError for a transition
    the forecast's state does not allow or a missing comment; nothing changes then and
    no e-mail is queued. The e-mail is queued in the same transaction as the decision,
    so both are committed or neither; the worker sends it. ``due`` is the correction
    deadline of a return (default: ``FORECAST_CORRECTION_DAYS`` from today).
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown review action: {action!r}")
    if not can_review(by):
        raise PermissionDenied
    comment = (comment or "").strip()
    # The audit trail records who and why even outside a request (shell, bulk jobs).
    forecast._history_user = by
    forecast._change_reason = str(REASONS[action])
    try:
        if action == ACCEPT:
            decision = forecast.accept(by=by, comment=comment)
        elif action == RETURN:
            decision = forecast.return_for_correction(by=by, comment=comment, due=due)
        elif action == REOPEN:
            decision = forecast.reopen_for_correction(by=by, reason=comment, due=due)
        else:
            decision = forecast.reject(by=by, reason=comment)
    finally:
        forecast.__dict__.pop("_history_user", None)
        forecast.__dict__.pop("_change_reason", None)
    queue_review_email(forecast, decision=decision)


@dataclass
class BulkOutcome:
    done: list[Forecast] = field(default_factory=list)
    refused: list[tuple[Forecast, str]] = field(default_factory=list)


@transaction.atomic
def review_forecasts(
    *,
    forecasts: Iterable[Forecast],
    action: str,
    by,
    comment: str = "",
    due: datetime.date | None = None,
) -> BulkOutcome:
    """Apply one review action to many forecasts; refuse (and report) those it cannot apply to.

    One transaction in a fixed number of queries (``ForecastQuerySet.decide``), however
    many forecasts: those whose state allows the action change, the others are reported.
    The employers' e-mails are one task, enqueued in the same transaction, that the
    worker turns into an e-mail per decision; the request renders and sends nothing.
    """
    from .tasks import queue_decision_emails

    if action not in ACTIONS:
        raise ValueError(f"Unknown review action: {action!r}")
    if not can_review(by):
        raise PermissionDenied
    comment = (comment or "").strip()
    if action in COMMENT_REQUIRED and not comment:
        raise ValidationError(_("Bu qərar üçün şərh yazmaq mütləqdir."))
    if not isinstance(forecasts, QuerySet):
        forecasts = Forecast.objects.filter(pk__in=[forecast.pk for forecast in forecasts])
    decided, refused = forecasts.decide(
        action=DECISIONS[action],
        by=by,
        comment=comment,
        correction_due=due,
        change_reason=str(REASONS[action]),
    )
    if decided:
        queue_decision_emails.enqueue([decision.pk for _forecast, decision in decided])
    return BulkOutcome(done=[forecast for forecast, _decision in decided], refused=refused)


# What the audit trail says an assignment was.
ASSIGNED = _("Yoxlayan təyin edildi")


@transaction.atomic
def assign_forecasts(*, forecasts: Iterable[Forecast], to, by) -> int:
    """Give the review of ``forecasts`` to reviewer ``to`` (None: unassign); return how many.

    Raises PermissionDenied when ``by`` may not review, ValidationError when ``to``
    could not review what is given to them.
    """
    if not can_review(by):
        raise PermissionDenied
    if to is not None and not (to.is_staff and can_review(to)):
        raise ValidationError(_("Proqnoz yalnız DMX yoxlayanına təyin edilə bilər."))
    count = 0
    for forecast in forecasts:
        if forecast.assigned_to_id == getattr(to, "pk", None):
            continue
        forecast._history_user = by
        forecast._change_reason = str(ASSIGNED)
        try:
            forecast.assign(to=to)
        finally:
            forecast.__dict__.pop("_history_user", None)
            forecast.__dict__.pop("_change_reason", None)
        count += 1
    return count


def reviewers():
    """Return the accounts a forecast can be assigned to: active staff who may review."""
    user_model = get_user_model()
    return (
        user_model.objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__name=REVIEWER_GROUP)
            | Q(user_permissions__codename="review_forecast")
        )
        .distinct()
        .order_by("email", "username")
    )
