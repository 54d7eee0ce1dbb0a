"""An applicant on a 375 px phone finds the inspector-translator post in Yevlax."""

import pytest

from classification.services import load_regions
from vacancies.services import load_announcement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_applicant_on_a_phone_filters_by_yevlax_and_reads_the_translator_post(phone_page):
    load_regions()
    load_announcement()
    page = phone_page
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto("/vacancies/")
    assert page.locator("#vacancy-count").get_attribute("data-count") == "11"
    assert _fits_the_screen(page)

    page.get_by_label("Şəhər / rayon").select_option("Yevlax")
    page.get_by_role("button", name="Süz").click()
    page.wait_for_url("**/vacancies/?*city=Yevlax*")
    assert page.locator("#vacancy-count").get_attribute("data-count") == "3"
    assert page.locator("#vacancy-count").inner_text() == "3 vakansiya tapıldı"
    assert page.get_by_label("Şəhər / rayon").input_value() == "Yevlax"
    assert _fits_the_screen(page)

    page.get_by_role("link", name="İnspektor-tərcüməçi").click()
    page.wait_for_url("**/vacancies/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "İnspektor-tərcüməçi"
    requirements = page.locator("#vacancy-requirements")
    assert "Xarici dil bilikləri" in requirements.inner_text()
    assert "rus dili, ingilis dili (yüksək səviyyədə)." in requirements.inner_text()
    assert (
        "Yevlax şəhəri, H.Əliyev prospekti 99a/4" in page.locator("#vacancy-address").inner_text()
    )
    assert _fits_the_screen(page)

    # Printed, the page is the vacancy alone: no navigation, footer or related links.
    page.emulate_media(media="print")
    assert not page.locator(".portal-header").is_visible()
    assert not page.locator(".portal-footer").is_visible()
    assert not page.get_by_role("button", name="Çap et").is_visible()
    assert page.locator("#conditions").is_visible()
    assert errors == []


def test_the_filters_work_without_javascript(browser, live_server):
    load_regions()
    load_announcement()
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()

    page.goto("/vacancies/")
    page.get_by_label("Açar söz").fill("tercumeci")
    page.get_by_role("button", name="Süz").click()

    assert page.locator("#vacancy-count").get_attribute("data-count") == "1"
    assert page.get_by_role("link", name="İnspektor-tərcüməçi").is_visible()
    context.close()
