"""Error answers are the portal's own pages, in the URL's language, with the CSP header.

400 (a Host that is not ours), 403, 404, 429 and 500, in az, en and ru; the 500 page is
rendered while the database is unavailable (no test database at all here: every query
raises).
"""

import pytest
from django.test import Client

LANGUAGES = [("", "az"), ("/en", "en"), ("/ru", "ru")]
HEADINGS = {
    400: {"az": "Sorğu qəbul edilmədi", "en": "Bad request", "ru": "Некорректный запрос"},
    403: {
        "az": "Bu səhifəyə girişiniz yoxdur",
        "en": "You do not have access to this page",
        "ru": "У вас нет доступа к этой странице",
    },
    404: {"az": "Səhifə tapılmadı", "en": "Page not found", "ru": "Страница не найдена"},
    429: {"az": "Çox sayda sorğu", "en": "Too many requests", "ru": "Слишком много запросов"},
    500: {"az": "Serverdə xəta baş verdi", "en": "Server error", "ru": "Ошибка на сервере"},
}

CSRF_HEADINGS = {
    "az": "Forma qəbul edilmədi",
    "en": "The form was not accepted",
    "ru": "Форма не принята",
}


def assert_portal_error_page(response, status: int, language: str, heading=None) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert (heading or HEADINGS[status][language]) in html
    assert "css/portal.css" in html  # the portal's layout, not Django's plain page
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_a_missing_page(client, prefix, language):
    assert_portal_error_page(client.get(f"{prefix}/no-such-page/"), 404, language)


@pytest.mark.django_db
def test_a_missing_page_keeps_the_signed_in_employers_menu(owner_client, owner):
    html = owner_client.get("/no-such-page/").content.decode()
    assert owner.user.email in html
    assert 'action="/accounts/logout/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_a_host_that_is_not_ours(client, prefix, language):
    response = client.get(f"{prefix}/", HTTP_HOST="kvota.example.net")
    assert_portal_error_page(response, 400, language)


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_a_page_staff_may_not_open(staff_client, prefix, language):
    assert_portal_error_page(staff_client.get(f"{prefix}/admin/auth/user/"), 403, language)


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_a_form_sent_without_its_csrf_token(prefix, language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/accounts/login/", {"login": "a@example.az", "password": "x"})
    assert_portal_error_page(response, 403, language, heading=CSRF_HEADINGS[language])


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_too_many_password_resets(client, prefix, language):
    for _ in range(3):
        client.post(f"{prefix}/accounts/password/reset/", {"email": "nobody@example.az"})
    response = client.post(f"{prefix}/accounts/password/reset/", {"email": "nobody@example.az"})
    assert_portal_error_page(response, 429, language)


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_a_server_error_while_the_database_is_unavailable(prefix, language):
    # Not marked django_db: every query raises, so the vacancy list fails and the
    # 500 page must do without the database (no session, no user, no messages).
    client = Client(raise_request_exception=False)
    assert_portal_error_page(client.get(f"{prefix}/vacancies/"), 500, language)
