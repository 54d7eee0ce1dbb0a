"""Registering with a VÖEN that already exists asks its owners to join; DMX resolves disputes."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from forecasts import members
from forecasts.models import Employer, JoinRequest, Membership, Role
from quota_portal.outbox.models import Email
from tests.accounts.test_signup import CHECK_EMAIL, SIGNUP, VALID
from tests.forecasts import factories
from tests.personas import signed_in
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

MEMBERS = "/forecasts/members/"


@pytest.fixture
def asked(client, owner, mailoutbox):
    """A newcomer signed up with the owner's VÖEN (in English); the e-mails are sent."""
    data = {**VALID, "voen": owner.voen, "email": "real.hr@example.az"}
    response = client.post(f"/en{SIGNUP}", data)
    assert (response.status_code, response["Location"]) == (302, f"/en{CHECK_EMAIL}")
    run_tasks()
    return JoinRequest.objects.get()


def test_a_known_voen_at_sign_up_becomes_a_request_to_the_owners(asked, owner, mailoutbox):
    assert Employer.objects.count() == 1  # no second employer with that VÖEN
    assert asked.employer == owner and asked.status == JoinRequest.Status.PENDING
    assert asked.language == "en"
    requester = get_user_model().objects.get(email="real.hr@example.az")
    assert not Membership.objects.filter(user=requester).exists()
    to_owner = next(m for m in mailoutbox if m.to == [owner.user.email])
    assert "real.hr@example.az" in to_owner.body and "/forecasts/members/" in to_owner.body
    assert "qoşulmaq" in to_owner.subject  # the employer's language (az)
    # The newcomer gets the usual verification e-mail and nothing about the employer.
    to_requester = next(m for m in mailoutbox if m.to == ["real.hr@example.az"])
    assert owner.legal_name not in to_requester.body
    assert owner.user.email not in to_requester.body


def test_the_requester_sees_the_request_waiting_and_nothing_of_the_employer(asked, owner, draft):
    requester = signed_in(asked.user)
    page = requester.get("/en/forecasts/").content.decode()
    assert owner.voen in page  # what they typed themselves
    assert owner.legal_name not in page and owner.user.email not in page
    assert requester.get(f"/forecasts/{draft.pk}/").status_code == 404


def test_the_sign_up_answers_the_same_for_a_known_and_a_new_voen(client, owner):
    known = client.post(SIGNUP, {**VALID, "voen": owner.voen, "email": "a@example.az"})
    client.logout()
    new = client.post(SIGNUP, {**VALID, "email": "b@example.az"})
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert owner.legal_name not in client.get(CHECK_EMAIL).content.decode()


def test_the_owner_cannot_approve_an_address_nobody_has_confirmed(asked, owner_client):
    page = owner_client.get(MEMBERS).content.decode()
    assert "real.hr@example.az" in page and "hələ təsdiqlənməyib" in page
    assert 'value="approve"' not in page
    owner_client.post(f"{MEMBERS}requests/{asked.pk}/", {"decision": "approve"})
    assert not Membership.objects.filter(user=asked.user).exists()
    assert "təsdiqləməyib" in owner_client.get(MEMBERS).content.decode()
    asked.refresh_from_db()
    assert asked.status == JoinRequest.Status.PENDING


def test_the_owner_approves_and_the_requester_works_on_the_same_forecasts(
    asked, owner_client, draft, mailoutbox
):
    mailoutbox.clear()
    EmailAddress.objects.filter(user=asked.user).update(verified=True)  # the link was opened
    page = owner_client.get(MEMBERS).content.decode()
    assert "real.hr@example.az" in page and 'value="approve"' in page
    response = owner_client.post(f"{MEMBERS}requests/{asked.pk}/", {"decision": "approve"})
    assert (response.status_code, response["Location"]) == (302, MEMBERS)
    membership = Membership.objects.get(user=asked.user)
    assert (membership.employer_id, membership.role) == (draft.employer_id, Role.MEMBER)
    run_tasks()
    [mail] = mailoutbox
    assert mail.to == ["real.hr@example.az"]
    assert "approved" in mail.subject.lower()  # in English, as they signed up
    assert signed_in(asked.user).get(f"/forecasts/{draft.pk}/").status_code == 200


def test_the_owner_refuses_and_the_requester_is_told_without_names(
    asked, owner, owner_client, mailoutbox
):
    mailoutbox.clear()
    owner_client.post(f"{MEMBERS}requests/{asked.pk}/", {"decision": "refuse"})
    asked.refresh_from_db()
    assert asked.status == JoinRequest.Status.REFUSED
    assert not Membership.objects.filter(user=asked.user).exists()
    run_tasks()
    [mail] = mailoutbox
    assert mail.to == ["real.hr@example.az"]
    assert owner.user.email not in mail.body and owner.legal_name not in mail.body


