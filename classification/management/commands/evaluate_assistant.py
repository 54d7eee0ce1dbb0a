"""Print how well the search and the coding assistant code the evaluation sets."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from classification.evaluation import (
    ENGLISH_CASES,
    SEARCH_CASES,
    evaluate_assistant,
    load_assistant_cases,
)
from classification.models import Occupation


class Command(BaseCommand):
    help = (
        "Run the evaluation sets through the search and the coding assistant: top-1, "
        "top-3 and top-5 per kind of query, the calibration table (score band → share "
        "right) and the generic titles flagged ambiguous."
    )

    def add_arguments(self, parser):
        parser.add_argument("--search-cases", type=Path, default=SEARCH_CASES)
        parser.add_argument("--english-cases", type=Path, default=ENGLISH_CASES)
        parser.add_argument("--misses", action="store_true", help="list the assistant's misses")

    def handle(self, *args, search_cases, english_cases, misses, **options):
        if not Occupation.objects.units().exists():
            raise CommandError("No classification: run manage.py import_classification first.")
        try:
            cases = load_assistant_cases(search_cases, english_cases)
        except (OSError, KeyError) as exc:
            raise CommandError(f"Cannot read the cases: {exc}") from exc
        result = evaluate_assistant(cases)
        self.stdout.write(result.table(misses=misses))
        self.stdout.write(self.style.SUCCESS(f"{len(result.cases)} cases evaluated."))
