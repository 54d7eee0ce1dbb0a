"""A DMX officer works the review queue in a real Chromium; the employer resubmits."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import timezone

from forecasts.models import Forecast
from tests.browser.a11y import overflow, sign_in
from tests.forecasts import factories
from tests.personas import make_superuser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, forecast: Forecast):
    """The forecast's row in the admin's forecast list."""
    return page.locator("#result_list tbody tr").filter(has_text=forecast.reference)


def test_officer_returns_with_a_deadline_the_employer_resubmits_the_pdf_has_the_reference(
    browser, live_server, tmp_path
):
    occupations = factories.make_classification()
    places = factories.make_places()
    factories.make_campaign(2028)
    employer = factories.make_employer("hr@xezer.az")
    forecast = factories.make_forecast(
        employer, 2028, lines=[(occupations["7212"], 10, places["Bakı"])]
    )
    forecast.submit(by=employer.user)
    officer = make_superuser()
    due = timezone.localdate() + datetime.timedelta(days=10)

    staff = browser.new_context(base_url=live_server.url, locale="az-AZ", accept_downloads=True)
    staff.set_default_timeout(10_000)
    sign_in(staff, live_server, officer)
    page = staff.new_page()

    # The queue: submitted forecasts of the current campaign, oldest first.
    page.goto("/admin/forecasts/forecast/")
    row = _row(page, forecast)
    assert row.count() == 1
    with page.expect_navigation():  # the row is on both pages: read the new one
        row.get_by_role("button", name="Mənə təyin et").click()
    assert officer.email in _row(page, forecast).inner_text()

    _row(page, forecast).get_by_role("link", name=forecast.reference).click()
    page.locator("a.review-return").click()
    page.fill("#id_comment", "Qaynaqçıların sayını əsaslandırın.")
    page.fill("#id_due", due.isoformat())
    page.locator("#review-form input[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    forecast.refresh_from_db()
    assert (forecast.status, forecast.correction_due) == ("returned", due)

    # The employer sees the comment and the deadline, corrects and resubmits.
    own = browser.new_context(base_url=live_server.url, locale="az-AZ")
    own.set_default_timeout(10_000)
    sign_in(own, live_server, employer.user)
    mine = own.new_page()
    mine.goto(f"/forecasts/{forecast.pk}/")
    assert "Qaynaqçıların sayını əsaslandırın." in mine.locator("#reviewer-comment").inner_text()
    assert mine.locator("#correction-due").is_visible()
    mine.locator("#forecast-lines tbody tr").first.get_by_role("link", name="Dəyiş").click()
    mine.fill("#id_workers", "14")
    mine.get_by_role("button", name="Yadda saxla", exact=True).click()
    mine.wait_for_selector("#forecast-lines")
    mine.get_by_role("button", name="Yoxla və göndər").click()
    mine.get_by_role("button", name="Təsdiq et və göndər").click()
    assert mine.locator("#forecast-status").inner_text() == "Göndərilib"
    own.close()

    # Back in the queue: the resubmission, marked, as submission №2.
    page.goto("/admin/forecasts/forecast/")
    row = _row(page, forecast)
    assert row.count() == 1
    assert "№2" in row.locator("td.field-submission_number").inner_text()
    assert row.locator("td.field-resubmitted img").get_attribute("alt") == "True"

    # The change page's PDF of the current submission holds its reference.
    row.get_by_role("link", name=forecast.reference).click()
    with page.expect_download() as download:
        page.locator("a.pdf-link").click()
    path = tmp_path / "forecast.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert forecast.reference in text
    assert "№2" in text
    staff.close()


def test_the_demand_report_prints_on_a4_without_the_admin_around_it(browser, live_server, tmp_path):
    occupations = factories.make_classification()
    places = factories.make_places()
    factories.make_campaign(2028)
    for n, (code, place) in enumerate([("7212", "Bakı"), ("5120", "Şuşa"), ("7112", "Yevlax")]):
        factories.make_forecast(
            factories.make_employer(f"hr{n}@example.az"),
            2028,
            lines=[(occupations[code], 5 + n, places[place])],
            status="submitted",
        )
    context = browser.new_context(base_url=live_server.url, locale="az-AZ")
    context.set_default_timeout(10_000)
    sign_in(context, live_server, make_superuser())
    page = context.new_page()
    page.goto("/admin/forecasts/forecast/report/?year=2028&status=submitted")
    chrome = page.locator("#header").inner_text().split("\n")[0].strip()
    form = page.locator("#report-form input[type=submit]").get_attribute("value")
    assert chrome and form

    # A4 portrait less 12 mm margins each side leaves 186 mm: 703 CSS pixels.
    page.set_viewport_size({"width": 703, "height": 1000})
    page.emulate_media(media="print")
    for hidden in ("#header", ".breadcrumbs", "#nav-sidebar", "#report-form"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert overflow(page) == 0  # every table fits the printable width
    assert page.locator("#by-profession").is_visible()
    path = tmp_path / "report.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True)
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert chrome not in text and form not in text
    assert "Peşələr üzrə" in text and "Qaynaqçılar və qaz kəsənlər" in text and "Şuşa" in text
    context.close()
