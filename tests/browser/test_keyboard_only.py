"""The employer's journeys by keyboard alone: Tab, Shift+Tab, Enter, Space, arrows and typing.

No click, no fill(): focus moves only as a keyboard user's would, so a control that
cannot be reached or worked by keyboard fails the test.
"""

import io

import openpyxl
import pytest

from forecasts.models import Forecast, Status
from tests import personas
from tests.forecasts import factories

from .a11y import sign_in
from .keyboard import focused, open_file_chooser, press_enter_and_wait, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_line_by_keyboard(page, typed: str, code: str, workers: str, place: str) -> None:
    tab_to(page, "Peşə əlavə et")
    press_enter_and_wait(page)
    # The profession field has focus when the page opens.
    assert page.evaluate("document.activeElement.id") == "id_profession"
    page.keyboard.type(typed, delay=40)
    page.locator(f"#profession-suggestions [role=option][data-code='{code}']").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")  # picks the highlighted suggestion, does not send the form
    assert page.locator("#id_profession").input_value() == code
    assert "/lines/add/" in page.url
    tab_to(page, "Əcnəbi işçilərin sayı")
    page.keyboard.type(workers)
    tab_to(page, "İş yeri")
    # A focused select picks the option typed. Only the name's first letters: Playwright
    # sends a letter such as "ı" as inserted text, which lands in the last text field
    # (the workers count, a text input since the line ModelForm) instead of the select.
    page.keyboard.type(place[:3])
    tab_to(page, "Yadda saxla")
    press_enter_and_wait(page)
    assert page.locator("#forecast-lines").is_visible()


def _world():
    factories.make_classification()
    factories.make_places()
    factories.make_campaign(2028)
    return personas.make_owner()


@pytest.fixture
def keyboard_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="az-AZ")
    context.set_default_timeout(10_000)
    owner = _world()
    sign_in(context, live_server, owner.user)
    yield context.new_page(), owner
    context.close()


def test_add_two_lines_delete_one_with_confirmation_and_submit_by_keyboard(keyboard_page):
    page, owner = keyboard_page
    page.goto("/forecasts/")
    tab_to(page, "Yeni proqnoz başla")
    press_enter_and_wait(page)

    # The first letters pick the place in the focused select, as a keyboard user types them;
    # Playwright sends a letter outside the US layout (ı) as inserted text, which a select
    # does not take (Chromium gives it to the last text field instead).
    _add_line_by_keyboard(page, "qaynaqçı", "7212", "10", "Bak")
    _add_line_by_keyboard(page, "aşpaz", "5120", "3", "Yevlax")
    assert page.locator("#forecast-lines tbody tr").count() == 2

    # Delete the second line: the dialog asks, focus starts on "No, keep it".
    tab_to(page, "Sil sətir 2")
    page.keyboard.press("Enter")
    dialog = page.locator("#delete-dialog")
    assert dialog.is_visible()
    assert "5120" in dialog.inner_text()
    assert "Xeyr, saxla" in focused(page)
    page.keyboard.press("Escape")  # Escape closes it and nothing is deleted
    assert not dialog.is_visible()
    assert "Sil sətir 2" in focused(page)
    page.keyboard.press("Enter")
    tab_to(page, "Bəli, sil", backwards=True)
    press_enter_and_wait(page)
    forecast = Forecast.objects.get(employer=owner)
    assert list(forecast.lines.values_list("occupation_id", flat=True)) == ["7212"]
    assert page.locator("#undo-delete").is_visible()

    tab_to(page, "Yoxla və göndər")
    press_enter_and_wait(page)
    tab_to(page, "Təsdiq et və göndər")
    press_enter_and_wait(page)
    assert page.locator("#forecast-status").inner_text() == "Göndərilib"
    forecast.refresh_from_db()
    assert forecast.status == Status.SUBMITTED


def test_upload_a_filled_template_by_keyboard(keyboard_page, tmp_path):
    page, owner = keyboard_page
    forecast = factories.make_forecast(owner, 2028)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Kod", "Say", "İqtisadi rayon", "Şəhər / rayon"])
    sheet.append(["7212", 4, "Bakı", "Bakı"])
    path = tmp_path / "lines.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())

    page.goto(f"/forecasts/{forecast.pk}/")
    tab_to(page, "XLSX faylından yüklə")
    press_enter_and_wait(page)
    tab_to(page, "Doldurulmuş XLSX şablonu")
    open_file_chooser(page).set_files(str(path))
    tab_to(page, "Yüklə")
    press_enter_and_wait(page)
    assert list(forecast.lines.values_list("occupation_id", "workers")) == [("7212", 4)]
