"""The aggregated demand report: its totals equal the lines it covers, on the page and in XLSX."""

import io
import json
import random
from collections import defaultdict

import openpyxl
import pytest
from django.urls import reverse

from forecasts.models import ForecastLine, Status
from forecasts.selectors import demand_report
from tests.forecasts import factories
from tests.forecasts.factories import make_employer, make_forecast
from tests.scoped import shared_transaction

# Every test sees the 60 generated employers of 2027 and 2028, built once for the module;
# tests that need their own figures use 2029.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generated")]

REPORT = "admin:forecasts_forecast_report"
XLSX = "admin:forecasts_forecast_report_xlsx"
COUNTED = (Status.SUBMITTED, Status.ACCEPTED)


def _generate(
    occupations, places, count: int, *, seed: int = 2028, prefix: str = "gen", years=None
):
    """``count`` employers with random lines in every status, some in liberated territory."""
    rng = random.Random(seed)
    pairs = [(occ, place) for occ in occupations.values() for place in places.values()]
    for n in range(count):
        employer = make_employer(f"{prefix}{n}@example.az", activity=rng.choice("BCFGI"))
        make_forecast(
            employer,
            rng.choice(years or [2028, 2028, 2028, 2027]),
            lines=[
                (occ, rng.randint(1, 300), place)
                for occ, place in rng.sample(pairs, k=rng.randint(1, 6))
            ],
            status=rng.choice(Status.values),
        )


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker):
    """The classification, the places and 60 generated employers, built once (2 s)."""
    with shared_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            occupations = factories.make_classification()
            places = factories.make_places()
            _generate(occupations, places, 60)
        yield occupations, places


@pytest.fixture
def generated(_world, db):
    """The module's generated employers; each test's own changes are rolled back."""


@pytest.fixture
def occupations(_world):
    return _world[0]


@pytest.fixture
def places(_world):
    return _world[1]


def _expected(statuses, year: int = 2028) -> dict:
    """Sum the lines one by one in Python: the reference the report must match."""
    lines = ForecastLine.objects.filter(
        forecast__year=year, forecast__status__in=statuses
    ).select_related("forecast__employer", "place__region")
    groups: dict[tuple, list] = defaultdict(lambda: [0, set()])
    for line in lines:
        employer = line.forecast.employer
        if line.place.is_liberated:
            keys = [("liberated",), ("liberated", line.occupation_id)]
            keys.append(("liberated-activity", employer.activity))
        else:
            keys = [("total",), ("region", line.place.region.name), ("activity", employer.activity)]
            keys += [(level, line.occupation_id[:level]) for level in (1, 2, 3, 4)]
        for key in keys:
            groups[key][0] += line.workers
            groups[key][1].add(employer.pk)
    return {key: (workers, len(who)) for key, (workers, who) in groups.items()}


@pytest.mark.parametrize("statuses", [COUNTED, (Status.DRAFT,), tuple(Status.values)])
def test_every_figure_equals_the_sum_of_the_lines_it_covers(generated, statuses):
    report = demand_report(year=2028, statuses=statuses)
    expected = _expected(statuses)

    assert (report.total_workers, report.total_employers) == expected.get(("total",), (0, 0))
    assert (report.liberated_workers, report.liberated_employers) == expected.get(
        ("liberated",), (0, 0)
    )
    for row in report.professions:
        assert (row.workers, row.employers) == expected[(row.level, row.code)], row
    for row in report.regions:
        assert (row.workers, row.employers) == expected[("region", row.title)], row
    for row in report.activities:
        assert (row.workers, row.employers) == expected[("activity", row.code)], row
    for row in report.liberated:
        assert (row.workers, row.employers) == expected[("liberated", row.code)], row
    for row in report.liberated_activities:
        assert (row.workers, row.employers) == expected[("liberated-activity", row.code)], row
    # Every group is there, and the groups of each breakdown add up to the total.
    assert len(report.professions) == sum(1 for k in expected if k[0] in (1, 2, 3, 4))
    for level in (1, 2, 3, 4):
        assert sum(r.workers for r in report.professions if r.level == level) == (
            report.total_workers
        )
    for rows in (report.regions, report.activities):
        assert sum(r.workers for r in rows) == report.total_workers
    for rows in (report.liberated, report.liberated_activities):
        assert sum(r.workers for r in rows) == report.liberated_workers


def test_subtotals_sit_above_the_groups_they_sum(generated):
    report = demand_report(year=2028)
    codes = [row.code for row in report.professions]
    assert codes == sorted(codes)
    for index, row in enumerate(report.professions):
        if row.is_subtotal:
            members = [
                r
                for r in report.professions[index + 1 :]
                if r.level == row.level + 1 and r.code.startswith(row.code)
            ]
            assert sum(r.workers for r in members) == row.workers
            assert max(r.employers for r in members) <= row.employers


