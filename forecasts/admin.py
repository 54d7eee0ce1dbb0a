"""DMX staff read and review forecasts here.

Reviewers (the "DMX reviewer" group) only view employers, forecasts and lines and act
through the review actions; superusers manage campaigns and reference data. Every
change is kept by django-simple-history and readable from the "History" and "Audit"
buttons; nothing submitted is ever deleted. The admin's own pages (review, comparison,
audit, report) are in ``admin_views``.
"""

from __future__ import annotations

import contextlib
import datetime
import functools

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from classification.models import EconomicRegion, Level, Occupation

from . import admin_views
from .models import (
    IDENTITY_FIELDS,
    Campaign,
    Employer,
    Forecast,
    ForecastLine,
    Invitation,
    JoinRequest,
    Membership,
    Status,
    Submission,
    SubmittedLine,
)
from .review import ACCEPT, REJECT, RETURN, can_review
from .selectors import (
    compare_submissions,
    employer_audit_trail,
    forecast_audit_trail,
    line_audit_trail,
    submission_history,
)


class ReadOnlyAdminMixin:
    """Nobody adds, changes or deletes these rows in the admin; they are only shown."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _AuditedAdmin(SimpleHistoryAdmin):
    """Show the history with what changed, but never revert from it.

    A revert would bypass the review transitions; the history stays read-only.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def audit_entries(self, obj) -> list:
        raise NotImplementedError

    def history_view(self, request, object_id, extra_context=None):
        """The project's own audit page instead of the raw one: in the portal's language
        and local time, choices by their labels, whole values."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return admin_views.history_page(self, request, obj, self.audit_entries(obj))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        request.showing_past_version = True  # every field read-only: nothing to revert
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if getattr(request, "showing_past_version", False):
            readonly += [f.name for f in self.model._meta.fields if f.editable]
        return readonly


# --- the forecast changelist ------------------------------------------------------------


def has_line(*, live: dict, frozen: dict) -> Q:
    """Match forecasts with a line like this in what a reviewer reads: the frozen lines of
    the current submission, or a draft's own lines (it has no submission). EXISTS, no join.

    ``live`` filters ForecastLine, ``frozen`` the same condition on SubmittedLine.
    """
    submitted = SubmittedLine.objects.filter(submission=OuterRef("current_submission"), **frozen)
    drafted = ForecastLine.objects.filter(forecast=OuterRef("pk"), **live)
    return Q(Exists(submitted)) | (Q(current_submission__isnull=True) & Q(Exists(drafted)))


class _LinesFilter(admin.SimpleListFilter):
    """Keep forecasts that have a line matching ``line_filter(value)`` (see ``has_line``)."""

    def line_filter(self, value: str) -> tuple[dict, dict]:
        """Return the condition on a live line and on a frozen one."""
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            live, frozen = self.line_filter(self.value())
            return queryset.filter(has_line(live=live, frozen=frozen))
        return queryset


class LineRegionFilter(_LinesFilter):
    title = _("iqtisadi rayon (sətirlər)")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(str(r.pk), r.name) for r in EconomicRegion.objects.order_by("number")]

    def line_filter(self, value: str) -> tuple[dict, dict]:
        # A frozen line keeps its place (as submitted), and so its region.
        return {"place__region_id": value}, {"place__region_id": value}


class MajorGroupFilter(_LinesFilter):
    title = _("peşələrin əsas qrupu")
    parameter_name = "major"

    def lookups(self, request, model_admin):
        return [
            (o.code, f"{o.code} {o.title()}")
            for o in Occupation.objects.filter(level=Level.MAJOR).order_by("code")
        ]

    def line_filter(self, value: str) -> tuple[dict, dict]:
        # A unit group's code starts with its major group's digit.
        return {"occupation__code__startswith": value}, {"code__startswith": value}


class ReviewQueueFilter(admin.SimpleListFilter):
    """The reviewer's queue, the list's default: submitted forecasts of the current campaign."""

    title = _("növbə")
    parameter_name = "queue"
    WAITING, MINE, ALL = "waiting", "mine", "all"

    def lookups(self, request, model_admin):
        return [
            (self.WAITING, _("Baxış gözləyənlər (cari kampaniya)")),
            (self.MINE, _("Mənə təyin edilənlər")),
            (self.ALL, _("Bütün proqnozlar")),
        ]

    def value(self):
        value = super().value()
        return value if value in (self.WAITING, self.MINE, self.ALL) else self.WAITING

    def choices(self, changelist):
        # No "All" entry: the queue is the default, "all forecasts" is a choice like the others.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        waiting = queryset.filter(status=Status.SUBMITTED)
        if self.value() == self.MINE:
            return waiting.filter(assigned_to=request.user)
        campaign = Campaign.objects.current()
        return waiting.filter(year=campaign.year) if campaign else waiting


def queue_value(request) -> str:
    """Return the queue the forecast list shows for ``request`` (waiting by default)."""
    value = request.GET.get(ReviewQueueFilter.parameter_name)
    choices = (ReviewQueueFilter.WAITING, ReviewQueueFilter.MINE, ReviewQueueFilter.ALL)
    return value if value in choices else ReviewQueueFilter.WAITING


class SubmittedBetweenFilter(admin.ListFilter):
    """Submitted on or after one date and on or before another (either may be left empty)."""

    title = _("göndərilmə tarixi")
    template = "admin/forecasts/forecast/filter_date_range.html"
    FROM, TO = "submitted_from", "submitted_to"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.dates = {}
        for name in (self.FROM, self.TO):
            raw = params.pop(name, None)
            raw = raw[-1] if isinstance(raw, list) else raw
            if raw:
                with contextlib.suppress(ValueError):  # an unreadable date filters nothing
                    self.dates[name] = datetime.date.fromisoformat(raw)
        self.raw = {name: str(self.dates.get(name, "")) for name in (self.FROM, self.TO)}

    def has_output(self) -> bool:
        return True

    def expected_parameters(self):
        return [self.FROM, self.TO]

    def choices(self, changelist):
        kept = {name: values for name, values in changelist.params.items() if name != "p"}
        yield {
            "from": self.raw[self.FROM],
            "to": self.raw[self.TO],
            "hidden": [
                (name, value)
                for name, values in kept.items()
                if name not in (self.FROM, self.TO)
                for value in (values if isinstance(values, list) else [values])
            ],
            "clear": changelist.get_query_string(remove=[self.FROM, self.TO]),
            "selected": bool(self.dates),
        }

    def queryset(self, request, queryset):
        # Whole days in the portal's time zone (Asia/Baku).
        if self.FROM in self.dates:
            queryset = queryset.filter(submitted_at__date__gte=self.dates[self.FROM])
        if self.TO in self.dates:
            queryset = queryset.filter(submitted_at__date__lte=self.dates[self.TO])
        return queryset


class LiberatedLinesFilter(admin.SimpleListFilter):
    title = _("işğaldan azad edilmiş ərazilərdə sətir")
    parameter_name = "liberated"

    def lookups(self, request, model_admin):
        return [("1", _("var")), ("0", _("yoxdur"))]

    def queryset(self, request, queryset):
        liberated = has_line(live={"place__is_liberated": True}, frozen={"is_liberated": True})
        if self.value() == "1":
            return queryset.filter(liberated)
        if self.value() == "0":
            return queryset.filter(~liberated)
        return queryset


# Lines shown on a forecast's change page; the rest are one click away in the line list,
# so that a 2,000-line forecast renders as fast as a short one.
LINES_SHOWN = 50


class _FirstLinesFormSet(BaseInlineFormSet):
    """The first LINES_SHOWN lines, the total and where to see them all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = LINES_SHOWN
        self.total = self.queryset.count() if self.instance.pk else 0
        self.all_lines_url = (
            reverse("admin:forecasts_forecastline_changelist")
            + f"?forecast__id__exact={self.instance.pk}"
        )

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self._queryset = super().get_queryset()[:LINES_SHOWN]
        return self._queryset


class LineInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The employer's lines as filed: read-only for everyone, the first LINES_SHOWN here."""

    model = ForecastLine
    formset = _FirstLinesFormSet
    template = "admin/forecasts/forecast/lines_inline.html"
    extra = 0
    can_delete = False
    fields = ["code", "title", "workers", "place_of_work", "job_title", "country"]
    readonly_fields = fields
    ordering = ["position", "pk"]
    verbose_name_plural = _("sətirlər")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("occupation", "place__region")

    @admin.display(description=_("kod"))
    def code(self, line):
        return line.occupation_id or "—"

    @admin.display(description=_("peşə"))
    def title(self, line):
        return line.occupation.title() if line.occupation else "—"

    @admin.display(description=ForecastLine._meta.get_field("citizenship").verbose_name)
    def country(self, line):
        # The name alone: the field's own display looks it up among all 250 choices per row.
        return line.citizenship.name if line.citizenship else "—"

    @admin.display(description=_("İş yeri"))
    def place_of_work(self, line):
        if line.place is None:
            return "—"
        if line.place.is_liberated:
            return format_html(
                "{} <strong>({})</strong>", line.place, _("işğaldan azad edilmiş ərazi")
            )
        return str(line.place)


@admin.register(Forecast)
class ForecastAdmin(_AuditedAdmin):
    list_display = [
        "reference",
        "employer_link",
        "voen",
        "submission_number",
        "submitted_at",
        "line_count",
        "total_workers",
        "resubmitted",
        "assignee",
        "year",
        "status",
        "reviewed_by",
    ]
    list_display_links = ["reference"]
    list_filter = [
        ReviewQueueFilter,
        SubmittedBetweenFilter,
        LiberatedLinesFilter,
        LineRegionFilter,
        "employer__activity",
        ("assigned_to", admin.RelatedOnlyFieldListFilter),
        "year",
        "status",
        MajorGroupFilter,
        "employer__kind",
    ]
    list_select_related = ["employer", "reviewed_by", "assigned_to", "current_submission"]
    # Searched by get_search_results() below; listed so the admin shows the search box.
    search_fields = [
        "employer__legal_name__azcontains",
        "employer__voen",
        "lines__occupation__code",
    ]
    search_help_text = _("İşəgötürənin adı, VÖEN və ya peşə kodu (məs. 7212)")
    list_per_page = 50
    inlines = [LineInline]
    actions = [
        "assign_to_me",
        "assign_selected",
        "accept_selected",
        "return_selected",
        "reject_selected",
    ]
    readonly_fields = [
        "reference",
        "employer_profile",
        "year",
        "status",
        "submitted_at",
        "shown_justification",
        "current_review",
        "assigned_to",
        "line_count",
        "total_workers",
        "submitted_lines",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "employer_profile", "year", "status", "submitted_at"]}),
        (
            _("Sətirlər"),
            {"fields": ["line_count", "total_workers", "submitted_lines", "shown_justification"]},
        ),
        (
            _("Baxış"),
            {"fields": ["current_review", "assigned_to"]},
        ),
        (_("Gecikmiş göndəriş"), {"fields": ["reopened_until"]}),
    ]
    change_form_template = "admin/forecasts/forecast/change_form.html"
    change_list_template = "admin/forecasts/forecast/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_totals()

    def view_on_site(self, obj):
        """ "View on site" opens the staff print view of what was submitted (the employer's
        page refuses staff); a draft has nothing submitted to show."""
        if obj.current_submission_id is None:
            return None
        return reverse("admin:forecasts_forecast_print", args=[obj.pk])

    def audit_entries(self, obj):
        return forecast_audit_trail(obj)

    def history_view(self, request, object_id, extra_context=None):
        # The forecast's history is its audit page: the forecast and all its lines.
        return admin_views.audit_view(self, request, object_id)

    def get_ordering(self, request):
        if queue_value(request) != ReviewQueueFilter.ALL:
            return ["submitted_at", "pk"]  # the queue: oldest submission first
        return super().get_ordering(request)

    def get_search_results(self, request, queryset, search_term):
        """Match every word against the employer's name, VÖEN or a line's profession code.

        A code is matched with EXISTS rather than a join, so no DISTINCT is needed
        and the paginator's COUNT stays a plain count.
        """
        for word in smart_split(search_term):
            if word[:1] in "\"'" and word[:1] == word[-1:] and len(word) > 1:
                word = unescape_string_literal(word)
            match = Q(employer__legal_name__icontains=word)
            if word.isdigit():
                lines = has_line(
                    live={"occupation__code__startswith": word}, frozen={"code__startswith": word}
                )
                match |= Q(employer__voen__startswith=word) | lines
            queryset = queryset.filter(match)
        return queryset, False

    @admin.display(description=_("İşəgötürən"), ordering="employer__legal_name")
    def employer_link(self, obj):
        url = reverse("admin:forecasts_employer_change", args=[obj.employer_id])
        return format_html('<a href="{}">{}</a>', url, obj.employer.legal_name)

    def get_inlines(self, request, obj):
        # The live lines while the employer edits; once submitted, the frozen ones
        # (submitted_lines) are what a reviewer reads.
        if obj is not None and obj.shown_record() is not None:
            return []
        return super().get_inlines(request, obj)

    @admin.display(description=_("İşəgötürən"))
    def employer_profile(self, obj):
        """The employer block as submitted (as it is now for a draft), linked to the profile."""
        shown = obj.shown_record() or obj.employer
        url = reverse("admin:forecasts_employer_change", args=[obj.employer_id])
        return format_html(
            '<a href="{}">{} ({})</a> — {}, {}',
            url,
            shown.legal_name,
            shown.voen,
            shown.get_kind_display(),
            shown.get_activity_display(),
        )

    @admin.display(description=_("əsaslandırma"))
    def shown_justification(self, obj):
        record = obj.shown_record()
        return (record.justification if record else obj.justification) or "—"

    @admin.display(description=_("göndərilmiş sətirlər"))
    def submitted_lines(self, obj):
        """The first LINES_SHOWN lines of the submission the status refers to, as submitted;
        the print view has them all."""
        record = obj.shown_record()
        if record is None:
            return "—"
        lines = list(record.lines.all()[:LINES_SHOWN])
        return render_to_string(
            "admin/forecasts/forecast/_submitted_lines.html",
            {
                "submission": record,
                "lines": lines,
                "shown": LINES_SHOWN,
                "total": record.lines.count() if len(lines) == LINES_SHOWN else len(lines),
                "all_lines_url": reverse("admin:forecasts_forecast_print", args=[obj.pk]),
            },
        )

    @admin.display(description=_("İstinad nömrəsi"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("göndəriş"), ordering="current_submission__number")
    def submission_number(self, obj):
        submission = obj.current_submission
        return f"№{submission.number}" if submission else "—"

    @admin.display(description=_("qaytarıldıqdan sonra"), boolean=True)
    def resubmitted(self, obj):
        # Only a returned (or reopened) forecast can be submitted a second time.
        return obj.status == Status.SUBMITTED and obj.current_submission.number > 1

    @admin.display(description=_("yoxlayan"), ordering="assigned_to__email")
    def assignee(self, obj):
        if obj.assigned_to is not None:
            return obj.assigned_to.email or obj.assigned_to.get_username()
        if obj.status != Status.SUBMITTED:
            return "—"
        return format_html(
            '<button type="submit" class="button assign-to-me" formmethod="post" '
            'formaction="{}" name="forecast" value="{}">{}</button>',
            reverse("admin:forecasts_forecast_assign") + "?to=me",
            obj.pk,
            _("Mənə təyin et"),
        )

    @admin.display(description=_("cari baxış"))
    def current_review(self, obj):
        """The review of the current submission only; earlier rounds are listed below."""
        submission = obj.current_submission
        decisions = list(submission.decisions.select_related("decided_by")) if submission else []
        return render_to_string(
            "admin/forecasts/forecast/_current_review.html",
            {"forecast": obj, "submission": submission, "decision": (decisions or [None])[-1]},
        )

    @admin.display(description=_("VÖEN"), ordering="employer__voen")
    def voen(self, obj):
        return obj.employer.voen

    @admin.display(description=_("sətir"), ordering="line_count")
    def line_count(self, obj):
        return obj.line_count

    @admin.display(description=_("cəmi işçi"), ordering="total_workers")
    def total_workers(self, obj):
        return obj.total_workers

    def has_add_permission(self, request):
        # Employers file forecasts through the portal, never staff.
        return False

    def has_change_permission(self, request, obj=None):
        # Once submitted, nobody edits a forecast here, superusers included: it is the
        # frozen record's. The review pages and "reopen for correction" change its state.
        if obj is not None and obj.status != Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Nothing is hard-deleted once submitted: only drafts may go.
        if obj is not None and obj.status != Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The only field staff edit here: the late-submission window.
        if "reopened_until" in form.changed_data:
            obj.allow_late_submission(until=form.cleaned_data["reopened_until"])

    def has_review_permission(self, request) -> bool:
        return can_review(request.user)

    def delete_queryset(self, request, queryset):
        queryset.filter(status=Status.DRAFT).delete()

    def delete_model(self, request, obj):
        if obj.status != Status.DRAFT:
            raise PermissionDenied
        super().delete_model(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            # Same name, so Django's confirmation page posts back to this action.
            actions["delete_selected"] = (
                ForecastAdmin.delete_drafts,
                "delete_selected",
                _("Seçilmiş qaralamaları sil"),
            )
        return actions

    def delete_drafts(self, request, queryset):
        kept = queryset.exclude(status=Status.DRAFT).count()
        if kept:
            self.message_user(
                request,
                ngettext(
                    "%(count)d göndərilmiş proqnoz silinmir: göndərilmiş proqnozlar saxlanılır.",
                    "%(count)d göndərilmiş proqnoz silinmir: göndərilmiş proqnozlar saxlanılır.",
                    kept,
                )
                % {"count": kept},
                messages.WARNING,
            )
        drafts = queryset.filter(status=Status.DRAFT)
        if not drafts.exists():
            return None
        return delete_selected(self, request, drafts)

    # --- extra admin pages (forecasts/admin_views.py) --------------------------------

    def get_urls(self):
        def view(func):
            return self.admin_site.admin_view(functools.partial(func, self))

        return [
            path(
                "bulk-review/<str:action>/",
                view(admin_views.bulk_review_view),
                name="forecasts_forecast_bulk_review",
            ),
            path("assign/", view(admin_views.assign_view), name="forecasts_forecast_assign"),
            path("report/", view(admin_views.report_view), name="forecasts_forecast_report"),
            path(
                "report.xlsx",
                view(admin_views.report_xlsx_view),
                name="forecasts_forecast_report_xlsx",
            ),
            path(
                "register.<str:kind>",
                view(admin_views.register_view),
                name="forecasts_forecast_register",
            ),
            path(
                "<path:object_id>/review/<str:action>/",
                view(admin_views.review_view),
                name="forecasts_forecast_review",
            ),
            path(
                "<path:object_id>/compare/",
                view(admin_views.compare_view),
                name="forecasts_forecast_compare",
            ),
            path(
                "<path:object_id>/print/",
                view(admin_views.print_view),
                name="forecasts_forecast_print",
            ),
            path(
                "<path:object_id>/print.pdf",
                view(admin_views.pdf_view),
                name="forecasts_forecast_pdf",
            ),
            path(
                "<path:object_id>/audit/",
                view(admin_views.audit_view),
                name="forecasts_forecast_audit",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        forecast = self.get_object(request, unquote(object_id))
        if forecast is not None:
            submissions = list(submission_history(forecast))
            extra_context["earlier_submissions"] = [
                s for s in submissions if s.pk != forecast.current_submission_id
            ]
            if submissions:
                previous = submissions[1] if len(submissions) > 1 else None
                extra_context["comparison"] = compare_submissions(previous, submissions[0])
            extra_context["submissions"] = submissions
            extra_context["review_actions"] = admin_views.review_actions(self, request, forecast)
            extra_context["can_assign_to_me"] = (
                self.has_review_permission(request)
                and forecast.status == Status.SUBMITTED
                and forecast.assigned_to_id != request.user.pk
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # --- bulk review actions ----------------------------------------------------------

    # Each opens a confirmation page listing what will change; its form posts to the
    # matching view in admin_views (bulk_review_view, assign_view).

    @admin.action(description=_("Seçilmişləri mənə təyin et"), permissions=["review"])
    def assign_to_me(self, request, queryset):
        return admin_views.confirm_assign(self, request, queryset, to_me=True)

    @admin.action(description=_("Seçilmişləri yoxlayana təyin et"), permissions=["review"])
    def assign_selected(self, request, queryset):
        return admin_views.confirm_assign(self, request, queryset, to_me=False)

    @admin.action(description=_("Seçilmiş proqnozları qəbul et"), permissions=["review"])
    def accept_selected(self, request, queryset):
        return admin_views.confirm_review(self, request, queryset, ACCEPT)

    @admin.action(description=_("Seçilmiş proqnozları düzəliş üçün qaytar"), permissions=["review"])
    def return_selected(self, request, queryset):
        return admin_views.confirm_review(self, request, queryset, RETURN)

    @admin.action(description=_("Seçilmiş proqnozları rədd et"), permissions=["review"])
    def reject_selected(self, request, queryset):
        return admin_views.confirm_review(self, request, queryset, REJECT)


# --- employers --------------------------------------------------------------------------


class EmployerForecastInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The employer's forecasts, one click from their profile and back."""

    model = Forecast
    extra = 0
    fields = ["year", "status", "submitted_at", "reviewed_by"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["-year"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewed_by", "employer")


class EmployerMembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Who works on the employer's account; ownership changes by "Transfer ownership"."""

    model = Membership
    extra = 0
    fields = ["user", "role", "created_at", "account_active"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "employer")

    @admin.display(description=_("aktivdir"), boolean=True)
    def account_active(self, obj):
        return obj.user.is_active


class EmployerJoinRequestInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = JoinRequest
    extra = 0
    fields = ["user", "status", "created_at", "decided_by", "decided_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "decided_by", "employer")


class EmployerInvitationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("invited_by", "employer")


@admin.register(Employer)
class EmployerAdmin(_AuditedAdmin):
    list_display = [
        "legal_name",
        "voen",
        "kind",
        "activity",
        "forecast_count",
        "is_active",
        "created_at",
    ]
    list_filter = ["kind", "activity", "language"]
    search_fields = [
        "legal_name__azcontains",
        "=voen",
        "email",
        "contact_person__azcontains",
    ]
    search_help_text = _("Ad, VÖEN, e-poçt və ya əlaqələndirici şəxs")
    actions = ["deactivate"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [
        EmployerForecastInline,
        EmployerMembershipInline,
        EmployerJoinRequestInline,
        EmployerInvitationInline,
    ]
    fieldsets = [
        (None, {"fields": ["legal_name", "voen", "kind", "activity", "legal_address"]}),
        (
            _("Əlaqə"),
            {
                "fields": [
                    "contact_person",
                    "contact_position",
                    "phone",
                    "email",
                    "language",
                    "head_name",
                    "head_position",
                ]
            },
        ),
        (_("İşçilər"), {"fields": ["headcount", "foreign_workers"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        forecasts = (
            Forecast.objects.filter(employer=OuterRef("pk"))
            .order_by()
            .values("employer")
            .annotate(n=Count("pk"))
            .values("n")
        )
        active = Membership.objects.filter(employer=OuterRef("pk"), user__is_active=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                forecast_total=Coalesce(Subquery(forecasts, output_field=IntegerField()), Value(0)),
                has_active_account=Exists(active),
            )
        )

    change_form_template = "admin/forecasts/employer/change_form.html"

    def audit_entries(self, obj):
        return employer_audit_trail(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.has_submitted():
            # They identify the submitted records: changed only on the identity page.
            readonly += list(IDENTITY_FIELDS)
        return readonly

    def has_identity_permission(self, request) -> bool:
        """DMX administrators (who may change employers) change VÖEN and legal kind."""
        return self.has_change_permission(request)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/identity/",
                self.admin_site.admin_view(functools.partial(admin_views.identity_view, self)),
                name="forecasts_employer_identity",
            ),
            path(
                "<path:object_id>/transfer/",
                self.admin_site.admin_view(functools.partial(admin_views.transfer_view, self)),
                name="forecasts_employer_transfer",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if self.has_identity_permission(request):
            extra_context["identity_url"] = reverse(
                "admin:forecasts_employer_identity", args=[object_id]
            )
            extra_context["transfer_url"] = reverse(
                "admin:forecasts_employer_transfer", args=[object_id]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("proqnozlar"), ordering="forecast_total")
    def forecast_count(self, obj):
        return obj.forecast_total

    @admin.display(description=_("aktivdir"), boolean=True, ordering="has_active_account")
    def is_active(self, obj):
        return obj.has_active_account

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Seçilmiş hesabları deaktiv et"), permissions=["change"])
    def deactivate(self, request, queryset):
        """Deactivate every account of the selected employers: none of their people log in."""
        employers = list(queryset.filter(memberships__user__is_active=True).distinct())
        get_user_model().objects.filter(membership__employer__in=employers, is_active=True).update(
            is_active=False
        )
        for employer in employers:
            self.log_change(request, employer, str(_("Hesab deaktiv edildi.")))
        self.message_user(
            request,
            ngettext(
                "%(count)d hesab deaktiv edildi.",
                "%(count)d hesab deaktiv edildi.",
                len(employers),
            )
            % {"count": len(employers)},
            messages.SUCCESS,
        )


# --- lines, submissions and reference data ---------------------------------------------------


@admin.register(ForecastLine)
class ForecastLineAdmin(_AuditedAdmin):
    list_display = ["forecast", "occupation", "workers", "place", "region"]
    list_select_related = ["forecast__employer", "occupation", "place__region"]
    list_filter = ["forecast__year", "forecast__status", "place__region"]
    search_fields = ["^occupation__code", "=forecast__employer__voen"]
    autocomplete_fields = ["occupation"]
    readonly_fields = ["forecast"]

    def audit_entries(self, obj):
        return line_audit_trail(obj)

    @admin.display(description=_("İqtisadi rayon"), ordering="place__region__number")
    def region(self, line):
        return line.place.region if line.place else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A line of a submitted, accepted or rejected forecast is read-only for everyone,
        # superusers included: it was frozen into the submission under review.
        if obj is not None and not obj.forecast.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.forecast.is_editable:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["forecast", "number", "submitted_at", "total_workers", "compare"]
    list_select_related = ["forecast__employer"]
    list_filter = ["forecast__year"]
    search_fields = ["forecast__employer__legal_name__azcontains", "=forecast__employer__voen"]
    readonly_fields = [f.name for f in Submission._meta.fields]

    @admin.display(description=_("müqayisə"))
    def compare(self, obj):
        url = reverse("admin:forecasts_forecast_compare", args=[obj.forecast_id])
        return format_html('<a href="{}?number={}">{}</a>', url, obj.number, _("müqayisə et"))


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "opens_on", "deadline"]
    ordering = ["-year"]
