"""In a real Chromium: after acceptance the employer edits address and activity; the
accepted form (page, print view, XLSX, demand report) stays as accepted, the next
submission is new."""

import io

import openpyxl
import pytest

from forecasts.models import Status
from forecasts.review import review_forecast
from forecasts.selectors import demand_report
from tests.browser.accounts import log_in
from tests.forecasts import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_ADDRESS = "Sumqayıt şəhəri, Sülh küçəsi 7"
HEADER = "section[aria-labelledby=employer-header-title]"


def _xlsx(page, tmp_path, name: str) -> list[tuple]:
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX kimi yüklə").click()
    path = tmp_path / name
    download.value.save_as(path)
    return list(
        openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True)
    )


def _activities() -> list[tuple]:
    return [(row.code, row.workers) for row in demand_report(year=2028).activities]


def _seen(page, forecast, tmp_path, name: str) -> dict:
    """Return the employer block and lines of the page and the print view, and the XLSX."""
    page.goto(f"/forecasts/{forecast.pk}/")
    seen = {
        "page header": page.locator(HEADER).inner_text(),
        "page lines": page.locator("#forecast-lines").inner_text(),
        "xlsx": _xlsx(page, tmp_path, name),
    }
    with page.expect_navigation():  # the header is on both pages: read the print view's
        page.get_by_role("link", name="Çap üçün görünüş").click()
    seen["print header"] = page.locator(HEADER).inner_text()
    seen["print lines"] = page.locator("table").inner_text()
    return seen


def test_a_profile_edit_after_acceptance_changes_only_the_next_submission(page, tmp_path):
    occupations = factories.make_classification()
    places = factories.make_places()
    factories.make_campaign(2028)
    employer = factories.make_employer("hr@xezer.az", activity="F")
    root = factories.make_user("root@dmx.gov.az", is_staff=True, is_superuser=True)
    forecast = factories.make_forecast(
        employer, 2028, lines=[(occupations["7212"], 7, places["Bakı"])]
    )
    forecast.submit(by=employer.user)
    review_forecast(forecast=forecast, action="accept", by=root)

    old_address = employer.legal_address
    log_in(page, "hr@xezer.az", factories.PASSWORD)
    before = _seen(page, forecast, tmp_path, "before.xlsx")
    assert old_address in before["page header"]
    assert "Tikinti" in before["page header"]
    assert _activities() == [("F", 7)]

    page.goto("/forecasts/profile/")
    assert page.locator("#identity-locked").is_visible()
    assert page.locator("#id_voen").is_disabled()
    page.fill("#id_legal_address", NEW_ADDRESS)
    page.select_option("#id_activity", "C")
    with page.expect_navigation():
        page.get_by_role("button", name="Yadda saxla", exact=True).click()
    employer.refresh_from_db()
    assert (employer.legal_address, employer.activity) == (NEW_ADDRESS, "C")

    after = _seen(page, forecast, tmp_path, "after.xlsx")
    assert after == before
    assert NEW_ADDRESS not in after["page header"] + after["print header"]
    assert _activities() == [("F", 7)]  # the accepted year's demand stays in section F

    # Reopened by DMX, the form is the employer's draft again, with the profile of now.
    review_forecast(forecast=forecast, action="reopen", by=root, comment="Ünvanı yeniləyin.")
    page.goto(f"/forecasts/{forecast.pk}/")
    assert NEW_ADDRESS in page.locator(HEADER).inner_text()
    page.get_by_role("button", name="Yoxla və göndər").click()
    page.get_by_role("button", name="Təsdiq et və göndər").click()
    assert page.locator("#forecast-status").inner_text() == "Göndərilib"
    header = page.locator(HEADER).inner_text()
    assert NEW_ADDRESS in header and "Emal sənayesi" in header

    forecast.refresh_from_db()
    first, second = forecast.submissions.order_by("number")
    assert forecast.status == Status.SUBMITTED and forecast.current_submission == second
    assert (first.legal_address, first.activity) == (old_address, "F")
    assert (second.legal_address, second.activity) == (NEW_ADDRESS, "C")
