"""Django capitalises verbose names with capfirst ("işçi" → "Işçi"): none of ours may need it.

Form labels, admin column headers, the admin index and breadcrumbs all run a model's
or field's verbose name through Django's capfirst, which is Python's str.upper() of the
first letter and turns Azerbaijani "i" into "I" instead of "İ". So every verbose name
the portal defines starts with the letter it should be shown with, and this test holds
them to it (classification/text.py upper_first is the rule).
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.text import capfirst

from classification.text import upper_first

PROJECT_APPS = {"classification", "forecasts", "vacancies"} | {
    config.label
    for config in apps.get_app_configs()
    if not config.name.startswith(("django.", "simple_history", "axes", "crispy", "csp"))
    and "site-packages" not in str(config.path)
}


def _names():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        label = model._meta.label
        yield f"{label} verbose_name", model._meta.verbose_name
        yield f"{label} verbose_name_plural", model._meta.verbose_name_plural
        for field in model._meta.get_fields():
            if hasattr(field, "verbose_name") and field.verbose_name:
                yield f"{label}.{field.name}", field.verbose_name
    for model, model_admin in admin.site._registry.items():
        shown = [*model_admin.list_display, *model_admin.readonly_fields]
        for name in shown:
            function = getattr(model_admin, name, None)
            description = getattr(function, "short_description", None)
            if description:
                yield f"{model._meta.label} admin column {name}", description


@pytest.mark.parametrize("where_name", list(_names()), ids=lambda pair: pair[0])
def test_django_capitalisation_of_every_verbose_name_is_right_in_azerbaijani(where_name):
    where, name = where_name
    with translation.override("az"):
        text = str(name)
        assert capfirst(text) == upper_first(text, "az"), f"{where}: {text!r}"
