"""The vacancies' entries in the site's sitemap (collected by quota_portal.sitemaps)."""

from quota_portal.sitemaps import InEveryLanguage

from .models import Vacancy


class VacancySitemap(InEveryLanguage):
    changefreq = "daily"

    def items(self):
        return Vacancy.objects.public().select_related("announcement").order_by("pk")

    def lastmod(self, item: Vacancy):
        return max(item.updated_at, item.announcement.updated_at)


SITEMAPS = {"vacancies": VacancySitemap}
