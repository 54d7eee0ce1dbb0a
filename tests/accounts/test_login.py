"""Login by e-mail through allauth: one clear error, an e-mail keyboard, a way to sign up."""

import re
import time

import pytest
import time_machine

from tests.personas import totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-battery"  # tests.forecasts.factories


def test_the_login_page_offers_an_e_mail_input_and_the_sign_up(client):
    html = client.get(LOGIN).content.decode()
    field = re.search(r'<input[^>]*name="login"[^>]*>', html).group(0)
    assert 'type="email"' in field and 'autocomplete="username"' in field
    assert 'autocomplete="current-password"' in html
    assert 'href="/accounts/signup/"' in html and "Qeydiyyatdan keçin" in html
    assert "Parolu unutmusunuz?" in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("az", "E-poçt ünvanı və ya parol yanlışdır."),
        ("en", "The e-mail address or password is incorrect."),
        ("ru", "Неверный адрес электронной почты или пароль."),
    ],
)
def test_a_wrong_password_is_said_once_without_user_names(client, owner, language, message):
    path = LOGIN if language == "az" else f"/{language}{LOGIN}"
    response = client.post(path, {"login": owner.user.email, "password": "wrong"})
    html = response.content.decode()
    text = re.sub(r"<[^>]*>", " ", html)  # what is read: autocomplete="username" is not
    assert response.status_code == 200
    assert html.count(message) == 1
    for wording in (
        "istifadəçi adı",
        "hərfə həssas",
        "username",
        "case-sensitive",
        "имя пользователя",
        "к регистру",
    ):
        assert wording not in text


def test_the_address_logs_in_in_any_case_and_lands_on_the_forecasts(client, owner):
    response = client.post(LOGIN, {"login": owner.user.email.upper(), "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/forecasts/")


def test_staff_land_in_the_admin_after_the_code_of_their_app(client, staff_user):
    response = client.post(LOGIN, {"login": staff_user.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/authenticate/")
    with time_machine.travel(time.time(), tick=False):  # the code is the one of this instant
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_header_shows_the_address_not_a_user_name(client, staff_user):
    staff_user.username = "legacy-name"
    staff_user.save()
    client.force_login(staff_user)
    html = client.get("/").content.decode()
    assert staff_user.email in html and "legacy-name" not in html


def test_visitors_find_the_sign_up_from_home_and_the_forecasts_page(client):
    for path in ("/", "/forecasts/"):
        html = client.get(path).content.decode()
        assert re.search(r'<a[^>]*href="/accounts/signup/"[^>]*>\s*Qeydiyyatdan keçin', html), path
