import pytest

from forecasts.services import load_regions
from vacancies.services import load_announcement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_applicant_on_a_phone_filters_by_yevlax_and_reads_the_translator_post(phone_page):
    load_regions()
    load_announcement()
    page = phone_page

    page.goto("/vacancies/")
    assert page.locator("#vacancy-count").inner_text() == "11"
    page.select_option("#id_city", "Yevlax")
    page.get_by_role("button", name="Süz").click()
    page.wait_for_url("**/vacancies/?*city=Yevlax*")
    assert page.locator("#vacancy-count").inner_text() == "3"

    page.get_by_role("link", name="Inspektor-tərcüməçi").click()
    requirements = page.locator("#vacancy-requirements")
    assert "rus dili, ingilis dili (yüksək səviyyədə)" in requirements.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
