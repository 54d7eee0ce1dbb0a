"""The public JSON APIs answer each client a limited number of times: then 429 and Retry-After.

Counted per client address in the shared cache (quota_portal/throttling.py), cached answers
included; nginx limits the same paths again (deploy/nginx-kvota.conf).
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from quota_portal.settings import env_rate

pytestmark = pytest.mark.django_db

APIS = [
    "/api/classification/search?q=a%C5%9Fpaz",
    "/api/classification/suggest?title=a%C5%9Fpaz",
    "/api/vacancies/",
]
ONE, OTHER = {"REMOTE_ADDR": "203.0.113.7"}, {"REMOTE_ADDR": "198.51.100.20"}


@pytest.fixture(autouse=True)
def three_a_minute(settings):
    settings.API_RATE_LIMIT = (3, 60)


@pytest.mark.parametrize("url", APIS)
def test_a_client_past_the_limit_is_told_when_to_come_back(client, url):
    now = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(now, tick=False):
        for _ in range(3):
            assert client.get(url, **ONE).status_code == 200
        response = client.get(url, **ONE)
        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        assert response.json()["error"]
        # Another client is answered as before.
        assert client.get(url, **OTHER).status_code == 200
    with time_machine.travel(now + datetime.timedelta(seconds=61), tick=False):
        assert client.get(url, **ONE).status_code == 200


def test_another_workers_requests_count_within_a_second(client, settings):
    """A worker adds its count to the shared one in batches: another's show within 1 s."""
    settings.API_RATE_LIMIT = (30, 60)
    now = timezone.now().replace(second=0, microsecond=0)
    url = APIS[2]
    with time_machine.travel(now, tick=False):
        assert client.get(url, **ONE).status_code == 200
        # Another worker or instance adds 40 requests of the same client to the shared count.
        window = int(now.timestamp() // 60)
        cache.incr(f"ratelimit:api:{ONE['REMOTE_ADDR']}:{window}", 40)
    with time_machine.travel(now + datetime.timedelta(seconds=2), tick=False):
        assert client.get(url, **ONE).status_code == 429


def test_the_refusal_speaks_the_language_asked_for(client):
    for _ in range(3):
        client.get("/api/vacancies/?lang=ru", **ONE)
    response = client.get("/api/vacancies/?lang=ru", **ONE)
    assert response.status_code == 429
    assert "запрос" in response.json()["error"]


def test_behind_the_proxy_each_visitor_has_their_own_count(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    nginx = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(3):
        client.get(APIS[0], HTTP_X_FORWARDED_FOR="203.0.113.7", **nginx)
    assert client.get(APIS[0], HTTP_X_FORWARDED_FOR="203.0.113.7", **nginx).status_code == 429
    assert client.get(APIS[0], HTTP_X_FORWARDED_FOR="198.51.100.20", **nginx).status_code == 200


def test_the_limit_can_be_left_to_nginx(client, settings):
    settings.API_RATE_LIMIT = None  # DJANGO_API_RATE_LIMIT=off
    for _ in range(5):
        assert client.get(APIS[2], **ONE).status_code == 200


@pytest.mark.parametrize(
    ("raw", "rate"),
    [
        ("120/m", (120, 60)),
        ("10/s", (10, 1)),
        ("1000/h", (1000, 3600)),
        ("30/5m", (30, 300)),
        ("off", None),
    ],
)
def test_the_setting_reads_a_rate(monkeypatch, raw, rate):
    monkeypatch.setenv("DJANGO_API_RATE_LIMIT", raw)
    assert env_rate("DJANGO_API_RATE_LIMIT", "120/m") == rate


@pytest.mark.parametrize("raw", ["120", "0/m", "ten/m", "120/d"])
def test_the_setting_refuses_an_unclear_rate(monkeypatch, raw):
    monkeypatch.setenv("DJANGO_API_RATE_LIMIT", raw)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_API_RATE_LIMIT"):
        env_rate("DJANGO_API_RATE_LIMIT", "120/m")
