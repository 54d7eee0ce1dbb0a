import pytest

from . import factories


@pytest.fixture
def classification(db):
    return factories.make_classification()
