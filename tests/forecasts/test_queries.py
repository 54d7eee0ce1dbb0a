"""Query counts of the form page and the dashboard do not grow with the lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from classification.models import Place
from forecasts.models import ForecastLine

pytestmark = pytest.mark.django_db


def _grow(forecast, occupations, places, count):
    """Add ``count`` lines, each a profession at a place of its own (no two repeat)."""
    codes = list(occupations.values())
    region = next(iter(places.values())).region
    start = Place.objects.count()
    new_places = Place.objects.bulk_create(
        Place(region=region, name=f"Yer {start + i}") for i in range(count)
    )
    ForecastLine.objects.bulk_create(
        ForecastLine(
            forecast=forecast,
            position=100 + i,
            occupation=codes[i % len(codes)],
            workers=1 + i,
            place=place,
        )
        for i, place in enumerate(new_places)
    )


@pytest.mark.parametrize(
    "url", ["/forecasts/{pk}/", "/forecasts/", "/forecasts/{pk}/check/", "/forecasts/{pk}/print/"]
)
def test_query_count_is_the_same_for_5_and_200_lines(owner_client, draft, occupations, places, url):
    _grow(draft, occupations, places, 3)  # 5 lines
    owner_client.get(url.format(pk=draft.pk))  # the session's first request also saves it
    with CaptureQueriesContext(connection) as small:
        assert owner_client.get(url.format(pk=draft.pk)).status_code == 200
    _grow(draft, occupations, places, 195)  # 200 lines
    with CaptureQueriesContext(connection) as large:
        assert owner_client.get(url.format(pk=draft.pk)).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_form_page_stays_within_a_fixed_budget(
    owner_client, draft, occupations, places, django_assert_max_num_queries
):
    _grow(draft, occupations, places, 198)
    with django_assert_max_num_queries(15):
        owner_client.get(f"/forecasts/{draft.pk}/")
