from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "classification"
    verbose_name = _("Peşə təsnifatı")

    def ready(self) -> None:
        # Registers the __azcontains lookup and SQLite's "az" collation and functions.
        from . import database  # noqa: F401
