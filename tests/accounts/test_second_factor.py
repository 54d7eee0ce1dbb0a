"""DMX staff reach the admin only through allauth's login with the code of an authenticator app."""

import datetime
import re
from urllib.parse import quote

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from forecasts.review import REVIEWER_GROUP
from tests.forecasts import factories
from tests.personas import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE_STEP = "/accounts/2fa/authenticate/"
SET_UP = "/accounts/2fa/totp/activate/"
RECOVERY_CODES = "/accounts/2fa/recovery-codes/"
REAUTHENTICATE = "/accounts/reauthenticate/"


@pytest.fixture(autouse=True)
def frozen_clock():
    """One instant for the whole test: a code made in the test is the one the portal expects."""
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def new_reviewer(db):
    """A reviewer who has not connected an authenticator app yet."""
    user = factories.make_user("leyla@migration.gov.az", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


def _log_in(client, user):
    return client.post(LOGIN, {"login": user.email, "password": PASSWORD})


def test_a_reviewers_admin_login_requires_the_code_of_the_app(client, reviewer):
    response = _log_in(client, reviewer)
    assert (response.status_code, response["Location"]) == (302, CODE_STEP)
    # The password alone signs nobody in: the admin still sends to the login.
    response = client.get("/admin/forecasts/forecast/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    html = client.get(CODE_STEP).content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"
    response = client.post(CODE_STEP, {"code": wrong})
    assert response.status_code == 200
    assert "Kod yanlışdır" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    response = client.post(CODE_STEP, {"code": totp_code()})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/forecasts/forecast/").status_code == 200


def test_a_code_works_once(client, reviewer):
    code = totp_code()
    _log_in(client, reviewer)
    client.post(CODE_STEP, {"code": code})
    client.post("/accounts/logout/")
    _log_in(client, reviewer)
    response = client.post(CODE_STEP, {"code": code})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_recovery_code_signs_in_when_the_phone_is_lost(client, reviewer):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(reviewer).get_unused_codes()
    _log_in(client, reviewer)
    response = client.post(CODE_STEP, {"code": codes[0]})
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_admins_own_login_form_leads_to_the_portals_login(client, reviewer):
    response = client.get("/admin/login/?next=/admin/forecasts/forecast/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/forecasts/forecast/"
    # Its form is never shown, so posting a password to it signs nobody in.
    response = client.post("/admin/login/", {"username": reviewer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_sends_a_signed_in_employer_to_their_forecasts(owner_client):
    response = owner_client.get("/admin/login/?next=/admin/")
    assert (response.status_code, response["Location"]) == (302, LOGIN)
    assert owner_client.get(LOGIN)["Location"] == "/forecasts/"


def test_a_reviewer_without_an_app_sets_one_up_before_the_admin(client, new_reviewer):
    response = _log_in(client, new_reviewer)
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # no code step yet
    for path in ("/admin/", "/admin/forecasts/forecast/", "/admin/forecasts/forecast/report/"):
        response = client.get(path, follow=True)
        # To the set-up, after confirming the password (allauth asks before any account change).
        assert response.redirect_chain[-1][0] == f"{REAUTHENTICATE}?next={quote(SET_UP, safe='')}"
    html = response.content.decode()
    assert "İdarəetmə panelinə daxil olmaq üçün əvvəlcə autentifikator tətbiqini qoşun" in html
    response = client.post(REAUTHENTICATE, {"password": PASSWORD, "next": SET_UP}, follow=True)
    assert response.redirect_chain[-1][0] == SET_UP
    html = response.content.decode()
    assert 'id="totp-qr"' in html and "data:image/svg+xml;base64," in html

    secret = response.context["form"].secret
    assert client.post(SET_UP, {"code": "000000"}).status_code == 200
    assert not Authenticator.objects.filter(user=new_reviewer).exists()
    response = client.post(SET_UP, {"code": totp_code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == RECOVERY_CODES
    html = response.content.decode()
    assert len(re.findall(r"^\d{8}$", html, flags=re.MULTILINE)) == 10  # the recovery codes
    assert 'href="/admin/"' in html  # and the way on

    assert client.get("/admin/forecasts/forecast/").status_code == 200
    # From now on the login asks for the code.
    client.post("/accounts/logout/")
    assert _log_in(client, new_reviewer)["Location"] == CODE_STEP


def test_staff_cannot_turn_the_app_off(reviewer_client, reviewer):
    response = reviewer_client.post("/accounts/2fa/reauthenticate/", {"code": totp_code()})
    assert response.status_code == 302
    response = reviewer_client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert "DMX əməkdaşları autentifikator tətbiqini söndürə bilməz" in response.content.decode()
    assert Authenticator.objects.filter(user=reviewer, type=Authenticator.Type.TOTP).exists()


def test_an_employer_may_turn_their_own_app_off(owner_client, owner):
    from tests.personas import with_authenticator_app

    with_authenticator_app(owner.user)
    owner_client.post("/accounts/2fa/reauthenticate/", {"code": totp_code()})
    response = owner_client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=owner.user, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [("", "Girişin təsdiqi"), ("/en", "Confirm your sign-in"), ("/ru", "Подтверждение входа")],
)
def test_the_code_step_speaks_the_visitors_language(client, reviewer, prefix, heading):
    client.post(f"{prefix}{LOGIN}", {"login": reviewer.email, "password": PASSWORD})
    html = client.get(f"{prefix}{CODE_STEP}").content.decode()
    assert heading in html


def test_codes_cannot_be_guessed_without_end(client, reviewer):
    _log_in(client, reviewer)
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert "Kod yanlışdır" in client.post(CODE_STEP, {"code": wrong}).content.decode()
    response = client.post(CODE_STEP, {"code": totp_code()})
    assert response.status_code == 200
    assert "Çox sayda kod yoxlanıldı" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_second_factor_page_offers_staff_no_way_to_turn_it_off(reviewer_client, owner):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from tests.personas import signed_in, with_authenticator_app

    html = reviewer_client.get("/accounts/2fa/").content.decode()
    assert "DMX əməkdaşları üçün iki mərhələli giriş məcburidir." in html
    assert "/accounts/2fa/totp/deactivate/" not in html
    RecoveryCodes.activate(with_authenticator_app(owner.user))
    html = signed_in(owner.user).get("/accounts/2fa/").content.decode()
    assert 'href="/accounts/2fa/totp/deactivate/"' in html
    assert "10 koddan 10 istifadə edilməyib." in html
