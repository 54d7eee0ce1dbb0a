"""Sign-up: allauth's account with our employer profile, never saying what exists."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from forecasts.models import Employer
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
CHECK_EMAIL = "/accounts/confirm-email/"

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


def test_employer_signs_up_with_email_as_login_and_normalised_ids(client, mailoutbox):
    response = client.post(SIGNUP, VALID)
    assert (response.status_code, response["Location"]) == (302, CHECK_EMAIL)
    employer = Employer.objects.get()
    assert employer.voen == "1700123456"
    assert employer.phone == "+994501234567"
    assert employer.email == "hr@xezer.az"
    [membership] = employer.memberships.all()
    assert (membership.user.email, membership.role) == ("hr@xezer.az", "owner")
    address = EmailAddress.objects.get(user=membership.user)
    assert (address.email, address.verified, address.primary) == ("hr@xezer.az", False, True)
    run_tasks()
    [mail] = mailoutbox
    assert mail.to == ["hr@xezer.az"]
    assert re.search(r"/accounts/confirm-email/[-:\w]+/", mail.body)
    page = client.get(CHECK_EMAIL).content.decode()
    assert "hr@xezer.az" in page
    login = {"login": "HR@xezer.az", "password": VALID["password1"]}
    assert client.post("/accounts/login/", login).status_code == 302  # any case logs in


def test_the_old_register_address_leads_to_the_sign_up(client):
    response = client.get("/forecasts/register/?next=/forecasts/")
    assert (response.status_code, response["Location"]) == (301, f"{SIGNUP}?next=/forecasts/")


def test_bad_voen_and_phone_are_reported_and_nothing_is_saved(client, mailoutbox):
    response = client.post(SIGNUP, {**VALID, "voen": "12345", "phone": "+7 900 1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "VÖEN 10 rəqəmdən ibarət olmalıdır" in html
    assert "+994 XX XXX XX XX" in html
    assert "data-error-summary" in html
    assert not Employer.objects.exists()
    assert not get_user_model().objects.exists()
    run_tasks()
    assert not mailoutbox


def test_a_taken_address_gets_the_same_answer_and_its_owner_an_e_mail(client, owner, mailoutbox):
    response = client.post(SIGNUP, {**VALID, "email": owner.user.email.upper()})
    assert (response.status_code, response["Location"]) == (302, CHECK_EMAIL)
    assert get_user_model().objects.count() == 1
    assert Employer.objects.count() == 1
    run_tasks()
    [mail] = mailoutbox
    assert mail.to == [owner.user.email]
    assert "hesab artıq var" in mail.subject
    assert "/accounts/password/reset/" in mail.body


def test_a_short_password_is_refused_and_the_hint_says_what_works(client):
    blank = client.get(SIGNUP).content.decode()
    assert "Ən azı 12 simvol" in blank
    assert "is-invalid" not in blank
    response = client.post(SIGNUP, {**VALID, "password1": "Xezer-2027", "password2": "Xezer-2027"})
    assert response.status_code == 200
    assert "12" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_sign_up_asks_for_the_address_with_an_e_mail_input(client):
    html = client.get(SIGNUP).content.decode()
    field = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert 'type="email"' in field and 'autocomplete="email"' in field


@pytest.mark.parametrize(
    "lookalike",
    ["owner@\uff45xample.az", "OWNER@EXAMPLE.\uff21\uff3a"],
    ids=["full-width e", "full-width capitals"],
)
def test_a_lookalike_of_a_taken_address_is_the_taken_address(client, owner, mailoutbox, lookalike):
    response = client.post(SIGNUP, {**VALID, "email": lookalike})

    assert (response.status_code, response["Location"]) == (302, CHECK_EMAIL)
    assert get_user_model().objects.count() == 1
    assert Employer.objects.count() == 1
    run_tasks()
    [mail] = mailoutbox
    assert mail.to == [owner.user.email]


def test_a_new_address_typed_in_full_width_letters_is_stored_as_plain_letters(client):
    response = client.post(SIGNUP, {**VALID, "email": "hr@\uff58ezer.az"})

    assert response.status_code == 302
    assert get_user_model().objects.get().email == "hr@xezer.az"
