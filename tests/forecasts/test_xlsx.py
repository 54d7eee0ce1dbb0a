"""The forecast as XLSX: download, blank template, upload all-or-nothing, hostile files."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from forecasts.models import ForecastLine
from forecasts.xlsx import (
    MAX_UPLOAD_ROWS,
    XlsxUploadError,
    blank_template,
    export_forecast,
    import_lines_from_xlsx,
)

pytestmark = pytest.mark.django_db


def _rows(content: bytes, sheet_name: str | None = None) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def _template_with(rows: list[list]) -> bytes:
    """Fill the portal's own blank template below its header row."""
    workbook = openpyxl.load_workbook(io.BytesIO(blank_template(language="az")))
    sheet = workbook.worksheets[0]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=4 + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(content: bytes, name: str = "lines.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _line_snapshot(forecast):
    return list(
        ForecastLine.objects.filter(forecast=forecast)
        .order_by("pk")
        .values_list("occupation_id", "workers", "place_id")
    )


# --- download ------------------------------------------------------------------


def test_the_download_has_header_lines_and_total(owner_client, draft):
    response = owner_client.get(reverse("forecasts:forecast-xlsx", args=[draft.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(response.content)
    text = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert draft.employer.voen in text
    assert draft.employer.legal_name in text
    lines = [(row[1], row[2], row[3], row[5]) for row in rows if row[1] in {"7212", "5120"}]
    assert lines == [
        ("7212", "Qaynaqçılar və qaz kəsənlər", 10, "Bakı"),
        ("5120", "Aşpazlar", 2, "Yevlax"),
    ]
    total = next(row for row in rows if row[2] == "Cəmi")
    assert total[3] == 12


def test_the_download_is_printable_on_a4_landscape_with_a_frozen_header(draft):
    workbook = openpyxl.load_workbook(io.BytesIO(export_forecast(draft, language="az")))
    sheet = workbook.active
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.freeze_panes is not None
    assert sheet.column_dimensions["C"].width > 30


def test_the_download_speaks_the_requested_language(draft):
    rows = _rows(export_forecast(draft, language="en"))
    assert ("7212", "Welders and flame cutters") in {(row[1], row[2]) for row in rows}
    assert "Total" in {row[2] for row in rows}


# --- template and upload ---------------------------------------------------------


def test_the_blank_template_lists_the_places(owner_client, places):
    response = owner_client.get(reverse("forecasts:template-xlsx"))

    assert response.status_code == 200
    header = _rows(response.content)[2]
    assert header[:4] == ("№", "Kod", "Peşənin adı", "Say")
    listed = {row[1] for row in _rows(response.content, "Siyahılar")[1:]}
    assert {"Bakı", "Yevlax", "Şuşa"} <= listed


def test_a_filled_template_adds_every_row(draft, occupations):
    content = _template_with(
        [
            [1, "7112", None, 25, "Bakı", "Bakı", "Bənna", "Türkiyə", None, 1500, 12, None],
            [2, 2512, None, "3", None, "Yevlax"],
        ]
    )
    count = import_lines_from_xlsx(
        forecast=draft, uploaded_file=_upload(content), expected_version=draft.version
    )

    assert count == 2
    added = draft.lines.order_by("position")[2:]
    assert [(line.occupation_id, line.workers, line.place.name) for line in added] == [
        ("7112", 25, "Bakı"),
        ("2512", 3, "Yevlax"),
    ]
    assert added[0].citizenship.code == "TR"
    assert added[0].monthly_wage == 1500


def test_an_exported_forecast_can_be_uploaded_again(draft, owner, occupations, places):
    from tests.forecasts.factories import make_forecast

    empty = make_forecast(owner, 2029)
    exported = export_forecast(draft, language="ru")

    import_lines_from_xlsx(forecast=empty, uploaded_file=_upload(exported), expected_version=None)

    assert [(line.occupation_id, line.workers) for line in empty.lines.order_by("position")] == [
        ("7212", 10),
        ("5120", 2),
    ]


def test_one_bad_row_adds_nothing_and_names_row_and_column(draft, occupations):
    before = _line_snapshot(draft)
    content = _template_with(
        [
            [1, "7112", None, 25, "Bakı", "Bakı"],
            [2, "9999", None, 0, "Bakı", "Atlantida"],
        ]
    )

    with pytest.raises(XlsxUploadError) as caught:
        import_lines_from_xlsx(
            forecast=draft, uploaded_file=_upload(content), expected_version=None
        )

    problems = {(issue.row, issue.column) for issue in caught.value.errors}
    assert problems == {(5, "Kod"), (5, "Say"), (5, "Şəhər / rayon")}
    assert _line_snapshot(draft) == before


def test_a_row_repeating_a_profession_and_place_already_on_the_form_is_refused(draft):
    content = _template_with([[1, "7212", None, 4, "Bakı", "Bakı"]])

    with pytest.raises(XlsxUploadError) as caught:
        import_lines_from_xlsx(
            forecast=draft, uploaded_file=_upload(content), expected_version=None
        )

    assert "artıq" in caught.value.errors[0].message


def test_formulas_are_refused(draft, occupations):
    content = _template_with([[1, "7112", None, "=10*100", "Bakı", "Bakı"]])

    with pytest.raises(XlsxUploadError) as caught:
        import_lines_from_xlsx(
            forecast=draft, uploaded_file=_upload(content), expected_version=None
        )

    assert caught.value.errors[0].column == "Say"
    assert "Düstur" in caught.value.errors[0].message


def _bad_files():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Data"
    workbook.active.append(["something", "else"])
    wrong_sheet = io.BytesIO()
    workbook.save(wrong_sheet)

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))

    return {
        "not a zip": b"Kod;Say\n7212;3\n",
        "a zip that is not a workbook": _zip_with("hello.txt", "hi"),
        "a truncated workbook": blank_template(language="az")[:2000],
        "a zip bomb": bomb.getvalue(),
        "no header row": wrong_sheet.getvalue(),
        "an empty template": blank_template(language="az"),
    }


def _zip_with(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


BAD_FILES = [
    "not a zip",
    "a zip that is not a workbook",
    "a truncated workbook",
    "a zip bomb",
    "no header row",
    "an empty template",
]


@pytest.mark.parametrize("kind", BAD_FILES)
def test_hostile_and_wrong_files_are_refused_with_a_message(draft, kind):
    before = (_line_snapshot(draft), draft.version)

    with pytest.raises(XlsxUploadError) as caught:
        import_lines_from_xlsx(
            forecast=draft, uploaded_file=_upload(_bad_files()[kind]), expected_version=None
        )

    assert caught.value.errors and caught.value.errors[0].message
    draft.refresh_from_db()
    assert (_line_snapshot(draft), draft.version) == before


def test_more_than_2000_rows_are_refused(draft):
    content = _template_with([[n, "7112", None, 1, "Bakı", "Bakı"] for n in range(2001)])

    with pytest.raises(XlsxUploadError) as caught:
        import_lines_from_xlsx(
            forecast=draft, uploaded_file=_upload(content), expected_version=None
        )

    assert str(MAX_UPLOAD_ROWS) in caught.value.errors[0].message
    assert draft.lines.count() == 2


def test_the_upload_page_refuses_a_file_over_2_mb(owner_client, draft):
    big = _upload(b"PK\x03\x04" + b"x" * (2 * 1024 * 1024 + 10))
    response = owner_client.post(
        reverse("forecasts:forecast-upload", args=[draft.pk]),
        {"file": big, "version": draft.version},
    )

    assert response.status_code == 400
    assert "2 MB" in response.content.decode()
    assert draft.lines.count() == 2


def test_the_upload_page_adds_rows_and_says_how_many(owner_client, draft, occupations):
    content = _template_with([[1, "7112", None, 5, "Mərkəzi Aran", "Yevlax"]])
    response = owner_client.post(
        reverse("forecasts:forecast-upload", args=[draft.pk]),
        {"file": _upload(content), "version": draft.version},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 sətir əlavə edildi" in response.content.decode()
    assert draft.lines.count() == 3


def _fresh_rows(draft, occupations, places, count: int) -> list[list]:
    """``count`` template rows, each a profession and place the draft does not have yet."""
    taken = set(draft.lines.values_list("occupation_id", "place__name"))
    pairs = [(code, name) for code in occupations for name in places if (code, name) not in taken]
    regions = {name: place.region.name for name, place in places.items()}
    return [[n, code, None, n, regions[name], name] for n, (code, name) in enumerate(pairs, 1)][
        :count
    ]


def test_an_upload_costs_the_same_queries_for_2_or_10_rows_and_audits_each_line(
    owner, owner_client, draft, occupations, places
):
    url = reverse("forecasts:forecast-upload", args=[draft.pk])
    owner_client.get(url)  # the session's first request also saves it
    counts = []
    for rows in (2, 10):
        draft.lines.exclude(pk__in=draft.lines.order_by("pk")[:2].values("pk")).delete()
        draft.refresh_from_db()
        content = _template_with(_fresh_rows(draft, occupations, places, rows))
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.post(url, {"file": _upload(content), "version": draft.version})
        assert response.status_code == 302
        assert draft.lines.count() == 2 + rows
        counts.append(len(queries))
    assert counts[0] == counts[1]
    added = draft.lines.order_by("pk")[2:]
    audit = ForecastLine.history.filter(id__in=[line.pk for line in added], history_type="+")
    assert sorted(audit.values_list("id", "history_user_id")) == [
        (line.pk, owner.user.pk) for line in added
    ]


def test_the_upload_page_lists_row_errors_in_the_visitors_language(
    owner_client, draft, occupations
):
    content = _template_with([[1, "12", None, 5, "Bakı", "Bakı"]])
    with translation.override("en"):
        url = reverse("forecasts:forecast-upload", args=[draft.pk])  # under /en/
    response = owner_client.post(
        url,
        {"file": _upload(content), "version": draft.version},
    )

    assert response.status_code == 400
    assert "Code “12” is not in the classification" in response.content.decode()
    assert draft.lines.count() == 2


def test_a_stale_upload_from_an_old_tab_is_refused(owner_client, draft, occupations):
    content = _template_with([[1, "7112", None, 5, "Bakı", "Bakı"]])
    response = owner_client.post(
        reverse("forecasts:forecast-upload", args=[draft.pk]),
        {"file": _upload(content), "version": draft.version - 1},
        follow=True,
    )

    assert "başqa pəncərədə" in response.content.decode()
    assert draft.lines.count() == 2


# --- the round trip and the sheets in every language ---------------------------


@pytest.fixture
def filled(draft, occupations):
    """The draft with every optional field, an incomplete line, a note that looks like a
    formula and a justification."""
    welders, cooks = draft.lines.order_by("position")
    welders.job_title, welders.citizenship, welders.education = "Qaynaqçı", "TR", "bachelor"
    welders.monthly_wage, welders.period_months = Decimal("1500.50"), 12
    welders.note = "İki növbə;\nyataqxana ilə"
    welders.save()
    cooks.citizenship, cooks.education, cooks.note = "RU", "vocational", "-2+3 növbə"
    cooks.save()
    # Typed text that starts like a formula is text: exported as text, read back as text.
    ForecastLine.objects.create(
        forecast=draft, position=3, occupation=occupations["2512"], note="=2 növbə, düstur deyil"
    )
    draft.justification = "Yerli mütəxəssis tapılmır; «Xəzər» layihəsi 2029-cu ilədək."
    draft.save()
    return draft


def _comparable(forecast) -> list[tuple]:
    return [line.comparable() for line in forecast.lines.order_by("position", "pk")]


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_an_export_uploads_back_to_the_same_lines_and_justification(filled, owner, language):
    from tests.forecasts.factories import make_forecast

    empty = make_forecast(owner, 2029)
    exported = export_forecast(filled, language=language)

    with translation.override(language):
        count = import_lines_from_xlsx(
            forecast=empty, uploaded_file=_upload(exported), expected_version=None
        )

    assert count == 3
    assert _comparable(empty) == _comparable(filled)
    empty.refresh_from_db()
    assert empty.justification == filled.justification


def test_an_upload_keeps_a_justification_the_draft_already_has(filled, owner):
    from tests.forecasts.factories import make_forecast

    target = make_forecast(owner, 2029, justification="Öz əsaslandırmam.")

    import_lines_from_xlsx(
        forecast=target,
        uploaded_file=_upload(export_forecast(filled, language="az")),
        expected_version=None,
    )

    target.refresh_from_db()
    assert target.justification == "Öz əsaslandırmam."
    assert len(_comparable(target)) == 3


@pytest.mark.parametrize(
    ("language", "sheets"),
    [
        ("az", ["Proqnoz", "Siyahılar"]),
        ("en", ["Forecast", "Lists"]),
        ("ru", ["Прогноз", "Списки"]),
    ],
)
def test_the_template_names_its_sheets_in_its_language_and_its_text_agrees(
    places, language, sheets
):
    workbook = openpyxl.load_workbook(io.BytesIO(blank_template(language=language)))

    assert workbook.sheetnames == sheets
    lines, lists = workbook[sheets[0]], workbook[sheets[1]]
    note = lines.cell(row=2, column=1).value
    assert f"«{sheets[1]}»" in note or f"“{sheets[1]}”" in note
    formulas = [rule.formula1 for rule in lines.data_validations.dataValidation]
    assert [f for f in formulas if "!" in f] and all(
        f.startswith(f"'{sheets[1]}'!") for f in formulas if "!" in f
    )
    assert {row[1] for row in lists.iter_rows(min_row=2, values_only=True)} >= {"Bakı", "Şuşa"}


@pytest.mark.parametrize("template_language", ["en", "ru"])
def test_a_template_in_another_language_is_read_on_the_azerbaijani_page(
    owner_client, draft, occupations, template_language
):
    workbook = openpyxl.load_workbook(io.BytesIO(blank_template(language=template_language)))
    sheet = workbook.worksheets[0]
    for column, value in enumerate([1, "7112", None, 5, None, "Yevlax"], start=1):
        sheet.cell(row=4, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = owner_client.post(
        reverse("forecasts:forecast-upload", args=[draft.pk]),
        {"file": _upload(buffer.getvalue()), "version": draft.version},
        follow=True,
    )

    assert "1 sətir əlavə edildi" in response.content.decode()
    assert draft.lines.filter(occupation_id="7112", place__name="Yevlax").exists()


@pytest.mark.parametrize("typed", ["Türkiyə", "Турция", "Turkey", "Türkiye", "tr", "TUR"])
def test_a_country_in_any_portal_language_is_read(draft, occupations, typed):
    content = _template_with([[1, "7112", None, 5, "Bakı", "Bakı", None, typed]])

    import_lines_from_xlsx(forecast=draft, uploaded_file=_upload(content), expected_version=None)

    assert draft.lines.get(occupation_id="7112").citizenship.code == "TR"


def test_rows_holding_only_their_number_are_not_lines(draft, occupations):
    content = _template_with([[1, "7112", None, 5, "Bakı", "Bakı"], [2], [3]])

    count = import_lines_from_xlsx(
        forecast=draft, uploaded_file=_upload(content), expected_version=None
    )

    assert count == 1
