"""Passwords are stored as Argon2id with the OWASP profile; old PBKDF2 hashes still work.

The suite hashes with MD5 for speed (tests/conftest.py); these tests put the project's
own hashers back.
"""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from quota_portal import settings as project_settings
from tests.accounts.test_signup import VALID

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _project_hashers(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_a_new_employer_password_is_stored_as_argon2id_with_the_owasp_profile(
    client, django_user_model
):
    assert client.post("/accounts/signup/", VALID).status_code == 302
    stored = django_user_model.objects.get(email="hr@xezer.az").password
    assert stored.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    login = {"login": "hr@xezer.az", "password": VALID["password1"]}
    assert client.post("/accounts/login/", login).status_code == 302


def test_an_old_pbkdf2_password_still_logs_in_and_is_upgraded(client, django_user_model):
    user = django_user_model.objects.create(
        username="old@example.az",
        email="old@example.az",
        password=make_password("Old-password-2026", hasher="pbkdf2_sha256"),
    )
    login = {"login": "old@example.az", "password": "Old-password-2026"}
    assert client.post("/accounts/login/", login).status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password("Old-password-2026")


def test_a_wrong_password_is_refused_whatever_the_hash(client, django_user_model):
    django_user_model.objects.create_user("hr@example.az", "hr@example.az", "Right-pass-2027")
    login = {"login": "hr@example.az", "password": "Wrong-pass-2027"}
    response = client.post("/accounts/login/", login)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
