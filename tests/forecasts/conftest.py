"""Forecast data built on the personas of tests/conftest.py: a classification, places, the
2028 campaign and the owner's draft."""

import pytest

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
def draft(owner, occupations, places, campaign):
    return factories.make_forecast(
        owner,
        2028,
        lines=[
            (occupations["7212"], 10, places["Bakı"]),
            (occupations["5120"], 2, places["Yevlax"]),
        ],
    )
