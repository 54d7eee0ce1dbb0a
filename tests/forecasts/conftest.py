"""Personas for forecast tests: an owner, another employer, a staff reviewer, anonymous."""

import pytest
from django.contrib.auth import get_user_model

from . import factories


@pytest.fixture
def occupations(db):
    return factories.make_classification()


@pytest.fixture
def places(db):
    return factories.make_places()


@pytest.fixture
def campaign(db):
    return factories.make_campaign(2028)


@pytest.fixture
def owner(db):
    return factories.make_employer("owner@example.az")


@pytest.fixture
def other(db):
    return factories.make_employer("other@example.az")


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        "reviewer", "reviewer@dmx.gov.az", "pw-reviewer-123", is_staff=True
    )


@pytest.fixture
def draft(owner, occupations, places, campaign):
    return factories.make_forecast(
        owner,
        2028,
        lines=[
            (occupations["7212"], 10, places["Bakı"]),
            (occupations["5120"], 2, places["Yevlax"]),
        ],
    )


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner.user)
    return client
