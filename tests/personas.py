"""The people every page is walked as, built in code; tests/conftest.py makes them fixtures.

Module-scoped worlds (the access matrix) call these builders directly, so a persona is
the same account whether a test gets it from a fixture or from a world. DMX staff have
an authenticator app (``TOTP_SECRET``; ``totp_code()`` is what it shows), as the admin
requires of every staff member.
"""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.test import Client

from forecasts.models import Employer
from forecasts.review import REVIEWER_GROUP
from tests.forecasts.factories import make_employer, make_member, make_user

PASSWORD = "correct-horse-battery"  # every persona's; the MD5 hasher makes it cheap
OWNER_EMAIL = "owner@example.az"
OTHER_EMAIL = "other@example.az"
COLLEAGUE_EMAIL = "colleague@example.az"
REVIEWER_EMAIL = "reviewer@dmx.gov.az"
STAFF_EMAIL = "staff@dmx.gov.az"
SUPERUSER_EMAIL = "root@dmx.gov.az"
# The secret of every staff persona's authenticator app (DMX staff must have one).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, *, at: float | None = None) -> str:
    """Return the code an authenticator app with ``secret`` shows now (or at ``at``)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def with_authenticator_app(user, secret: str = TOTP_SECRET):
    """Give ``user`` an authenticator app (allauth.mfa's TOTP) and return the user."""
    TOTP.activate(user, secret)
    return user


def make_owner() -> Employer:
    """Return the employer whose forecasts a test is about (``owner.user`` signs in)."""
    return make_employer(OWNER_EMAIL)


def make_other() -> Employer:
    """Return a second employer, who must never see or change the owner's data."""
    return make_employer(OTHER_EMAIL)


def make_colleague(owner: Employer):
    """Return the account of a member (not an owner) of the owner's employer."""
    return make_member(owner, COLLEAGUE_EMAIL)


def make_reviewer():
    """Return a DMX reviewer: staff in the "DMX reviewer" group of forecasts' migration."""
    user = with_authenticator_app(make_user(REVIEWER_EMAIL, is_staff=True))
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


def make_staff_user():
    """Return a staff member with no permissions and no employer profile."""
    return with_authenticator_app(make_user(STAFF_EMAIL, is_staff=True))


def make_superuser():
    """Return a DMX administrator (superuser)."""
    return with_authenticator_app(make_user(SUPERUSER_EMAIL, is_staff=True, is_superuser=True))


def signed_in(user) -> Client:
    """Return a new client with its own session, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client
