"""The old switcher's language cookie is only ever deleted: SameSite=Lax, Secure in production."""

import pytest

from tests.foundation.test_settings import PROD_ENV, _manage


@pytest.mark.django_db
def test_forgetting_the_old_language_cookie_is_lax_and_secure(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True  # as in production (next test)
    client.cookies["django_language"] = "en"
    response = client.get("/help/")
    assert (response.status_code, response["Location"]) == (302, "/en/help/")
    cookie = response.cookies["django_language"]
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True
    assert cookie["max-age"] == 0


def test_production_settings_make_the_language_cookie_lax_and_secure():
    script = (
        "from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY)"
    )
    result = _manage("shell", "--no-imports", "-c", script, env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Lax", "True", "True"]
