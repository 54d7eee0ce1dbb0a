"""The employer's whole journey in a real Chromium."""

import io

import openpyxl
import pytest

from tests.browser.accounts import confirm_email_from_outbox, log_in, sign_up
from tests.forecasts import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick(page, typed: str, code: str) -> None:
    field = page.locator("#id_profession")
    field.fill("")
    field.press_sequentially(typed, delay=30)
    option = page.locator(f"#profession-suggestions [role=option][data-code='{code}']")
    option.wait_for()
    option.click()
    assert field.input_value() == code


def test_employer_registers_fills_saves_resubmits_and_downloads(page, tmp_path):
    factories.make_classification()
    places = factories.make_places()
    factories.make_campaign(2028)

    sign_up(page, email="hr@xezer.az", password="Xezer-2027-quota")
    log_in(page, "hr@xezer.az", "Xezer-2027-quota")
    confirm_email_from_outbox(page, "hr@xezer.az")
    page.get_by_role("button", name="Yeni proqnoz başla").click()

    wanted = [
        ("qaynaqci", "7212", "10", places["Bakı"]),
        ("5120", "5120", "3", places["Yevlax"]),
        ("Bənna", "7112", "25", places["Bakı"]),
    ]
    for typed, code, workers, place in wanted:
        page.get_by_role("link", name="Peşə əlavə et").first.click()
        _pick(page, typed, code)
        page.fill("#id_workers", workers)
        page.select_option("#id_place", str(place.pk))
        page.get_by_role("button", name="Yadda saxla", exact=True).click()
        page.wait_for_selector("#forecast-lines")
    assert page.locator("#forecast-lines tbody tr").count() == 3
    page.fill("#id_justification", "Tikinti layihəsi üçün.")
    with page.expect_navigation():  # "Çıxış" is on both pages: let the save finish first
        page.get_by_role("button", name="Qaralamanı yadda saxla").click()

    page.get_by_role("button", name="Çıxış").click()
    log_in(page, "hr@xezer.az", "Xezer-2027-quota")
    page.get_by_role("link", name="Proqnozu davam etdir").click()
    codes = page.locator("#forecast-lines tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.lineCode)"
    )
    assert codes == ["7212", "5120", "7112"]
    assert page.locator("#id_justification").input_value() == "Tikinti layihəsi üçün."

    page.get_by_role("button", name="Yoxla və göndər").click()
    assert page.locator("#answers-total").inner_text().startswith("38")
    page.get_by_role("button", name="Təsdiq et və göndər").click()
    assert page.locator("#forecast-status").inner_text() == "Göndərilib"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX kimi yüklə").click()
    path = tmp_path / "forecast.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), data_only=True).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    found = {
        (row[1], row[3])
        for row in rows
        if row and isinstance(row[1], str) and row[1].isdigit() and len(row[1]) == 4
    }
    assert found == {("7212", 10), ("5120", 3), ("7112", 25)}
