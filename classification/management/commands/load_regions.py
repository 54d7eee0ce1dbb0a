from django.core.management.base import BaseCommand

from classification.services import REGIONS_CSV, load_regions


class Command(BaseCommand):
    help = "Load the economic regions and their cities and districts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(REGIONS_CSV))

    def handle(self, *args, path, **options):
        counts = load_regions(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions and places: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged."
            )
        )
