"""Take over the economic regions and places from ``forecasts`` (state only).

The tables keep their rows: this migration only tells Django that the models now
belong here; ``0003_territorial_unit_tables`` then renames the tables.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0001_initial"),
        ("forecasts", "0003_dmx_reviewer_group"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EconomicRegion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("number", models.PositiveSmallIntegerField(unique=True, verbose_name="nömrə")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="ad")),
                    ],
                    options={
                        "verbose_name": "iqtisadi rayon",
                        "verbose_name_plural": "iqtisadi rayonlar",
                        "ordering": ["number"],
                        "db_table": "forecasts_economicregion",
                    },
                ),
                migrations.CreateModel(
                    name="Place",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="şəhər / rayon")),
                        (
                            "is_liberated",
                            models.BooleanField(
                                default=False,
                                help_text="Bu ərazilərdəki əcnəbi işçilər 2023–2027-ci illərdə kvotaya daxil deyil.",
                                verbose_name="işğaldan azad edilmiş ərazi",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="places",
                                to="classification.economicregion",
                                verbose_name="iqtisadi rayon",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "şəhər / rayon",
                        "verbose_name_plural": "şəhərlər / rayonlar",
                        "ordering": ["region__number", "name"],
                        "db_table": "forecasts_place",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("region", "name"), name="place_unique_in_region"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
