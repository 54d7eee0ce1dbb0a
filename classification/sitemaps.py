"""The unit groups' pages in the site's sitemap (collected by quota_portal.sitemaps)."""

from quota_portal.sitemaps import InEveryLanguage

from .models import Occupation


class OccupationSitemap(InEveryLanguage):
    changefreq = "monthly"

    def items(self):
        return Occupation.objects.active().order_by("code").only("code")


SITEMAPS = {"classification": OccupationSitemap}
