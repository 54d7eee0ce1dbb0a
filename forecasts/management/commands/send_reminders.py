"""Daily: e-mail employers whose draft or returned forecast nears its deadline.

Run once a day from cron or a systemd timer (deploy/kvota-reminders.timer); running it
again the same day sends nothing new.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from forecasts.services import send_reminders


class Command(BaseCommand):
    help = "Queue the reminder e-mails due today (14 and 3 days before each deadline)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, queue nothing.")
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run: bool, date: str | None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        count = send_reminders(today=today, dry_run=dry_run)
        verb = "would be queued" if dry_run else "queued"
        self.stdout.write(self.style.SUCCESS(f"Reminders {verb}: {count}."))
