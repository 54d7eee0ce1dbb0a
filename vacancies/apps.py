from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _pages_changed(sender, **kwargs) -> None:
    from quota_portal.pagecache import public_pages_changed

    public_pages_changed()


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = _("Vakansiyalar")

    def ready(self) -> None:
        from .models import Announcement, Competency, Office, Vacancy

        # Public pages show vacancies or link to them: a saved or deleted row makes the
        # cached pages stale (bulk updates tell the cache in PublishableQuerySet.update).
        for model in (Announcement, Competency, Office, Vacancy):
            post_save.connect(_pages_changed, sender=model, dispatch_uid=f"pages-{model.__name__}")
            post_delete.connect(
                _pages_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-deleted"
            )
