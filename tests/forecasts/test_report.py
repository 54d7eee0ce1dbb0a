"""The aggregated demand report: totals equal the lines they cover, in page and XLSX."""

import io
import random

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Sum
from django.urls import reverse

from forecasts.models import ForecastLine, Status
from forecasts.selectors import demand_report
from tests.forecasts.factories import make_employer, make_forecast

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(occupations, places):
    """40 employers with random lines in every status, some in liberated territory."""
    rng = random.Random(2028)
    codes = list(occupations.values())
    for n in range(40):
        employer = make_employer(f"gen{n}@example.az", activity=rng.choice("BCFGI"))
        picks = rng.sample(
            [(occ, place) for occ in codes for place in places.values()], k=rng.randint(1, 5)
        )
        make_forecast(
            employer,
            2028,
            lines=[(occ, rng.randint(1, 300), place) for occ, place in picks],
            status=rng.choice(Status.values),
        )


def _expected(statuses, liberated):
    lines = ForecastLine.objects.filter(
        forecast__year=2028, forecast__status__in=statuses, place__is_liberated=liberated
    )
    return (
        lines.aggregate(s=Sum("workers"))["s"] or 0,
        lines.values("forecast__employer").distinct().count(),
    )


@pytest.mark.parametrize(
    "statuses", [(Status.SUBMITTED, Status.ACCEPTED), (Status.DRAFT,), tuple(Status.values)]
)
def test_report_totals_equal_the_lines_they_cover(generated, statuses):
    report = demand_report(year=2028, statuses=statuses)

    workers, employers = _expected(statuses, liberated=False)
    assert (report.total_workers, report.total_employers) == (workers, employers)
    assert sum(r.workers for r in report.units) == workers
    for level in (1, 2, 3):
        assert sum(r.workers for r in report.professions if r.level == level) == workers
    assert sum(r.workers for r in report.regions) == workers
    assert sum(r.workers for r in report.activities) == workers
    freed_workers, freed_employers = _expected(statuses, liberated=True)
    assert report.liberated_workers == freed_workers
    assert sum(r.workers for r in report.liberated) == freed_workers
    assert report.liberated_employers == freed_employers


def test_employers_are_counted_once_per_profession(occupations, places):
    employer = make_employer("twice@example.az")
    make_forecast(
        employer,
        2028,
        lines=[
            (occupations["7212"], 5, places["Bakı"]),
            (occupations["7212"], 7, places["Yevlax"]),
        ],
        status=Status.SUBMITTED,
    )
    row = next(r for r in demand_report(year=2028).units if r.code == "7212")
    assert (row.workers, row.employers) == (12, 1)


@pytest.fixture
def reviewer_client(client):
    user = get_user_model().objects.create_user("rev", "rev@dmx.gov.az", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="DMX reviewer"))
    client.force_login(user)
    return client


def test_the_report_page_and_xlsx_agree(generated, reviewer_client, django_assert_max_num_queries):
    url = reverse("admin:forecasts_forecast_report")
    with django_assert_max_num_queries(20):
        page = reviewer_client.get(url, {"year": 2028, "status": ["submitted", "accepted"]})
    workers, employers = _expected((Status.SUBMITTED, Status.ACCEPTED), liberated=False)
    assert f"cəmi {workers} işçi, {employers} işəgötürən" in page.content.decode()
    assert 'id="chart-data"' in page.content.decode()

    xlsx = reviewer_client.get(
        reverse("admin:forecasts_forecast_report_xlsx"),
        {"year": 2028, "status": ["submitted", "accepted"]},
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 4
    for name in book.sheetnames[:3]:
        last = list(book[name].iter_rows(values_only=True))[-1]
        assert last[1:4] == ("Cəmi", workers, employers)


def test_the_admin_index_links_the_report(reviewer_client):
    html = reviewer_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:forecasts_forecast_report") in html


def test_an_employer_cannot_open_the_report(client, owner):
    client.force_login(owner.user)
    response = client.get(reverse("admin:forecasts_forecast_report"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
