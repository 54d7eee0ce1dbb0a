from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from forecasts.services_demo import seed_demo_accounts


class Command(BaseCommand):
    help = "Create the demo accounts for a local portal (refused when DJANGO_DEBUG=0)."

    def handle(self, *args, **options):
        try:
            accounts = seed_demo_accounts()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo accounts (local use only):"))
        for account in accounts:
            self.stdout.write(f"  {account.role:<10} {account.username} / {account.password}")
        self.stdout.write(
            "Staff accounts connect an authenticator app (TOTP) at their first login; "
            "every later login asks for its code."
        )
