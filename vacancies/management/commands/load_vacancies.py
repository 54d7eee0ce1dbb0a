from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vacancies.services import ANNOUNCEMENT_JSON, AnnouncementFileError, load_announcement


class Command(BaseCommand):
    help = (
        "Load the DMX vacancy announcement file (idempotent). New rows are created; rows "
        "staff edited are kept unless --update. Dates are set only on creation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=ANNOUNCEMENT_JSON, help="announcement JSON"
        )
        parser.add_argument(
            "--update", action="store_true", help="bring existing rows back to the file's text"
        )
        parser.add_argument("--dry-run", action="store_true", help="report only, change nothing")

    def handle(self, *args, path, update, dry_run, **options):
        try:
            report = load_announcement(path=path, update=update, dry_run=dry_run)
        except AnnouncementFileError as error:
            raise CommandError(str(error)) from error
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}Vacancies: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged."
            )
        )
        if report.missing_occupations:
            self.stdout.write(
                self.style.WARNING(
                    "ISCO codes not in the classification (run import_classification, then "
                    f"load_vacancies --update): {', '.join(report.missing_occupations)}"
                )
            )
