"""Top-level URL configuration: wiring only."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms import EmailAuthenticationForm
from .health import healthz
from .views import AboutDataView, HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("about/data/", AboutDataView.as_view(), name="about-data"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("classification/", include("classification.urls")),
    path("forecasts/", include("forecasts.urls")),
    path("vacancies/", include("vacancies.urls")),
    path("api/classification/", include("classification.api_urls")),
    path("api/vacancies/", include("vacancies.api_urls")),
    path("admin/", admin.site.urls),
]
