"""Nobody edits a submitted or accepted forecast in admin, superusers included; the only
way to change an accepted one is "reopen for correction", audited and e-mailed."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from forecasts.models import Decision, Employer, Forecast, ForecastLine, Status, Submission
from forecasts.review import review_forecast
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


def form_fields(html: str) -> list[str]:
    """Return the names of the inputs a person could fill in or tick on an admin page.

    Hidden fields (the CSRF token) are not inputs anyone fills in; the sidebar's
    filter box has no name and is never posted.
    """
    fields = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        name = re.search(r'\bname="([^"]*)"', tag)
        if name and 'type="hidden"' not in tag:
            fields.append(name.group(1))
    return fields


@pytest.fixture(params=[Status.SUBMITTED, Status.ACCEPTED])
def decided(request, draft, owner, reviewer):
    """The owner's forecast, submitted, then (second run) accepted."""
    draft.submit(by=owner.user)
    if request.param == Status.ACCEPTED:
        review_forecast(forecast=draft, action="accept", by=reviewer)
    draft.refresh_from_db()
    return draft


def _stored(forecast):
    forecast.refresh_from_db()
    lines = list(forecast.lines.order_by("pk").values_list("workers", "job_title"))
    frozen = list(forecast.current_submission.lines.values_list("workers", flat=True))
    return forecast.status, forecast.reopened_until, forecast.justification, lines, frozen


def test_a_superuser_gets_no_inputs_on_a_submitted_forecast_or_its_line(superuser_client, decided):
    line = decided.lines.first()
    for url in (
        reverse("admin:forecasts_forecast_change", args=[decided.pk]),
        reverse("admin:forecasts_forecastline_change", args=[line.pk]),
        reverse("admin:forecasts_submission_change", args=[decided.current_submission_id]),
    ):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert form_fields(response.content.decode()) == [], url


def test_a_superuser_cannot_post_a_change_to_a_submitted_forecast_or_line(
    superuser_client, decided
):
    line = decided.lines.first()
    before = _stored(decided)
    forecast_post = superuser_client.post(
        reverse("admin:forecasts_forecast_change", args=[decided.pk]),
        {"reopened_until": "2099-01-31", "justification": "x", "status": "draft"},
    )
    line_post = superuser_client.post(
        reverse("admin:forecasts_forecastline_change", args=[line.pk]),
        {
            "occupation": line.occupation_id,
            "workers": 700,
            "place": line.place_id,
            "position": line.position,
            "job_title": "Dəyişdirilib",
        },
    )
    submission_post = superuser_client.post(
        reverse("admin:forecasts_submission_change", args=[decided.current_submission_id]),
        {"total_workers": 700},
    )
    assert (forecast_post.status_code, line_post.status_code) == (403, 403)
    assert submission_post.status_code == 403
    assert _stored(decided) == before
    assert not decided.history.filter(history_user__is_superuser=True).exists()


def test_a_past_version_of_a_forecast_is_shown_without_inputs(superuser_client, decided):
    record = decided.history.earliest()  # the draft it was
    url = reverse("admin:forecasts_forecast_simple_history", args=[decided.pk, record.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert form_fields(response.content.decode()) == []
    assert superuser_client.post(url, {"reopened_until": "2099-01-31"}).status_code == 403


def test_a_draft_still_has_its_late_submission_field(superuser_client, draft):
    # What the pages above would show were they not read-only.
    html = superuser_client.get(
        reverse("admin:forecasts_forecast_change", args=[draft.pk])
    ).content.decode()
    assert "reopened_until" in form_fields(html)


# --- reopen for correction -------------------------------------------------------------


@pytest.fixture
def accepted(draft, owner, reviewer):
    draft.submit(by=owner.user)
    review_forecast(forecast=draft, action="accept", by=reviewer)
    run_tasks()  # the acceptance's own e-mail
    mail.outbox.clear()
    draft.refresh_from_db()
    return draft


def _reopen_url(forecast) -> str:
    return reverse("admin:forecasts_forecast_review", args=[forecast.pk, "reopen"])


def test_reopening_needs_a_reason(reviewer_client, accepted):
    page = reviewer_client.get(_reopen_url(accepted))
    assert page.status_code == 200
    assert "comment" in form_fields(page.content.decode())

    refused = reviewer_client.post(_reopen_url(accepted), {"comment": "  "})
    run_tasks()
    assert refused.status_code == 200
    assert "yenidən açmağın səbəbini yazmaq mütləqdir" in refused.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED and mail.outbox == []


def test_reopening_leaves_an_audit_entry_and_an_email_and_the_next_submission_is_reviewed(
    reviewer_client, reviewer, owner, accepted
):
    accepted_record = accepted.current_submission
    reason = "7212 üzrə say müqavilə ilə təsdiqlənmir; düzəldin."
    response = reviewer_client.post(_reopen_url(accepted), {"comment": reason})
    run_tasks()
    assert response.status_code == 302

    accepted.refresh_from_db()
    assert accepted.status == Status.RETURNED and accepted.is_editable
    decision = accepted_record.decisions.latest("decided_at")
    assert (decision.action, decision.comment, decision.decided_by) == (
        Decision.Action.REOPENED,
        reason,
        reviewer,
    )
    audit = reviewer_client.get(
        reverse("admin:forecasts_forecast_audit", args=[accepted.pk])
    ).content.decode()
    assert "Qəbul edilmiş proqnoz düzəliş üçün yenidən açıldı" in audit
    assert reason in audit and reviewer.get_username() in audit
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert reason in message.body and "yenidən açılıb" in message.body

    # The accepted record stays as it was; the employer submits again, a new record.
    assert Submission.objects.get(pk=accepted_record.pk).total_workers == 12
    second = accepted.submit(by=owner.user)
    accepted.refresh_from_db()
    assert (accepted.status, second.number) == (Status.SUBMITTED, 2)
    change = reverse("admin:forecasts_forecast_change", args=[accepted.pk])
    html = reviewer_client.get(change).content.decode()
    for action in ("accept", "return", "reject"):
        assert reverse("admin:forecasts_forecast_review", args=[accepted.pk, action]) in html


def test_the_review_page_shows_what_was_submitted_not_the_live_rows(
    reviewer_client, owner, decided
):
    submitted_name = owner.legal_name
    Employer.objects.filter(pk=owner.pk).update(legal_name="“Sonradan” MMC", activity="C")
    ForecastLine.objects.filter(forecast=decided).update(job_title="Sonradan dəyişdirilib")
    Forecast.objects.filter(pk=decided.pk).update(justification="Sonradan yazılıb")

    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_change", args=[decided.pk])
    ).content.decode()
    lines = html.split('id="submitted-lines"')[1].split("</table>")[0]
    assert "7212" in lines and "Qaynaqçılar və qaz kəsənlər" in lines and ">10<" in lines
    # Not the live lines or justification; the employer block as submitted.
    assert "Sonradan dəyişdirilib" not in html and "Sonradan yazılıb" not in html
    profile = re.search(r'field-employer_profile.*?class="readonly">(.*?)</div>', html, re.S)[1]
    assert submitted_name in profile and "Tikinti" in profile and "Sonradan" not in profile
