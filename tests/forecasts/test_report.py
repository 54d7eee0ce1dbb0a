"""The aggregated demand report: its totals equal the lines it covers, on the page and in XLSX."""

import io
import json
import random
from collections import defaultdict

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from classification.models import EconomicRegion, Place
from forecasts.models import Forecast, Status
from forecasts.report import SHEET_NAME_LIMIT, report_xlsx, sheet_names, sheet_title
from forecasts.selectors import REPORT_STATUSES, demand_report
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
    """Sum the frozen lines one by one in Python: the reference the report must match.

    What was submitted counts: each forecast's current submission, its lines and the
    employer's activity as they were frozen, whatever the live rows say now.
    """
    forecasts = Forecast.objects.filter(year=year, status__in=statuses).prefetch_related(
        "current_submission__lines"
    )
    groups: dict[tuple, list] = defaultdict(lambda: [0, set()])
    for forecast in forecasts:
        submission = forecast.current_submission
        for line in submission.lines.all():
            keys = [("all",)]
            if line.is_liberated:
                keys += [("liberated",), ("liberated", line.code)]
                keys.append(("liberated-activity", submission.activity))
                keys += [("liberated-region", line.region_name)]
                keys += [("liberated-place", line.region_name, line.place_name)]
            else:
                keys += [("total",), ("region", line.region_name)]
                keys.append(("activity", submission.activity))
                keys += [(level, line.code[:level]) for level in (1, 2, 3, 4)]
            for key in keys:
                groups[key][0] += line.workers
                groups[key][1].add(forecast.employer_id)
    return {key: (workers, len(who)) for key, (workers, who) in groups.items()}


@pytest.mark.parametrize("statuses", [COUNTED, (Status.RETURNED,), REPORT_STATUSES])
def test_every_figure_equals_the_sum_of_the_lines_it_covers(generated, statuses):
    report = demand_report(year=2028, statuses=statuses)
    expected = _expected(statuses)

    assert (report.total_workers, report.total_employers) == expected.get(("total",), (0, 0))
    assert (report.liberated_workers, report.liberated_employers) == expected.get(
        ("liberated",), (0, 0)
    )
    assert report.all_employers == expected.get(("all",), (0, 0))[1]
    for row in report.professions:
        assert (row.workers, row.employers) == expected[(row.level, row.code)], row
    for row in report.regions:
        assert (row.workers, row.employers) == expected.get(("region", row.title), (0, 0)), row
    for row in report.activities:
        assert (row.workers, row.employers) == expected[("activity", row.code)], row
    for row in report.liberated:
        assert (row.workers, row.employers) == expected[("liberated", row.code)], row
    for row in report.liberated_activities:
        assert (row.workers, row.employers) == expected[("liberated-activity", row.code)], row
    for group in report.liberated_places:
        region = group.region
        key = ("liberated-region", region.title)
        assert (region.workers, region.employers) == expected.get(key, (0, 0)), region
        for row in group.places:
            key = ("liberated-place", region.title, row.title)
            assert (row.workers, row.employers) == expected.get(key, (0, 0)), row
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
    assert sum(g.region.workers for g in report.liberated_places) == report.liberated_workers


def test_the_report_counts_what_was_submitted_not_what_was_changed_since(occupations, places):
    employer = make_employer("changed@example.az", activity="F")
    returned = make_forecast(
        employer, 2029, lines=[(occupations["7212"], 5, places["Bakı"])], status=Status.RETURNED
    )
    accepted = make_forecast(
        make_employer("accepted@example.az", activity="F"),
        2029,
        lines=[(occupations["7112"], 7, places["Yevlax"])],
        status=Status.ACCEPTED,
    )
    # After the decisions: the employers change their activity, one edits its returned
    # draft (a new line in liberated territory, more workers).
    for forecast in (returned, accepted):
        forecast.employer.activity = "C"
        forecast.employer.save()
    returned.lines.update(workers=500)
    returned.lines.create(occupation=occupations["5120"], workers=9, place=places["Şuşa"])

    report = demand_report(year=2029, statuses=REPORT_STATUSES)

    assert (report.total_workers, report.total_lines, report.liberated_workers) == (12, 2, 0)
    assert [(r.code, r.workers) for r in report.units] == [("7112", 7), ("7212", 5)]
    assert [(r.code, r.workers, r.employers) for r in report.activities] == [("F", 12, 2)]


def test_employers_are_counted_once_in_all_whether_in_or_out_of_the_quota(occupations, places):
    both, quota_only, freed_only = (
        make_employer(f"{name}@example.az") for name in ("both", "quota", "freed")
    )
    welder, cook = occupations["7212"], occupations["5120"]
    make_forecast(
        both,
        2029,
        lines=[(welder, 2, places["Bakı"]), (cook, 3, places["Şuşa"])],
        status=Status.SUBMITTED,
    )
    make_forecast(quota_only, 2029, lines=[(welder, 4, places["Yevlax"])], status=Status.ACCEPTED)
    make_forecast(freed_only, 2029, lines=[(cook, 1, places["Şuşa"])], status=Status.SUBMITTED)

    report = demand_report(year=2029)

    assert (report.total_employers, report.liberated_employers, report.all_employers) == (2, 2, 3)


