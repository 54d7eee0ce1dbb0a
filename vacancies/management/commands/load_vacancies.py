from django.core.management.base import BaseCommand

from vacancies.services import ANNOUNCEMENT_JSON, load_announcement


class Command(BaseCommand):
    help = "Load the DMX inspector vacancy announcement (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(ANNOUNCEMENT_JSON), help="announcement JSON")

    def handle(self, *args, path, **options):
        counts = load_announcement(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Vacancies: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged."
            )
        )
