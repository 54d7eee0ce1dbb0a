"""The seed announcement, loaded through the service, for every vacancy test."""

import pytest

from forecasts.services import load_regions
from vacancies.services import load_announcement


@pytest.fixture
def announcement(db):
    load_regions()
    load_announcement()
    from vacancies.models import Announcement

    return Announcement.objects.get()
