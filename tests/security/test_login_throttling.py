"""django-axes locks a user name at one address after five failures; staff unlock."""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset

from tests.personas import OWNER_EMAIL, PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(owner):
    return owner.user


def _login(client, password):
    return client.post("/accounts/login/", {"login": OWNER_EMAIL, "password": password})


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
