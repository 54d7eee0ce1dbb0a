"""JSON API of the vacancies."""

from django.urls import path

from . import views

app_name = "vacancies-api"
urlpatterns = [
    path("", views.api_list, name="list"),
    path("<int:pk>", views.api_detail, name="detail"),
]
