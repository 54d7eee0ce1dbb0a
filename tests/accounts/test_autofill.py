"""Every account field tells phones and password managers what it holds (WHATWG autofill)."""

import re

import pytest

from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, f"no input named {name}"
    return found.group(0)


def _assert_fields(html: str, expected: dict[str, tuple[str, str]]) -> None:
    for name, (kind, autocomplete) in expected.items():
        field = _input(html, name)
        assert f'type="{kind}"' in field, field
        assert f'autocomplete="{autocomplete}"' in field, field


ANONYMOUS_PAGES = {
    "/accounts/login/": {
        "login": ("email", "username"),
        "password": ("password", "current-password"),
    },
    "/accounts/signup/": {
        "email": ("email", "email"),
        "password1": ("password", "new-password"),
        "password2": ("password", "new-password"),
    },
    "/accounts/password/reset/": {"email": ("email", "email")},
}
EMPLOYER_PAGES = {
    "/accounts/password/change/": {
        "oldpassword": ("password", "current-password"),
        "password1": ("password", "new-password"),
        "password2": ("password", "new-password"),
    },
    "/accounts/email/": {"email": ("email", "email")},
    "/accounts/reauthenticate/": {"password": ("password", "current-password")},
    "/forecasts/profile/": {"email": ("email", "email"), "phone": ("tel", "tel")},
}


@pytest.mark.parametrize("language", ["", "/en", "/ru"])
@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_the_pages_of_visitors(client, path, language):
    _assert_fields(client.get(f"{language}{path}").content.decode(), ANONYMOUS_PAGES[path])


@pytest.mark.parametrize("path", EMPLOYER_PAGES)
def test_the_pages_of_a_signed_in_employer(owner_client, path):
    _assert_fields(owner_client.get(path).content.decode(), EMPLOYER_PAGES[path])


def test_the_new_password_page_of_a_reset_link(client, owner, mailoutbox):
    client.post("/accounts/password/reset/", {"email": owner.user.email})
    run_tasks()
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    html = client.get(link.group(1), follow=True).content.decode()
    _assert_fields(
        html,
        {"password1": ("password", "new-password"), "password2": ("password", "new-password")},
    )
