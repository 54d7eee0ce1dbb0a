"""A submitted form on paper: the staff print view's HTML, and the same page as a PDF.

Both are made from the frozen submission (``Submission`` and its ``SubmittedLine`` rows),
laid out like the employer's print view, with the forecast's reference, the submission's
number and date. The PDF is WeasyPrint's rendering of the same template; the system
libraries and fonts it needs are in deploy/debian-packages.txt.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Forecast, Submission

TEMPLATE = "forecasts/submission_print.html"
STYLESHEET = "css/print-form.css"


def submission_context(forecast: Forecast, submission: Submission) -> dict:
    """Return what the printed form shows: the frozen header, lines and totals."""
    return {
        "forecast": forecast,
        "submission": submission,
        "lines": list(submission.lines.order_by("position")),
        "decision": submission.decisions.select_related("decided_by").order_by("-pk").first(),
        "printed_at": timezone.localtime(),
    }


def _stylesheet_path() -> str:
    found = finders.find(STYLESHEET)
    if found:
        return str(found)
    return str(Path(settings.STATIC_ROOT) / STYLESHEET)  # collected, finders off


def submission_pdf(forecast: Forecast, submission: Submission, *, request=None) -> bytes:
    """Return the printed form of ``submission`` as PDF bytes (A4)."""
    from weasyprint import CSS, HTML  # imported here: Pango loads only when a PDF is made

    html = render_to_string(
        TEMPLATE, {**submission_context(forecast, submission), "pdf": True}, request=request
    )
    document = HTML(string=html, base_url=settings.SITE_URL)
    return document.write_pdf(stylesheets=[CSS(filename=_stylesheet_path())])
