"""Who may reach what: every named URL of the project, requested as every persona.

The matrix is generated from the URL configuration: ``POLICY`` names each URL of the
portal, and the admin's stock model URLs are generated from the admin registry with a
rule, so a URL added without an entry here fails ``test_every_url_has_a_policy``.

Each request is made as anonymous, the employer who owns the objects, another
employer, a DMX reviewer (staff in the "DMX reviewer" group of the data migration) and
a staff user without permissions. Besides the status, every request checks that the
database changed only when the persona was expected to change it: a refused POST
leaves everything as it was, and where one persona may make that POST, its request
must change the database, so the refusal is known to be of a request that works.
Every employer page is here with every persona (it replaces tests/forecasts/test_access.py):
anonymous visitors go to the login, the owner reaches each page, another employer and
staff without an employer profile get 404 and change nothing.

The objects are built once per module in an outer transaction; every test runs in a
savepoint inside it (as Django's ``setUpTestData``), which keeps a thousand requests fast.
"""

import dataclasses
import datetime
import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import connection
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.http import int_to_base36
from simple_history.admin import SimpleHistoryAdmin

from classification.models import AlternativeLabel, CodeTransition, Occupation, UnmatchedSearch
from forecasts.forms import EmployerProfileForm
from forecasts.members import hash_token, invitation_expiry
from forecasts.models import (
    Campaign,
    Decision,
    Employer,
    Forecast,
    ForecastLine,
    Invitation,
    JoinRequest,
    Membership,
    Submission,
    SubmittedLine,
)
from quota_portal.outbox.models import Email, EmailStatus
from quota_portal.outbox.services import enqueue_email
from tests import personas
from tests.forecasts import factories
from tests.scoped import shared_transaction
from tests.vacancies import factories as vacancy_factories
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

ANON, OWNER, OTHER, REVIEWER, STAFF = PERSONAS = (
    "anonymous",
    "owner",
    "other",
    "reviewer",
    "staff",
)
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
# What the reviewer group may read in the admin (forecasts/migrations/0003); nothing else.
REVIEWER_VIEWS = {
    "forecasts.employer",
    "forecasts.forecast",
    "forecasts.forecastline",
    "forecasts.submission",
    "forecasts.campaign",
    "classification.economicregion",
    "classification.occupation",
    "outbox.email",
}


@dataclasses.dataclass(frozen=True)
class To:
    """A redirect to this path (a string, or a function of the world); the query is ignored."""

    path: str | Callable[[Any], str]
    status: int = 302


@dataclasses.dataclass(frozen=True)
class Case:
    expect: dict[str, int | To]
    method: str = "get"
    args: Callable[[Any], list] = lambda w: []
    data: Callable[[Any], dict] = lambda w: {}
    mutates: frozenset = frozenset()  # personas whose request must change the database
    label: str = ""


def everyone(expected) -> dict:
    return dict.fromkeys(PERSONAS, expected)


def signed_in(expected) -> dict:
    """Any signed-in persona gets ``expected``; anonymous visitors go to the login."""
    return everyone(expected) | {ANON: To(LOGIN)}


STAFF_PERSONAS = (REVIEWER, STAFF)
# The login and sign-up pages: signed-in employers go to their forecasts, staff to the admin.
ENTRANCE = {ANON: 200, OWNER: To("/forecasts/"), OTHER: To("/forecasts/")} | dict.fromkeys(
    STAFF_PERSONAS, To("/admin/")
)


# A fresh password (or, without one, an e-mailed code) before changing the account.
REAUTHENTICATE = To("/accounts/reauthenticate/")
REAUTHENTICATE_FIRST = signed_in(REAUTHENTICATE)


def _profile_data(employer) -> dict:
    form = EmployerProfileForm(instance=employer)
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def employer_page(owner=200, other=404) -> dict:
    """Signed-in employers only; reviewers and staff have no employer, hence 404."""
    return {ANON: To(LOGIN), OWNER: owner, OTHER: other, REVIEWER: 404, STAFF: 404}


def admin_page(reviewer, staff=403) -> dict:
    """Staff only: anonymous and employers are sent to the admin login."""
    return {ANON: To(ADMIN_LOGIN), OWNER: To(ADMIN_LOGIN), OTHER: To(ADMIN_LOGIN)} | {
        REVIEWER: reviewer,
        STAFF: staff,
    }


