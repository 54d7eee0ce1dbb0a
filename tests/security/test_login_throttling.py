"""django-axes locks a user name at one address after five failures; staff unlock."""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-2027"


@pytest.fixture
def account(django_user_model):
    return django_user_model.objects.create_user("hr@example.az", "hr@example.az", PASSWORD)


def _login(client, password):
    return client.post("/accounts/login/", {"username": "hr@example.az", "password": password})


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
    assert AccessAttempt.objects.filter(username="hr@example.az").exists()
    reset(username="hr@example.az")  # what the admin's delete of the attempt does
    assert _login(client, PASSWORD).status_code == 302


def test_attempts_are_visible_to_staff_in_admin(admin_client, client, account):
    for _ in range(5):
        _login(client, "wrong")
    response = admin_client.get("/admin/axes/accessattempt/")
    assert response.status_code == 200
    assert "hr@example.az" in response.content.decode()
