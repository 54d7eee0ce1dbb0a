import pytest

from classification.models import (
    AlternativeLabel,
    ClassificationVersion,
    CodeTransition,
    Occupation,
    UnmatchedSearch,
)
from classification.services import import_classification

from . import factories


@pytest.fixture
def classification(db):
    return factories.make_classification()


def _wipe() -> None:
    AlternativeLabel.objects.all().delete()
    CodeTransition.objects.all().delete()
    UnmatchedSearch.objects.all().delete()
    ClassificationVersion.objects.all().delete()
    for level in (4, 3, 2, 1):
        Occupation.objects.filter(level=level).delete()


@pytest.fixture(scope="module")
def bundled_classification(django_db_setup, django_db_blocker):
    """Load the bundled classification once per module (a few seconds), then remove it."""
    with django_db_blocker.unblock():
        _wipe()
        report = import_classification()
        assert report.ok, report.rejected
        yield report
        _wipe()
