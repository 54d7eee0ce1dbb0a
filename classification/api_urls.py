"""JSON API URLs of the app."""

from django.urls import path

from . import views

app_name = "classification-api"
urlpatterns = [
    path("search", views.api_search, name="search"),
    path("suggest", views.api_suggest, name="suggest"),
    path("<str:code>", views.api_detail, name="detail"),
]
