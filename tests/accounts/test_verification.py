"""An unverified address may log in and fill a draft, but not submit until confirmed."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from forecasts.models import Status
from tests.forecasts import factories
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

NOT_VERIFIED = "Proqnozu göndərmək üçün əvvəlcə e-poçt ünvanınızı təsdiqləyin"


@pytest.fixture
def newcomer(db):
    return factories.make_employer("new@example.az", verified=False)


@pytest.fixture
def newcomer_draft(newcomer, occupations, places, campaign):
    return factories.make_forecast(newcomer, 2028, lines=[(occupations["7212"], 4, places["Bakı"])])


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer.user)
    return client


def _link(mail) -> str:
    return re.search(r"https?://[^/]+(/accounts/confirm-email/[-:\w]+/)", mail.body).group(1)


def test_an_unverified_employer_fills_a_draft_and_sees_why_it_cannot_submit(
    newcomer_client, newcomer_draft
):
    assert "verify-email-notice" in newcomer_client.get("/forecasts/").content.decode()
    check = f"/forecasts/{newcomer_draft.pk}/check/"
    html = newcomer_client.get(check).content.decode()
    assert NOT_VERIFIED in html
    assert "Keçidi yenidən göndər" in html
    assert "Təsdiq et və göndər" not in html
    response = newcomer_client.post(check, {"version": newcomer_draft.version})
    assert response.status_code == 200
    newcomer_draft.refresh_from_db()
    assert newcomer_draft.status == Status.DRAFT


def test_the_model_refuses_a_submission_by_an_unverified_address(newcomer, newcomer_draft):
    with pytest.raises(ValidationError, match="təsdiqləyin"):
        newcomer_draft.submit(by=newcomer.user)
    assert not newcomer_draft.submissions.exists()


def test_the_link_is_sent_again_once_per_three_minutes(newcomer_client, newcomer, mailoutbox):
    back = "/forecasts/"
    response = newcomer_client.post("/accounts/verification/resend/", {"next": back})
    assert (response.status_code, response["Location"]) == (302, back)
    run_tasks()
    assert [m.to for m in mailoutbox] == [[newcomer.user.email]]
    newcomer_client.post("/accounts/verification/resend/", {"next": back})
    run_tasks()
    assert len(mailoutbox) == 1  # the first link still works


def test_the_resend_never_redirects_off_site(newcomer_client):
    response = newcomer_client.post("/accounts/verification/resend/", {"next": "//evil.example/"})
    assert response["Location"] == "/forecasts/"


def test_after_the_link_the_employer_submits(newcomer_client, newcomer, newcomer_draft, mailoutbox):
    newcomer_client.post("/accounts/verification/resend/")
    run_tasks()
    link = _link(mailoutbox[-1])
    assert "Təsdiqlə" in newcomer_client.get(link).content.decode()
    newcomer_client.post(link)
    assert EmailAddress.objects.get(user=newcomer.user).verified
    assert "verify-email-notice" not in newcomer_client.get("/forecasts/").content.decode()
    check = f"/forecasts/{newcomer_draft.pk}/check/"
    response = newcomer_client.post(check, {"version": newcomer_draft.version})
    assert response.status_code == 302
    newcomer_draft.refresh_from_db()
    assert newcomer_draft.status == Status.SUBMITTED
