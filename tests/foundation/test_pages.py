"""The home page, the layout and the language switch."""

import pytest

from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


def test_home_page_speaks_azerbaijani_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="az">' in html
    assert "Peşə təsnifatı" in html
    assert "Proqnoz formaları" in html
    assert "Vakansiyalar" in html
    assert 'href="#main"' in html  # skip link


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Occupational classification"), ("ru", "Классификатор профессий")],
)
def test_language_switch_keeps_the_visitor_on_the_same_page(client, language, expected):
    html = client.get("/about/data/").content.decode()
    assert f'<a href="/{language}/about/data/" hreflang="{language}"' in html
    page = client.get(f"/{language}/about/data/")
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert expected in html


def test_pages_use_no_external_assets(client):
    html = client.get("/").content.decode()
    assert "cdn" not in html.lower()
    assert "https://" not in html.replace("https://www.w3.org", "")


def test_login_page_renders_in_portal_layout(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Parolu unutmusunuz?" in response.content.decode()


def test_password_reset_sends_a_mail(client, owner, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": owner.user.email})
    assert response.status_code == 302
    run_tasks()
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
