"""django-axes locks a user name at one address after five failures; staff unlock.

The address is the visitor's, behind the proxy too (``TRUSTED_PROXY_COUNT``): wrong
passwords from one place never lock the owner out of another, a password reset lifts the
lock, and the lock page says what still works. tests/security/test_proxy_lockout.py runs
the same through a real nginx.
"""

import re

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.test import Client

from tests.personas import OWNER_EMAIL, PASSWORD
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

NGINX = "127.0.0.1"  # every request reaches gunicorn from the proxy on the same machine
ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"
NEW_PASSWORD = "A-new-long-password-2027"


@pytest.fixture
def account(owner):
    return owner.user


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _login(client, password, *, login=OWNER_EMAIL, prefix="", **headers):
    return client.post(
        f"{prefix}/accounts/login/", {"login": login, "password": password}, **headers
    )


def _from(address: str) -> dict:
    """The request as nginx passes it on: from itself, the visitor in X-Forwarded-For."""
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": address}


def test_five_failures_lock_the_account_with_a_clear_message(client, account):
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200
    response = _login(client, "wrong")
    assert response.status_code == 429
    assert "Giriş müvəqqəti bağlanıb" in response.content.decode()
    # Even the right password is refused while locked.
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_unlocking_lets_the_employer_in_again(client, account):
    for _ in range(5):
        _login(client, "wrong")
    assert AccessAttempt.objects.filter(username=OWNER_EMAIL).exists()
    reset(username=OWNER_EMAIL)  # what the admin's delete of the attempt does
    assert _login(client, PASSWORD).status_code == 302


def test_attempts_are_visible_to_staff_in_admin(superuser_client, client, account):
    for _ in range(5):
        _login(client, "wrong")
    response = superuser_client.get("/admin/axes/accessattempt/")
    assert response.status_code == 200
    assert OWNER_EMAIL in response.content.decode()


def test_failures_from_one_address_behind_the_proxy_leave_the_owner_free_elsewhere(
    behind_nginx, client, account
):
    for _ in range(5):
        _login(client, "wrong", **_from(ATTACKER))
    assert _login(client, PASSWORD, **_from(ATTACKER)).status_code == 429
    assert _login(Client(), PASSWORD, **_from(OWNER)).status_code == 302


def test_a_visitor_cannot_choose_their_address_behind_the_proxy(behind_nginx, client, account):
    # Whatever a visitor writes in front, the address nginx added last is the one counted.
    for i in range(5):
        _login(client, "wrong", **_from(f"192.0.2.{i}, {ATTACKER}"))
    assert _login(client, PASSWORD, **_from(ATTACKER)).status_code == 429


def test_without_a_proxy_a_forwarded_header_is_not_believed(client, account):
    for i in range(5):
        _login(client, "wrong", **_from(f"192.0.2.{i}"))
    assert _login(client, PASSWORD, REMOTE_ADDR=NGINX).status_code == 429


def test_an_address_is_counted_once_whatever_its_case(client, account):
    for login in [
        "OWNER@example.az",
        "Owner@Example.az",
        "owner@EXAMPLE.AZ",
        " owner@example.az",
        "OWNER@EXAMPLE.AZ",
    ]:
        _login(client, "wrong", login=login)
    assert _login(client, PASSWORD).status_code == 429


def _reset_password(client) -> None:
    client.post("/accounts/password/reset/", {"email": OWNER_EMAIL})
    run_tasks()
    from django.core import mail

    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    form = client.get(link.group(1), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302


def test_a_password_reset_lifts_the_lock(client, account):
    for _ in range(5):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 429
    _reset_password(client)
    assert _login(client, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("prefix", "phrases"),
    [
        ("", ["Parolu bərpa edin", "dərhal daxil ola bilərsiniz", "Başqa şəbəkədən", "919"]),
        ("/en", ["Reset your password", "log in at once", "another network", "919"]),
        ("/ru", ["Восстановите пароль", "сразу войти", "из другой сети", "919"]),
    ],
)
def test_the_lock_page_says_what_still_works(client, account, prefix, phrases):
    for _ in range(5):
        _login(client, "wrong", prefix=prefix)
    response = _login(client, PASSWORD, prefix=prefix)
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"  # the 30 minutes of the lock
    text = " ".join(response.content.decode().split())
    for phrase in phrases:
        assert phrase in text
    assert "30" in text
