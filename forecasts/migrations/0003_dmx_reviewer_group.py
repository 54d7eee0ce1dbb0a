"""Create the "DMX reviewer" group with exactly what a reviewer needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "DMX reviewer"
PERMISSIONS = [
    ("forecasts", "view_employer"),
    ("forecasts", "view_forecast"),
    ("forecasts", "review_forecast"),
    ("forecasts", "view_forecastline"),
    ("forecasts", "view_submission"),
    ("forecasts", "view_campaign"),
    ("forecasts", "view_economicregion"),
    ("forecasts", "view_historicalforecast"),
    ("forecasts", "view_historicalforecastline"),
    ("forecasts", "view_historicalemployer"),
    ("classification", "view_occupation"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in PERMISSIONS
    ]
    group.permissions.set(wanted)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forecasts", "0002_review_permission"),
        ("classification", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
