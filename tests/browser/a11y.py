"""Helpers for the accessibility and phone-width browser tests.

axe-core (tests/browser/vendor/axe-core, vendored from the npm package for the tests
only, never served by the portal itself) reaches the pages as a script of their own
origin: tests/browser/conftest.py adds its folder to the static files the live server
serves, so the portal's Content-Security-Policy (script-src 'self') lets it in.
"""

from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

AXE_CORE = Path(__file__).parent / "vendor" / "axe-core"
AXE_PREFIX = "axe-core"  # its folder's place among the static files (tests/browser/conftest.py)
AXE_URL = f"/{settings.STATIC_URL.strip('/')}/{AXE_PREFIX}/axe.min.js"
BLOCKING = ("serious", "critical")
PHONE_WIDTH = 375
# Rules that read only the style sheets and colours, which are the same in every
# language: they run on the Azerbaijani pages (the default language) and are left out
# of the English and Russian ones, a fifth of axe-core's time there (measured).
STYLE_ONLY_RULES = ("color-contrast", "link-in-text-block", "css-orientation-lock")


def axe_problems(page) -> list[str]:
    """Return the page's serious and critical axe-core violations, one line per node.

    axe-core is loaded as a script from the live server when the page does not have it:
    Chromium keeps that script compiled between pages, which costs it less than an init
    script or an evaluated source compiled again on every page (measured).
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL)
    # Only the violations cross to Python: the whole result (the rules that passed or did
    # not apply, with their descriptions) is about 60 KB a page.
    violations = page.evaluate(
        """async (styleOnly) => (await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                            "wcag22aa", "best-practice"]},
            rules: document.documentElement.lang === "az" ? {} : Object.fromEntries(
                styleOnly.map((rule) => [rule, {enabled: false}])),
            resultTypes: ["violations"]})).violations""",
        list(STYLE_ONLY_RULES),
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
