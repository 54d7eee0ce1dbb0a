"""URLs of the app."""

from django.urls import path

from . import views

app_name = "classification"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("browse/", views.browse, name="browse"),
    path("<str:code>/", views.occupation_detail, name="occupation-detail"),
]
