"""Drop the JSON snapshots 0008 copied into rows; every status but draft refers to a record."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forecasts", "0008_freeze_submissions"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="submission",
            name="employer_snapshot",
        ),
        migrations.RemoveField(
            model_name="submission",
            name="legacy_lines",
        ),
        migrations.RemoveField(
            model_name="submission",
            name="outcome",
        ),
        migrations.RemoveField(
            model_name="submission",
            name="reviewer_comment",
        ),
        migrations.AddConstraint(
            model_name="forecast",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("current_submission__isnull", True), ("status", "draft")),
                    models.Q(
                        models.Q(("status", "draft"), _negated=True),
                        ("current_submission__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="forecast_record_unless_draft",
            ),
        ),
    ]
