"""One line per profession and place, and the wage limit, in the database.

Until now the line form saved a repeated profession and place in a draft (only the
submission refused it), so a draft may hold repeats. Before the constraint is added,
every repeat after the first (by position) keeps its profession, count and the rest
but loses its place: nothing is deleted, and the employer is asked for the place again
before submitting ("iş yeri göstərilməyib"). Submitted lines never repeat (the
submission always refused it), so no submitted forecast changes.
"""

from decimal import Decimal

from django.db import migrations, models


def clear_repeated_places(apps, schema_editor):
    ForecastLine = apps.get_model("forecasts", "ForecastLine")
    seen = set()
    repeats = []
    lines = (
        ForecastLine.objects.exclude(occupation=None)
        .exclude(place=None)
        .order_by("forecast_id", "position", "pk")
        .values_list("pk", "forecast_id", "occupation_id", "place_id")
    )
    for pk, forecast_id, occupation_id, place_id in lines.iterator():
        key = (forecast_id, occupation_id, place_id)
        if key in seen:
            repeats.append(pk)
        else:
            seen.add(key)
    ForecastLine.objects.filter(pk__in=repeats).update(place=None)
    if schema_editor.connection.vendor == "postgresql":
        # Run the deferred foreign-key checks now: PostgreSQL refuses to alter a table
        # with pending trigger events in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("forecasts", "0010_employers_in_azerbaijani_order_and_capitals"),
    ]

    operations = [
        migrations.RunPython(clear_repeated_places, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="forecastline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("monthly_wage__isnull", True),
                    models.Q(("monthly_wage__gte", 0), ("monthly_wage__lte", Decimal("1000000"))),
                    _connector="OR",
                ),
                name="line_wage_0_1000000",
            ),
        ),
        migrations.AddConstraint(
            model_name="forecastline",
            constraint=models.UniqueConstraint(
                fields=("forecast", "occupation", "place"),
                name="line_unique_profession_place",
                violation_error_message="Bu peşə bu iş yerində proqnozda artıq var.",
            ),
        ),
    ]
