import pytest
from django.db import IntegrityError, transaction

from forecasts.models import Forecast, ForecastLine

pytestmark = pytest.mark.django_db


def test_one_forecast_per_employer_and_year_is_enforced_by_the_database(owner):
    Forecast.objects.create(employer=owner, year=2028)
    with pytest.raises(IntegrityError), transaction.atomic():
        Forecast.objects.create(employer=owner, year=2028)
    Forecast.objects.create(employer=owner, year=2029)  # another year is fine


def test_worker_count_outside_1_to_10000_is_refused_by_the_database(draft):
    line = draft.lines.first()
    for bad in (0, 10_001):
        line.workers = bad
        with pytest.raises(IntegrityError), transaction.atomic():
            line.save()


def test_voen_must_be_ten_digits_in_the_database(owner):
    owner.voen = "12345"
    with pytest.raises(IntegrityError), transaction.atomic():
        owner.save()


def test_deleting_an_occupation_used_by_a_line_is_refused(draft):
    occupation = draft.lines.first().occupation
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        occupation.delete()
    assert ForecastLine.objects.filter(occupation=occupation).exists()