def _detail(pk_of) -> To:
    return To(lambda w: reverse("forecasts:forecast-detail", args=[pk_of(w)]))


def _line_data(w) -> dict:
    return {
        "profession": "7112",
        "workers": 7,
        "place": w.places["Bakı"].pk,
        "version": w.draft.version,
    }


def _draft(w):
    return [w.draft.pk]


def _draft_line(w):
    return [w.draft.pk, w.line.pk]


def _foreign_line(w):
    """The owner's forecast with the other employer's line, which is not on it."""
    return [w.draft.pk, w.other_line.pk]


def _submitted(w):
    return [w.submitted.pk]


def _version_of(w) -> dict:
    return {"version": w.draft.version}


TO_DRAFT_PAGE = _detail(lambda w: w.draft.pk)
TO_MEMBERS = To("/forecasts/members/")
INVITATION_TOKEN = "an-invitation-token-for-the-matrix"


def _colleague(w):
    return [w.colleague_membership.pk]


POLICY: dict[str, list[Case]] = {
    # --- public pages and APIs ------------------------------------------------------
    "home": [Case(everyone(200))],
    "about-data": [Case(everyone(200))],
    "help": [Case(everyone(200))],
    "healthz": [Case(everyone(200))],
    "favicon": [Case(everyone(To(lambda w: static("img/favicon.svg"), 301)))],
    "sitemap": [Case(everyone(200))],
    "set_language": [
        Case(
            everyone(To("/en/vacancies/")),
            "post",
            data=lambda w: {"language": "en", "next": "/vacancies/"},
        )
    ],
    "classification:search": [Case(everyone(200), data=lambda w: {"q": "qaynaqçı"})],
    "classification:browse": [Case(everyone(200))],
    "classification:occupation-detail": [Case(everyone(200), args=lambda w: ["7212"])],
    "classification-api:search": [Case(everyone(200), data=lambda w: {"q": "7212"})],
    "classification-api:suggest": [Case(everyone(200), data=lambda w: {"title": "qaynaqçı"})],
    "classification-api:detail": [Case(everyone(200), args=lambda w: ["7212"])],
    "vacancies:list": [Case(everyone(200))],
    "vacancies:archive": [Case(everyone(200))],
    "vacancies:feed": [Case(everyone(200))],
    "vacancies:detail": [
        Case(everyone(200), args=lambda w: [w.vacancy.pk]),
        # Only staff with vacancies.view_vacancy preview unpublished ones; none of these.
        Case(everyone(404), args=lambda w: [w.hidden_vacancy.pk], label="unpublished"),
    ],
    "vacancies-api:list": [Case(everyone(200))],
    "vacancies-api:detail": [
        Case(everyone(200), args=lambda w: [w.vacancy.pk]),
        Case(everyone(404), args=lambda w: [w.hidden_vacancy.pk], label="unpublished"),
    ],
    # --- accounts (django-allauth) ---------------------------------------------------------
    # Signed-in visitors are sent on from the login and sign-up: employers to their
    # forecasts, staff to the admin.
    "account_login": [Case(ENTRANCE)],
    "account_logout": [
        Case({ANON: To("/")} | dict.fromkeys(PERSONAS[1:], 200)),
        Case(everyone(To("/")), "post"),
    ],
    "account_signup": [
        Case(ENTRANCE),
        Case(
            ENTRANCE | {ANON: To("/accounts/confirm-email/")},
            "post",
            data=lambda w: {
                **_profile_data(w.owner),
                "voen": "1799999999",
                "email": "new@example.az",
                "password1": "A-new-employer-2028",
                "password2": "A-new-employer-2028",
            },
            mutates=frozenset({ANON}),
        ),
    ],
    "account_inactive": [Case(everyone(200))],
    "account_email_verification_sent": [Case(everyone(200))],
    "account_reset_password": [Case(everyone(200)), Case(everyone(200), "post")],
    "account_reset_password_done": [Case(everyone(200))],
    "account_reset_password_from_key": [
        # A forged key for the owner's account: the "invalid link" page, nothing changed.
        Case(
            everyone(200),
            "post",
            args=lambda w: [int_to_base36(w.owner.user.pk), "set-password"],
            data=lambda w: {"password1": "Takeover-2028!", "password2": "Takeover-2028!"},
        )
    ],
    "account_reset_password_from_key_done": [Case(everyone(200))],
    "account_confirm_email": [
        Case(everyone(200), args=lambda w: ["forged-key"]),
        Case(everyone(404), "post", args=lambda w: ["forged-key"]),
    ],
    "account_email": [
        Case(signed_in(200)),
        # Changing the address needs a fresh password first (re-authentication).
        Case(
            # Staff, who have an authenticator app, are asked for its code on the page.
            REAUTHENTICATE_FIRST | dict.fromkeys(STAFF_PERSONAS, 200),
            "post",
            data=lambda w: {"action_add": "", "email": "taken-over@example.az"},
        ),
    ],
    "account_change_password": [
        Case(signed_in(200)),
        Case(
            signed_in(200),
            "post",
            data=lambda w: {
                "oldpassword": "wrong",
                "password1": "Takeover-2028!",
                "password2": "Takeover-2028!",
            },
        ),
    ],
    # Everyone here has a password: nothing to set.
    "account_set_password": [Case(signed_in(To("/accounts/password/change/")))],
    "account_reauthenticate": [Case(signed_in(200))],
    # Re-authentication by a code e-mailed to the verified address (allauth's alternative).
    "account_request_reauthentication_code": [Case(signed_in(200))],
    "account_confirm_reauthentication_code": [
        Case(signed_in(To("/accounts/reauthenticate/code/")))
    ],
    "account_confirm_login_code": [Case(ENTRANCE | {ANON: To(LOGIN)})],
    # Everyone here is verified: "already confirmed", and back to the forecasts.
    "account-resend-verification": [
        Case(signed_in(405)),
        Case(signed_in(To("/forecasts/")), "post"),
    ],
    # The old hand-written accounts pages' addresses.
    "legacy-password-reset": [Case(everyone(To("/accounts/password/reset/", 301)))],
    "legacy-password-reset-done": [Case(everyone(To("/accounts/password/reset/done/", 301)))],
    "legacy-password-reset-confirm": [
        Case(everyone(To("/accounts/password/reset/", 301)), args=lambda w: ["MQ", "set-password"])
    ],
    "legacy-password-change": [Case(everyone(To("/accounts/password/change/", 301)))],
    # --- a second factor (allauth.mfa) -----------------------------------------------------
    "mfa_index": [Case(signed_in(200))],
    "mfa_authenticate": [Case(ENTRANCE | {ANON: To(LOGIN)})],
    "mfa_reauthenticate": [Case(REAUTHENTICATE_FIRST | dict.fromkeys(STAFF_PERSONAS, 200))],
    "mfa_activate_totp": [Case(REAUTHENTICATE_FIRST)],
    # Only staff have an authenticator app to turn off (after re-authenticating).
    "mfa_deactivate_totp": [Case(signed_in(404) | dict.fromkeys(STAFF_PERSONAS, REAUTHENTICATE))],
    "mfa_view_recovery_codes": [Case(signed_in(404))],
    "mfa_generate_recovery_codes": [Case(REAUTHENTICATE_FIRST)],
    "mfa_download_recovery_codes": [Case(signed_in(404))],
    # --- the employer side -----------------------------------------------------------------
    "forecasts:register": [Case(everyone(To("/accounts/signup/", 301)))],
    # Visitors get the landing page with the login and the sign-up.
    "forecasts:dashboard": [Case(everyone(200))],
    "forecasts:profile": [Case(employer_page(other=200))],
    # Both employers already have this year's draft: start only opens it.
    "forecasts:start": [
        Case(employer_page(owner=TO_DRAFT_PAGE, other=_detail(lambda w: w.other_draft.pk)), "post")
    ],
    "forecasts:template-xlsx": [Case(everyone(200) | {ANON: To(LOGIN)})],
    # GET asks (a page with a button); only the POST may start a draft. Both employers
    # have this year's draft already, so the POST only opens its line form.
    "forecasts:use-code": [
        Case(employer_page(other=200), args=lambda w: ["7212"]),
        Case(
            employer_page(
                owner=To(lambda w: reverse("forecasts:line-add", args=[w.draft.pk])),
                other=To(lambda w: reverse("forecasts:line-add", args=[w.other_draft.pk])),
            ),
            "post",
            args=lambda w: ["7212"],
        ),
    ],
    "forecasts:forecast-detail": [
        Case(employer_page(), args=_draft),
        Case(
            employer_page(owner=TO_DRAFT_PAGE),
            "post",
            args=_draft,
            data=lambda w: {"justification": "Yerli qaynaqçı tapılmır.", **_version_of(w)},
            mutates=frozenset({OWNER}),
        ),
        Case(employer_page(), args=_submitted, label="submitted"),
    ],
    "forecasts:line-add": [
        Case(employer_page(), args=_draft),
        Case(
            employer_page(owner=TO_DRAFT_PAGE),
            "post",
            args=_draft,
            data=_line_data,
            mutates=frozenset({OWNER}),
        ),
    ],
    "forecasts:line-edit": [
        Case(employer_page(), args=_draft_line),
        Case(
            employer_page(owner=TO_DRAFT_PAGE),
            "post",
            args=_draft_line,
            data=_line_data,
            mutates=frozenset({OWNER}),
        ),
        Case(employer_page(owner=404), args=_foreign_line, label="foreign-line"),
        Case(
            employer_page(owner=404),
            "post",
            args=_foreign_line,
            data=_line_data,
            label="foreign-line",
        ),
    ],
    "forecasts:line-delete": [
        # GET is the confirmation page (no JavaScript); it changes nothing.
        Case(employer_page(), args=_draft_line),
        Case(employer_page(owner=404), args=_foreign_line, label="foreign-line"),
        Case(
            employer_page(owner=TO_DRAFT_PAGE),
            "post",
            args=_draft_line,
            data=_version_of,
            mutates=frozenset({OWNER}),
        ),
        Case(
            employer_page(owner=404),
            "post",
            args=_foreign_line,
            data=_version_of,
            label="foreign-line",
        ),
    ],
    # "Undo" of a deletion: nothing was deleted in this session, so nothing changes.
    "forecasts:line-restore": [
        Case(employer_page(owner=TO_DRAFT_PAGE), "post", args=_draft, data=_version_of)
    ],
    "forecasts:copy-last-year": [
        Case(
            employer_page(owner=TO_DRAFT_PAGE),
            "post",
            args=_draft,
            data=_version_of,
            mutates=frozenset({OWNER}),
        )
    ],
    "forecasts:forecast-check": [
        Case(employer_page(), args=_draft),
        Case(
            employer_page(owner=TO_DRAFT_PAGE),
            "post",
            args=_draft,
            data=_version_of,
            mutates=frozenset({OWNER}),
        ),
    ],
    "forecasts:forecast-print": [Case(employer_page(), args=_draft)],
    "forecasts:forecast-xlsx": [Case(employer_page(), args=_draft)],
    "forecasts:forecast-upload": [
        Case(employer_page(), args=_draft),
        # Without a file the owner gets the form back; the others never reach it.
        Case(employer_page(), "post", args=_draft, data=_version_of),
    ],
    # --- the employer's people (forecasts/members.py) ----------------------------------------
    # Each employer has its own page; only the owner's objects are reachable by the owner.
    "forecasts:members": [Case(employer_page(other=200))],
    # For accounts without an employer: employers already have one, DMX staff never do.
    "forecasts:register-employer": [
        Case(employer_page(owner=To("/forecasts/"), other=To("/forecasts/"))),
        Case(
            employer_page(owner=To("/forecasts/"), other=To("/forecasts/")),
            "post",
            data=lambda w: {**_profile_data(w.owner), "voen": "1799999998"},
        ),
    ],
    # Both employers' owners may invite to their own employer (an e-mail is queued).
    "forecasts:member-invite": [
        Case(
            employer_page(owner=TO_MEMBERS, other=TO_MEMBERS),
            "post",
            data=lambda w: {"email": "new-colleague@example.az", "language": "en"},
            mutates=frozenset({OWNER, OTHER}),
        )
    ],
    "forecasts:member-remove": [
        # A state change: POST only.
        Case(signed_in(405), args=_colleague),
        Case(
            employer_page(owner=TO_MEMBERS),
            "post",
            args=_colleague,
            mutates=frozenset({OWNER}),
        ),
    ],
    "forecasts:member-role": [
        Case(
            employer_page(owner=TO_MEMBERS),
            "post",
            args=_colleague,
            data=lambda w: {"role": "owner"},
            mutates=frozenset({OWNER}),
        )
    ],
    "forecasts:invitation-revoke": [
        Case(
            employer_page(owner=TO_MEMBERS),
            "post",
            args=lambda w: [w.invitation.pk],
            mutates=frozenset({OWNER}),
        )
    ],
    "forecasts:join-request-decide": [
        Case(
            employer_page(owner=TO_MEMBERS),
            "post",
            args=lambda w: [w.join_request.pk],
            data=lambda w: {"decision": "refuse"},
            mutates=frozenset({OWNER}),
        )
    ],
    # The link opens for anyone; only its invited address may accept, and it is no one's
    # here (the owner already has an employer; the others are other addresses).
    "forecasts:invitation": [
        Case(everyone(200), args=lambda w: [INVITATION_TOKEN]),
        Case(everyone(200), "post", args=lambda w: [INVITATION_TOKEN]),
        Case(everyone(404), args=lambda w: ["forged-token"], label="forged"),
    ],
    # --- the admin: its own pages --------------------------------------------------------
    "admin:index": [Case(admin_page(200, staff=200))],
    "admin:app_list": [Case(admin_page(200, staff=404), args=lambda w: ["forecasts"])],
    # Only allauth's login, which asks staff for their second factor; signed-in
    # employers are sent on to their forecasts by it.
    "admin:login": [
        Case(
            {ANON: To(LOGIN), OWNER: To(LOGIN), OTHER: To(LOGIN)}
            | dict.fromkeys(STAFF_PERSONAS, To("/admin/"))
        )
    ],
    "admin:logout": [
        Case(
            admin_page(To("/"), staff=To("/")) | dict.fromkeys((ANON, OWNER, OTHER), To("/admin/")),
            "post",
        )
    ],
    "admin:password_change": [Case(admin_page(200, staff=200))],
    "admin:password_change_done": [Case(admin_page(200, staff=200))],
    "admin:jsi18n": [Case(admin_page(200, staff=200))],
    "admin:autocomplete": [
        # The occupation picker of a forecast line: needs view permission on occupations.
        Case(
            admin_page(200),
            data=lambda w: {
                "app_label": "forecasts",
                "model_name": "forecastline",
                "field_name": "occupation",
                "term": "72",
            },
        )
    ],
    "admin:view_on_site": [
        # Only a redirect to the employer page, which refuses staff (404).
        Case(
            admin_page(
                reviewer=To(lambda w: w.submitted.get_absolute_url()),
                staff=To(lambda w: w.submitted.get_absolute_url()),
            ),
            args=lambda w: [ContentType.objects.get_for_model(Forecast).pk, w.submitted.pk],
        )
    ],
    "admin:auth_user_password_change": [
        Case(admin_page(403), args=lambda w: [w.owner.user.pk]),
        Case(
            admin_page(403),
            "post",
            args=lambda w: [w.owner.user.pk],
            data=lambda w: {"password1": "Takeover-2028!", "password2": "Takeover-2028!"},
        ),
    ],
    # --- the admin: forecasts/admin.py's custom pages, on a real submitted forecast ------
    "admin:forecasts_forecast_report": [Case(admin_page(200))],
    "admin:forecasts_forecast_report_xlsx": [Case(admin_page(200))],
    # The line register of the listed forecasts, streamed.
    "admin:forecasts_forecast_register": [
        Case(admin_page(200), args=lambda w: ["xlsx"]),
        Case(admin_page(200), args=lambda w: ["csv"], label="csv"),
    ],
    "admin:forecasts_forecast_review": [
        Case(admin_page(200), args=lambda w: [w.submitted.pk, "accept"]),
        Case(
            admin_page(
                To(lambda w: reverse("admin:forecasts_forecast_change", args=[w.submitted.pk]))
            ),
            "post",
            args=lambda w: [w.submitted.pk, "accept"],
            data=lambda w: {"comment": "Qəbul edildi."},
            mutates=frozenset({REVIEWER}),
        ),
    ],
    # A bulk decision or assignment confirmed on its page (the changelist action shows it).
    "admin:forecasts_forecast_bulk_review": [
        Case(admin_page(405, staff=405), args=lambda w: ["accept"]),
        Case(
            admin_page(To("/admin/forecasts/forecast/")),
            "post",
            args=lambda w: ["accept"],
            data=lambda w: {"forecasts": str(w.submitted.pk)},
            mutates=frozenset({REVIEWER}),
        ),
    ],
    "admin:forecasts_forecast_assign": [
        Case(admin_page(405, staff=405)),
        Case(
            admin_page(To("/admin/forecasts/forecast/")),
            "post",
            data=lambda w: {"forecasts": str(w.submitted.pk), "reviewer": w.reviewer.pk},
            mutates=frozenset({REVIEWER}),
        ),
    ],
    # VÖEN and legal kind after a submission: DMX administrators only (change_employer).
    "admin:forecasts_employer_identity": [
        Case(admin_page(403), args=lambda w: [w.owner.pk]),
        Case(
            admin_page(403),
            "post",
            args=lambda w: [w.owner.pk],
            data=lambda w: {"voen": "1799000001", "kind": "individual", "reason": "Səhv."},
        ),
    ],
    # Transferring an employer's ownership needs forecasts.change_employer (superusers).
    "admin:forecasts_employer_transfer": [
        Case(admin_page(403), args=lambda w: [w.owner.pk]),
        Case(
            admin_page(403),
            "post",
            args=lambda w: [w.owner.pk],
            data=lambda w: {"user": w.requester.pk, "reason": "Mübahisə həll edildi."},
        ),
    ],
    "admin:forecasts_forecast_compare": [Case(admin_page(200), args=_submitted)],
    "admin:forecasts_forecast_audit": [Case(admin_page(200), args=_submitted)],
    # The staff print view of the current submission ("View on site") and its PDF.
    "admin:forecasts_forecast_print": [Case(admin_page(200), args=_submitted)],
    "admin:forecasts_forecast_pdf": [Case(admin_page(200), args=_submitted)],
}

