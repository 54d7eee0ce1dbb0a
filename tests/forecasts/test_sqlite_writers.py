"""Two saves at once on SQLite: the second waits, then hears "changed elsewhere", never a 500.

SQLite has one writer at a time. The test database of the suite lives in memory, so this
runs the portal in a child process on a SQLite file, as ``make run`` does, whatever
database the suite itself uses: two threads post the same draft from the same version,
and the first holds its transaction open a moment so that the two overlap.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, os, sys, threading, time
sys.path.insert(0, os.environ["PORTAL_ROOT"])
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
call_command("migrate", verbosity=0)

from forecasts.models import Forecast
from forecasts.views import STALE_MESSAGE
from tests.forecasts import factories

owner = factories.make_employer("owner@example.az")
factories.make_campaign(2028)
draft = factories.make_forecast(owner, 2028)
connections.close_all()

# Hold the first transaction open after its version check, so the second overlaps it.
lock_for_edit = Forecast.lock_for_edit

def slow_lock(self, expected_version):
    result = lock_for_edit(self, expected_version)
    time.sleep(0.5)
    return result

Forecast.lock_for_edit = slow_lock
barrier = threading.Barrier(2)
outcomes = [None, None]

def save(index):
    client = Client()
    client.force_login(owner.user)
    barrier.wait()
    try:
        response = client.post(
            f"/forecasts/{draft.pk}/",
            {"justification": f"Tab {index}", "version": draft.version},
            follow=True,
        )
        html = response.content.decode()
        outcomes[index] = "stale" if str(STALE_MESSAGE) in html else str(response.status_code)
    except Exception as error:
        outcomes[index] = f"{type(error).__name__}: {error}"
    finally:
        connections.close_all()

threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(60)
forecast = Forecast.objects.get(pk=draft.pk)
print(json.dumps({"outcomes": outcomes, "version": forecast.version - draft.version,
                  "justification": forecast.justification}))
"""


def test_two_saves_at_once_on_sqlite_give_one_save_and_one_changed_elsewhere(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        DJANGO_SETTINGS_MODULE="quota_portal.settings",
        PORTAL_ROOT=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert sorted(report["outcomes"]) == ["200", "stale"], report
    assert report["version"] == 1
    assert report["justification"] in ("Tab 0", "Tab 1")
