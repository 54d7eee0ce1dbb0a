"""The migrations describe the models: a model change without its migration fails here."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_no_model_change_is_missing_its_migration():
    out = StringIO()
    try:
        # Also refuses two leaves in one app ("Conflicting migrations").
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit:
        pytest.fail(f"makemigrations would write migrations:\n{out.getvalue()}")
