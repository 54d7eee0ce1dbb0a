"""The classification search page in a real browser: results as you type."""

import pytest

from tests.classification.factories import make_classification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_without_azerbaijani_letters_finds_welders(page):
    make_classification()
    page.goto("/classification/")

    page.get_by_label("Peşə adı və ya kodu").press_sequentially("qaynaqci", delay=30)

    result = page.locator('#classification-results li[data-code="7212"]')
    result.wait_for()
    assert "Qaynaqçılar və qaz kəsənlər" in result.inner_text()
    assert "qaynaqci" in page.url

    result.get_by_role("link").first.click()
    page.wait_for_url("**/classification/7212/")
    assert "Qaynaqçılar və qaz kəsənlər" in page.locator("h1").inner_text()


def test_the_form_still_works_without_javascript(browser, live_server):
    make_classification()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/classification/")

    page.get_by_label("Peşə adı və ya kodu").fill("сварщик")
    page.get_by_role("button", name="Axtar").click()

    assert page.locator('li[data-code="7212"]').is_visible()
    context.close()
