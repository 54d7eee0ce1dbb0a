"""DMX reviewers see the e-mails their decisions send and retry those that failed."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "DMX reviewer"
PERMISSIONS = ["view_email", "retry_email"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("outbox")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="outbox", codename__in=PERMISSIONS)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="outbox", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        # The group is made by the forecasts app with the rest of a reviewer's rights.
        ("forecasts", "0003_dmx_reviewer_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
