"""Password reset through allauth: the same answer for every address, old links kept."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

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


def test_one_address_gets_three_reset_emails_an_hour_at_most(client, owner, mailoutbox):
    for _ in range(3):
        assert client.post(RESET, {"email": owner.user.email}).status_code == 302
    response = client.post(RESET, {"email": owner.user.email})
    assert response.status_code == 429
    assert "Çox sayda sorğu" in response.content.decode()
    # Still refused later in the hour (allauth's default let 5 a minute through).
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=20), tick=False):
        assert client.post(RESET, {"email": owner.user.email.upper()}).status_code == 429
    run_tasks()
    assert len(mailoutbox) == 3


def test_one_visitor_asks_for_ten_resets_an_hour_at_most(client, settings, mailoutbox):
    settings.TRUSTED_PROXY_COUNT = 1  # behind nginx: every request comes from 127.0.0.1
    visitor = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for i in range(10):
        assert client.post(RESET, {"email": f"person{i}@example.az"}, **visitor).status_code == 302
    assert client.post(RESET, {"email": "person10@example.az"}, **visitor).status_code == 429
    # Someone else behind the same proxy is not held up by it.
    someone_else = {**visitor, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert client.post(RESET, {"email": "person10@example.az"}, **someone_else).status_code == 302


@pytest.mark.parametrize("host", ["testserver:8443", "localhost:6666"])
def test_the_reset_link_is_on_the_site_address_whatever_host_was_asked(
    client, owner, mailoutbox, settings, host
):
    settings.SITE_URL = "https://kvota.migration.gov.az"
    client.post(RESET, {"email": owner.user.email}, HTTP_HOST=host)
    client.post(RESET, {"email": "nobody@example.az"}, HTTP_HOST=host)
    run_tasks()
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        bodies = [mail.body, *(content for content, _type in getattr(mail, "alternatives", []))]
        for body in bodies:
            links = re.findall(r"https?://[^\s\"'<>]+", body)
            assert links
            assert all(link.startswith("https://kvota.migration.gov.az/") for link in links)
            assert host.split(":")[0] not in body.replace("kvota.migration.gov.az", "")
            assert host.split(":")[1] not in body
