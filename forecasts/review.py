"""Reviewing submitted forecasts: the state change and the e-mail to the employer."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Forecast, Submission

ACTIONS = ("accept", "return", "reject")


@transaction.atomic
def review_forecast(*, forecast: Forecast, action: str, by, comment: str = "") -> None:
    """Accept, return or reject a submitted forecast and tell the employer by e-mail.

    Raises ValidationError for an invalid transition or a missing comment; nothing is
    changed and no e-mail is sent then.
    """
    if action == "accept":
        forecast.accept(by=by, comment=comment.strip())
    elif action == "return":
        forecast.return_for_correction(by=by, comment=comment)
    elif action == "reject":
        forecast.reject(by=by, reason=comment)
    else:
        raise ValueError(action)
    employer = forecast.employer
    # The e-mail leaves only once the change is committed.
    transaction.on_commit(lambda: _notify(forecast.pk, employer.language or "az"))


def _notify(forecast_pk: int, language: str) -> None:
    forecast = Forecast.objects.select_related("employer").get(pk=forecast_pk)
    with translation.override(language):
        context = {"forecast": forecast, "employer": forecast.employer}
        subject = render_to_string("forecasts/email/review_subject.txt", context).strip()
        body = render_to_string("forecasts/email/review_body.txt", context)
    send_mail(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [forecast.employer.email or forecast.employer.user.email],
    )


def compare_submissions(previous: Submission | None, current: Submission) -> dict:
    """Return lines added, removed and changed between two submissions.

    Lines are matched by profession code and place of work.
    """

    def keyed(submission):
        if submission is None:
            return {}
        return {(line["code"], line["region"], line["place"]): line for line in submission.lines}

    before, after = keyed(previous), keyed(current)
    added = [after[key] for key in after if key not in before]
    removed = [before[key] for key in before if key not in after]
    changed = [
        {"line": after[key], "before": before[key]["workers"], "after": after[key]["workers"]}
        for key in after
        if key in before and before[key]["workers"] != after[key]["workers"]
    ]
    return {
        "added": added,
        "removed": removed,
        "changed": changed,
        "total_before": previous.total_workers if previous else 0,
        "total_after": current.total_workers,
    }
