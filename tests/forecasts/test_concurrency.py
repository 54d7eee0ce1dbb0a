"""Two tabs, double clicks, simultaneous submits: real threads on a server database.

SQLite serialises every write and ignores SELECT ... FOR UPDATE, so these tests need
PostgreSQL (CI runs the suite there too); on SQLite they are skipped with the reason.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from forecasts import services
from forecasts.models import Forecast, StaleForecastError, Status, Submission

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent writers need PostgreSQL (set DATABASE_URL)",
    ),
]

ATTEMPTS = 6


def _race(work, count: int = ATTEMPTS) -> list:
    """Run ``work(i)`` in ``count`` threads released together; return results/exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the outcome is what we assert on
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_simultaneous_submits_create_exactly_one_submission(draft, owner):
    version = draft.version

    def submit(_index):
        forecast = Forecast.objects.get(pk=draft.pk)
        return forecast.submit(by=owner.user, expected_version=version)

    results = _race(submit)

    winners = [r for r in results if isinstance(r, Submission)]
    losers = [r for r in results if isinstance(r, ValidationError | StaleForecastError)]
    assert len(winners) == 1
    assert len(losers) == ATTEMPTS - 1
    assert Submission.objects.filter(forecast=draft).count() == 1
    assert Forecast.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_double_clicked_submit_button_submits_once(draft, owner):
    version = draft.version

    def click(_index):
        client = Client()
        client.force_login(owner.user)
        return client.post(
            reverse("forecasts:forecast-check", args=[draft.pk]), {"version": version}
        ).status_code

    statuses = _race(click, count=2)

    assert all(status in (200, 302) for status in statuses), statuses
    assert Submission.objects.filter(forecast=draft).count() == 1


def test_two_tabs_saving_the_same_draft_do_not_overwrite_each_other(draft, occupations, places):
    version = draft.version

    def save(index):
        forecast = Forecast.objects.get(pk=draft.pk)
        return services.save_line(
            forecast=forecast,
            data={"occupation": occupations["7112"], "workers": index + 1, "place": places["Bakı"]},
            expected_version=version,
        )

    results = _race(save)

    saved = [r for r in results if not isinstance(r, Exception)]
    stale = [r for r in results if isinstance(r, StaleForecastError)]
    assert len(saved) == 1
    assert len(stale) == ATTEMPTS - 1
    assert draft.lines.filter(occupation_id="7112").count() == 1
    assert Forecast.objects.get(pk=draft.pk).version == version + 1
