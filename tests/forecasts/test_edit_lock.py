"""Every change an employer makes goes through one lock: editable, current version, bumped."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from classification.models import Place
from forecasts import services
from forecasts.models import Forecast, StaleForecastError, Status
from forecasts.views import STALE_MESSAGE
from forecasts.xlsx import import_lines_from_xlsx

from . import factories
from .test_xlsx import _template_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(owner, occupations, places):
    return factories.make_forecast(
        owner, 2027, lines=[(occupations["2512"], 1, places["Şuşa"])], status=Status.ACCEPTED
    )


def _save_line(forecast, version):
    services.save_line(forecast=forecast, data={"workers": 1}, expected_version=version)


def _delete_line(forecast, version):
    services.delete_line(line=forecast.lines.first(), expected_version=version)


def _save_draft(forecast, version):
    forecast.save_draft(justification="Tikinti mövsümü", expected_version=version)


def _upload(forecast, version):
    content = _template_with([[1, "7112", None, 2, "Bakı", "Bakı"]])
    import_lines_from_xlsx(
        forecast=forecast,
        uploaded_file=SimpleUploadedFile("lines.xlsx", content),
        expected_version=version,
    )


def _copy(forecast, version):
    services.copy_lines_from_previous_year(forecast=forecast, expected_version=version)


CHANGES = {
    "save a line": _save_line,
    "delete a line": _delete_line,
    "save the draft": _save_draft,
    "upload a file": _upload,
    "copy last year's lines": _copy,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_bumps_the_version_once(draft, last_year, change):
    before = draft.version

    CHANGES[change](Forecast.objects.get(pk=draft.pk), before)

    draft.refresh_from_db()
    assert draft.version == before + 1


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_from_an_old_tab_is_refused(draft, last_year, change):
    stale = draft.version
    _save_draft(Forecast.objects.get(pk=draft.pk), stale)

    with pytest.raises(StaleForecastError):
        CHANGES[change](Forecast.objects.get(pk=draft.pk), stale)

    assert Forecast.objects.get(pk=draft.pk).version == stale + 1


@pytest.mark.parametrize("change", CHANGES)
def test_a_submitted_forecast_refuses_every_change(draft, owner, last_year, change):
    draft.submit(by=owner.user)
    before = list(draft.lines.values_list("pk", "workers")), draft.version

    with pytest.raises(ValidationError) as caught:
        CHANGES[change](Forecast.objects.get(pk=draft.pk), draft.version)

    assert "Göndərilmiş proqnozu dəyişmək olmaz" in " ".join(caught.value.messages)
    draft.refresh_from_db()
    assert (list(draft.lines.values_list("pk", "workers")), draft.version) == before


# --- every change an employer posts carries the version ---------------------------


def _posts(forecast) -> dict:
    """(address, data without the version) of every change an employer can post."""
    line = forecast.lines.first()
    yevlax = Place.objects.get(name="Yevlax")
    return {
        "save the draft": (f"/forecasts/{forecast.pk}/", {"justification": "Mövsüm"}),
        "add a line": (
            f"/forecasts/{forecast.pk}/lines/add/",
            {"profession": "7112", "workers": "2", "place": yevlax.pk},
        ),
        "change a line": (
            f"/forecasts/{forecast.pk}/lines/{line.pk}/",
            {"profession": "7212", "workers": "99", "place": line.place_id},
        ),
        "delete a line": (f"/forecasts/{forecast.pk}/lines/{line.pk}/delete/", {}),
        "copy last year's lines": (f"/forecasts/{forecast.pk}/copy-last-year/", {}),
        "submit": (f"/forecasts/{forecast.pk}/check/", {}),
        "upload a file": (
            f"/forecasts/{forecast.pk}/upload/",
            {
                "file": SimpleUploadedFile(
                    "lines.xlsx", _template_with([[1, "7112", None, 2, "Bakı", "Bakı"]])
                )
            },
        ),
    }


def _state(forecast):
    forecast.refresh_from_db()
    lines = list(forecast.lines.order_by("pk").values_list("pk", "occupation_id", "workers"))
    return forecast.version, forecast.status, forecast.justification, lines


POSTED_CHANGES = [
    "save the draft",
    "add a line",
    "change a line",
    "delete a line",
    "copy last year's lines",
    "submit",
    "upload a file",
]


@pytest.mark.parametrize("version", [None, "", "seven"], ids=["missing", "empty", "not a number"])
@pytest.mark.parametrize("change", POSTED_CHANGES)
def test_a_change_posted_without_a_valid_version_changes_nothing_and_says_so(
    owner_client, draft, last_year, change, version
):
    url, data = _posts(draft)[change]
    if version is not None:
        data["version"] = version
    before = _state(draft)

    response = owner_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert str(STALE_MESSAGE) in response.content.decode()
    assert _state(draft) == before
