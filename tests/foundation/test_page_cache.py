"""Public pages come from the cache for anonymous visitors, and never carry anything of one."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from classification.models import Occupation, UnmatchedSearch
from classification.services import bump_version
from quota_portal.pagecache import HIT_HEADER, STATE_KEY
from tests.classification.factories import make_classification
from tests.vacancies.factories import make_announcement, make_vacancy
from vacancies.models import Announcement, Vacancy

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/about/data/",
    "/vacancies/",
    "/vacancies/archive/",
    "/vacancies/feed/",
    "/classification/",
    "/classification/?q=qaynaq",
    "/classification/browse/",
    "/classification/7212/",
    "/sitemap.xml",
]


@pytest.fixture
def world(db):
    make_classification()
    vacancy = make_vacancy(title="sərhəd inspektoru")
    return vacancy


def _twice(client: Client, url: str):
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200, url
    return first, second


@pytest.mark.parametrize("prefix", ["", "/en", "/ru"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_cached_public_page_carries_no_session_cookie_or_csrf_token(world, prefix, path):
    url = path if path == "/sitemap.xml" else f"{prefix}{path}"
    first, second = _twice(Client(), url)
    assert first[HIT_HEADER] == "miss"
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content
    for response in (first, second):
        html = response.content.decode()
        assert not response.cookies  # no Set-Cookie: no session, no CSRF cookie
        assert "csrfmiddlewaretoken" not in html
        assert "csrftoken" not in html
        assert "sessionid" not in html


def test_a_cache_hit_runs_no_sql_and_keeps_the_security_headers(world, django_assert_num_queries):
    client = Client()
    client.get("/vacancies/")
    with django_assert_num_queries(0):
        response = client.get("/vacancies/")
    assert response[HIT_HEADER] == "hit"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Language"] == "az"


def test_each_language_gets_its_own_cached_page(world):
    client = Client()
    pages = {}
    for prefix, lang in (("", "az"), ("/en", "en"), ("/ru", "ru")):
        client.get(f"{prefix}/vacancies/")
        response = client.get(f"{prefix}/vacancies/")
        assert response[HIT_HEADER] == "hit"
        pages[lang] = response.content.decode()
    assert '<html lang="az">' in pages["az"]
    assert '<html lang="en">' in pages["en"]
    assert '<html lang="ru">' in pages["ru"]
    assert len({*pages.values()}) == 3


def test_a_logged_in_visitor_never_gets_the_cached_page_nor_leaves_theirs(world):
    anonymous = Client()
    anonymous.get("/vacancies/")
    user = get_user_model().objects.create_user("leyla@example.az", "leyla@example.az", "pw")
    member = Client()
    member.force_login(user)
    mine = member.get("/vacancies/")
    assert HIT_HEADER not in mine
    assert "leyla@example.az" in mine.content.decode()  # the logged-in header
    assert "csrfmiddlewaretoken" in mine.content.decode()  # the logout form
    again = anonymous.get("/vacancies/")
    assert again[HIT_HEADER] == "hit"
    assert "leyla@example.az" not in again.content.decode()


def test_an_anonymous_visitor_with_a_csrf_cookie_still_gets_the_shared_page(world):
    client = Client()
    client.get("/accounts/login/")  # sets the CSRF cookie
    assert "csrftoken" in client.cookies
    client.get("/vacancies/")
    assert client.get("/vacancies/")[HIT_HEADER] == "hit"


def test_a_visitor_with_a_pending_message_gets_a_page_of_their_own(world):
    client = Client()
    client.get("/vacancies/")
    client.cookies["messages"] = "pending"
    assert HIT_HEADER not in client.get("/vacancies/")


def test_the_login_page_and_the_employer_pages_are_never_cached(world):
    client = Client()
    for _ in range(2):
        login = client.get("/accounts/login/")
        assert HIT_HEADER not in login
        assert "csrfmiddlewaretoken" in login.content.decode()
    assert HIT_HEADER not in client.get("/forecasts/", follow=True)


def test_a_saved_vacancy_changes_its_cached_list_and_detail(world):
    client = Client()
    detail = f"/vacancies/{world.pk}/"
    _twice(client, "/vacancies/")
    _twice(client, detail)
    world.title = "baş müfəttiş"
    world.refresh_search_text()
    world.save()
    for url in ("/vacancies/", detail):
        response = client.get(url)
        assert response[HIT_HEADER] == "miss"
        assert "Baş müfəttiş" in response.content.decode()


def test_unpublishing_in_bulk_changes_the_cached_pages(world):
    client = Client()
    _twice(client, "/vacancies/")
    _twice(client, "/en/vacancies/feed/")
    Announcement.objects.filter(pk=world.announcement_id).unpublish()
    assert "Sərhəd inspektoru" not in client.get("/vacancies/").content.decode()
    assert "Sərhəd inspektoru" not in client.get("/en/vacancies/feed/").content.decode()
    Vacancy.objects.filter(pk=world.pk).unpublish()
    Announcement.objects.filter(pk=world.announcement_id).publish()
    assert "Sərhəd inspektoru" not in client.get("/vacancies/").content.decode()


def test_a_new_vacancy_appears_on_the_cached_list(world):
    client = Client()
    _twice(client, "/vacancies/")
    make_vacancy(title="tərcüməçi")
    assert "Tərcüməçi" in client.get("/vacancies/").content.decode()


def test_the_classification_imported_or_edited_changes_its_cached_pages(world):
    client = Client()
    _twice(client, "/classification/7212/")
    _twice(client, "/classification/?q=qaynaq")
    Occupation.objects.filter(code="7212").update(title_az="Qaynaqçılar (rəsmi ad)")
    bump_version()  # what every import and every edit in the admin does
    assert "Qaynaqçılar (rəsmi ad)" in client.get("/classification/7212/").content.decode()
    assert "Qaynaqçılar (rəsmi ad)" in client.get("/classification/?q=qaynaq").content.decode()


def test_a_vacancy_closing_soon_changes_the_cached_list_by_itself(db):
    now = timezone.now()
    deadline = now + datetime.timedelta(days=7, minutes=2)
    make_vacancy(make_announcement(deadline=deadline), title="inspektor")
    client = Client()
    with time_machine.travel(now, tick=False):
        _twice(client, "/vacancies/")
        assert "Müddət bitmək üzrədir" not in client.get("/vacancies/").content.decode()
    # Three minutes later: well inside the cache's lifetime, yet the page is new.
    with time_machine.travel(now + datetime.timedelta(minutes=3), tick=False):
        response = client.get("/vacancies/")
        assert response[HIT_HEADER] == "miss"
        assert "Müddət bitmək üzrədir" in response.content.decode()
    with time_machine.travel(deadline + datetime.timedelta(seconds=1), tick=False):
        assert "vacancy-card" not in client.get("/vacancies/").content.decode()
        assert "Hazırda açıq vakansiya yoxdur." in client.get("/vacancies/").content.decode()


def test_another_instances_change_reaches_this_worker_within_its_local_seconds(world, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 2
    client = Client()
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        _twice(client, "/vacancies/")
        # Another instance saves the vacancy: the row changes and the shared state is
        # dropped (public_pages_changed there), this worker's own copy is not.
        with connection.cursor() as cursor:
            table = Vacancy._meta.db_table
            cursor.execute(
                f"UPDATE {table} SET title = %s WHERE id = %s", ["baş müfəttiş", world.pk]
            )
        cache.delete(STATE_KEY)
        assert client.get("/vacancies/")[HIT_HEADER] == "hit"
    with time_machine.travel(now + datetime.timedelta(seconds=3), tick=False):
        response = client.get("/vacancies/")
        assert response[HIT_HEADER] == "miss"
        assert "Baş müfəttiş" in response.content.decode()


def test_a_search_that_found_nothing_is_never_cached_so_each_is_counted(world):
    client = Client()
    for _ in range(3):
        response = client.get("/classification/", {"q": "zzqqxx"})
        assert HIT_HEADER not in response
    assert UnmatchedSearch.objects.get(query="zzqqxx").count == 3


def test_the_page_cache_can_be_turned_off(world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    client.get("/vacancies/")
    assert HIT_HEADER not in client.get("/vacancies/")


def test_the_cached_cards_and_vacancy_text_change_with_their_data_for_logged_in_visitors(world):
    user = get_user_model().objects.create_user("leyla@example.az", "leyla@example.az", "pw")
    member = Client()
    member.force_login(user)  # never served a cached page: only the fragments are cached
    detail = f"/vacancies/{world.pk}/"
    assert "Sərhəd inspektoru" in member.get("/vacancies/").content.decode()
    assert "Sərhəd inspektoru" in member.get(detail).content.decode()
    world.office.name = "Gəncə regional miqrasiya idarəsi"
    world.office.save()
    assert "Gəncə regional miqrasiya idarəsi" in member.get("/vacancies/").content.decode()
    assert "Gəncə regional miqrasiya idarəsi" in member.get(detail).content.decode()
