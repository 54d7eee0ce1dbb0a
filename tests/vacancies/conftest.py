"""The seed announcement, loaded through the service, and the vacancy editor persona."""

import pytest
from django.contrib.auth.models import Permission

from classification.services import load_regions
from tests import personas
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
def vacancy_editor_client(staff_user):
    """DMX staff who manage vacancies: ``staff_user`` given every vacancies permission."""
    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="vacancies"))
    return personas.signed_in(staff_user)
