"""E-mails to employers about their forecasts, written in the employer's language."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Forecast

logger = logging.getLogger(__name__)


def employer_language(forecast: Forecast) -> str:
    """Return the language the employer asked to be written to in."""
    language = forecast.employer.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_review_email(forecast: Forecast, *, link: str = "") -> None:
    """Tell the employer the outcome of the review, with the reviewer's comment."""
    employer = forecast.employer
    context = {"forecast": forecast, "employer": employer, "link": link}
    with translation.override(employer_language(forecast)):
        subject = render_to_string("forecasts/email/review_subject.txt", context)
        body = render_to_string("forecasts/email/review_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [employer.email or employer.user.email],
    )
    logger.info("Review e-mail sent for forecast %s (%s)", forecast.pk, forecast.status)
