"""DMX reviewers read who works on an employer's account (members, invitations, requests)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "DMX reviewer"
PERMISSIONS = [
    "view_membership",
    "view_historicalmembership",
    "view_invitation",
    "view_joinrequest",
]


def _permissions(apps):
    app_config = apps.get_app_config("forecasts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="forecasts", codename__in=PERMISSIONS)


def grant_reading(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


def revoke_reading(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("forecasts", "0013_drop_employer_user")]

    operations = [migrations.RunPython(grant_reading, revoke_reading)]
