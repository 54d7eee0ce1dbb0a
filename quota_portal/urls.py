"""Top-level URL configuration: wiring only.

Pages speak the language of their URL: Azerbaijani without a prefix, English under
``/en/`` and Russian under ``/ru/``. The JSON APIs, the health check and the sitemap
have one address for all languages.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from .forms import EmailAuthenticationForm
from .health import healthz
from .languages import set_language
from .pagecache import public_page
from .sitemaps import SITEMAPS
from .views import AboutDataView, HomeView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Posts of the old language switcher (pages still open in a browser) keep working.
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/classification/", include("classification.api_urls")),
    path("api/vacancies/", include("vacancies.api_urls")),
    *i18n_patterns(
        path("", public_page(HomeView.as_view()), name="home"),
        path("about/data/", public_page(AboutDataView.as_view()), name="about-data"),
        path(
            "accounts/login/",
            auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm),
            name="login",
        ),
        path("accounts/", include("django.contrib.auth.urls")),
        path("classification/", include("classification.urls")),
        path("forecasts/", include("forecasts.urls")),
        path("vacancies/", include("vacancies.urls")),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]
