from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forecasts.review import grant_reviewer, revoke_reviewer


class Command(BaseCommand):
    help = (
        "Give DMX staff reviewer access (staff status and the 'DMX reviewer' group) "
        "or take it away."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove"])
        parser.add_argument("emails", nargs="+", metavar="EMAIL")

    def handle(self, *args, action, emails, **options):
        for email in emails:
            if action == "remove":
                done = revoke_reviewer(email)
                self.stdout.write(f"{email}: {'removed' if done else 'was not a reviewer'}")
                continue
            try:
                user, created = grant_reviewer(email)
            except ValidationError as exc:
                raise CommandError(f"{email}: {' '.join(exc.messages)}") from exc
            note = ' (new account: the reviewer sets a password with "Parolu unutmusunuz?" on /accounts/login/)'
            self.stdout.write(
                self.style.SUCCESS(f"{user.email}: reviewer{note if created else ''}")
            )
