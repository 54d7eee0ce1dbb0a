"""After acceptance the employer edits the profile: the accepted form stays as accepted
(page, print view, XLSX, the demand report); the next submission carries the new values."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from classification.models import EconomicActivity
from forecasts import services
from forecasts.models import Forecast, ForecastLine
from forecasts.review import review_forecast
from forecasts.selectors import compare_submissions, demand_report
from tests.forecasts import factories
from tests.forecasts.factories import profile_data

pytestmark = pytest.mark.django_db

NEW_ADDRESS = "Sumqayıt şəhəri, Sülh küçəsi 7"
OLD_ACTIVITY, NEW_ACTIVITY = EconomicActivity.F, EconomicActivity.C


def _between(html: str, start: str, end: str) -> str:
    """Return the part of ``html`` from the first ``start`` to the next ``end``."""
    found = re.search(re.escape(start) + ".*?" + re.escape(end), html, re.S)
    assert found, start
    return found.group(0)


def activities(year: int = 2028) -> list[tuple]:
    """Return the demand report's rows by economic activity: code, workers, employers."""
    return [(row.code, row.workers, row.employers) for row in demand_report(year=year).activities]


def shown(client, forecast) -> dict:
    """Return what the employer is shown of the form: page, print view and XLSX."""
    page = client.get(reverse("forecasts:forecast-detail", args=[forecast.pk])).content.decode()
    printed = client.get(reverse("forecasts:forecast-print", args=[forecast.pk])).content.decode()
    xlsx = client.get(reverse("forecasts:forecast-xlsx", args=[forecast.pk])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    return {
        "page header": _between(page, 'aria-labelledby="employer-header-title"', "</section>"),
        "page lines": _between(page, 'id="forecast-lines"', "</table>"),
        "print header": _between(printed, 'aria-labelledby="employer-header-title"', "</section>"),
        "print lines": _between(printed, "<table", "</table>"),
        "xlsx": list(sheet.iter_rows(values_only=True)),
    }


@pytest.fixture
def accepted(draft, owner, reviewer):
    draft.submit(by=owner.user)
    review_forecast(forecast=draft, action="accept", by=reviewer)
    draft.refresh_from_db()
    return draft


def test_a_profile_edit_after_acceptance_leaves_the_accepted_form_as_it_was(
    owner_client, owner, accepted
):
    old_address = owner.legal_address
    before = shown(owner_client, accepted)
    report = activities()
    assert report == [(OLD_ACTIVITY, 12, 1)]
    assert old_address in before["page header"] and old_address in before["print header"]
    assert str(OLD_ACTIVITY.label) in before["page header"]

    response = owner_client.post(
        reverse("forecasts:profile"),
        profile_data(owner, legal_address=NEW_ADDRESS, activity=NEW_ACTIVITY),
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.legal_address, owner.activity) == (NEW_ADDRESS, NEW_ACTIVITY)

    after = shown(owner_client, accepted)
    assert after == before
    assert activities() == report  # the 12 workers stay in section F
    cells = [str(cell) for row in after["xlsx"] for cell in row if cell is not None]
    assert old_address in cells and NEW_ADDRESS not in cells
    assert str(OLD_ACTIVITY.label) in cells and str(NEW_ACTIVITY.label) not in cells
    page = owner_client.get(reverse("forecasts:forecast-detail", args=[accepted.pk]))
    assert 'id="frozen-record-note"' in page.content.decode()


def test_the_next_submission_carries_the_new_values(owner_client, owner, reviewer, accepted):
    owner_client.post(
        reverse("forecasts:profile"),
        profile_data(owner, legal_address=NEW_ADDRESS, activity=NEW_ACTIVITY),
    )
    review_forecast(forecast=accepted, action="reopen", by=reviewer, comment="Ünvanı yeniləyin.")
    # Reopened, the form is the employer's draft again: it shows the profile as it is now.
    page = owner_client.get(reverse("forecasts:forecast-detail", args=[accepted.pk]))
    assert NEW_ADDRESS in page.content.decode()

    accepted.refresh_from_db()
    second = accepted.submit(by=owner.user)

    first = accepted.submissions.get(number=1)
    assert (first.legal_address, first.activity) == (
        "Bakı şəhəri, Nizami küçəsi 1",
        OLD_ACTIVITY,
    )
    assert (second.number, second.legal_address, second.activity) == (
        2,
        NEW_ADDRESS,
        NEW_ACTIVITY,
    )
    changed = {c["field"] for c in compare_submissions(first, second)["employer_changes"]}
    assert changed == {"hüquqi ünvanı", "əsas iqtisadi fəaliyyət növü"}
    after = shown(owner_client, accepted)
    assert NEW_ADDRESS in after["page header"] and NEW_ADDRESS in after["print header"]
    assert str(NEW_ACTIVITY.label) in after["page header"]
    # Once the new submission is accepted, the report counts it under its activity.
    review_forecast(forecast=accepted, action="accept", by=reviewer)
    assert activities() == [(NEW_ACTIVITY, 12, 1)]


def test_a_live_row_changed_behind_the_portals_back_is_never_shown(owner_client, accepted):
    before = shown(owner_client, accepted)
    # What the superuser's admin edit of the issue did: 7 workers became 700.
    ForecastLine.objects.filter(forecast=accepted).update(workers=700, job_title="Dəyişdirilib")
    Forecast.objects.filter(pk=accepted.pk).update(justification="Sonradan yazılıb")

    assert shown(owner_client, accepted) == before
    dashboard = owner_client.get(reverse("forecasts:dashboard"))
    [row] = dashboard.context["forecasts"]
    assert (row.line_count, row.total_workers) == (2, 12)


def test_next_years_copy_takes_the_lines_as_they_were_accepted(owner, accepted, places):
    ForecastLine.objects.filter(forecast=accepted).update(workers=700, place=places["Şuşa"])
    draft = factories.make_forecast(owner, 2029)

    assert services.copy_lines_from_previous_year(forecast=draft) == 2
    copied = list(draft.lines.order_by("position").values_list("occupation", "workers", "place"))
    assert copied == [("7212", 10, places["Bakı"].pk), ("5120", 2, places["Yevlax"].pk)]
