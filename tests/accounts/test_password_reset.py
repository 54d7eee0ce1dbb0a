"""Password reset through allauth: the same answer for every address, old links kept."""

import re

import pytest

from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
DONE = "/accounts/password/reset/done/"


def test_a_known_address_gets_a_working_link(client, owner, mailoutbox):
    response = client.post(RESET, {"email": owner.user.email.upper()})
    assert (response.status_code, response["Location"]) == (302, DONE)
    assert not mailoutbox  # queued: the worker sends it
    run_tasks()
    [mail] = mailoutbox
    assert mail.to == [owner.user.email]
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "A-new-long-password-2027"
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert (
        client.post("/accounts/login/", {"login": owner.user.email, "password": new}).status_code
        == 302
    )


def test_an_unknown_address_gets_the_same_answer(client, mailoutbox):
    response = client.post(RESET, {"email": "nobody@example.az"})
    assert (response.status_code, response["Location"]) == (302, DONE)
    run_tasks()
    [mail] = mailoutbox  # tells the mailbox's owner no account exists, offers the sign-up
    assert "/accounts/signup/" in mail.body


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/accounts/password_reset/", RESET),
        ("/accounts/password_reset/done/", DONE),
        ("/accounts/reset/MQ/set-password/", RESET),
        ("/accounts/password_change/", "/accounts/password/change/"),
    ],
)
def test_old_addresses_lead_to_the_new_pages(client, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
