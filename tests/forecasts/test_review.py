"""Review in admin: permissions, transitions, required comments, e-mails, audit trail."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from forecasts.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(db):
    user = get_user_model().objects.create_user("rev", "rev@dmx.gov.az", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="DMX reviewer"))
    return user


@pytest.fixture
def submitted(draft, owner):
    draft.submit(by=owner.user)
    return draft


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch):
    """Send the review e-mail at once: the test transaction never commits."""
    monkeypatch.setattr("forecasts.review.transaction.on_commit", lambda func: func())


def _review(client, forecast, action, comment=""):
    return client.post(
        reverse("admin:forecasts_forecast_review", args=[forecast.pk]),
        {"action": action, "comment": comment},
    )


def test_a_reviewer_accepts_and_the_employer_gets_an_email(client, reviewer, submitted):
    client.force_login(reviewer)

    response = _review(client, submitted, "accept")

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    assert submitted.reviewed_by == reviewer and submitted.reviewed_at
    assert [m.to for m in mail.outbox] == [[submitted.employer.email]]
    assert "Qəbul edilib" in mail.outbox[0].subject


def test_return_needs_a_comment_which_the_employer_then_sees(client, reviewer, submitted):
    client.force_login(reviewer)

    refused = _review(client, submitted, "return", "   ")
    assert refused.status_code == 200
    assert "şərh yazmaq mütləqdir" in refused.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and mail.outbox == []

    _review(client, submitted, "return", "7212 üçün sayı əsaslandırın.")
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    owner = client.__class__()
    owner.force_login(submitted.employer.user)
    page = owner.get(reverse("forecasts:forecast-detail", args=[submitted.pk])).content.decode()
    assert "7212 üçün sayı əsaslandırın." in page


def test_reject_needs_a_reason(client, reviewer, submitted):
    client.force_login(reviewer)
    _review(client, submitted, "reject", "")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    _review(client, submitted, "reject", "Sahə üzrə fəaliyyət yoxdur.")
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED


def test_the_email_speaks_the_employers_language(client, reviewer, submitted):
    submitted.employer.language = "ru"
    submitted.employer.save()
    client.force_login(reviewer)

    _review(client, submitted, "return", "Уточните количество.")

    assert "Возвращён на доработку" in mail.outbox[0].subject
    assert "Уточните количество." in mail.outbox[0].body


def test_an_invalid_transition_is_refused(client, reviewer, draft):
    client.force_login(reviewer)

    response = _review(client, draft, "accept")

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert mail.outbox == []


def test_an_employer_or_plain_staff_cannot_review(client, owner, staff_user, submitted):
    client.force_login(owner.user)
    assert _review(client, submitted, "accept").status_code == 302  # sent to the admin login
    client.force_login(staff_user)
    assert _review(client, submitted, "accept").status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_reviewer_cannot_change_lines_or_delete_forecasts(client, reviewer, submitted):
    client.force_login(reviewer)
    line = submitted.lines.first()
    url = reverse("admin:forecasts_forecastline_change", args=[line.pk])
    client.post(url, {"workers": 9999})
    line.refresh_from_db()
    assert line.workers != 9999
    delete = client.post(
        reverse("admin:forecasts_forecast_delete", args=[submitted.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403


def test_bulk_accept_skips_forecasts_that_are_not_submitted(
    client, reviewer, submitted, other, occupations, places
):
    from tests.forecasts.factories import make_forecast

    draft = make_forecast(other, 2028, lines=[(occupations["7112"], 1, places["Bakı"])])
    client.force_login(reviewer)
    client.post(
        reverse("admin:forecasts_forecast_changelist"),
        {"action": "accept_selected", "_selected_action": [submitted.pk, draft.pk]},
    )
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == (Status.ACCEPTED, Status.DRAFT)
    assert len(mail.outbox) == 1


def test_state_changes_are_in_the_audit_trail_with_who(client, reviewer, submitted):
    client.force_login(reviewer)
    _review(client, submitted, "accept")

    history = submitted.history.order_by("history_date")
    assert [h.status for h in history][-2:] == [Status.SUBMITTED, Status.ACCEPTED]
    assert history.last().history_user == reviewer
    page = client.get(reverse("admin:forecasts_forecast_history", args=[submitted.pk]))
    assert page.status_code == 200


def test_the_change_page_compares_the_last_two_submissions(
    client, reviewer, submitted, owner, occupations, places
):
    from forecasts import services

    submitted.return_for_correction(by=reviewer, comment="Düzəldin")
    submitted.refresh_from_db()
    line = submitted.lines.get(occupation_id="7212")
    services.save_line(
        forecast=submitted,
        line=line,
        data={"occupation": line.occupation, "workers": 15, "place": line.place},
        expected_version=None,
    )
    services.save_line(
        forecast=submitted,
        data={"occupation": occupations["2512"], "workers": 2, "place": places["Bakı"]},
        expected_version=None,
    )
    submitted.refresh_from_db()
    submitted.submit(by=owner.user)
    client.force_login(reviewer)

    html = client.get(
        reverse("admin:forecasts_forecast_change", args=[submitted.pk])
    ).content.decode()

    assert "№1 → №2" in html
    assert "2512" in html.split('class="added"')[1].split("</ul>")[0]
    assert "10 → 15" in html


def test_the_changelist_query_count_is_constant(
    client, reviewer, owner, occupations, places, django_assert_max_num_queries
):
    from tests.forecasts.factories import make_employer, make_forecast

    client.force_login(reviewer)
    url = reverse("admin:forecasts_forecast_changelist")
    make_forecast(owner, 2028, lines=[(occupations["7212"], 1, places["Bakı"])])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(30):
        employer = make_employer(f"e{n}@example.az")
        make_forecast(employer, 2028, lines=[(occupations["7112"], n + 1, places["Yevlax"])])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
