"""The people every page is walked as, built in code; tests/conftest.py makes them fixtures.

Module-scoped worlds (the access matrix) call these builders directly, so a persona is
the same account whether a test gets it from a fixture or from a world.
"""

from django.contrib.auth.models import Group
from django.test import Client

from forecasts.models import Employer
from forecasts.review import REVIEWER_GROUP
from tests.forecasts.factories import make_employer, make_user

PASSWORD = "correct-horse-battery"  # every persona's; the MD5 hasher makes it cheap
OWNER_EMAIL = "owner@example.az"
OTHER_EMAIL = "other@example.az"
REVIEWER_EMAIL = "reviewer@dmx.gov.az"
STAFF_EMAIL = "staff@dmx.gov.az"
SUPERUSER_EMAIL = "root@dmx.gov.az"


def make_owner() -> Employer:
    """Return the employer whose forecasts a test is about (``owner.user`` signs in)."""
    return make_employer(OWNER_EMAIL)


def make_other() -> Employer:
    """Return a second employer, who must never see or change the owner's data."""
    return make_employer(OTHER_EMAIL)


def make_reviewer():
    """Return a DMX reviewer: staff in the "DMX reviewer" group of forecasts' migration."""
    user = make_user(REVIEWER_EMAIL, is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


def make_staff_user():
    """Return a staff member with no permissions and no employer profile."""
    return make_user(STAFF_EMAIL, is_staff=True)


def make_superuser():
    """Return a DMX administrator (superuser)."""
    return make_user(SUPERUSER_EMAIL, is_staff=True, is_superuser=True)


def signed_in(user) -> Client:
    """Return a new client with its own session, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client
