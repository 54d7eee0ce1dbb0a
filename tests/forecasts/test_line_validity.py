"""One definition of a valid line: the line page and the XLSX upload give the same verdict.

Each case is one line as an employer would write it: typed into the line page (the
selects send the value of the option with that label) and written into a row of the
portal's blank template. Both must save it, or both must refuse it with the same
message, and a refusal saves nothing.
"""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from django_countries import countries

from classification.models import Occupation
from forecasts.models import EducationLevel, ForecastLine
from forecasts.xlsx import XlsxUploadError, blank_template, import_lines_from_xlsx

from . import factories

pytestmark = pytest.mark.django_db

COLUMNS = [
    "code",
    "title",
    "workers",
    "region",
    "place",
    "job_title",
    "citizenship",
    "education",
    "monthly_wage",
    "period_months",
    "note",
]
FORM_FIELDS = {"code": "profession", "title": None, "region": None}


def line(code="7112", workers=5, place="Bakı", **optional) -> dict:
    return {"code": code, "workers": workers, "region": "", "place": place, **optional}


VALID = {
    "complete": line(
        workers=25,
        job_title="Bənna",
        citizenship="Türkiyə",
        education="Ali təhsil (bakalavr)",
        monthly_wage="1500",
        period_months=12,
        note="İki növbə",
    ),
    "the fewest workers": line(workers=1),
    "the most workers": line(workers=10_000),
    "thousands written with a space": line(workers="1 000"),
    "a wage with a decimal comma": line(monthly_wage="1 500,50"),
    "a wage of nothing": line(monthly_wage="0"),
    "the longest period": line(period_months=12),
    "the longest job title": line(job_title="ə" * 200),
    "the longest note": line(note="ə" * 500),
    "stateless": line(citizenship="Vətəndaşlığı olmayan şəxs"),
    "the same profession at another place": line(code="7212", place="Yevlax"),
    # A draft may hold an incomplete line; the submission asks for what is missing.
    "no code yet": line(code=""),
    "no count yet": line(workers=""),
    "no place yet": line(place=""),
}

INVALID = {
    "an unknown code": (line(code="9999"), "təsnifatda yoxdur"),
    "a group, not a unit group": (line(code="72"), "4 rəqəmli ibtidai qrupu"),
    "words instead of a code": (line(code="qaynaqçı"), "4 rəqəmli kodunu"),
    "a code no longer in use": (line(code="7119"), "artıq istifadə olunmur"),
    "a code longer than the field": (line(code="7" * 201), "200"),
    "no workers": (line(workers=0), "Dəyər 1 və ya daha çox olmalıdır."),
    "negative workers": (line(workers=-3), "Dəyər 1 və ya daha çox olmalıdır."),
    "too many workers": (line(workers=10_001), "Dəyər 10000 və ya daha az olmalıdır."),
    "letters for the count": (line(workers="abc"), "İşçilərin sayını rəqəmlərlə yazın"),
    "half a worker": (line(workers="2.5"), "İşçilərin sayını rəqəmlərlə yazın"),
    "a place not in the list": (line(place="Atlantida"), "«Atlantida» şəhər və rayonların"),
    "an unknown country": (line(citizenship="Narniya"), "«Narniya» ölkə kimi tanınmadı"),
    "an unknown education level": (line(education="Professor"), "Təhsil səviyyəsini"),
    "a negative wage": (line(monthly_wage="-5"), "Dəyər 0 və ya daha çox olmalıdır."),
    "a wage over the limit": (line(monthly_wage="1000001"), "1000000 və ya daha az"),
    "letters for the wage": (line(monthly_wage="çox"), "Ədəd yazın"),
    "a wage in fractions of a qəpik": (line(monthly_wage="10.555"), "2"),
    "no months": (line(period_months=0), "Dəyər 1 və ya daha çox olmalıdır."),
    "more than a year": (line(period_months=13), "Dəyər 12 və ya daha az olmalıdır."),
    "letters for the period": (line(period_months="il"), "Tam ədəd yazın"),
    "a job title too long": (line(job_title="ə" * 201), "200"),
    "a note too long": (line(note="ə" * 501), "500"),
    "the profession and place of line 1": (
        line(code="7212", place="Bakı"),
        "artıq 1-ci sətirdədir (7212 Qaynaqçılar və qaz kəsənlər, Bakı)",
    ),
}


@pytest.fixture
def twin(owner, occupations, places, draft):
    """A forecast with the same lines as ``draft``, for the upload to try the same line."""
    Occupation.objects.create(code="7119", level=4, title_az="Köhnə qrup", is_active=False)
    return factories.make_forecast(
        owner,
        2029,
        lines=[
            (occupations["7212"], 10, places["Bakı"]),
            (occupations["5120"], 2, places["Yevlax"]),
        ],
    )


def _lines(forecast) -> list[tuple]:
    return [line.comparable() for line in ForecastLine.objects.filter(forecast=forecast)]


def _option(choices, label: str) -> str:
    """Return the value a select sends for the option labelled ``label`` (else as typed)."""
    return next((str(value) for value, text in choices if str(text) == label), label)


def _form_data(values: dict, places, version: int) -> dict:
    with translation.override("az"):
        data = {
            "profession": values["code"],
            "workers": values["workers"],
            "place": _option(((p.pk, name) for name, p in places.items()), values["place"]),
            "citizenship": _option(countries, values.get("citizenship", "")),
            "education": _option(EducationLevel.choices, values.get("education", "")),
            "version": version,
        }
    for field in ("job_title", "monthly_wage", "period_months", "note"):
        data[field] = values.get(field, "")
    return data


