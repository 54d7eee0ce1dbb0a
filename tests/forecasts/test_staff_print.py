"""DMX staff print any submission, or download it as a PDF, as it was submitted."""

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.forecasts.factories import make_forecast

pytestmark = pytest.mark.django_db

PRINT, PDF = "admin:forecasts_forecast_print", "admin:forecasts_forecast_pdf"


@pytest.fixture
def resubmitted(owner, reviewer, occupations, places, campaign):
    """The owner's forecast: submitted with 10 welders, returned, resubmitted with 12;
    then the company is renamed in its profile."""
    forecast = make_forecast(owner, 2028, lines=[(occupations["7212"], 10, places["Bakı"])])
    forecast.submit(by=owner.user)
    forecast.return_for_correction(by=reviewer, comment="Əmək haqqını yazın.")
    forecast.lines.update(workers=12)
    forecast.submit(by=owner.user)
    owner.legal_name = "Sonradan dəyişdirilmiş ad MMC"
    owner.save()
    forecast.refresh_from_db()
    return forecast


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_print_view_shows_the_current_submission_as_submitted(resubmitted, reviewer_client):
    submission = resubmitted.current_submission
    page = reviewer_client.get(reverse(PRINT, args=[resubmitted.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert resubmitted.reference in html
    assert "№2" in html
    assert timezone.localtime(submission.submitted_at).strftime("%d.%m.%Y") in html
    assert submission.legal_name in html and "Sonradan dəyişdirilmiş" not in html
    assert "Qaynaqçılar və qaz kəsənlər" in html
    assert page.context["lines"][0].workers == 12
    assert "<input" not in html and "<form" not in html


def test_any_earlier_submission_prints_by_its_number(resubmitted, reviewer_client):
    page = reviewer_client.get(reverse(PRINT, args=[resubmitted.pk]), {"number": 1})

    assert page.status_code == 200
    assert "№1" in page.content.decode()
    assert [line.workers for line in page.context["lines"]] == [10]
    assert (
        reviewer_client.get(reverse(PRINT, args=[resubmitted.pk]), {"number": 9}).status_code == 404
    )


def test_a_draft_has_nothing_to_print(draft, reviewer_client):
    assert reviewer_client.get(reverse(PRINT, args=[draft.pk])).status_code == 404
    assert reviewer_client.get(reverse(PDF, args=[draft.pk])).status_code == 404


def test_the_pdf_holds_the_reference_number_and_date(resubmitted, reviewer_client, tmp_path):
    response = reviewer_client.get(reverse(PDF, args=[resubmitted.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{resubmitted.reference}-2.pdf"' in response["Content-Disposition"]
    text = _pdf_text(response.content, tmp_path)
    assert resubmitted.reference in text
    assert "№2" in text
    submitted_at = timezone.localtime(resubmitted.current_submission.submitted_at)
    assert submitted_at.strftime("%d.%m.%Y") in text
    # Azerbaijani letters survive (the font has them), and the name is the submitted one.
    assert "Qaynaqçılar və qaz kəsənlər" in text
    assert resubmitted.current_submission.legal_name in text


def test_view_on_site_opens_the_staff_print_view(resubmitted, reviewer_client):
    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_change", args=[resubmitted.pk])
    ).content.decode()
    url = reverse(PRINT, args=[resubmitted.pk])

    assert f'href="{url}" class="viewsitelink"' in html
    assert reviewer_client.get(url).status_code == 200


def test_only_staff_who_may_view_forecasts_print(resubmitted, owner_client, staff_client):
    for name in (PRINT, PDF):
        url = reverse(name, args=[resubmitted.pk])
        response = owner_client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert staff_client.get(url).status_code == 403