# Bulk actions posted to stock changelists, on top of the generated cases below.
EXTRA_ADMIN_CASES: dict[str, list[Case]] = {
    "admin:forecasts_forecast_changelist": [
        # Only the confirmation page (forecasts_forecast_bulk_review applies it).
        Case(
            admin_page(200),
            "post",
            data=lambda w: {
                "action": "accept_selected",
                "_selected_action": [w.submitted.pk],
                "index": 0,
            },
            label="accept-selected",
        )
    ],
    "admin:forecasts_forecast_delete": [
        # Drafts may be deleted in the admin, but only with forecasts.delete_forecast.
        Case(
            admin_page(403),
            "post",
            args=lambda w: [w.other_draft.pk],
            data=lambda w: {"post": "yes"},
            label="draft",
        )
    ],
    "admin:outbox_email_changelist": [
        # Reviewers (outbox.retry_email) queue a failed e-mail again; plain staff cannot.
        Case(
            admin_page(To("/admin/outbox/email/"), staff=403),
            "post",
            data=lambda w: {
                "action": "retry",
                "_selected_action": [w.failed_email.pk],
                "index": 0,
            },
            mutates=frozenset({REVIEWER}),
            label="retry",
        )
    ],
    "admin:forecasts_employer_changelist": [
        # Deactivating accounts needs forecasts.change_employer, which reviewers lack.
        Case(
            admin_page(200),
            "post",
            data=lambda w: {
                "action": "deactivate",
                "_selected_action": [w.owner.pk, w.other.pk],
                "index": 0,
            },
            label="deactivate",
        )
    ],
}