def through_the_page(client, forecast, places, values: dict) -> tuple[bool, str]:
    """Return (saved, the page) for the line typed into the line page."""
    before = len(_lines(forecast))
    response = client.post(
        f"/forecasts/{forecast.pk}/lines/add/", _form_data(values, places, forecast.version)
    )
    saved = response.status_code == 302
    assert len(_lines(forecast)) == before + saved
    return saved, response.content.decode()


def through_the_upload(forecast, rows: list[dict]) -> tuple[bool, list[str]]:
    """Return (saved, the messages) for the lines written into the blank template."""
    workbook = openpyxl.load_workbook(io.BytesIO(blank_template(language="az")))
    sheet = workbook.worksheets[0]
    for offset, values in enumerate(rows):
        cells = [offset + 1, *(values.get(key, "") for key in COLUMNS)]
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=4 + offset, column=column, value=None if value == "" else value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = _lines(forecast)
    try:
        import_lines_from_xlsx(
            forecast=forecast,
            uploaded_file=SimpleUploadedFile("lines.xlsx", buffer.getvalue()),
            expected_version=None,
        )
    except XlsxUploadError as error:
        assert _lines(forecast) == before
        return False, [issue.message for issue in error.errors]
    return True, []


@pytest.mark.parametrize("values", VALID.values(), ids=VALID.keys())
def test_a_valid_line_is_saved_the_same_through_the_page_and_the_upload(
    owner_client, draft, twin, places, values
):
    saved_by_page, page = through_the_page(owner_client, draft, places, values)
    saved_by_upload, messages = through_the_upload(twin, [values])

    assert saved_by_page, page
    assert saved_by_upload, messages
    assert _lines(draft) == _lines(twin)


@pytest.mark.parametrize(("values", "message"), INVALID.values(), ids=INVALID.keys())
def test_an_invalid_line_is_refused_the_same_through_the_page_and_the_upload(
    owner_client, draft, twin, places, values, message
):
    saved_by_page, page = through_the_page(owner_client, draft, places, values)
    saved_by_upload, messages = through_the_upload(twin, [values])

    assert not saved_by_page and not saved_by_upload
    assert any(message in text for text in messages), messages
    assert message in page or escape(message) in page
    for text in messages:  # the upload says what the page says, word for word
        assert escape(text) in page


def test_a_line_repeated_is_refused_the_second_time_on_both_paths(
    owner_client, draft, twin, places
):
    values = line(code="2512", workers=3, place="Şuşa")
    assert through_the_page(owner_client, draft, places, values)[0]
    saved, page = through_the_page(owner_client, draft, places, values)
    assert not saved
    assert "artıq 3-cü sətirdədir (2512 Proqram təminatı tərtibatçıları, Şuşa)" in page

    saved, messages = through_the_upload(twin, [values, {**values, "workers": 4}])
    assert not saved
    assert messages == [
        "Bu peşə bu iş yeri ilə faylın 4-cü sətrində artıq var. Saylarını bir sətirdə birləşdirin."
    ]


def test_editing_a_line_without_changing_its_profession_and_place_is_no_repeat(
    owner_client, draft, places
):
    first = draft.lines.order_by("position").first()
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/{first.pk}/",
        {
            "profession": "7212",
            "workers": "11",
            "place": places["Bakı"].pk,
            "version": draft.version,
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.workers == 11


def test_moving_a_line_onto_another_lines_profession_and_place_is_refused(
    owner_client, draft, places
):
    second = draft.lines.order_by("position").last()
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/{second.pk}/",
        {
            "profession": "7212",
            "workers": "2",
            "place": places["Bakı"].pk,
            "version": draft.version,
        },
    )
    assert response.status_code == 200
    assert "artıq 1-ci sətirdədir" in response.content.decode()
    second.refresh_from_db()
    assert (second.occupation_id, second.place.name) == ("5120", "Yevlax")


def test_letters_typed_as_the_count_are_refused_with_a_message_and_save_nothing(
    owner_client, draft, places
):
    page = owner_client.get(f"/forecasts/{draft.pk}/lines/add/").content.decode()
    # A text input: a number input would send nothing for "abc", and save a line.
    assert 'name="workers"' in page and 'inputmode="numeric"' in page
    assert 'type="number" name="workers"' not in page

    saved, page = through_the_page(owner_client, draft, places, line(workers="abc"))

    assert not saved
    assert "İşçilərin sayını rəqəmlərlə yazın, məsələn 12." in page


# --- the other paths that add lines never make a repeat ---------------------------------


def test_copying_last_year_skips_a_profession_and_place_already_on_the_draft(
    owner_client, owner, draft, occupations, places
):
    factories.make_forecast(
        owner,
        2027,
        lines=[(occupations["7212"], 4, places["Bakı"]), (occupations["2512"], 1, places["Şuşa"])],
        status="accepted",
    )

    response = owner_client.post(
        f"/forecasts/{draft.pk}/copy-last-year/", {"version": draft.version}, follow=True
    )

    assert "1 sətir əlavə edildi" in response.content.decode()
    assert [(line.code, line.workers) for line in draft.lines.order_by("position")] == [
        ("7212", 10),
        ("5120", 2),
        ("2512", 1),
    ]


def test_undo_of_a_deleted_line_is_refused_once_its_profession_and_place_are_back(
    owner_client, draft, places
):
    welders = draft.lines.get(occupation_id="7212")
    owner_client.post(
        f"/forecasts/{draft.pk}/lines/{welders.pk}/delete/", {"version": draft.version}
    )
    draft.refresh_from_db()
    assert through_the_page(owner_client, draft, places, line(code="7212", workers=3))[0]
    draft.refresh_from_db()

    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/restore/", {"version": draft.version}, follow=True
    )

    assert "Bu peşə bu iş yerində proqnozda artıq var." in response.content.decode()
    assert list(draft.lines.values_list("occupation_id", "workers")) == [("5120", 2), ("7212", 3)]
