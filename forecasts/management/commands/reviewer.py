from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forecasts.review import grant_reviewer, queue_reviewer_welcome, revoke_reviewer
from quota_portal.admin_site import needs_second_factor_setup


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
            steps = [
                "sign in at /accounts/login/ (a new account first sets its password there "
                'with "Parolu unutmusunuz?")'
                if created
                else "sign in at /accounts/login/",
                "connect an authenticator app (QR code) when the portal asks, and keep the "
                "recovery codes it shows",
                "from then on every sign-in asks for the app's 6-digit code after the password",
            ]
            if not needs_second_factor_setup(user):
                steps = [steps[0], steps[2]]  # the app is already connected
            queue_reviewer_welcome(user, created=created)
            self.stdout.write(self.style.SUCCESS(f"{user.email}: reviewer"))
            self.stdout.write(
                "E-mailed to the reviewer (once per account; the worker sends it): "
                + "; ".join(f"{number}) {step}" for number, step in enumerate(steps, 1))
                + "."
            )
