"""The sitemap: every public page in Azerbaijani, English and Russian, with hreflang."""

from django.contrib import sitemaps
from django.urls import reverse

from classification.models import Occupation
from vacancies.models import Vacancy


class _InEveryLanguage(sitemaps.Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PublicPagesSitemap(_InEveryLanguage):
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


class VacancySitemap(_InEveryLanguage):
    changefreq = "daily"

    def items(self):
        return Vacancy.objects.public().select_related("announcement").order_by("pk")

    def lastmod(self, item: Vacancy):
        return max(item.updated_at, item.announcement.updated_at)


class OccupationSitemap(_InEveryLanguage):
    changefreq = "monthly"

    def items(self):
        return Occupation.objects.active().order_by("code").only("code")


SITEMAPS = {
    "pages": PublicPagesSitemap,
    "vacancies": VacancySitemap,
    "classification": OccupationSitemap,
}
