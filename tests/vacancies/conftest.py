"""Personas and the seed announcement, loaded through the service, for vacancy tests."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from classification.services import load_regions
from vacancies.models import Announcement
from vacancies.services import load_announcement

from .factories import make_unit_groups

SEED_ISCO = ("2422", "2522", "3359", "2643")


@pytest.fixture
def announcement(db) -> Announcement:
    """The seed announcement (11 posts), open for 30 days from today."""
    load_regions()
    make_unit_groups(*SEED_ISCO)
    load_announcement()
    return Announcement.objects.get()


@pytest.fixture
def employer_client(db):
    """A signed-in employer: a user of the portal without any staff rights."""
    user = get_user_model().objects.create_user("employer", "employer@example.az", "pw-employer")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_user(db):
    """A DMX staff member who manages vacancies in the admin."""
    user = get_user_model().objects.create_user(
        "vacancy-editor", "editor@dmx.gov.az", "pw-editor", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="vacancies"))
    return user


@pytest.fixture
def staff_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client