def test_employers_are_counted_once_per_group(occupations, places):
    employer = make_employer("twice@example.az")
    make_forecast(
        employer,
        2029,
        lines=[
            (occupations["7212"], 5, places["Bakı"]),
            (occupations["7212"], 7, places["Yevlax"]),
            (occupations["7112"], 1, places["Bakı"]),
        ],
        status=Status.SUBMITTED,
    )
    report = demand_report(year=2029)
    by_code = {(r.level, r.code): (r.workers, r.employers) for r in report.professions}
    assert by_code[(4, "7212")] == (12, 1)
    assert by_code[(1, "7")] == (13, 1)
    assert (report.total_workers, report.total_employers, report.total_lines) == (13, 1, 3)


def test_the_top_chart_lists_the_biggest_unit_groups(generated):
    report = demand_report(year=2028)
    top = report.top(2)
    assert [r.workers for r in top] == sorted((r.workers for r in report.units), reverse=True)[:2]


def test_the_report_page_shows_the_totals_and_the_chart_data(generated, reviewer_client):
    page = reviewer_client.get(reverse(REPORT), {"year": 2028, "status": list(COUNTED)})
    html = page.content.decode()
    workers, employers = _expected(COUNTED)[("total",)]

    assert f"cəmi {workers} işçi, {employers} işəgötürən" in html
    chart = json.loads(html.split('id="chart-data" type="application/json">')[1].split("<")[0])
    assert chart == [
        {"code": r.code, "title": r.title, "workers": r.workers}
        for r in page.context["report"].top()
    ]
    assert 'src="/static/js/admin-report.js"' in html
    assert "<script>" not in html.replace('<script src="', "")  # no inline script (CSP)
    assert ' style="' not in html.split('id="content"')[1]


def test_the_report_defaults_to_submitted_and_accepted(generated, reviewer_client):
    report = reviewer_client.get(reverse(REPORT)).context["report"]
    assert set(report.statuses) == set(COUNTED)


def test_the_xlsx_has_a_sheet_per_breakdown_each_with_its_total(generated, reviewer_client):
    response = reviewer_client.get(reverse(XLSX), {"year": 2028, "status": list(COUNTED)})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="telebat-2028-' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    expected = _expected(COUNTED)
    workers, employers = expected[("total",)]
    freed = expected[("liberated",)]

    assert book.sheetnames == [
        "Peşələr",
        "İqtisadi rayonlar",
        "Fəaliyyət növləri",
        "Azad ərazilər — peşələr",
        "Azad ərazilər — fəaliyyət",
        "Parametrlər",
    ]
    for name, total in [
        ("Peşələr", (workers, employers)),
        ("İqtisadi rayonlar", (workers, employers)),
        ("Fəaliyyət növləri", (workers, employers)),
        ("Azad ərazilər — peşələr", freed),
        ("Azad ərazilər — fəaliyyət", freed),
    ]:
        rows = list(book[name].iter_rows(values_only=True))
        assert rows[-1][1:4] == ("Cəmi", *total), name
        body = rows[1:-1]
        if name == "Peşələr":
            body = [r for r in body if r[4] == "İbtidai qrup"]
        assert sum(r[2] for r in body) == total[0], name


def test_the_report_runs_a_fixed_number_of_queries(
    occupations, places, reviewer_client, django_assert_max_num_queries
):
    _generate(occupations, places, 5, prefix="few", years=[2029])
    with django_assert_max_num_queries(25) as few:
        reviewer_client.get(reverse(REPORT), {"year": 2029})
    with django_assert_max_num_queries(25) as few_xlsx:
        reviewer_client.get(reverse(XLSX), {"year": 2029})

    _generate(occupations, places, 80, seed=7, prefix="many", years=[2029])
    with django_assert_max_num_queries(len(few.captured_queries)):
        reviewer_client.get(reverse(REPORT), {"year": 2029})
    with django_assert_max_num_queries(len(few_xlsx.captured_queries)):
        reviewer_client.get(reverse(XLSX), {"year": 2029})


def test_the_admin_index_links_the_report(reviewer_client):
    html = reviewer_client.get(reverse("admin:index")).content.decode()
    assert reverse(REPORT) in html


def test_an_employer_cannot_open_the_report(owner_client):
    for name in (REPORT, XLSX):
        response = owner_client.get(reverse(name))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_staff_without_view_permission_cannot_open_the_report(staff_client):
    assert staff_client.get(reverse(REPORT)).status_code == 403
    assert staff_client.get(reverse(XLSX)).status_code == 403
