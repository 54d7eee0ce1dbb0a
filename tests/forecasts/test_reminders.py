"""Reminders 14 and 3 days before a deadline: drafts before the campaign's, returned
forecasts before their correction deadline; each sent once, whatever the runs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from forecasts.models import Campaign, Reminder, Status
from forecasts.review import review_forecast
from forecasts.services import send_reminders, submit_forecast
from tests.tasks import run_tasks

from . import factories

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2027, 8, 1)


@pytest.fixture
def campaign(db):
    """The 2028 campaign, closing on 1 August 2027 (replaces the relative one)."""
    return Campaign.objects.create(year=2028, opens_on=datetime.date(2026, 8, 2), deadline=DEADLINE)


def _day(days_before: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days_before)


def _sent() -> list[tuple]:
    run_tasks()
    return [(m.to[0], m.subject) for m in mail.outbox]


def test_a_draft_is_reminded_14_and_3_days_before_the_deadline_once_each(draft):
    assert send_reminders(today=_day(15)) == 0
    assert send_reminders(today=_day(14)) == 1
    assert send_reminders(today=_day(14)) == 0  # the same day again: nothing new
    assert send_reminders(today=_day(13)) == 0  # still the 14-day window
    assert send_reminders(today=_day(3)) == 1
    assert send_reminders(today=_day(1)) == 0
    assert send_reminders(today=_day(-1)) == 0  # after the deadline: nothing
    sent = _sent()
    assert [to for to, _subject in sent] == [draft.employer.email] * 2
    assert all("1 avqust 2027" in subject.lower() for _to, subject in sent)
    assert "3 gün qalıb" in mail.outbox[1].body and draft.reference in mail.outbox[1].body
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {14, 3}


def test_a_missed_day_is_made_up_with_one_email_not_two(draft):
    assert send_reminders(today=_day(2)) == 1  # neither reminder went out before
    assert Reminder.objects.get().days_before == 3
    assert send_reminders(today=_day(2)) == 0


def test_submitted_and_accepted_forecasts_get_no_deadline_reminder(draft, owner, other):
    submit_forecast(forecast=draft, by=owner.user)
    factories.make_forecast(other, 2028)  # an empty draft is still a draft: reminded
    assert send_reminders(today=_day(14)) == 1
    assert Reminder.objects.get().forecast.employer == other


def test_a_returned_forecast_is_reminded_before_its_correction_deadline(draft, owner, superuser):
    submit_forecast(forecast=draft, by=owner.user)
    due = datetime.date(2027, 9, 15)  # after the campaign's deadline: returning is DMX's call
    review_forecast(
        forecast=draft, action="return", by=superuser, comment="Sayı yoxlayın.", due=due
    )
    mail.outbox.clear()

    assert send_reminders(today=due - datetime.timedelta(days=14)) == 1
    assert send_reminders(today=due - datetime.timedelta(days=3)) == 1
    assert send_reminders(today=due - datetime.timedelta(days=3)) == 0
    run_tasks()
    reminders = [m for m in mail.outbox if "düzəldin" in m.subject]
    assert len(reminders) == 2
    assert "15 sentyabr 2027" in reminders[0].subject.lower()
    assert "Sayı yoxlayın." in reminders[0].body

    draft.refresh_from_db()
    submit_forecast(forecast=draft, by=owner.user)  # corrected in time
    assert draft.status == Status.SUBMITTED
    assert send_reminders(today=due) == 0


def test_the_reminder_speaks_the_employers_language(draft, owner):
    owner.language = "ru"
    owner.save()
    send_reminders(today=_day(14))
    run_tasks()
    assert "1 августа 2027" in mail.outbox[0].subject


def test_the_command_is_idempotent_and_has_a_dry_run(draft):
    out = StringIO()
    call_command("send_reminders", "--dry-run", f"--date={_day(14)}", stdout=out)
    assert "would be queued: 1" in out.getvalue() and not Reminder.objects.exists()
    call_command("send_reminders", f"--date={_day(14)}", stdout=out)
    call_command("send_reminders", f"--date={_day(14)}", stdout=out)
    assert out.getvalue().count("queued: 1") == 2 and "queued: 0" in out.getvalue()
    assert Reminder.objects.count() == 1
