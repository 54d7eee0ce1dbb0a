"""URLs of the employer side of the forecasts app."""

from django.urls import path
from django.views.generic import RedirectView

import classification.converters  # noqa: F401  (registers <code:…>)

from . import member_views, views

app_name = "forecasts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Registration is allauth's sign-up now; the old address keeps working.
    path(
        "register/",
        RedirectView.as_view(pattern_name="account_signup", permanent=True, query_string=True),
        name="register",
    ),
    path("profile/", views.profile, name="profile"),
    path("employer/new/", member_views.register_employer, name="register-employer"),
    path("members/", member_views.member_list, name="members"),
    path("members/invite/", member_views.invite, name="member-invite"),
    path("members/<int:pk>/remove/", member_views.member_remove, name="member-remove"),
    path("members/<int:pk>/role/", member_views.member_role, name="member-role"),
    path(
        "members/invitations/<int:pk>/revoke/",
        member_views.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "members/requests/<int:pk>/",
        member_views.join_request_decide,
        name="join-request-decide",
    ),
    path("invitations/<str:token>/", member_views.invitation, name="invitation"),
    path("start/", views.start, name="start"),
    path("template.xlsx", views.template_xlsx, name="template-xlsx"),
    path("use/<code:code>/", views.use_code, name="use-code"),
    path("<int:pk>/", views.forecast_detail, name="forecast-detail"),
    path("<int:pk>/lines/add/", views.line_add, name="line-add"),
    path("<int:pk>/lines/<int:line_pk>/", views.line_edit, name="line-edit"),
    path("<int:pk>/lines/<int:line_pk>/delete/", views.line_delete, name="line-delete"),
    path("<int:pk>/lines/restore/", views.line_restore, name="line-restore"),
    path("<int:pk>/copy-last-year/", views.copy_last_year, name="copy-last-year"),
    path("<int:pk>/check/", views.check_answers, name="forecast-check"),
    path("<int:pk>/print/", views.forecast_print, name="forecast-print"),
    path("<int:pk>/xlsx/", views.forecast_xlsx, name="forecast-xlsx"),
    path("<int:pk>/upload/", views.forecast_upload, name="forecast-upload"),
]