def _sample(model):
    """The object a generated admin URL is requested for: any one of the model's rows."""
    if model is Forecast:
        return Forecast.objects.exclude(submissions=None).first()
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the world has no {model._meta.label}: add one to _build()"
    return obj


def _admin_model_cases() -> dict[str, list[Case]]:
    """The stock admin URLs of every registered model, with the reviewer's permissions."""
    cases = {}
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        reads = 200 if model._meta.label_lower in REVIEWER_VIEWS else 403

        def obj(w, model=model):
            return [quote(_sample(model).pk)]

        cases[f"{prefix}_changelist"] = [Case(admin_page(reads))]
        cases[f"{prefix}_add"] = [Case(admin_page(403))]
        cases[f"{prefix}_change"] = [
            Case(admin_page(reads), args=obj),
            Case(admin_page(403), "post", args=obj),
        ]
        cases[f"{prefix}_delete"] = [
            Case(admin_page(403), args=obj),
            Case(admin_page(403), "post", args=obj, data=lambda w: {"post": "yes"}),
        ]
        cases[f"{prefix}_history"] = [Case(admin_page(reads), args=obj)]
        if isinstance(model_admin, SimpleHistoryAdmin):

            def version(w, model=model):
                record = _sample(model)
                return [quote(record.pk), record.history.order_by("history_id").first().pk]

            cases[f"{prefix}_simple_history"] = [
                Case(admin_page(reads), args=version),
                # Reverting from the history is disabled for everyone (forecasts/admin.py).
                Case(admin_page(403), "post", args=version),
            ]
    for name, extra in EXTRA_ADMIN_CASES.items():
        cases[name] = cases[name] + extra
    return cases


