"""The "az" collation for ORDER BY in the Azerbaijani alphabet (classification/database.py).

PostgreSQL gets an ICU collation; SQLite registers the same order on every connection,
so there is nothing to create there.
"""

import django.db.models.functions.comparison
from django.db import migrations

# As in classification/database.py (a migration keeps its own copy).
AZ_COLLATION = "az"
AZ_ICU_LOCALE = "az-u-ka-shifted"


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    name = schema_editor.quote_name(AZ_COLLATION)
    schema_editor.execute(
        f"CREATE COLLATION IF NOT EXISTS {name} (provider = icu, locale = '{AZ_ICU_LOCALE}')"
    )


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP COLLATION IF EXISTS {schema_editor.quote_name(AZ_COLLATION)}")


class Migration(migrations.Migration):
    dependencies = [("classification", "0004_occupation_definitions_turkish_labels")]

    operations = [
        migrations.RunPython(create_collation, drop_collation, elidable=False),
        migrations.AlterModelOptions(
            name="place",
            options={
                "ordering": [
                    "region__number",
                    django.db.models.functions.comparison.Collate("name", "az"),
                ],
                "verbose_name": "şəhər / rayon",
                "verbose_name_plural": "şəhərlər / rayonlar",
            },
        ),
    ]
