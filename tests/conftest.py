"""Shared fixtures: fast hashing, the personas, hypothesis profiles and the browser harness.

Personas (built by tests/personas.py; use these instead of making users in a test file):

=====================  ==========================================================
``client``             the anonymous visitor (pytest-django); no persona fixture
                       ever signs it in, each signed-in client has its own session
``owner``              an employer (``forecasts.Employer``; ``owner.user`` signs in),
                       owner@example.az, who owns the draft of tests/forecasts
``owner_client``       a client signed in as ``owner.user``
``colleague``          a member (not an owner) of the owner's employer,
                       colleague@example.az (an account)
``colleague_client``   a client signed in as ``colleague``
``other``              another employer, other@example.az
``other_client``       a client signed in as ``other.user``
``reviewer``           a DMX reviewer: staff in the "DMX reviewer" group made by the
                       forecasts migration, reviewer@dmx.gov.az
``reviewer_client``    a client signed in as ``reviewer``
``staff_user``         staff without any permission or employer, staff@dmx.gov.az
``staff_client``       a client signed in as ``staff_user``
``superuser``          a DMX administrator, root@dmx.gov.az
``superuser_client``   a client signed in as ``superuser``
=====================  ==========================================================

Every persona's password is ``tests.personas.PASSWORD``. Tests with ``transaction=True``
(and ``live_server``) flush the database when they end; the groups the migrations made
are then put back (``_restore_migrated_groups``), so every persona works in any test.

Domain data lives beside its tests and is built on these: ``occupations``, ``places``,
``campaign``, ``draft`` (tests/forecasts/conftest.py), ``announcement`` (loaded once per
module) and ``vacancy_editor_client`` (tests/vacancies/conftest.py), ``classification``
(tests/classification/conftest.py). Data a whole module only reads is built once with
``tests.scoped.shared_transaction`` (the access matrix, the report, the vacancy seed).

Hypothesis: ``HYPOTHESIS_PROFILE=ci`` (set by .ci/run) runs every property 60 examples;
the default ``quick`` profile, for ``make test``, runs 10.
"""

import os
import shutil

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import personas

# Properties drive the Django test client inside function-scoped fixtures (a fresh
# transaction per test, not per example, is what they mean) and some examples are slow.
_HYPOTHESIS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
hypothesis_settings.register_profile("ci", max_examples=60, **_HYPOTHESIS)
hypothesis_settings.register_profile("quick", max_examples=10, **_HYPOTHESIS)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    """Mark the tests that empty the database when they end (``-m transactional`` selects them)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(
            marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
        )
        if transactional or {"live_server", "transactional_db"} & set(item.fixturenames):
            item.add_marker(pytest.mark.transactional)


# --- what the migrations wrote ----------------------------------------------------------
#
# A transactional test (live server, threads, migrations) empties the database when it
# ends. Django's post_migrate signal then makes the content types and permissions again,
# but not what the data migrations wrote: the "DMX reviewer" group and its permissions.
# Under pytest-xdist a worker goes on with other files after such a test, so the groups
# are put back as the migrations left them, and the tests can run in any order.

_MIGRATED_GROUPS: dict[str, list[tuple[str, str]]] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and a note of the groups its migrations made."""
    from django.contrib.auth.models import Group

    with django_db_blocker.unblock():
        for group in Group.objects.prefetch_related("permissions__content_type"):
            _MIGRATED_GROUPS[group.name] = [
                (permission.content_type.app_label, permission.codename)
                for permission in group.permissions.all()
            ]


def _restore_migrated_groups() -> None:
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for name, permissions in _MIGRATED_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for app_label, codename in permissions:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # After the last test the test database itself is gone.
    if nextitem is not None and _MIGRATED_GROUPS and item.get_closest_marker("transactional"):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _restore_migrated_groups()


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # allauth's rate limits count in the cache: each test starts with none used.
    from django.core.cache import cache

    cache.clear()


def _test_cache() -> dict:
    """The cache a test runs on: local memory, or a real Redis when TEST_REDIS_URL names one.

    .ci/run sets TEST_REDIS_URL for the PostgreSQL run, so the page cache, allauth's rate
    limits and axes run against Redis as deployed. Each pytest-xdist worker takes its own
    Redis database (the URL's number plus the worker's), since a test empties it.
    """
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    base, _, number = url.rstrip("/").rpartition("/")
    if not number.isdigit():
        base, number = url.rstrip("/"), "0"
    return {
        "BACKEND": "quota_portal.cache.PooledRedisCache",
        "LOCATION": f"{base}/{int(number) + int(worker)}",
    }


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test gets an empty cache of its own, never the Redis of DJANGO_CACHE_URL.

    Otherwise a page cached from one test's data would answer in the next test.
    """
    settings.CACHES = {"default": _test_cache()}
    from django.core.cache import cache

    from quota_portal import pagecache, throttling

    cache.clear()
    pagecache.local.clear()
    throttling.forget_unsent_counts()


# --- personas -------------------------------------------------------------------------


@pytest.fixture
def owner(db):
    return personas.make_owner()


@pytest.fixture
def owner_client(owner):
    return personas.signed_in(owner.user)


@pytest.fixture
def colleague(owner):
    return personas.make_colleague(owner)


@pytest.fixture
def colleague_client(colleague):
    return personas.signed_in(colleague)


@pytest.fixture
def other(db):
    return personas.make_other()


@pytest.fixture
def other_client(other):
    return personas.signed_in(other.user)


@pytest.fixture
def reviewer(db):
    return personas.make_reviewer()


@pytest.fixture
def reviewer_client(reviewer):
    return personas.signed_in(reviewer)


@pytest.fixture
def staff_user(db):
    return personas.make_staff_user()


@pytest.fixture
def staff_client(staff_user):
    return personas.signed_in(staff_user)


@pytest.fixture
def superuser(db):
    return personas.make_superuser()


@pytest.fixture
def superuser_client(superuser):
    return personas.signed_in(superuser)


# --- the browser ----------------------------------------------------------------------


def _chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser():
    """Start Debian's Chromium through Playwright once per test session."""
    if not _chromium_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but Chromium is missing at {CHROMIUM}")
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # While Playwright's event loop runs in this thread, asgiref's thread-critical
        # Local sees a running loop and Django keeps this thread's database connections in
        # a context variable, apart from the ones it had before. Close those while they can
        # still be reached: left open, they make PostgreSQL refuse to drop the test
        # database at the end ("1 other session using the database").
        from django.db import connections

        connections.close_all()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page (own cookies) pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, locale="az-AZ")
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page with a 375 px wide phone viewport."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="az-AZ",
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()
