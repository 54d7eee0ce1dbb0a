"""Top-level URL configuration: wiring only.

Pages speak the language of their URL: Azerbaijani without a prefix, English under
``/en/`` and Russian under ``/ru/``. The JSON APIs, the health check and the sitemap
have one address for all languages.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from .health import healthz
from .languages import set_language
from .pagecache import public_page
from .sitemaps import collect_sitemaps
from .views import AboutDataView, HelpView, HomeView, LoginView, favicon, resend_verification


class _Moved(RedirectView):
    permanent = True
    query_string = True

    def get_redirect_url(self, *args, **kwargs):
        return super().get_redirect_url()  # the old path's parts mean nothing to the new one


def moved(name: str):
    """A permanent redirect from a URL people may have kept to its new home."""
    return _Moved.as_view(pattern_name=name)


# Addresses of the hand-written accounts pages before django-allauth took them over.
legacy_account_urls = [
    path("password_reset/", moved("account_reset_password"), name="legacy-password-reset"),
    path(
        "password_reset/done/",
        moved("account_reset_password_done"),
        name="legacy-password-reset-done",
    ),
    # Links from old reset e-mails: their tokens are not allauth's; ask for a new one.
    path(
        "reset/<str:uidb64>/<str:token>/",
        moved("account_reset_password"),
        name="legacy-password-reset-confirm",
    ),
    path("password_change/", moved("account_change_password"), name="legacy-password-change"),
]

# The portal's error pages (quota_portal/errors.py); allauth's rate limits use handler429.
handler400 = "quota_portal.errors.bad_request"
handler403 = "quota_portal.errors.permission_denied"
handler404 = "quota_portal.errors.page_not_found"
handler429 = "quota_portal.errors.too_many_requests"
handler500 = "quota_portal.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    # Posts of the old language switcher (pages still open in a browser) keep working.
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": collect_sitemaps()}, name="sitemap"),
    path("api/classification/", include("classification.api_urls")),
    path("api/vacancies/", include("vacancies.api_urls")),
    *i18n_patterns(
        path("", public_page(HomeView.as_view()), name="home"),
        path("about/data/", public_page(AboutDataView.as_view()), name="about-data"),
        path("help/", HelpView.as_view(), name="help"),
        # Before allauth's own login (the same address), which it throttles with django-axes.
        path("accounts/login/", LoginView.as_view(), name="account_login"),
        path(
            "accounts/verification/resend/",
            resend_verification,
            name="account-resend-verification",
        ),
        path("accounts/", include(legacy_account_urls)),
        path("accounts/", include("allauth.urls")),
        path("classification/", include("classification.urls")),
        path("forecasts/", include("forecasts.urls")),
        path("vacancies/", include("vacancies.urls")),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]
