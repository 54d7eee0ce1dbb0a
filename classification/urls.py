"""URLs of the app."""

from django.urls import path

import classification.converters  # noqa: F401  (registers <code:…>)

from . import views

app_name = "classification"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("browse/", views.browse, name="browse"),
    path("<code:code>/", views.occupation_detail, name="occupation-detail"),
]
