"""Public vacancy pages."""

from django.urls import path

from quota_portal.pagecache import public_page

from . import views

app_name = "vacancies"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("archive/", views.vacancy_archive, name="archive"),
    path("feed/", public_page(views.OpenVacanciesFeed()), name="feed"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
]
