"""Steps of the account pages that several browser journeys take."""

import re

from django.core import mail

from tests.tasks import run_tasks

PROFILE = {
    "#id_legal_name": "“Xəzər Tikinti” MMC",
    "#id_legal_address": "Bakı şəhəri, Nobel prospekti 15",
    "#id_contact_person": "Aynur Məmmədova",
    "#id_contact_position": "Kadrlar şöbəsinin müdiri",
    "#id_phone": "050 123 45 67",
    "#id_head_name": "Elçin Həsənov",
}


def sign_up(page, *, email: str, password: str, voen: str = "1700 123 456") -> None:
    """Fill in the sign-up form from the home page's link and send it."""
    page.goto("/")
    page.get_by_role("link", name="Qeydiyyatdan keçin").first.click()
    page.fill("#id_email", email)
    page.fill("#id_password1", password)
    page.fill("#id_password2", password)
    for selector, value in PROFILE.items():
        page.fill(selector, value)
    page.fill("#id_voen", voen)
    page.select_option("#id_kind", "legal_entity")
    page.select_option("#id_activity", "F")
    page.get_by_role("button", name="Qeydiyyatdan keç").click()
    page.wait_for_selector("#verification-sent")


def log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Daxil ol").click()


def link_from_outbox(email: str, pattern: str) -> str:
    """The path of the last link matching ``pattern`` in the mail sent to ``email``.

    The worker's part is played here: the e-mails the pages queued are delivered first.
    """
    run_tasks()
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(rf"https?://[^/\s]+({pattern}\S*)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no mail to {email} with a link like {pattern}")


def confirm_email_from_outbox(page, email: str) -> None:
    """Open the verification link of the last mail to ``email`` and confirm."""
    page.goto(link_from_outbox(email, "/accounts/confirm-email/"))
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Təsdiqlə").click()
