"""Changing the password or the e-mail address: who you are is asked first, other sessions end."""

import pytest
from allauth.account.models import EmailAddress

from tests import personas
from tests.forecasts import factories
from tests.personas import PASSWORD
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CHANGE_PASSWORD = "/accounts/password/change/"
EMAIL = "/accounts/email/"
REAUTHENTICATE = "/accounts/reauthenticate/"
PROFILE = "/forecasts/profile/"
NEW_PASSWORD = "Xəzər-kvota-2028"


def _change_password(client, *, old: str = PASSWORD, new: str = NEW_PASSWORD):
    return client.post(CHANGE_PASSWORD, {"oldpassword": old, "password1": new, "password2": new})


def test_a_new_password_signs_out_every_other_session(owner):
    here, elsewhere = personas.signed_in(owner.user), personas.signed_in(owner.user)
    assert elsewhere.get(PROFILE).status_code == 200

    response = _change_password(here)

    assert response.status_code == 302
    assert here.get(PROFILE).status_code == 200  # the session that changed it stays
    response = elsewhere.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    owner.user.refresh_from_db()
    assert owner.user.check_password(NEW_PASSWORD)


def test_changing_the_password_asks_for_the_current_one(owner_client, owner):
    response = _change_password(owner_client, old="not-my-password")
    assert response.status_code == 200
    owner.user.refresh_from_db()
    assert owner.user.check_password(PASSWORD)


@pytest.mark.parametrize(("password", "accepted"), [("Xəzər-kvota", False), ("Xəzər-kvota1", True)])
def test_a_new_password_needs_twelve_characters(owner_client, owner, password, accepted):
    response = _change_password(owner_client, new=password)
    owner.user.refresh_from_db()
    assert owner.user.check_password(password) is accepted
    if not accepted:
        assert response.status_code == 200
        assert "12" in response.content.decode()


def test_an_older_shorter_password_still_logs_in(client):
    user = factories.make_user("old@example.az", password="qisa-pw9")  # 8 characters
    response = client.post(LOGIN, {"login": user.email, "password": "qisa-pw9"})
    assert (response.status_code, response["Location"]) == (302, "/forecasts/")


def test_a_new_e_mail_address_waits_for_the_password(owner_client, owner, mailoutbox):
    response = owner_client.post(EMAIL, {"action_add": "", "email": "kadr@xezer.az"})
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE}?next=%2Faccounts%2Femail%2F"
    assert not EmailAddress.objects.filter(email="kadr@xezer.az").exists()

    page = owner_client.get(response["Location"]).content.decode()
    assert "Kimliyinizi təsdiqləyin" in page and 'autocomplete="current-password"' in page
    wrong = owner_client.post(REAUTHENTICATE, {"password": "guess", "next": EMAIL})
    assert wrong.status_code == 200
    assert not EmailAddress.objects.filter(email="kadr@xezer.az").exists()

    # The right password carries out the change that was asked for.
    owner_client.post(REAUTHENTICATE, {"password": PASSWORD, "next": EMAIL})
    added = EmailAddress.objects.get(email="kadr@xezer.az")
    assert added.user == owner.user and not added.verified
    run_tasks()
    assert any(message.to == ["kadr@xezer.az"] for message in mailoutbox)
    assert EmailAddress.objects.get(email=owner.user.email).primary  # until confirmed


def test_the_e_mail_page_offers_an_e_mail_input(owner_client):
    html = owner_client.get(EMAIL).content.decode()
    assert 'type="email"' in html and 'autocomplete="email"' in html
