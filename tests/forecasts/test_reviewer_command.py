"""`manage.py reviewer add|remove`: one step gives a DMX officer exactly the review rights."""

import io
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command

from forecasts.review import REVIEW_PERMISSION
from tests.personas import with_authenticator_app
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_forecast(draft, owner):
    draft.submit(by=owner.user)
    return draft


def test_a_new_reviewer_reaches_the_review_admin_after_connecting_an_app(
    client, django_user_model, submitted_forecast
):
    out = io.StringIO()
    call_command("reviewer", "add", " Leyla.Aliyeva@Migration.gov.az ", stdout=out)
    user = django_user_model.objects.get(username="leyla.aliyeva@migration.gov.az")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm(REVIEW_PERMISSION)
    # What to tell the reviewer: the password by e-mail, then the authenticator app.
    assert '"Parolu unutmusunuz?"' in out.getvalue()
    assert "connect an authenticator app" in out.getvalue()
    client.force_login(user)
    review = f"/admin/forecasts/forecast/{submitted_forecast.pk}/review/accept/"
    response = client.get(review, follow=True)
    assert "/accounts/2fa/totp/activate/" in unquote(response.redirect_chain[-1][0])
    with_authenticator_app(user)
    assert client.get(review).status_code == 200


def test_a_reviewer_with_an_app_is_not_asked_for_another(reviewer):
    out = io.StringIO()
    call_command("reviewer", "add", reviewer.email, stdout=out)
    assert "authenticator app" not in out.getvalue()
    assert "6-digit code" in out.getvalue()


def test_adding_twice_changes_nothing_and_keeps_the_password(django_user_model):
    call_command("reviewer", "add", "rev@migration.gov.az")
    first = django_user_model.objects.get(username="rev@migration.gov.az")
    call_command("reviewer", "add", "rev@migration.gov.az")
    again = django_user_model.objects.get(username="rev@migration.gov.az")
    assert again.password == first.password and again.groups.count() == 1


def test_removing_takes_the_admin_away(client, django_user_model):
    call_command("reviewer", "add", "rev@migration.gov.az")
    call_command("reviewer", "remove", "rev@migration.gov.az")
    user = django_user_model.objects.get(username="rev@migration.gov.az")
    assert not user.is_staff and not user.has_perm(REVIEW_PERMISSION)
    client.force_login(user)
    assert client.get("/admin/forecasts/forecast/").status_code == 302


def test_an_employer_account_cannot_be_made_a_reviewer(owner):
    with pytest.raises(CommandError, match="işəgötürən hesabına aiddir"):
        call_command("reviewer", "add", owner.user.username)
    owner.user.refresh_from_db()
    assert not owner.user.is_staff


def test_a_bad_email_is_refused(django_user_model):
    with pytest.raises(CommandError):
        call_command("reviewer", "add", "not-an-email")
    assert not django_user_model.objects.exists()


def test_a_new_reviewer_can_set_a_password_by_e_mail(client, mailoutbox):
    call_command("reviewer", "add", "rev@migration.gov.az")
    client.post("/accounts/password/reset/", {"email": "rev@migration.gov.az"})
    run_tasks()
    assert [message.to for message in mailoutbox] == [["rev@migration.gov.az"]] * 2
    assert "/accounts/password/reset/key/" in mailoutbox[-1].body


def test_the_new_reviewer_is_told_by_e_mail_what_to_do_once(mailoutbox, settings):
    call_command("reviewer", "add", "rev@migration.gov.az")
    call_command("reviewer", "add", "rev@migration.gov.az")
    run_tasks()
    [mail] = mailoutbox
    assert mail.to == ["rev@migration.gov.az"]
    assert mail.subject == "Kvota Portalı: yoxlayan kimi işə başlamaq"
    assert "1. Parolunuzu təyin edin" in mail.body
    assert f"{settings.SITE_URL}/accounts/password/reset/" in mail.body
    assert f"2. Daxil olun:\n{settings.SITE_URL}/accounts/login/" in mail.body
    assert "3. İlk girişdə portal telefonunuza autentifikator tətbiqi" in mail.body


def test_an_existing_account_with_an_app_is_only_told_to_sign_in(reviewer, mailoutbox):
    call_command("reviewer", "add", reviewer.email)
    run_tasks()
    [mail] = mailoutbox
    assert "1. Daxil olun:" in mail.body
    assert "Parolunuzu təyin edin" not in mail.body and "İlk girişdə" not in mail.body
