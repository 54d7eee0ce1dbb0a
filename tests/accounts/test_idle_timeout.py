"""A session left unused is signed out: 30 minutes for DMX staff, 8 hours for employers."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
PROFILE = "/forecasts/profile/"


@pytest.fixture
def clock():
    with time_machine.travel(time.time(), tick=False) as traveller:
        yield traveller


def test_an_employer_stays_signed_in_while_working_and_is_signed_out_after_eight_idle_hours(
    owner_client, clock
):
    assert owner_client.get(PROFILE).status_code == 200
    clock.shift(8 * 60 * MINUTE - MINUTE)
    assert owner_client.get(PROFILE).status_code == 200  # each request starts the count again
    clock.shift(8 * 60 * MINUTE - MINUTE)
    assert owner_client.get(PROFILE).status_code == 200
    clock.shift(8 * 60 * MINUTE + MINUTE)
    response = owner_client.get(PROFILE, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=/forecasts/profile/")
    assert (
        "8 saat ərzində heç bir əməliyyat edilmədiyi üçün hesabınızdan çıxış edildi."
        in response.content.decode()
    )
    assert owner_client.get(PROFILE).status_code == 302


def test_staff_are_signed_out_after_thirty_idle_minutes(reviewer_client, clock):
    assert reviewer_client.get("/admin/").status_code == 200
    clock.shift(29 * MINUTE)
    assert reviewer_client.get("/admin/").status_code == 200
    clock.shift(31 * MINUTE)
    response = reviewer_client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    assert "30 dəqiqə ərzində heç bir əməliyyat edilmədiyi üçün" in response.content.decode()


def test_an_employer_is_not_held_to_the_staff_timeout(owner_client, clock):
    owner_client.get(PROFILE)
    clock.shift(2 * 60 * MINUTE)
    assert owner_client.get(PROFILE).status_code == 200


def test_the_timeouts_come_from_the_settings(owner_client, reviewer_client, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * MINUTE
    settings.SESSION_IDLE_TIMEOUT_STAFF = 5 * MINUTE
    owner_client.get(PROFILE)
    reviewer_client.get("/admin/")
    clock.shift(6 * MINUTE)
    assert reviewer_client.get("/admin/").status_code == 302
    assert owner_client.get(PROFILE).status_code == 200
    clock.shift(11 * MINUTE)
    response = owner_client.get(PROFILE, follow=True)
    assert "10 dəqiqə ərzində heç bir əməliyyat edilmədiyi üçün" in response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("/en", "You were signed out after 8 hours without activity."),
        ("/ru", "Вы вышли из учётной записи: 8 часов без действий."),
    ],
)
def test_the_note_speaks_the_pages_language(owner_client, clock, prefix, message):
    owner_client.get(f"{prefix}{PROFILE}")
    clock.shift(9 * 60 * MINUTE)
    response = owner_client.get(f"{prefix}{PROFILE}", follow=True)
    assert message in response.content.decode()


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    code = (
        "from django.conf import settings; "
        "print(settings.SESSION_IDLE_TIMEOUT_STAFF, settings.SESSION_IDLE_TIMEOUT)"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_environment_sets_both_timeouts_and_refuses_nonsense():
    result = _settings_with(
        {"DJANGO_STAFF_IDLE_MINUTES": "15", "DJANGO_EMPLOYER_IDLE_MINUTES": "240"}
    )
    assert result.stdout.split() == ["0:15:00", "4:00:00"], result.stderr
    result = _settings_with({"DJANGO_STAFF_IDLE_MINUTES": "0"})
    assert result.returncode != 0 and "DJANGO_STAFF_IDLE_MINUTES" in result.stderr
