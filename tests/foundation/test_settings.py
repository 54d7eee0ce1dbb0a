"""Production settings refuse unsafe configuration and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from quota_portal.settings import env_bool

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7#kL9$mQ2!vR5@nT8^wY3&zB6*cF1(hJ4)pS0_uE-gI+oA=dK",
    "DJANGO_ALLOWED_HOSTS": "kvota.migration.gov.az",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_missing_secret_key():
    env = dict(PROD_ENV)
    del env["DJANGO_SECRET_KEY"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    env = dict(PROD_ENV)
    del env["DJANGO_ALLOWED_HOSTS"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_deploy_checks():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_proxy_mode_without_ssl_redirect_still_passes_deploy_checks():
    env = {**PROD_ENV, "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_BEHIND_TLS_PROXY": "1"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_defaults_run_on_sqlite_with_debug():
    result = _manage("diffsettings", env={})
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout
    assert "sqlite3" in result.stdout


def test_unclear_boolean_is_rejected(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG", False)


def test_the_cache_is_redis_when_django_cache_url_names_one_and_local_memory_by_default():
    from quota_portal.settings import _caches

    assert _caches("redis://127.0.0.1:6379/0")["default"]["BACKEND"] == (
        "quota_portal.cache.PooledRedisCache"
    )
    assert _caches("")["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert _caches("file:///srv/kvota/cache")["default"]["LOCATION"] == "/srv/kvota/cache"
    with pytest.raises(ImproperlyConfigured):
        _caches("memcached://127.0.0.1")


def test_production_with_redis_keeps_sessions_in_the_shared_cache_and_the_database():
    env = {**PROD_ENV, "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/5"}
    result = _manage("diffsettings", env=env)
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout
    assert "SESSION_ENGINE = 'django.contrib.sessions.backends.cached_db'" in result.stdout
