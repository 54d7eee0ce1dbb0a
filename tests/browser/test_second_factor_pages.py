"""A DMX officer's first and second login on a 375 px phone, in az, en and ru: the
password again, the authenticator app's set-up, the recovery codes, the code step; and an
employer's re-authentication before an account change. Each page fits the phone and has
no serious or critical axe-core violation."""

import pytest

from tests import personas
from tests.forecasts import factories

from .a11y import axe_problems, overflow, url_in
from .test_phone_and_axe import LANGUAGES, phone  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _problems(page, name: str) -> list[str]:
    found = [f"{name}: {problem}" for problem in axe_problems(page)]
    if overflow(page):
        found.append(f"{name}: {overflow(page)} px wider than the phone")
    return found


def _log_in(page, language: str, email: str) -> None:
    page.goto(url_in(language, "account_login"))
    page.fill("#id_login", email)
    page.fill("#id_password", personas.PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_officer_connects_the_app_then_signs_in_with_its_code(
    phone,  # noqa: F811
    language,
    settings,
):
    settings.MFA_TOTP_TOLERANCE = 1  # a code made just before the 30 s step ends still works
    officer = factories.make_user("leyla@migration.gov.az", is_staff=True, is_superuser=True)
    page = phone(language)
    problems = []

    _log_in(page, language, officer.email)  # lands on the admin, which sends to the set-up
    assert "/accounts/reauthenticate/" in page.url
    problems += _problems(page, "password again")
    page.fill("#id_password", personas.PASSWORD)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_selector("#totp-qr")
    problems += _problems(page, "set-up")
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", personas.totp_code(secret))
    page.locator("main button[type=submit]").first.click()
    page.wait_for_selector("#recovery_codes")
    problems += _problems(page, "recovery codes")
    page.locator("#continue-to-admin").click()
    page.wait_for_url("**/admin/")

    # The next login from a browser of its own: clearing this one's cookies raced the
    # admin page's /favicon.ico, whose late answer set the old CSRF cookie again.
    page = phone(language)
    _log_in(page, language, officer.email)
    assert "/accounts/2fa/authenticate/" in page.url
    problems += _problems(page, "code step")
    page.fill("#id_code", personas.totp_code(secret))
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_employer_confirms_the_password_before_a_new_address(phone, language):  # noqa: F811
    owner = personas.make_owner()
    page = phone(language, owner.user)
    page.goto(url_in(language, "account_email"))
    problems = _problems(page, "e-mail addresses")
    page.fill("#id_email", "kadr@xezer.az")
    page.locator("main button[name=action_add]").click()
    page.wait_for_url("**/accounts/reauthenticate/**")
    problems += _problems(page, "password again")
    page.fill("#id_password", personas.PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    assert "kadr@xezer.az" in page.locator("main").inner_text()
    assert not problems, "\n".join(problems)
