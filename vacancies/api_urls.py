"""JSON API URLs of the app."""

from django.urls import path  # noqa: F401

app_name = "vacancies-api"
urlpatterns: list = []
