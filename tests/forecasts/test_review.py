"""Review in admin: who may act, valid transitions only, required comments, the e-mails."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forecasts import services
from forecasts.models import Status
from forecasts.review import review_forecast, review_forecasts
from tests.forecasts.factories import make_employer, make_forecast
from tests.personas import signed_in
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:forecasts_forecast_changelist"


@pytest.fixture
def submitted(draft, owner):
    draft.submit(by=owner.user)
    return draft


@pytest.fixture
def post():
    """POST, then let the worker deliver the e-mails the request queued."""

    def do(client, url, data=None):
        response = client.post(url, data or {})
        run_tasks()
        return response

    return do


def _url(forecast, action):
    return reverse("admin:forecasts_forecast_review", args=[forecast.pk, action])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- single actions -------------------------------------------------------------------


def test_a_reviewer_accepts_and_the_employer_gets_an_email(
    reviewer_client, reviewer, submitted, post
):
    response = post(reviewer_client, _url(submitted, "accept"), {"comment": ""})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:forecasts_forecast_change", args=[submitted.pk])
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    assert submitted.reviewed_by == reviewer and submitted.reviewed_at is not None
    assert [m.to for m in mail.outbox] == [[submitted.employer.email]]
    assert "Qəbul edilib" in mail.outbox[0].subject
    assert f"/forecasts/{submitted.pk}/" in mail.outbox[0].body  # a link to the forecast
    decision = submitted.submissions.get().decisions.get()
    assert (decision.action, decision.decided_by) == ("accepted", reviewer)


def test_the_change_page_offers_only_the_valid_actions(reviewer_client, submitted, owner):
    change = reverse("admin:forecasts_forecast_change", args=[submitted.pk])
    html = reviewer_client.get(change).content.decode()
    for action in ("accept", "return", "reject"):
        assert _url(submitted, action) in html

    submitted.accept(by=owner.user)
    html = reviewer_client.get(change).content.decode()
    # Once accepted, the only way back is reopening for correction.
    assert _url(submitted, "reopen") in html
    for action in ("accept", "return", "reject"):
        assert _url(submitted, action) not in html


def test_return_needs_a_comment_which_the_employer_then_sees(
    reviewer_client, owner_client, submitted, post
):
    refused = post(reviewer_client, _url(submitted, "return"), {"comment": "   "})
    assert refused.status_code == 200
    assert "Düzəliş üçün qaytararkən şərh yazmaq mütləqdir." in refused.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and mail.outbox == []

    post(reviewer_client, _url(submitted, "return"), {"comment": "7212 üçün sayı əsaslandırın."})
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert submitted.reviewer_comment == "7212 üçün sayı əsaslandırın."
    assert "7212 üçün sayı əsaslandırın." in mail.outbox[0].body

    page = owner_client.get(
        reverse("forecasts:forecast-detail", args=[submitted.pk])
    ).content.decode()
    assert "7212 üçün sayı əsaslandırın." in page


def test_reject_needs_a_reason(reviewer_client, submitted, post):
    refused = post(reviewer_client, _url(submitted, "reject"), {"comment": ""})
    assert "Rədd etmənin səbəbini yazmaq mütləqdir." in refused.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED

    post(reviewer_client, _url(submitted, "reject"), {"comment": "Sahə üzrə fəaliyyət yoxdur."})
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED
    assert submitted.reviewer_comment == "Sahə üzrə fəaliyyət yoxdur."
    assert "Rədd edilib" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("language", "status_text", "closing"),
    [
        ("az", "Düzəliş üçün qaytarılıb", "Dövlət Miqrasiya Xidməti"),
        ("en", "Returned for correction", "State Migration Service"),
        ("ru", "Возвращён на доработку", "Государственная миграционная служба"),
    ],
)
def test_the_email_speaks_the_employers_language(
    reviewer_client, submitted, post, language, status_text, closing
):
    submitted.employer.language = language
    submitted.employer.save()

    post(reviewer_client, _url(submitted, "return"), {"comment": "Sayları yoxlayın."})

    message = mail.outbox[0]
    assert status_text in message.subject
    assert status_text in message.body and closing in message.body
    assert "Sayları yoxlayın." in message.body
    # The reviewer's own page stays in the admin's language.
    assert reviewer_client.get(reverse("admin:index")).wsgi_request.LANGUAGE_CODE == "az"


def test_an_invalid_transition_is_refused_with_a_clear_message(reviewer_client, draft, post):
    page = reviewer_client.get(_url(draft, "accept"))
    assert page.status_code == 200
    assert 'id="refusal"' in page.content.decode()
    assert 'id="review-form"' not in page.content.decode()

    response = post(reviewer_client, _url(draft, "accept"))

    assert response.status_code == 302
    assert any("mümkün deyil" in m and "Qaralama" in m for m in _messages(response))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.reviewed_by is None
    assert mail.outbox == []


def test_a_decided_forecast_cannot_be_decided_again(reviewer, submitted):
    review_forecast(forecast=submitted, action="accept", by=reviewer)
    with pytest.raises(ValidationError, match="mümkün deyil"):
        review_forecast(forecast=submitted, action="reject", by=reviewer, comment="Gec")
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED


def test_an_unknown_action_is_not_found(reviewer_client, submitted):
    assert reviewer_client.get(_url(submitted, "delete")).status_code == 404


def test_an_employer_or_plain_staff_cannot_review(
    owner, owner_client, staff_user, staff_client, submitted, post
):
    response = post(owner_client, _url(submitted, "accept"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    assert post(staff_client, _url(submitted, "accept")).status_code == 403
    with pytest.raises(PermissionDenied):
        review_forecast(forecast=submitted, action="accept", by=owner.user)
    with pytest.raises(PermissionDenied):
        review_forecast(forecast=submitted, action="accept", by=staff_user)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert mail.outbox == []


def test_a_superuser_can_review(superuser, superuser_client, submitted, post):
    post(superuser_client, _url(submitted, "accept"))
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == (Status.ACCEPTED, superuser)


# --- bulk actions -------------------------------------------------------------------


@pytest.fixture
def two_submitted(submitted, other, occupations, places):
    second = make_forecast(other, 2028, lines=[(occupations["7112"], 3, places["Bakı"])])
    second.submit(by=other.user)
    return [submitted, second]


def _bulk_url(action):
    return reverse("admin:forecasts_forecast_bulk_review", args=[action])


def test_bulk_accept_goes_through_a_confirmation_page_listing_count_and_employers(
    reviewer_client, submitted, occupations, places, post
):
    draft = make_forecast(
        make_employer("drafty@example.az"),
        2028,
        lines=[(occupations["7112"], 1, places["Bakı"])],
    )
    selected = {"action": "accept_selected", "_selected_action": [submitted.pk, draft.pk]}
    page = post(reviewer_client, reverse(CHANGELIST) + "?queue=all", selected)

    assert page.status_code == 200
    html = page.content.decode()
    assert "1 proqnoz dəyişəcək." in html and "1 proqnoz dəyişməyəcək." in html
    listed = html.split('id="bulk-forecasts"')[1].split("</table>")[0]
    assert submitted.employer.legal_name in listed and submitted.reference in listed
    assert draft.employer.legal_name in html.split('id="bulk-skipped"')[1]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and mail.outbox == []  # nothing yet

    form = page.context["selected"], page.context["changelist"]
    response = post(
        reviewer_client, _bulk_url("accept"), {"forecasts": form[0], "changelist": form[1]}
    )

    assert response.status_code == 302 and response["Location"].endswith("?queue=all")
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == (Status.ACCEPTED, Status.DRAFT)
    assert [m.to for m in mail.outbox] == [[submitted.employer.email]]
    assert f"/forecasts/{submitted.pk}/" in mail.outbox[0].body  # each e-mail has its link
    texts = _messages(response)
    assert any("1 proqnoz" in m for m in texts)
    assert any(str(draft) in m and "mümkün deyil" in m for m in texts)


@pytest.mark.parametrize(
    ("action", "status"), [("return", Status.RETURNED), ("reject", Status.REJECTED)]
)
def test_bulk_return_and_reject_ask_for_a_comment_first(
    reviewer_client, two_submitted, post, action, status
):
    two_submitted[1].employer.language = "en"
    two_submitted[1].employer.save()
    data = {"action": f"{action}_selected", "_selected_action": [f.pk for f in two_submitted]}

    page = post(reviewer_client, reverse(CHANGELIST), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="bulk-confirm-form"' in html and all(
        f.employer.legal_name in html for f in two_submitted
    )
    assert "2 proqnoz dəyişəcək." in html

    selected = {"forecasts": page.context["selected"]}
    refused = post(reviewer_client, _bulk_url(action), {**selected, "comment": " "})
    assert refused.status_code == 200 and "mütləqdir" in refused.content.decode()
    assert {f.status for f in two_submitted} == {Status.SUBMITTED}

    done = post(reviewer_client, _bulk_url(action), {**selected, "comment": "Düzəldin."})
    assert done.status_code == 302
    for forecast in two_submitted:
        forecast.refresh_from_db()
        assert (forecast.status, forecast.reviewer_comment) == (status, "Düzəldin.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.employer.email for f in two_submitted)
    english = next(m for m in mail.outbox if m.to == [two_submitted[1].employer.email])
    assert "State Migration Service" in english.body


def test_bulk_actions_are_offered_only_to_reviewers(reviewer_client, staff_user, submitted):
    html = reviewer_client.get(reverse(CHANGELIST)).content.decode()
    assert all(f'value="{a}_selected"' in html for a in ("accept", "return", "reject"))

    staff_user.user_permissions.add(
        *Group.objects.get(name="DMX reviewer").permissions.exclude(codename="review_forecast")
    )
    client = signed_in(staff_user)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "accept_selected" not in html
    client.post(
        reverse(CHANGELIST), {"action": "accept_selected", "_selected_action": [submitted.pk]}
    )
    assert client.post(_bulk_url("accept"), {"forecasts": str(submitted.pk)}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_bulk_service_refuses_without_comment_or_permission(
    reviewer, staff_user, two_submitted
):
    with pytest.raises(ValidationError):
        review_forecasts(forecasts=two_submitted, action="reject", by=reviewer, comment="")
    with pytest.raises(PermissionDenied):
        review_forecasts(forecasts=two_submitted, action="accept", by=staff_user)
    outcome = review_forecasts(forecasts=two_submitted, action="accept", by=reviewer)
    assert len(outcome.done) == 2 and outcome.refused == []


# --- comparing submissions -------------------------------------------------------------


def _resubmit_with_changes(forecast, reviewer, owner, occupations, places):
    forecast.return_for_correction(by=reviewer, comment="Düzəldin")
    forecast.refresh_from_db()
    line = forecast.lines.get(occupation_id="7212")
    services.save_line(
        forecast=forecast,
        line=line,
        data={"occupation": line.occupation, "workers": 15, "place": line.place},
        expected_version=None,
    )
    services.save_line(
        forecast=forecast,
        data={"occupation": occupations["2512"], "workers": 2, "place": places["Bakı"]},
        expected_version=None,
    )
    services.delete_line(line=forecast.lines.get(occupation_id="5120"), expected_version=None)
    forecast.refresh_from_db()
    forecast.submit(by=owner.user)


def test_the_change_page_compares_the_last_two_submissions(
    reviewer_client, reviewer, submitted, owner, occupations, places
):
    _resubmit_with_changes(submitted, reviewer, owner, occupations, places)

    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_change", args=[submitted.pk])
    ).content.decode()

    assert "№1 → №2" in html
    assert "2512" in html.split('class="added"')[1].split("</ul>")[0]
    assert "5120" in html.split('class="removed"')[1].split("</ul>")[0]
    assert "10 → 15" in html.split('class="changed"')[1]
    assert "12 → 17" in html  # total workers before → after


def test_the_compare_page_shows_any_submission_against_the_one_before(
    reviewer_client, reviewer, submitted, owner, occupations, places
):
    _resubmit_with_changes(submitted, reviewer, owner, occupations, places)
    url = reverse("admin:forecasts_forecast_compare", args=[submitted.pk])

    latest = reviewer_client.get(url).content.decode()
    first = reviewer_client.get(url, {"number": 1}).content.decode()

    assert "№1 → №2" in latest
    assert "İlk göndəriş" in first
    assert (
        reviewer_client.get(reverse("admin:forecasts_forecast_compare", args=[0])).status_code
        == 404
    )


def test_a_bulk_accept_runs_the_same_queries_for_3_or_30_forecasts_and_queues_one_task(
    reviewer, occupations, places, campaign, django_assert_max_num_queries
):
    from django_tasks_db.models import DBTaskResult

    from quota_portal.outbox.models import Email

    def submitted(count, prefix):
        made = []
        for n in range(count):
            employer = make_employer(f"{prefix}{n}@example.az")
            forecast = make_forecast(
                employer, 2028, lines=[(occupations["7112"], 2, places["Bakı"])]
            )
            forecast.submit(by=employer.user)
            made.append(forecast)
        return made

    few, many = submitted(3, "few"), submitted(30, "many")
    tasks_before = DBTaskResult.objects.count()
    with django_assert_max_num_queries(20) as small:
        review_forecasts(forecasts=few, action="accept", by=reviewer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        outcome = review_forecasts(forecasts=many, action="accept", by=reviewer)
    assert len(outcome.done) == 30
    assert DBTaskResult.objects.count() - tasks_before == 2  # one per bulk, not per e-mail
    assert not Email.objects.filter(kind="forecasts/email/review").exists()

    run_tasks()
    assert len([m for m in mail.outbox if "Qəbul edilib" in m.subject]) == 33
    record = many[0].history.latest()
    assert (record.status, record.history_user) == (Status.ACCEPTED, reviewer)
    assert record.history_change_reason == "Qəbul edildi"


def test_the_bulk_emails_are_queued_once_even_if_their_task_runs_twice(reviewer, two_submitted):
    from forecasts.models import Decision
    from forecasts.notifications import queue_decision_emails

    review_forecasts(forecasts=two_submitted, action="accept", by=reviewer)
    ids = list(Decision.objects.values_list("pk", flat=True))
    run_tasks()
    assert queue_decision_emails(ids) == 2  # a second run finds them queued
    run_tasks()
    assert len([m for m in mail.outbox if "Qəbul edilib" in m.subject]) == 2
