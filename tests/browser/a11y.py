"""Helpers for the accessibility and phone-width browser tests.

axe-core (tests/browser/vendor/axe-core, vendored from the npm package for the tests
only, never served by the portal) is evaluated into the page through the DevTools
protocol, which the portal's Content-Security-Policy does not govern.
"""

import weakref
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
BLOCKING = ("serious", "critical")
PHONE_WIDTH = 375
# The browser contexts whose pages get axe-core as an init script (see axe_problems).
_AXE_CONTEXTS = weakref.WeakSet()


def axe_problems(page) -> list[str]:
    """Return the page's serious and critical axe-core violations, one line per node.

    The first call in a browser context also registers axe-core as an init script of the
    context: its later pages start with axe-core loaded, which costs Chromium less than
    evaluating the 550 KB source into each page (0.1 s a page, measured).
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
        if page.context not in _AXE_CONTEXTS:
            page.context.add_init_script(AXE_SOURCE)
            _AXE_CONTEXTS.add(page.context)
    # Only the violations cross to Python: the whole result (the rules that passed or did
    # not apply, with their descriptions) is about 60 KB a page.
    violations = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                            "wcag22aa", "best-practice"]},
            resultTypes: ["violations"]})).violations"""
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in violations
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def overflow(page) -> int:
    """Return how many CSS pixels the page is wider than its viewport (0 when it fits)."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def url_in(language: str, name: str, *args) -> str:
    """Return the URL of ``name`` in ``language`` (a /en/ or /ru/ prefix where the URLs have one)."""
    with translation.override(language):
        return reverse(name, args=args)


def speak(context, live_server, language: str) -> None:
    """Make ``context`` see the portal in ``language`` when the URL does not say it."""
    with translation.override("en"):
        prefixed = reverse("home") != "/"
    if not prefixed:
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )


def sign_in(context, live_server, user) -> None:
    """Give the browser ``user``'s session without going through the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
