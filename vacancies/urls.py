"""URLs of the app."""

from django.urls import path  # noqa: F401

app_name = "vacancies"
urlpatterns: list = []