def test_every_region_is_listed_those_without_demand_at_zero(occupations, places):
    make_forecast(
        make_employer("baku@example.az"),
        2029,
        lines=[(occupations["7212"], 6, places["Bakı"])],
        status=Status.SUBMITTED,
    )

    report = demand_report(year=2029)

    assert [(r.code, r.title, r.workers, r.employers) for r in report.regions] == [
        (1, "Bakı", 6, 1),
        (6, "Qarabağ", 0, 0),
        (10, "Mərkəzi Aran", 0, 0),
    ]
    assert EconomicRegion.objects.count() == len(report.regions)


def test_liberated_demand_is_broken_down_by_region_and_district(occupations, places):
    karabakh = places["Şuşa"].region
    agdam = Place.objects.create(region=karabakh, name="Ağdam", is_liberated=True)
    zangezur = EconomicRegion.objects.create(number=7, name="Şərqi Zəngəzur")
    lachin = Place.objects.create(region=zangezur, name="Laçın", is_liberated=True)
    first, second = make_employer("first@example.az"), make_employer("second@example.az")
    make_forecast(
        first,
        2029,
        lines=[(occupations["7212"], 3, places["Şuşa"]), (occupations["7112"], 4, agdam)],
        status=Status.SUBMITTED,
    )
    make_forecast(second, 2029, lines=[(occupations["7212"], 5, lachin)], status=Status.ACCEPTED)

    report = demand_report(year=2029)

    shown = [
        (
            g.region.code,
            g.region.title,
            g.region.workers,
            g.region.employers,
            [(p.title, p.workers, p.employers) for p in g.places],
        )
        for g in report.liberated_places
    ]
    assert shown == [
        (6, "Qarabağ", 7, 1, [("Ağdam", 4, 1), ("Şuşa", 3, 1)]),
        (7, "Şərqi Zəngəzur", 5, 1, [("Laçın", 5, 1)]),
    ]


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
    everyone = _expected(COUNTED)[("all",)][1]
    assert f"Proqnoz göndərən işəgötürənlər: cəmi {everyone} (hər biri bir dəfə sayılır)" in html
    assert 'id="liberated-by-place"' in html and "Şuşa" in html.split('id="liberated-by-place"')[1]
    assert 'id="report-print"' in html
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
        "Azad ərazilər — rayonlar",
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
    districts = list(book["Azad ərazilər — rayonlar"].iter_rows(values_only=True))
    assert districts[-1][1:5] == ("Cəmi", None, *freed)
    assert sum(r[3] for r in districts[1:-1] if r[2]) == freed[0]  # the districts
    assert sum(r[3] for r in districts[1:-1] if not r[2]) == freed[0]  # their regions
    about = dict(book["Parametrlər"].iter_rows(values_only=True))
    assert about["Proqnoz göndərmiş işəgötürənlər (cəmi, təkrarsız)"] == expected[("all",)][1]


def test_figures_and_region_numbers_are_numbers_in_the_xlsx(generated, reviewer_client):
    response = reviewer_client.get(reverse(XLSX), {"year": 2028})
    book = openpyxl.load_workbook(io.BytesIO(response.content))

    regions = list(book["İqtisadi rayonlar"].iter_rows(values_only=True))[1:-1]
    assert [r[0] for r in regions] == sorted(
        EconomicRegion.objects.values_list("number", flat=True)
    )
    for name in book.sheetnames[:-1]:
        for row in list(book[name].iter_rows(min_row=2))[:-1]:
            figures = row[-2:] if name != "Peşələr" else row[2:4]
            assert all(cell.data_type == "n" for cell in figures), (name, row)
    assert all(isinstance(r[2], int) and isinstance(r[3], int) for r in regions)


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_sheet_names_fit_excel_in_every_language_as_whole_words(generated, language):
    with translation.override(language):
        names = sheet_names()
        book = openpyxl.load_workbook(io.BytesIO(report_xlsx(demand_report(year=2028))))

    assert book.sheetnames == list(names.values())
    assert len(set(book.sheetnames)) == len(book.sheetnames)
    for name in book.sheetnames:
        assert len(name) <= SHEET_NAME_LIMIT, name
    if language != "az":  # translated, not left in Azerbaijani
        assert "Peşələr" not in book.sheetnames


def test_a_long_sheet_name_is_cut_between_words():
    long = "Liberated territories — economic activities"
    title = sheet_title(long)
    assert title == "Liberated territories"
    assert long.startswith(title) and len(title) <= SHEET_NAME_LIMIT
    assert sheet_title("Occupations", taken=["Occupations"]) == "Occupations (2)"
    assert sheet_title("a/b: [c]?") == "a-b c"


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
