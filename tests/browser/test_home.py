import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_switches_from_azerbaijani_to_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "az"
    assert page.get_by_role("heading", name="Peşə təsnifatı").is_visible()
    page.get_by_role("link", name="EN").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Occupational classification").is_visible()
