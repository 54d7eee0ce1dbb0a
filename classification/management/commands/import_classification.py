"""Load the classification: the bundled data, or DMX's official CSV/XLSX export."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from classification.services import import_classification


class Command(BaseCommand):
    help = (
        "Import the occupational classification. Without a path, load the bundled data "
        "(ISCO-08, working translations, official titles, key table, job titles); with "
        "paths, import official CSV or XLSX files (classification or key table)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="CSV or XLSX files")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then roll back"
        )

    def handle(self, *args, paths, dry_run, **options):
        report = import_classification(paths or None, dry_run=dry_run)
        for name, layout in report.files:
            self.stdout.write(f"{name}: {layout}")
        if report.rejected:
            for row in report.rejected:
                self.stderr.write(self.style.ERROR(str(row)))
            raise CommandError(f"{len(report.rejected)} row(s) rejected; nothing was changed.")
        for table, counts in report.tables():
            line = (
                f"{table}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged, {counts.deactivated} deactivated"
            )
            if counts.deleted:
                line += f", {counts.deleted} deleted"
            self.stdout.write(self.style.SUCCESS(line))
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        elif report.changed:
            self.stdout.write(self.style.SUCCESS(f"Classification version {report.version}."))
        else:
            self.stdout.write(self.style.SUCCESS("No changes."))
