"""The seed announcement, loaded once per module through the service, and the vacancy
editor persona."""

import pytest
from django.contrib.auth.models import Permission

from tests import personas
from tests.scoped import shared_transaction
from vacancies.models import Announcement

from .factories import load_seed_announcement


@pytest.fixture(scope="module")
def seeded_vacancies(django_db_setup, django_db_blocker) -> int:
    """Load the seed once for the module (0.2 s a load), rolled back after it."""
    with shared_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            pk = load_seed_announcement().pk
        yield pk


@pytest.fixture
def announcement(seeded_vacancies, db) -> Announcement:
    """The seed announcement (11 posts), open for 30 days from today.

    Loaded once per module: what a test changes is rolled back before the next, and from
    the first test that asks for it to the end of the module every test sees it, so a
    module that uses it asks for it in every database test (``pytestmark``). Modules
    that need an empty database as well load it per test (tests/vacancies/test_load.py).
    """
    return Announcement.objects.get(pk=seeded_vacancies)


@pytest.fixture
def vacancy_editor_client(staff_user):
    """DMX staff who manage vacancies: ``staff_user`` given every vacancies permission."""
    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="vacancies"))
    return personas.signed_in(staff_user)
