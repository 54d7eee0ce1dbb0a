"""Hand the economic regions and places to ``classification``; drop the line's region copy.

A line's region is its place's region: the copy in ``ForecastLine.region`` could drift
(an admin edit once left a line in Samux counted under Bakı), so the column goes. The
regions and places themselves keep every row: only the models' owner changes here, and
their content types move with them so granted permissions stay granted.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("economicregion", "place")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="classification", model=model).exists():
            ContentType.objects.filter(app_label="forecasts", model=model).update(
                app_label="classification"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="forecasts", model=model).exists():
            ContentType.objects.filter(app_label="classification", model=model).update(
                app_label="forecasts"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0002_territorial_units"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forecasts", "0003_dmx_reviewer_group"),
        ("vacancies", "0004_office_region_in_classification"),
    ]

    operations = [
        migrations.RemoveField(model_name="forecastline", name="region"),
        migrations.RemoveField(model_name="historicalforecastline", name="region"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalforecastline",
                    name="place",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="classification.place",
                        verbose_name="şəhər / rayon",
                    ),
                ),
                migrations.AlterField(
                    model_name="forecastline",
                    name="place",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="classification.place",
                        verbose_name="şəhər / rayon",
                    ),
                ),
                migrations.DeleteModel(name="Place"),
                migrations.DeleteModel(name="EconomicRegion"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
