"""DMX staff review forecasts here; reviewers act only through the review actions."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from classification.models import Occupation

from .models import (
    Campaign,
    EconomicRegion,
    Employer,
    Forecast,
    ForecastLine,
    Place,
    Status,
    Submission,
)
from .report import report_xlsx
from .review import compare_submissions, review_forecast
from .selectors import DEFAULT_STATUSES, demand_report, statuses_from

REVIEW_PERMISSION = "forecasts.review_forecast"


class LineRegionFilter(admin.SimpleListFilter):
    title = _("iqtisadi rayon (sətirlər)")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(str(r.pk), r.name) for r in EconomicRegion.objects.order_by("number")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            lines = ForecastLine.objects.filter(forecast=OuterRef("pk"), region_id=self.value())
            return queryset.filter(Exists(lines))
        return queryset


class MajorGroupFilter(admin.SimpleListFilter):
    title = _("peşələrin əsas qrupu")
    parameter_name = "major"

    def lookups(self, request, model_admin):
        return [(o.code, f"{o.code} {o.title()}") for o in Occupation.objects.filter(level=1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            units = Occupation.objects.filter(level=4, code__startswith=self.value())
            lines = ForecastLine.objects.filter(forecast=OuterRef("pk"), occupation__in=units)
            return queryset.filter(Exists(lines))
        return queryset


class LineInline(admin.TabularInline):
    model = ForecastLine
    extra = 0
    can_delete = False
    fields = ["code", "title", "workers", "place", "job_title", "citizenship", "monthly_wage"]
    readonly_fields = fields
    ordering = ["position", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("occupation", "place__region")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kod"))
    def code(self, line):
        return line.occupation_id or "—"

    @admin.display(description=_("peşə"))
    def title(self, line):
        return line.occupation.title() if line.occupation else "—"


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Qərar"),
        choices=[
            ("accept", _("Qəbul et")),
            ("return", _("Düzəliş üçün qaytar")),
            ("reject", _("Rədd et")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Şərh (qaytararkən və rədd edərkən mütləqdir)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("İl"), min_value=2000, max_value=2100)
    status = forms.MultipleChoiceField(
        label=_("Vəziyyətlər"),
        choices=Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@admin.register(Forecast)
class ForecastAdmin(SimpleHistoryAdmin):
    list_display = [
        "employer_link",
        "voen",
        "year",
        "status",
        "line_count",
        "total_workers",
        "submitted_at",
        "reviewed_by",
    ]
    list_filter = [
        "year",
        "status",
        LineRegionFilter,
        MajorGroupFilter,
        "employer__kind",
        "employer__activity",
    ]
    list_select_related = ["employer", "reviewed_by"]
    search_fields = ["employer__legal_name", "employer__voen", "=lines__occupation__code"]
    inlines = [LineInline]
    actions = ["accept_selected"]
    readonly_fields = [
        "employer",
        "year",
        "status",
        "justification",
        "reviewer_comment",
        "reviewed_by",
        "reviewed_at",
        "submitted_at",
        "version",
    ]
    fields = [*readonly_fields, "reopened_until"]
    change_form_template = "admin/forecasts/forecast/change_form.html"
    change_list_template = "admin/forecasts/forecast/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("işəgötürən"), ordering="employer__legal_name")
    def employer_link(self, obj):
        url = reverse("admin:forecasts_employer_change", args=[obj.employer_id])
        return format_html('<a href="{}">{}</a>', url, obj.employer.legal_name)

    @admin.display(description=_("VÖEN"), ordering="employer__voen")
    def voen(self, obj):
        return obj.employer.voen

    @admin.display(description=_("sətir"), ordering="line_count")
    def line_count(self, obj):
        return obj.line_count

    @admin.display(description=_("cəmi işçi"), ordering="total_workers")
    def total_workers(self, obj):
        return obj.total_workers or 0

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Nothing is hard-deleted once submitted: only superusers, only drafts.
        if obj is not None and obj.status != Status.DRAFT:
            return False
        return request.user.is_superuser

    # --- review ---------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "report/",
                self.admin_site.admin_view(self.report_view),
                name="forecasts_forecast_report",
            ),
            path(
                "report.xlsx",
                self.admin_site.admin_view(self.report_xlsx_view),
                name="forecasts_forecast_report_xlsx",
            ),
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="forecasts_forecast_review",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        forecast = self.get_object(request, object_id)
        if forecast is not None:
            submissions = list(forecast.submissions.order_by("-number")[:2])
            if submissions:
                previous = submissions[1] if len(submissions) > 1 else None
                extra_context["comparison"] = compare_submissions(previous, submissions[0])
                extra_context["compared"] = submissions
            extra_context["can_review"] = request.user.has_perm(REVIEW_PERMISSION) and bool(
                forecast.allowed_review_actions()
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def review_view(self, request, pk: int):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        forecast = get_object_or_404(Forecast.objects.select_related("employer"), pk=pk)
        form = ReviewForm(request.POST or None)
        allowed = forecast.allowed_review_actions()
        form.fields["action"].choices = [
            choice for choice in form.fields["action"].choices if choice[0] in allowed
        ]
        if request.method == "POST" and form.is_valid():
            try:
                review_forecast(
                    forecast=forecast,
                    action=form.cleaned_data["action"],
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Qərar qeydə alındı və işəgötürənə e-poçt göndərildi."),
                    messages.SUCCESS,
                )
                return redirect("admin:forecasts_forecast_change", forecast.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Proqnoza baxış: %(forecast)s") % {"forecast": forecast},
            "forecast": forecast,
            "form": form,
            "allowed": allowed,
        }
        return TemplateResponse(request, "admin/forecasts/forecast/review.html", context)

    @admin.action(description=_("Seçilmiş göndərilmiş proqnozları qəbul et"))
    def accept_selected(self, request, queryset):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        accepted = refused = 0
        for forecast in queryset.select_related("employer"):
            try:
                review_forecast(forecast=forecast, action="accept", by=request.user)
            except ValidationError:
                refused += 1
            else:
                accepted += 1
        self.message_user(
            request,
            ngettext("%(count)d proqnoz qəbul edildi.", "%(count)d proqnoz qəbul edildi.", accepted)
            % {"count": accepted},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                _("%(count)d proqnoz “göndərilib” vəziyyətində olmadığı üçün dəyişmədi.")
                % {"count": refused},
                messages.WARNING,
            )

    # --- the demand report ------------------------------------------------------

    def _report_from(self, request):
        if not request.user.has_perm("forecasts.view_forecast"):
            raise PermissionDenied
        default_year = timezone.localdate().year + 1
        data = request.GET if "year" in request.GET else None
        form = ReportForm(data, initial={"year": default_year, "status": list(DEFAULT_STATUSES)})
        year, statuses = default_year, DEFAULT_STATUSES
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["year"]
            statuses = statuses_from(form.cleaned_data["status"])
        return form, demand_report(year=year, statuses=statuses)

    def report_view(self, request):
        form, report = self._report_from(request)
        top = report.top()
        chart = [{"code": r.code, "title": r.title, "workers": r.workers} for r in top]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Əcnəbi işçi qüvvəsinə tələbat: ümumi hesabat"),
            "form": form,
            "report": report,
            "chart": chart,
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/forecasts/forecast/report.html", context)

    def report_xlsx_view(self, request):
        _form, report = self._report_from(request)
        response = HttpResponse(
            report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = datetime.date.today().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="tələbat-{report.year}-{stamp}.xlsx"'.encode().decode(
                "latin-1", "ignore"
            )
        )
        return response


@admin.register(Employer)
class EmployerAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "voen", "kind", "activity", "forecast_count", "is_active"]
    list_filter = ["kind", "activity", "user__is_active"]
    list_select_related = ["user"]
    search_fields = ["legal_name", "voen", "email", "contact_person"]
    actions = ["deactivate"]
    readonly_fields = ["user", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(forecast_total=Count("forecasts"))

    @admin.display(description=_("proqnozlar"), ordering="forecast_total")
    def forecast_count(self, obj):
        return obj.forecast_total

    @admin.display(description=_("aktivdir"), boolean=True)
    def is_active(self, obj):
        return obj.user.is_active

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Seçilmiş hesabları deaktiv et"), permissions=["change"])
    def deactivate(self, request, queryset):
        from django.contrib.auth import get_user_model

        count = get_user_model().objects.filter(employer__in=queryset).update(is_active=False)
        self.message_user(request, _("Deaktiv edilən hesablar: %(count)d") % {"count": count})


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "opens_on", "deadline"]
    ordering = ["-year"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["forecast", "number", "submitted_at", "total_workers", "outcome"]
    list_select_related = ["forecast__employer"]
    list_filter = ["outcome"]
    search_fields = ["forecast__employer__legal_name", "forecast__employer__voen"]
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlaceInline(admin.TabularInline):
    model = Place
    extra = 0


@admin.register(EconomicRegion)
class EconomicRegionAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    inlines = [PlaceInline]


admin.site.register(ForecastLine, SimpleHistoryAdmin)
