"""The language is in the URL: Azerbaijani at /, English under /en/, Russian under /ru/."""

import re
from xml.etree import ElementTree

import pytest
from django.conf import settings

from tests.vacancies.factories import make_vacancy

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')
SWITCHER = re.compile(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"')


@pytest.mark.parametrize(
    ("path", "lang", "text"),
    [
        ("/about/data/", "az", "Məlumatlar haqqında"),
        ("/en/about/data/", "en", "About the data"),
        ("/ru/about/data/", "ru", "О данных"),
    ],
)
def test_each_language_has_its_own_address(client, path, lang, text):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert text in html
    assert response["Content-Language"] == lang


def test_a_browser_set_to_english_still_gets_azerbaijani_at_the_plain_address(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,ru;q=0.8").content.decode()
    assert '<html lang="az">' in html


def test_the_switcher_links_to_the_same_page_with_its_query_in_every_language(client):
    html = client.get("/en/vacancies/", {"city": "Bakı"}).content.decode()
    links = dict((lang, url) for url, lang in SWITCHER.findall(html))
    assert links == {
        "az": "/vacancies/?city=Bak%C4%B1",
        "en": "/en/vacancies/?city=Bak%C4%B1",
        "ru": "/ru/vacancies/?city=Bak%C4%B1",
    }
    current = re.findall(r'hreflang="(\w+)" lang="\w+"\s+class="[^"]*" aria-current="true"', html)
    assert current == ["en"]


def test_the_switcher_is_plain_links_without_a_form_or_csrf_token(client):
    html = client.get("/vacancies/").content.decode()
    assert "set_language" not in html and "/i18n/setlang/" not in html
    assert "csrfmiddlewaretoken" not in html


def test_public_pages_name_their_other_languages_with_hreflang(client):
    vacancy = make_vacancy()
    html = client.get(f"/ru/vacancies/{vacancy.pk}/").content.decode()
    assert ALTERNATE.findall(html) == [
        ("az", f"http://testserver/vacancies/{vacancy.pk}/"),
        ("x-default", f"http://testserver/vacancies/{vacancy.pk}/"),
        ("en", f"http://testserver/en/vacancies/{vacancy.pk}/"),
        ("ru", f"http://testserver/ru/vacancies/{vacancy.pk}/"),
    ]


def test_links_inside_a_page_stay_in_its_language(client):
    html = client.get("/ru/").content.decode()
    assert 'href="/ru/vacancies/"' in html
    assert 'href="/ru/classification/"' in html
    assert 'href="/vacancies/"' not in html.replace('hreflang="az"', "")


def test_the_json_api_has_one_address_and_takes_the_language_from_lang(client):
    make_vacancy()
    ru = client.get("/api/vacancies/", {"lang": "ru"}).json()
    az = client.get("/api/vacancies/").json()
    assert ru["results"][0]["requirements"][0]["label"] == "Образование"
    assert az["results"][0]["requirements"][0]["label"] == "Təhsil"
    assert client.get("/en/api/vacancies/").status_code == 404


def test_the_json_api_still_honours_accept_language_for_outside_callers(client):
    make_vacancy()
    response = client.get("/api/vacancies/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["results"][0]["requirements"][0]["label"] == "Education"
    assert "Accept-Language" in response["Vary"]


def test_an_old_visitor_with_the_language_cookie_is_sent_once_to_their_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = client.get("/vacancies/", {"q": "inspektor"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/vacancies/?q=inspektor"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    # From now on the URL decides: the switcher's Azerbaijani link leads to Azerbaijani.
    html = client.get("/vacancies/").content.decode()
    assert '<html lang="az">' in html


def test_an_old_azerbaijani_cookie_or_a_post_is_never_redirected(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "az"
    assert client.get("/vacancies/").status_code == 200
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 200


def test_a_post_of_the_old_switcher_form_goes_to_the_page_in_that_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/about/data/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/about/data/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    back = client.post("/i18n/setlang/", {"language": "az", "next": "/en/about/data/"})
    assert back["Location"] == "/about/data/"


def test_the_old_switcher_never_redirects_off_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/en/"


def test_the_sitemap_lists_every_public_page_in_all_three_languages(client):
    vacancy = make_vacancy()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
    locations = {url.findtext("s:loc", namespaces=ns) for url in root.findall("s:url", ns)}
    for prefix in ("", "/en", "/ru"):
        assert f"http://testserver{prefix}/" in locations
        assert f"http://testserver{prefix}/vacancies/{vacancy.pk}/" in locations
        assert f"http://testserver{prefix}/classification/browse/" in locations
    first = root.find("s:url", ns)
    hreflangs = {link.get("hreflang") for link in first.findall("x:link", ns)}
    assert hreflangs == {"az", "en", "ru", "x-default"}


def test_logging_in_from_a_russian_page_lands_on_the_russian_dashboard(client, django_user_model):
    django_user_model.objects.create_user("e@example.az", "e@example.az", "pw-123456789")
    response = client.post(
        "/ru/accounts/login/", {"login": "e@example.az", "password": "pw-123456789"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ru/forecasts/"
