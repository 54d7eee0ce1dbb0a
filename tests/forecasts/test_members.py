"""Several people per employer: invitations, joining, removing, roles, who did what."""

import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forecasts import members
from forecasts.models import ForecastLine, Invitation, Membership, Role
from tests.forecasts import factories
from tests.personas import signed_in
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

MEMBERS = "/forecasts/members/"


def _invite(client, email="new.hr@example.az", language="az"):
    return client.post(f"{MEMBERS}invite/", {"email": email, "language": language})


def _link(mail) -> str:
    return re.search(r"https?://[^/\s]+(/(?:en/|ru/)?forecasts/invitations/[-\w]+/)", mail.body)[1]


@pytest.fixture
def invited(owner_client, mailoutbox):
    """An invitation of new.hr@example.az by the owner, with the link its e-mail carries."""
    _invite(owner_client)
    run_tasks()
    [mail] = mailoutbox
    mailoutbox.clear()
    return _link(mail)


# --- inviting -------------------------------------------------------------------------


def test_an_owner_invites_a_colleague_whose_e_mail_is_in_the_chosen_language(
    owner_client, owner, mailoutbox
):
    response = _invite(owner_client, "New.HR@Example.az", language="ru")
    assert (response.status_code, response["Location"]) == (302, MEMBERS)
    invitation = Invitation.objects.get()
    assert invitation.email == "new.hr@example.az"
    days = (invitation.expires_at - timezone.now()).total_seconds() / 86400
    assert 6.99 < days <= 7  # DJANGO_EMPLOYER_INVITATION_DAYS, 7 by default
    page = owner_client.get(MEMBERS).content.decode()
    assert "new.hr@example.az" in page and "Ləğv et" in page  # listed as pending
    run_tasks()
    [mail] = mailoutbox
    assert mail.to == ["new.hr@example.az"]
    assert owner.legal_name in mail.subject
    assert "приглашение" in mail.subject.lower()
    assert _link(mail).startswith("/ru/forecasts/invitations/")
    # The link is a key: staff never read it in admin and it is not in the table.
    assert invitation.token_hash not in mail.body


def test_the_invitation_lifetime_is_a_setting(owner_client, settings):
    settings.EMPLOYER_INVITATION_DAYS = 2
    _invite(owner_client)
    invitation = Invitation.objects.get()
    assert round((invitation.expires_at - invitation.created_at).total_seconds() / 3600) == 48


def test_a_member_cannot_invite_only_an_owner_can(colleague_client, owner, mailoutbox):
    page = colleague_client.get(MEMBERS).content.decode()
    assert "colleague@example.az" in page and "Dəvət göndər" not in page
    response = _invite(colleague_client)
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    assert "sahibi edə bilər" in colleague_client.get(MEMBERS).content.decode()
    with pytest.raises(PermissionDenied):
        members.invite(
            employer=owner,
            by=Membership.objects.get(role=Role.MEMBER).user,
            email="x@example.az",
            language="az",
        )


def test_an_owner_cannot_invite_someone_already_on_the_account(owner_client, colleague):
    _invite(owner_client, colleague.email)
    assert not Invitation.objects.exists()
    assert "artıq hesabın üzvüdür" in owner_client.get(MEMBERS).content.decode()


# --- accepting ------------------------------------------------------------------------


def test_the_invited_colleague_logs_in_accepts_and_sees_the_same_forecasts(
    invited, owner, draft, client
):
    colleague = factories.make_user("new.hr@example.az")
    page = client.get(invited).content.decode()
    assert owner.legal_name in page and "Qeydiyyatdan keçin" in page  # anonymous: sign up
    client.force_login(colleague)
    assert "Dəvəti qəbul et" in client.get(invited).content.decode()
    response = client.post(invited)
    assert (response.status_code, response["Location"]) == (302, "/forecasts/")
    assert Membership.objects.get(user=colleague).employer == owner
    assert client.get(f"/forecasts/{draft.pk}/").status_code == 200
    # The link worked once.
    assert client.get(invited).status_code == 404


def test_accepting_the_link_confirms_the_invited_address(invited, client):
    colleague = factories.make_user("new.hr@example.az", verified=False)
    client.force_login(colleague)
    client.post(invited)
    assert EmailAddress.objects.get(user=colleague).verified


def test_the_invited_colleague_signs_up_from_the_link_without_an_employer_profile(
    invited, owner, draft, client, mailoutbox
):
    client.get(invited)
    form = client.get("/accounts/signup/").content.decode()
    assert owner.legal_name in form and 'name="voen"' not in form
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.hr@example.az",
            "password1": "Colleague-2028!",
            "password2": "Colleague-2028!",
        },
    )
    assert (response.status_code, response["Location"]) == (302, "/forecasts/")
    membership = Membership.objects.get(user__email="new.hr@example.az")
    assert (membership.employer, membership.role) == (owner, Role.MEMBER)
    # The link reached the address: it is verified, no confirmation e-mail.
    assert EmailAddress.objects.get(user=membership.user).verified
    run_tasks()
    assert not mailoutbox
    assert client.get(f"/forecasts/{draft.pk}/").status_code == 200


def test_sign_up_from_the_link_must_use_the_invited_address(invited, client):
    client.get(invited)
    response = client.post(
        "/accounts/signup/",
        {
            "email": "someone@else.az",
            "password1": "Colleague-2028!",
            "password2": "Colleague-2028!",
        },
    )
    assert response.status_code == 200
    assert "new.hr@example.az" in response.content.decode()
    assert not Membership.objects.filter(user__email="someone@else.az").exists()


