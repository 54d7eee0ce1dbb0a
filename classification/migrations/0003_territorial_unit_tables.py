"""Rename the territorial units' tables to their new app (rows and references kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0002_territorial_units"),
        ("forecasts", "0004_territorial_units_in_classification"),
        ("vacancies", "0004_office_region_in_classification"),
    ]

    operations = [
        migrations.AlterModelTable(name="economicregion", table=None),
        migrations.AlterModelTable(name="place", table=None),
    ]
