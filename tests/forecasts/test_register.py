import pytest
from django.contrib.auth import get_user_model

from forecasts.models import Employer

pytestmark = pytest.mark.django_db

VALID = {
    "legal_name": "“Xəzər Tikinti” MMC",
    "voen": "17 0012 3456",
    "kind": "legal_entity",
    "legal_address": "Bakı şəhəri, Xətai rayonu, Nobel prospekti 15",
    "activity": "F",
    "contact_person": "Aynur Məmmədova",
    "contact_position": "Kadrlar şöbəsinin müdiri",
    "phone": "050 123 45 67",
    "email": "HR@Xezer.az",
    "head_name": "Elçin Həsənov",
    "head_position": "Direktor",
    "language": "az",
    "password1": "Xezer-2027-quota",
    "password2": "Xezer-2027-quota",
}


def test_employer_registers_with_email_as_login_and_normalised_ids(client):
    response = client.post("/forecasts/register/", VALID)
    assert response.status_code == 302
    employer = Employer.objects.get()
    assert employer.voen == "1700123456"
    assert employer.phone == "+994501234567"
    assert employer.user.username == "hr@xezer.az"
    assert client.get("/forecasts/").status_code == 200  # logged in
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "HR@xezer.az", "password": "Xezer-2027-quota"}
    )
    assert response.status_code == 302  # e-mail in any case logs in


def test_bad_voen_and_phone_are_reported_and_nothing_is_saved(client):
    response = client.post("/forecasts/register/", {**VALID, "voen": "12345", "phone": "+7 900 1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "VÖEN 10 rəqəmdən ibarət olmalıdır" in html
    assert "+994 XX XXX XX XX" in html
    assert "data-error-summary" in html
    assert not Employer.objects.exists()
    assert not get_user_model().objects.exists()


def test_voen_must_be_unique(client, owner):
    response = client.post("/forecasts/register/", {**VALID, "voen": owner.voen})
    assert response.status_code == 200
    assert Employer.objects.count() == 1


def test_email_already_registered_is_refused(client, owner):
    response = client.post("/forecasts/register/", {**VALID, "email": owner.user.username.upper()})
    assert "artıq mövcuddur" in response.content.decode()
    assert Employer.objects.count() == 1


def test_profile_edit_updates_the_forecast_header(owner_client, owner, draft):
    data = {**VALID, "voen": owner.voen, "legal_name": "Yeni ad MMC", "email": owner.email}
    for key in ("password1", "password2"):
        data.pop(key)
    response = owner_client.post("/forecasts/profile/", data)
    assert response.status_code == 302
    page = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
    assert "Yeni ad MMC" in page