def test_an_invitation_expires(invited, client):
    user = factories.make_user("new.hr@example.az")
    client.force_login(user)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = client.get(invited)
        assert response.status_code == 404
        assert "etibarlı deyil" in response.content.decode()
        client.post(invited)
    assert not Membership.objects.filter(user=user).exists()


def test_a_revoked_invitation_no_longer_opens(owner_client, invited, client):
    invitation = Invitation.objects.get()
    response = owner_client.post(f"{MEMBERS}invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    assert client.get(invited).status_code == 404
    assert "Gözləyən dəvət yoxdur." in owner_client.get(MEMBERS).content.decode()


def test_only_the_invited_address_may_accept(invited, other, client):
    stranger = signed_in(factories.make_user("stranger@example.az"))
    response = stranger.post(invited)
    assert response.status_code == 200
    assert "new.hr@example.az ünvanına göndərilib" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_an_account_belongs_to_one_employer_only(owner, other, mailoutbox):
    invitation = members.invite(
        employer=owner, by=owner.user, email=other.user.email, language="az"
    )
    with pytest.raises(ValidationError, match="yalnız bir işəgötürənə"):
        members.accept_invitation(invitation=invitation, user=other.user)
    assert Membership.objects.get(user=other.user).employer == other


# --- removing and roles ---------------------------------------------------------------


def test_an_owner_removes_a_member_who_then_sees_nothing(owner_client, owner, colleague, draft):
    membership = Membership.objects.get(user=colleague)
    response = owner_client.post(f"{MEMBERS}{membership.pk}/remove/")
    assert (response.status_code, response["Location"]) == (302, MEMBERS)
    assert not Membership.objects.filter(user=colleague).exists()
    removed = signed_in(colleague)
    assert removed.get(f"/forecasts/{draft.pk}/").status_code == 404
    assert "işəgötürən hesabı deyil" in removed.get("/forecasts/").content.decode()
    # The history says who removed whom.
    record = Membership.history.filter(history_type="-").get()
    assert (record.user_id, record.history_user_id) == (colleague.pk, owner.user.pk)


def test_a_member_cannot_remove_anyone(colleague_client, owner):
    owner_membership = Membership.objects.get(user=owner.user)
    colleague_client.post(f"{MEMBERS}{owner_membership.pk}/remove/")
    assert Membership.objects.filter(pk=owner_membership.pk).exists()


def test_a_member_may_leave_by_themselves(colleague_client, colleague, draft):
    mine = Membership.objects.get(user=colleague)
    response = colleague_client.post(f"{MEMBERS}{mine.pk}/remove/")
    assert (response.status_code, response["Location"]) == (302, "/forecasts/")
    assert not Membership.objects.filter(user=colleague).exists()
    assert colleague_client.get(f"/forecasts/{draft.pk}/").status_code == 404


def test_the_last_owner_can_neither_leave_nor_become_a_member(owner_client, owner, colleague):
    mine = Membership.objects.get(user=owner.user)
    owner_client.post(f"{MEMBERS}{mine.pk}/remove/")
    owner_client.post(f"{MEMBERS}{mine.pk}/role/", {"role": "member"})
    mine.refresh_from_db()
    assert mine.role == Role.OWNER
    assert "yeganə sahibini" in owner_client.get(MEMBERS).content.decode()

    # With a second owner, the first may step down.
    theirs = Membership.objects.get(user=colleague)
    owner_client.post(f"{MEMBERS}{theirs.pk}/role/", {"role": "owner"})
    owner_client.post(f"{MEMBERS}{mine.pk}/role/", {"role": "member"})
    mine.refresh_from_db()
    assert mine.role == Role.MEMBER
    with pytest.raises(ValidationError):
        members.remove_member(membership=Membership.objects.get(user=colleague), by=colleague)


def test_another_employer_cannot_touch_the_owners_people(other_client, colleague):
    membership = Membership.objects.get(user=colleague)
    assert other_client.post(f"{MEMBERS}{membership.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- who did what -----------------------------------------------------------------------


def test_every_change_records_the_colleague_who_made_it(colleague_client, colleague, draft):
    line = draft.lines.order_by("position").first()
    colleague_client.post(
        f"/forecasts/{draft.pk}/lines/{line.pk}/",
        {
            "profession": "7212",
            "workers": 12,
            "place": line.place_id,
            "version": draft.version,
        },
    )
    assert ForecastLine.history.filter(id=line.pk).latest().history_user_id == colleague.pk
    draft.refresh_from_db()
    colleague_client.post(
        f"/forecasts/{draft.pk}/", {"justification": "Mövsüm işləri.", "version": draft.version}
    )
    assert draft.history.latest().history_user_id == colleague.pk
    draft.refresh_from_db()
    response = colleague_client.post(f"/forecasts/{draft.pk}/check/", {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.current_submission.submitted_by == colleague


def test_the_members_page_lists_everyone_in_constant_queries(
    owner_client, owner, django_assert_max_num_queries
):
    for n in range(5):
        factories.make_member(owner, f"hr{n}@example.az")
        members.invite(employer=owner, by=owner.user, email=f"inv{n}@example.az", language="az")
    owner_client.get(MEMBERS)  # the first visit after a login also updates the session
    with django_assert_max_num_queries(8):  # 6 today, whatever the number of people
        html = owner_client.get(MEMBERS).content.decode()
    assert "hr4@example.az" in html and "inv4@example.az" in html
