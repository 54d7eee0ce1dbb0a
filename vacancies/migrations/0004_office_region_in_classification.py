"""Offices point at the economic regions now kept in ``classification`` (same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0002_territorial_units"),
        ("vacancies", "0003_details"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="office",
                    name="region",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="classification.economicregion",
                        verbose_name="iqtisadi rayon",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
