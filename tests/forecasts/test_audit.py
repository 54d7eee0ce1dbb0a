"""The audit trail: every change to employers, forecasts and lines, with who, when and what."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from forecasts.models import Employer, ForecastLine, Status

pytestmark = pytest.mark.django_db


class _FormValues(HTMLParser):
    """Collect what a browser would post back from an admin change form."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox"):
            self.values[name] = a.get("value") or ""
        elif tag == "input" and name and "checked" in a:
            self.values[name] = a.get("value") or "on"
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data.lstrip("\n")


def _form_values(client, url) -> dict[str, str]:
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


def test_state_changes_are_recorded_with_who_and_why(
    owner_client, owner, draft, reviewer, reviewer_client
):
    owner_client.post(f"/forecasts/{draft.pk}/check/", {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    reviewer_client.post(
        reverse("admin:forecasts_forecast_review", args=[draft.pk, "return"]),
        {"comment": "Yevlax üçün sayı əsaslandırın."},
    )

    submitted, returned = draft.history.order_by("-history_date", "-history_id")[:2][::-1]
    assert (submitted.status, submitted.history_user) == (Status.SUBMITTED, owner.user)
    assert (returned.status, returned.history_user) == (Status.RETURNED, reviewer)
    assert returned.history_change_reason == "Düzəliş üçün qaytarıldı"
    delta = returned.diff_against(submitted)
    assert {"status", "reviewer_comment", "reviewed_by"} <= set(delta.changed_fields)

    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_audit", args=[draft.pk])
    ).content.decode()
    assert "Göndərilib → Düzəliş üçün qaytarılıb" in html
    assert "Yevlax üçün sayı əsaslandırın." in html
    assert "owner@example.az" in html and f">{reviewer.username}<" in html


def test_line_changes_by_the_employer_are_recorded_even_after_deletion(
    owner_client, owner, draft, places, reviewer_client
):
    line = draft.lines.get(occupation_id="7212")
    owner_client.post(
        f"/forecasts/{draft.pk}/lines/{line.pk}/",
        {
            "profession": "7212",
            "workers": "15",
            "place": places["Bakı"].pk,
            "version": draft.version,
        },
    )
    draft.refresh_from_db()
    gone = draft.lines.get(occupation_id="5120")
    owner_client.post(f"/forecasts/{draft.pk}/lines/{gone.pk}/delete/", {"version": draft.version})
    draft.refresh_from_db()
    owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {
            "profession": "2512",
            "workers": "4",
            "place": places["Bakı"].pk,
            "version": draft.version,
        },
    )

    history = ForecastLine.history.filter(forecast_id=draft.pk, history_user=owner.user)
    assert sorted(history.values_list("history_type", flat=True)) == ["+", "-", "~"]
    assert not ForecastLine.objects.filter(pk=gone.pk).exists()

    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_audit", args=[draft.pk])
    ).content.decode()
    assert "10 → 15" in html
    deleted = html.split('class="audit-deleted"')[1].split("</tr>")[0]
    assert "5120" in deleted and "Yevlax" in deleted and "owner@example.az" in deleted
    created = [row for row in html.split('class="audit-created"')[1:] if "2512" in row]
    assert created and "owner@example.az" in created[0]


def test_profile_changes_by_the_employer_are_recorded(owner_client, owner, reviewer_client):
    data = _form_values(owner_client, "/forecasts/profile/")
    data["legal_name"] = "“Yeni Ad” MMC"
    assert owner_client.post("/forecasts/profile/", data).status_code == 302

    latest = owner.history.latest()
    assert (latest.legal_name, latest.history_user) == ("“Yeni Ad” MMC", owner.user)
    html = reviewer_client.get(
        reverse("admin:forecasts_employer_history", args=[owner.pk])
    ).content.decode()
    assert "“owner” MMC" in html and "“Yeni Ad” MMC" in html and "owner@example.az" in html


def test_staff_changes_in_admin_are_recorded_with_the_staff_user(
    owner, draft, superuser, superuser_client
):
    client = superuser_client
    url = reverse("admin:forecasts_employer_change", args=[owner.pk])
    data = _form_values(client, url)
    data["phone"] = "+994551112233"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    latest = Employer.history.filter(id=owner.pk).latest()
    assert (latest.phone, latest.history_user) == ("+994551112233", superuser)

    forecast_url = reverse("admin:forecasts_forecast_change", args=[draft.pk])
    data = _form_values(client, forecast_url)
    data["reopened_until"] = "2099-01-31"
    assert client.post(forecast_url, data).status_code == 302
    latest = draft.history.latest()
    assert (str(latest.reopened_until), latest.history_user) == ("2099-01-31", superuser)


def test_the_audit_page_runs_a_fixed_number_of_queries(
    owner, draft, places, reviewer_client, django_assert_max_num_queries
):
    from forecasts import services

    url = reverse("admin:forecasts_forecast_audit", args=[draft.pk])
    with django_assert_max_num_queries(20) as few:
        reviewer_client.get(url)
    line = draft.lines.first()
    for workers in range(20, 40):
        services.save_line(
            forecast=draft,
            line=line,
            data={"occupation": line.occupation, "workers": workers, "place": places["Yevlax"]},
            expected_version=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = reviewer_client.get(url).content.decode()
    assert "38 → 39" in html


def test_only_staff_with_view_permission_read_the_audit_trail(owner_client, draft, staff_client):
    url = reverse("admin:forecasts_forecast_audit", args=[draft.pk])
    assert owner_client.get(url).status_code == 302  # to the admin login
    assert staff_client.get(url).status_code == 403
