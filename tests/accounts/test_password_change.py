"""Changing the password: the current one is checked like a login, throttled by django-axes."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.personas import OWNER_EMAIL, PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = "/accounts/password/change/"
NEW = "A-new-long-password-2027"


def _change(client, current: str):
    return client.post(CHANGE, {"oldpassword": current, "password1": NEW, "password2": NEW})


def test_the_right_current_password_changes_it(owner_client, owner):
    assert _change(owner_client, PASSWORD).status_code == 302
    owner.user.refresh_from_db()
    assert owner.user.check_password(NEW)


def test_five_wrong_current_passwords_lock_the_account_as_the_login_does(owner_client, owner):
    for _ in range(4):
        assert _change(owner_client, "wrong-password").status_code == 200
    response = _change(owner_client, "wrong-password")
    assert response.status_code == 429
    assert "Giriş müvəqqəti bağlanıb" in response.content.decode()
    # Not a minute's rate limit: the lock holds for its 30 minutes, the login too.
    later = timezone.now() + datetime.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        assert _change(owner_client, PASSWORD).status_code == 429
        login = {"login": OWNER_EMAIL, "password": PASSWORD}
        assert Client().post("/accounts/login/", login).status_code == 429
    owner.user.refresh_from_db()
    assert owner.user.check_password(PASSWORD)