def test_a_member_cannot_decide_a_request(asked, colleague, colleague_client):
    colleague_client.post(f"{MEMBERS}requests/{asked.pk}/", {"decision": "approve"})
    asked.refresh_from_db()
    assert asked.status == JoinRequest.Status.PENDING
    with pytest.raises(PermissionDenied):
        members.decide_join_request(join_request=asked, by=colleague, approve=True)


# --- DMX staff resolve a dispute ---------------------------------------------------------


def _transfer(client, employer, **data):
    return client.post(f"/admin/forecasts/employer/{employer.pk}/transfer/", data)


def test_staff_give_the_account_to_the_real_company_with_a_reason(
    asked, owner, superuser_client, superuser, mailoutbox
):
    page = superuser_client.get(f"/admin/forecasts/employer/{owner.pk}/transfer/")
    assert "real.hr@example.az" in page.content.decode()
    response = _transfer(
        superuser_client, owner, user=asked.user.pk, reason="VÖEN şəhadətnaməsi təqdim edilib."
    )
    assert response.status_code == 302
    roles = dict(Membership.objects.values_list("user__email", "role"))
    assert roles == {"real.hr@example.az": Role.OWNER, owner.user.email: Role.MEMBER}
    asked.refresh_from_db()
    assert asked.status == JoinRequest.Status.APPROVED
    # Audited: the admin log and the membership history say who, and why.
    entry = LogEntry.objects.get(object_id=str(owner.pk))
    assert "VÖEN şəhadətnaməsi təqdim edilib." in entry.get_change_message()
    record = Membership.history.filter(user=asked.user).latest()
    assert (record.history_user, record.history_change_reason) == (
        superuser,
        "VÖEN şəhadətnaməsi təqdim edilib.",
    )
    history = superuser_client.get(f"/admin/forecasts/employer/{owner.pk}/history/")
    assert "VÖEN şəhadətnaməsi təqdim edilib." in history.content.decode()
    email = Email.objects.get(kind="forecasts/email/ownership_transfer")
    assert set(email.to) == {owner.email, "real.hr@example.az"}


def test_a_transfer_needs_a_reason(asked, owner, superuser_client):
    response = _transfer(superuser_client, owner, user=asked.user.pk, reason="  ")
    assert response.status_code == 200
    assert Membership.objects.get(user=owner.user).role == Role.OWNER
    assert not Membership.objects.filter(user=asked.user).exists()


def test_a_transfer_cannot_take_an_account_from_another_employer(owner, other, superuser):
    with pytest.raises(ValidationError, match="başqa işəgötürənə"):
        members.transfer_ownership(employer=owner, to=other.user, by=superuser, reason="x")
    assert Membership.objects.get(user=other.user).employer == other


def test_reviewers_cannot_transfer_ownership(asked, owner, reviewer_client):
    response = _transfer(reviewer_client, owner, user=asked.user.pk, reason="x")
    assert response.status_code == 403
    assert Membership.objects.get(user=owner.user).role == Role.OWNER


def test_a_reviewer_reads_the_people_of_an_employer_but_cannot_transfer(
    asked, owner, colleague, reviewer_client
):
    html = reviewer_client.get(f"/admin/forecasts/employer/{owner.pk}/change/").content.decode()
    assert "colleague@example.az" in html and "real.hr@example.az" in html
    assert "Sahibliyi ver" not in html


def test_an_employer_page_in_admin_lists_its_people(owner, colleague, superuser_client):
    factories.make_user("someone@example.az")
    html = superuser_client.get(f"/admin/forecasts/employer/{owner.pk}/change/").content.decode()
    assert "colleague@example.az" in html and "Sahibliyi ver" in html


# --- an account without an employer registers one ----------------------------------------


def _profile(**fields):
    return {k: v for k, v in VALID.items() if k not in ("email", "password1", "password2")} | fields


def test_a_refused_requester_registers_their_own_employer(asked, owner, owner_client):
    owner_client.post(f"{MEMBERS}requests/{asked.pk}/", {"decision": "refuse"})
    requester = signed_in(asked.user)
    assert "/forecasts/employer/new/" in requester.get("/forecasts/").content.decode()
    response = requester.post("/forecasts/employer/new/", _profile(voen="1799000123"))
    assert (response.status_code, response["Location"]) == (302, "/forecasts/")
    membership = Membership.objects.get(user=asked.user)
    assert (membership.employer.voen, membership.role) == ("1799000123", Role.OWNER)
    assert membership.employer.email == "real.hr@example.az"


def test_registering_a_known_voen_from_the_account_asks_to_join_again(asked, owner, owner_client):
    owner_client.post(f"{MEMBERS}requests/{asked.pk}/", {"decision": "refuse"})
    signed_in(asked.user).post("/forecasts/employer/new/", _profile(voen=owner.voen))
    assert Employer.objects.count() == 1
    assert JoinRequest.objects.filter(user=asked.user, status="pending").count() == 1


def test_a_new_employer_withdraws_the_request_still_waiting(asked):
    signed_in(asked.user).post("/forecasts/employer/new/", _profile(voen="1799000124"))
    asked.refresh_from_db()
    assert asked.status == JoinRequest.Status.WITHDRAWN
