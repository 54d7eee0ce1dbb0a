"""The sitemap: every public page in Azerbaijani, English and Russian, with hreflang.

The site-wide pages are listed here; each app that has public pages of its own lists them
in its ``sitemaps.py`` (a ``SITEMAPS`` dict), found the way the admin finds ``admin.py``,
so that the project package does not import the feature apps.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib import sitemaps
from django.urls import reverse


class InEveryLanguage(sitemaps.Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PublicPagesSitemap(InEveryLanguage):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "home",
            "about-data",
            "classification:search",
            "classification:browse",
            "vacancies:list",
            "vacancies:archive",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


def collect_sitemaps() -> dict[str, type[sitemaps.Sitemap]]:
    """Return the site-wide sitemap and every installed app's ``sitemaps.SITEMAPS``."""
    found: dict[str, type[sitemaps.Sitemap]] = {"pages": PublicPagesSitemap}
    for config in apps.get_app_configs():
        name = f"{config.name}.sitemaps"
        if config.name != __package__ and find_spec(name) is not None:
            found.update(getattr(import_module(name), "SITEMAPS", {}))
    return found