ADMIN_MODEL_CASES = _admin_model_cases()


def _url_names(resolver=None, namespace=()) -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif pattern.name:
            names.add(":".join((*namespace, pattern.name)))
    return names


def test_every_url_has_a_policy():
    assert not set(POLICY) & set(ADMIN_MODEL_CASES)
    names = _url_names()
    assert "admin:forecasts_forecast_review" in names and "forecasts:line-edit" in names
    missing = sorted(names - set(POLICY) - set(ADMIN_MODEL_CASES))
    stale = sorted((set(POLICY) | set(ADMIN_MODEL_CASES)) - names)
    assert not missing, f"add these URLs to POLICY with their expected statuses: {missing}"
    assert not stale, f"these POLICY entries name no URL: {stale}"


# --- the objects ----------------------------------------------------------------------------


def _build():
    """An owner with a draft and a submitted forecast, another employer, staff, and one
    object of every model the admin lists."""
    today = datetime.date.today()
    w = type("World", (), {})()
    occupations = factories.make_classification()
    w.places = factories.make_places()
    factories.make_campaign(2028)
    w.owner = personas.make_owner()
    w.other = personas.make_other()
    w.draft = factories.make_forecast(
        w.owner,
        2028,
        lines=[
            (occupations["7212"], 10, w.places["Bakı"]),
            (occupations["5120"], 2, w.places["Yevlax"]),
        ],
    )
    w.line = w.draft.lines.first()
    w.submitted = factories.make_forecast(
        w.owner, 2027, lines=[(occupations["2512"], 3, w.places["Şuşa"])], reopened_until=today
    )
    w.submitted.submit(by=w.owner.user)
    w.other_draft = factories.make_forecast(
        w.other, 2028, lines=[(occupations["7112"], 4, w.places["Bakı"])]
    )
    w.other_line = w.other_draft.lines.get()

    # The owner's colleague, an invitation still pending and a newcomer asking to join.
    factories.make_member(w.owner, "colleague@example.az")
    w.colleague_membership = Membership.objects.get(user__email="colleague@example.az")
    w.invitation = Invitation.objects.create(
        employer=w.owner,
        email="invited@example.az",
        token_hash=hash_token(INVITATION_TOKEN),
        invited_by=w.owner.user,
        expires_at=invitation_expiry(timezone.now()),
    )
    w.requester = factories.make_user("requester@example.az")
    w.join_request = JoinRequest.objects.create(employer=w.owner, user=w.requester)

    w.reviewer = personas.make_reviewer()
    w.staff = personas.make_staff_user()

    AlternativeLabel.objects.create(occupation=occupations["7212"], label="svarşik", language="az")
    CodeTransition.objects.create(old_code="7212", new_occupation=occupations["7212"])
    UnmatchedSearch.objects.create(query="kosmonavt")
    access = {"user_agent": "pytest", "ip_address": "10.0.0.1", "username": "x@example.az"}
    AccessAttempt.objects.create(**access, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**access)
    AccessFailureLog.objects.create(**access)
    w.failed_email = enqueue_email(
        EmailMessage("Kvota Portalı", "Mətn", to=["owner@example.az"]), kind="test"
    )
    Email.objects.filter(pk=w.failed_email.pk).update(status=EmailStatus.FAILED, attempts=6)
    w.vacancy = vacancy_factories.make_vacancy()
    w.hidden_vacancy = vacancy_factories.make_vacancy(is_published=False)
    for forecast in (w.draft, w.submitted, w.other_draft):
        forecast.refresh_from_db()
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Build the objects once, in a transaction rolled back after the module."""
    with shared_transaction(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        ):
            built = _build()
        yield built


class Visitor:
    """One client for the module, with one session per persona made once in the world.

    A new client would set up its middleware (WhiteNoise scans the static files) on
    every test, and a login per test would double the run time.
    """

    def __init__(self, world):
        self.client = Client()
        self.sessions = {}
        for persona, user in _users(world).items():
            self.client.cookies.clear()  # else the login flushes the previous session
            self.client.force_login(user)
            self.sessions[persona] = self.client.cookies[settings.SESSION_COOKIE_NAME].value

    def as_(self, persona) -> Client:
        self.client.cookies.clear()
        if persona in self.sessions:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return self.client


def _users(world) -> dict:
    return {
        OWNER: world.owner.user,
        OTHER: world.other.user,
        REVIEWER: world.reviewer,
        STAFF: world.staff,
    }


@pytest.fixture(scope="module")
def visitor(world, django_db_blocker):
    with django_db_blocker.unblock():
        return Visitor(world)


WATCHED = (Forecast, ForecastLine, Submission, SubmittedLine, Decision, Employer, Campaign)
WATCHED += (Membership, Invitation, JoinRequest)
WATCHED += (Occupation, Vacancy, LogEntry)
WATCHED += (Email, EmailAddress)
WATCHED += (get_user_model(), get_user_model().groups.through)
WATCHED += (get_user_model().user_permissions.through, Group.permissions.through)


@functools.cache
def _state_queries() -> list[str]:
    quote_name = connection.ops.quote_name
    return [
        "SELECT {} FROM {} ORDER BY 1".format(
            ", ".join(
                quote_name(f.column) for f in model._meta.concrete_fields if f.name != "last_login"
            ),
            quote_name(model._meta.db_table),
        )
        for model in WATCHED
    ]


def _state() -> list:
    """The rows a request must not change unless it is allowed to (raw SQL: it runs
    twice per test; one UNION is slower on PostgreSQL)."""
    with connection.cursor() as cursor:
        rows = []
        for query in _state_queries():
            cursor.execute(query)
            rows.append(cursor.fetchall())
    return rows


# --- the matrix -----------------------------------------------------------------------------


def _params():
    for name, cases in sorted({**POLICY, **ADMIN_MODEL_CASES}.items()):
        for case in cases:
            for persona in PERSONAS:
                label = f"@{case.label}" if case.label else ""
                yield pytest.param(
                    name, case, persona, id=f"{name}{label}-{case.method.upper()}-{persona}"
                )


@pytest.mark.parametrize(("name", "case", "persona"), list(_params()))
def test_access(world, visitor, name, case, persona):
    client = visitor.as_(persona)
    url = reverse(name, args=case.args(world))
    before = _state()

    response = getattr(client, case.method)(url, case.data(world))

    expected = case.expect[persona]
    if isinstance(expected, To):
        path = expected.path(world) if callable(expected.path) else expected.path
        location = urlsplit(response.get("Location", "")).path
        assert (response.status_code, location) == (expected.status, path)
    else:
        assert response.status_code == expected
    changed = _state() != before
    assert changed == (persona in case.mutates), (
        "the request changed the database" if changed else "the allowed request changed nothing"
    )


# --- where the profile form sends the employer back to ------------------------------------


def _save_profile(world, visitor, next_url: str):
    data = _profile_data(world.owner)
    return visitor.as_(OWNER).post(
        f"{reverse('forecasts:profile')}?{urlencode({'next': next_url})}", data
    )


def test_the_profile_form_returns_to_the_page_it_was_opened_from(world, visitor):
    page = reverse("forecasts:forecast-detail", args=[world.draft.pk])
    response = _save_profile(world, visitor, page)
    assert (response.status_code, response["Location"]) == (302, page)


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_the_profile_form_does_not_send_the_employer_off_site(world, visitor, next_url):
    response = _save_profile(world, visitor, next_url)
    assert (response.status_code, response["Location"]) == (302, reverse("forecasts:dashboard"))
