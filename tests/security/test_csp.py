"""A strict Content-Security-Policy and no inline script on the portal's pages."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_pages_send_a_csp_that_allows_only_own_scripts_and_styles(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/", "/about/data/"])
def test_no_inline_script_or_style_attribute(client, url):
    html = client.get(url).content.decode()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)
    assert scripts == []
    assert " style=" not in html
