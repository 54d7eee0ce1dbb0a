"""A new employer finds the registration, signs up, fills a draft unverified, verifies, submits."""

import pytest

from forecasts.models import Forecast, Status
from tests.browser.accounts import PROFILE, confirm_email_from_outbox, link_from_outbox, log_in
from tests.forecasts import factories

from .a11y import overflow
from .keyboard import MAX_TABS, focused, press_enter_and_wait, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "hr@xezer.az"
PASSWORD = "Xəzər-kvota-2028"
NOT_VERIFIED = "Proqnozu göndərmək üçün əvvəlcə e-poçt ünvanınızı təsdiqləyin"


def _world():
    factories.make_classification()
    places = factories.make_places()
    factories.make_campaign(2028)
    return places


def _add_line(page, place) -> None:
    page.get_by_role("link", name="Peşə əlavə et").first.click()
    field = page.locator("#id_profession")
    field.press_sequentially("qaynaqçı", delay=30)
    page.locator("#profession-suggestions [role=option][data-code='7212']").click()
    page.fill("#id_workers", "6")
    page.select_option("#id_place", str(place.pk))
    page.get_by_role("button", name="Yadda saxla", exact=True).click()
    page.wait_for_selector("#forecast-lines")


def test_on_a_phone_a_new_employer_registers_from_the_home_page_and_submits_once_verified(
    phone_page,
):
    page = phone_page
    places = _world()

    page.goto("/")
    page.get_by_role("link", name="Qeydiyyatdan keçin").first.click()
    page.wait_for_url("**/accounts/signup/")
    assert overflow(page) == 0
    page.fill("#id_email", EMAIL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    for selector, value in PROFILE.items():
        page.fill(selector, value)
    page.fill("#id_voen", "1700 123 456")
    page.select_option("#id_kind", "legal_entity")
    page.select_option("#id_activity", "F")
    page.get_by_role("button", name="Qeydiyyatdan keç").click()
    assert EMAIL in page.locator("#verification-sent").inner_text()

    # Unverified: a draft can be filled, and the check page says why it cannot be sent.
    log_in(page, EMAIL, PASSWORD)
    assert page.locator("#verify-email-notice").is_visible()
    page.get_by_role("button", name="Yeni proqnoz başla").click()
    _add_line(page, places["Bakı"])
    page.get_by_role("button", name="Yoxla və göndər").click()
    assert NOT_VERIFIED in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Təsdiq et və göndər").count() == 0
    assert overflow(page) == 0
    assert Forecast.objects.get().status == Status.DRAFT

    # The link of the e-mail the sign-up queued (the worker's part is played here).
    confirm_email_from_outbox(page, EMAIL)
    page.goto("/forecasts/")
    assert page.locator("#verify-email-notice").count() == 0
    page.get_by_role("link", name="Proqnozu davam etdir").click()
    page.get_by_role("button", name="Yoxla və göndər").click()
    page.get_by_role("button", name="Təsdiq et və göndər").click()
    assert page.locator("#forecast-status").inner_text() == "Göndərilib"
    assert Forecast.objects.get().status == Status.SUBMITTED


def _type_into(page, name: str, text: str) -> None:
    """Tab to the field called ``name`` and type ``text`` (a focused select picks what is typed)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == name:
            page.keyboard.type(text)
            return
    raise AssertionError(f"the field {name!r} cannot be reached with Tab")


def test_registration_by_keyboard_alone(page):
    _world()
    page.goto("/")
    tab_to(page, "Qeydiyyatdan keçin")
    press_enter_and_wait(page)
    assert page.url.endswith("/accounts/signup/")

    for name, text in [
        ("email", EMAIL),
        ("password1", PASSWORD),
        ("password2", PASSWORD),
        ("legal_name", PROFILE["#id_legal_name"]),
        ("voen", "1700123456"),
        ("kind", "H"),  # a focused select picks the first option starting with it
        ("legal_address", PROFILE["#id_legal_address"]),
        ("activity", "F"),
        ("contact_person", PROFILE["#id_contact_person"]),
        ("contact_position", PROFILE["#id_contact_position"]),
        ("phone", PROFILE["#id_phone"]),
        ("head_name", PROFILE["#id_head_name"]),
    ]:
        _type_into(page, name, text)
    assert page.locator("#id_kind").input_value() == "legal_entity"
    assert page.locator("#id_activity").input_value() == "F"
    tab_to(page, "Qeydiyyatdan keç")
    press_enter_and_wait(page)
    assert EMAIL in page.locator("#verification-sent").inner_text()

    tab_to(page, "Daxil ol")
    press_enter_and_wait(page)
    assert page.evaluate("document.activeElement.id") == "id_login"  # focus starts there
    page.keyboard.type(EMAIL)
    tab_to(page, "Parol")
    page.keyboard.type(PASSWORD)
    press_enter_and_wait(page)
    assert page.get_by_role("button", name="Çıxış").is_visible()  # signed in

    # The link in the e-mail, opened as from a mail program; its button by keyboard.
    page.goto(link_from_outbox(EMAIL, "/accounts/confirm-email/"))
    tab_to(page, "Təsdiqlə")
    assert "Təsdiqlə" in focused(page)
    press_enter_and_wait(page)
    assert page.locator("#verify-email-notice").count() == 0
