"""The forecast admin's own pages: review decisions, bulk comments, comparison, audit, report.

``ForecastAdmin.get_urls`` wires these views; each takes the model admin first, for the
admin site's context and permission checks, and stays thin: forms validate, the review
service decides, selectors read.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext, override
from django.utils.translation import gettext_lazy as _

from . import members
from .forms import EmployerIdentityForm, TransferOwnershipForm
from .models import (
    CORRECTION_DUE_PAST,
    REJECT_REASON_REQUIRED,
    REOPEN_REASON_REQUIRED,
    RETURN_COMMENT_REQUIRED,
    Campaign,
    Forecast,
    JoinRequest,
    Status,
    default_correction_due,
)
from .printing import TEMPLATE as PRINT_TEMPLATE
from .printing import submission_context, submission_pdf
from .register import register_csv, register_lines, register_rows, register_xlsx
from .report import report_xlsx
from .review import (
    ACCEPT,
    ACTIONS,
    COMMENT_REQUIRED,
    REJECT,
    REOPEN,
    RETURN,
    assign_forecasts,
    review_forecast,
    review_forecasts,
    reviewers,
)
from .selectors import (
    DEFAULT_STATUSES,
    REPORT_STATUSES,
    compare_submissions,
    demand_report,
    forecast_audit_trail,
    statuses_from,
    submissions_to_compare,
)
from .services import change_employer_identity

_LISTED_REFUSALS = 5
_REQUIRED_COMMENT = {
    RETURN: RETURN_COMMENT_REQUIRED,
    REJECT: REJECT_REASON_REQUIRED,
    REOPEN: REOPEN_REASON_REQUIRED,
}
_COMMENT_LABEL = {
    ACCEPT: _("Şərh (istəyə görə; işəgötürən görəcək)"),
    RETURN: _("Nəyi düzəltmək lazımdır (işəgötürən görəcək)"),
    REJECT: _("Rədd etmənin səbəbi (işəgötürən görəcək)"),
    REOPEN: _("Yenidən açmağın səbəbi: nəyi düzəltmək lazımdır (işəgötürən görəcək)"),
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReviewForm(forms.Form):
    """The comment for one review decision (required when returning or rejecting) and,
    when returning, the date by which the employer must resubmit."""

    comment = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)
    due = forms.DateField(
        required=False,  # empty: the configured default (FORECAST_CORRECTION_DAYS)
        label=_("Düzəliş üçün son tarix"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("İşəgötürən bu tarixədək düzəldib göndərməlidir; ona xatırlatma gedəcək."),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.label = _COMMENT_LABEL[action]
        field.widget.attrs.update({"rows": 5, "cols": 80})
        if action in COMMENT_REQUIRED:
            field.required = True
            field.error_messages["required"] = _REQUIRED_COMMENT[action]
        if action in (RETURN, REOPEN):
            self.fields["due"].initial = default_correction_due(timezone.localdate())
        else:
            del self.fields["due"]

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due and due < timezone.localdate():
            raise forms.ValidationError(CORRECTION_DUE_PAST)
        return due


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("İl"), min_value=2000, max_value=2100)
    status = forms.MultipleChoiceField(
        label=_("Vəziyyətlər"),
        # A draft has not been submitted: the report reads submissions only.
        choices=[(value, label) for value, label in Status.choices if value in REPORT_STATUSES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _page(model_admin, request, template: str, title, forecast=None, **context):
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": title,
            "original": forecast,
            **context,
        },
    )


def _forecast_or_404(model_admin, request, object_id) -> Forecast:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    forecast = model_admin.get_object(request, unquote(object_id))
    if forecast is None:
        raise Http404
    return forecast


def _not_allowed(forecast: Forecast, action: str) -> str:
    return _(
        "“%(action)s” mümkün deyil: proqnoz “%(status)s” vəziyyətindədir. "
        "Qərar yalnız göndərilmiş proqnoz üçün verilir."
    ) % {"action": ACTIONS[action], "status": forecast.get_status_display()}


def review_actions(model_admin, request, forecast: Forecast) -> list[dict]:
    """Return the review buttons the change page offers this user for ``forecast``."""
    if not model_admin.has_review_permission(request):
        return []
    return [
        {
            "action": action,
            "label": ACTIONS[action],
            "url": reverse("admin:forecasts_forecast_review", args=[forecast.pk, action]),
        }
        for action in forecast.allowed_review_actions()
    ]


def review_view(model_admin, request, object_id, action: str):
    """Take one review decision on one forecast, with its comment."""
    if action not in ACTIONS:
        raise Http404
    if not model_admin.has_review_permission(request):
        raise PermissionDenied
    forecast = _forecast_or_404(model_admin, request, object_id)
    change_url = reverse("admin:forecasts_forecast_change", args=[forecast.pk])
    allowed = action in forecast.allowed_review_actions()
    form = ReviewForm(request.POST if request.method == "POST" else None, action=action)
    if request.method == "POST":
        if not allowed:
            model_admin.message_user(request, _not_allowed(forecast, action), messages.ERROR)
            return redirect(change_url)
        if form.is_valid():
            try:
                review_forecast(
                    forecast=forecast,
                    action=action,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                    due=form.cleaned_data.get("due"),
                )
            except ValidationError as error:
                model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(change_url)
            model_admin.message_user(
                request,
                _("“%(forecast)s”: %(status)s. İşəgötürənə e-poçt növbəyə qoyuldu.")
                % {"forecast": forecast, "status": forecast.get_status_display()},
                messages.SUCCESS,
            )
            return redirect(change_url)
    return _page(
        model_admin,
        request,
        "admin/forecasts/forecast/review.html",
        _("%(action)s: %(forecast)s") % {"action": ACTIONS[action], "forecast": forecast},
        forecast,
        form=form,
        action=action,
        action_label=ACTIONS[action],
        allowed=allowed,
        refusal=None if allowed else _not_allowed(forecast, action),
        change_url=change_url,
    )


def compare_view(model_admin, request, object_id):
    """Show what changed between a submission and the one before it."""
    forecast = _forecast_or_404(model_admin, request, object_id)
    number = request.GET.get("number", "")
    previous, current = submissions_to_compare(
        forecast, number=int(number) if number.isdigit() else None
    )
    if current is None:
        raise Http404
    return _page(
        model_admin,
        request,
        "admin/forecasts/forecast/compare.html",
        _("Göndərişlərin müqayisəsi: %(forecast)s") % {"forecast": forecast},
        forecast,
        comparison=compare_submissions(previous, current),
        submissions=list(forecast.submissions.order_by("-number")),
    )


def audit_view(model_admin, request, object_id):
    """Show every recorded change to the forecast and its lines: who, when, what."""
    forecast = _forecast_or_404(model_admin, request, object_id)
    return _page(
        model_admin,
        request,
        "admin/forecasts/forecast/audit.html",
        _("Dəyişikliklər jurnalı: %(forecast)s") % {"forecast": forecast},
        forecast,
        entries=forecast_audit_trail(forecast),
    )


def history_page(model_admin, request, obj, entries):
    """The change history of one employer, forecast or line (the admin's "History")."""
    return _page(
        model_admin,
        request,
        "admin/forecasts/history.html",
        _("Dəyişikliklər jurnalı: %(object)s") % {"object": obj},
        obj,
        entries=entries,
    )


# --- an employer's identity ---------------------------------------------------------


def identity_view(model_admin, request, object_id):
    """Change an employer's VÖEN or legal kind, with the reason: audited and e-mailed."""
    if not model_admin.has_identity_permission(request):
        raise PermissionDenied
    employer = model_admin.get_object(request, unquote(object_id))
    if employer is None:
        raise Http404
    change_url = reverse("admin:forecasts_employer_change", args=[employer.pk])
    # The form fills its own copy: the page keeps naming the employer as stored.
    form = EmployerIdentityForm(
        request.POST if request.method == "POST" else None,
        instance=model_admin.get_object(request, unquote(object_id)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = change_employer_identity(
                employer=employer,
                voen=form.cleaned_data["voen"],
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changes:
                message = _(
                    "“%(employer)s”: dəyişiklik jurnala yazıldı, işəgötürənə e-poçt növbəyə qoyuldu."
                )
            else:
                message = _("“%(employer)s”: heç nə dəyişmədi.")
            model_admin.message_user(
                request, message % {"employer": employer.legal_name}, messages.SUCCESS
            )
            return redirect(change_url)
    return _page(
        model_admin,
        request,
        "admin/forecasts/employer/identity.html",
        _("VÖEN-i və ya növü dəyiş: %(employer)s") % {"employer": employer},
        employer,
        form=form,
        change_url=change_url,
    )


# --- bulk review decisions --------------------------------------------------------------


class AssignForm(forms.Form):
    """Whom the selected forecasts are given to for review."""

    reviewer = forms.ModelChoiceField(
        label=_("Yoxlayan"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— heç kim (təyinatı ləğv et) —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers()
        self.fields["reviewer"].label_from_instance = lambda user: user.email or user.username


_MAX_SELECTED = 10_000


def _selected_ids(request) -> list[int]:
    """Return the forecasts a confirmation page listed (one field, however many)."""
    raw = request.POST.get("forecasts", "")
    return [int(pk) for pk in raw.split(",") if pk.strip().isdigit()][:_MAX_SELECTED]


def _changelist_url(request) -> str:
    """Return the forecast list with the filters the officer came from."""
    url = reverse("admin:forecasts_forecast_changelist")
    filters = QueryDict(request.POST.get("changelist", "")).urlencode()
    return f"{url}?{filters}" if filters else url


def _confirmation(model_admin, request, forecasts, *, title, post_url, changes, refusal, form=None):
    """The page every bulk action passes through: what will change, and for whom."""
    forecasts = list(forecasts)
    changing = [f for f in forecasts if changes(f)]
    return _page(
        model_admin,
        request,
        "admin/forecasts/forecast/bulk_confirm.html",
        title,
        form=form,
        post_url=post_url,
        changing=changing,
        skipped=[f for f in forecasts if not changes(f)],
        refusal=refusal,
        selected=",".join(str(f.pk) for f in forecasts),
        changelist=request.POST.get("changelist", request.GET.urlencode()),
    )


def _selected_forecasts(model_admin, request, queryset):
    return queryset.select_related("employer", "assigned_to").order_by("employer__legal_name", "pk")


def confirm_review(model_admin, request, queryset, action: str, form=None):
    """Show the bulk decision's confirmation page: count, employers, the comment field."""
    return _confirmation(
        model_admin,
        request,
        _selected_forecasts(model_admin, request, queryset),
        title=ACTIONS[action],
        post_url=reverse("admin:forecasts_forecast_bulk_review", args=[action]),
        changes=lambda forecast: action in forecast.allowed_review_actions(),
        refusal=_("dəyişməyəcək: göndərilmiş deyil"),
        form=form or ReviewForm(action=action),
    )


def bulk_review_view(model_admin, request, action: str):
    """Apply a bulk decision confirmed on its page; queue each employer's e-mail."""
    if action not in ACTIONS:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_review_permission(request):
        raise PermissionDenied
    queryset = model_admin.get_queryset(request).filter(pk__in=_selected_ids(request))
    form = ReviewForm(request.POST, action=action)
    if not form.is_valid():
        return confirm_review(model_admin, request, queryset, action, form=form)
    apply_review(
        model_admin,
        request,
        queryset,
        action,
        comment=form.cleaned_data["comment"],
        due=form.cleaned_data.get("due"),
    )
    return redirect(_changelist_url(request))


def confirm_assign(model_admin, request, queryset, *, to_me: bool):
    """Show the assignment's confirmation page (and the reviewer to choose)."""
    forecasts = _selected_forecasts(model_admin, request, queryset)
    if to_me:
        title = _("Mənə təyin et")
        changes = lambda forecast: forecast.assigned_to_id != request.user.pk  # noqa: E731
        post_url = f"{reverse('admin:forecasts_forecast_assign')}?to=me"
        form = None
    else:
        title = _("Yoxlayana təyin et")
        changes = lambda forecast: True  # noqa: E731
        post_url = reverse("admin:forecasts_forecast_assign")
        form = AssignForm()
    return _confirmation(
        model_admin,
        request,
        forecasts,
        title=title,
        post_url=post_url,
        changes=changes,
        refusal=_("artıq sizə təyin edilib"),
        form=form,
    )


def assign_view(model_admin, request):
    """Give the listed forecasts to a reviewer (``?to=me``: to the officer asking)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_review_permission(request):
        raise PermissionDenied
    ids = _selected_ids(request) or [
        int(pk) for pk in request.POST.getlist("forecast") if pk.isdigit()
    ]
    queryset = model_admin.get_queryset(request).filter(pk__in=ids)
    if request.GET.get("to") == "me":
        to = request.user
    else:
        form = AssignForm(request.POST)
        if not form.is_valid():
            return confirm_assign(model_admin, request, queryset, to_me=False)
        to = form.cleaned_data["reviewer"]
    try:
        count = assign_forecasts(forecasts=queryset, to=to, by=request.user)
    except ValidationError as error:
        model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        return redirect(_changelist_url(request))
    who = (to.email or to.get_username()) if to else _("heç kim")
    model_admin.message_user(
        request,
        ngettext(
            "%(count)d proqnoz təyin edildi: %(who)s.",
            "%(count)d proqnoz təyin edildi: %(who)s.",
            count,
        )
        % {"count": count, "who": who},
        messages.SUCCESS,
    )
    return redirect(_changelist_url(request))


def apply_review(model_admin, request, queryset, action: str, *, comment: str, due=None) -> None:
    """Apply one decision to every selected forecast and tell the officer what happened."""
    outcome = review_forecasts(
        forecasts=queryset.select_related("employer"),
        action=action,
        by=request.user,
        comment=comment,
        due=due,
    )
    if outcome.done:
        model_admin.message_user(
            request,
            ngettext(
                "%(action)s: %(count)d proqnoz; işəgötürənə e-poçt növbəyə qoyuldu.",
                "%(action)s: %(count)d proqnoz; işəgötürənlərə e-poçt növbəyə qoyuldu.",
                len(outcome.done),
            )
            % {"action": ACTIONS[action], "count": len(outcome.done)},
            messages.SUCCESS,
        )
    for forecast, reason in outcome.refused[:_LISTED_REFUSALS]:
        model_admin.message_user(request, f"{forecast}: {reason}", messages.WARNING)
    if len(outcome.refused) > _LISTED_REFUSALS:
        model_admin.message_user(
            request,
            _("Daha %(count)d proqnoz dəyişmədi: qərar yalnız göndərilmiş proqnoz üçün verilir.")
            % {"count": len(outcome.refused) - _LISTED_REFUSALS},
            messages.WARNING,
        )


# --- the demand report ------------------------------------------------------------------


def _default_report_year() -> int:
    campaign = Campaign.objects.current()
    return campaign.year if campaign else timezone.localdate().year + 1


def _report_from(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = ReportForm(request.GET if "year" in request.GET else None)
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        statuses = statuses_from(form.cleaned_data["status"])
    else:
        year, statuses = _default_report_year(), DEFAULT_STATUSES
        if not form.is_bound:
            form = ReportForm(initial={"year": year, "status": list(statuses)})
    return form, demand_report(year=year, statuses=statuses)


def report_view(model_admin, request):
    """The aggregated demand by profession, region and activity, with a top-20 chart."""
    form, report = _report_from(model_admin, request)
    chart = [{"code": row.code, "title": row.title, "workers": row.workers} for row in report.top()]
    query = f"year={report.year}&" + "&".join(f"status={s}" for s in report.statuses)
    return _page(
        model_admin,
        request,
        "admin/forecasts/forecast/report.html",
        _("Əcnəbi işçi qüvvəsinə tələbat: ümumi hesabat"),
        form=form,
        report=report,
        chart=chart,
        xlsx_url=f"{reverse('admin:forecasts_forecast_report_xlsx')}?{query}",
    )


def report_xlsx_view(model_admin, request):
    """The same report as an XLSX download."""
    _form, report = _report_from(model_admin, request)
    response = HttpResponse(report_xlsx(report), content_type=XLSX_TYPE)
    filename = f"telebat-{report.year}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the line register --------------------------------------------------------------------

_REGISTER_FORMATS = {
    "xlsx": (register_xlsx, XLSX_TYPE),
    "csv": (register_csv, "text/csv; charset=utf-8"),
}


def _in_language(pieces, language: str):
    """Yield ``pieces`` with ``language`` active: a streamed body is written after the view
    has returned, so it cannot rely on the request's language still being active."""
    with override(language):
        yield from pieces


def register_view(model_admin, request, kind: str):
    """Stream every submitted line of the forecasts the list shows, its filters applied."""
    if kind not in _REGISTER_FORMATS:
        raise Http404
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        return redirect(f"{reverse('admin:forecasts_forecast_changelist')}?e=1")
    write, content_type = _REGISTER_FORMATS[kind]
    language = get_language()
    body = write(register_rows(register_lines(changelist.queryset), language=language))
    response = StreamingHttpResponse(_in_language(body, language), content_type=content_type)
    filename = f"setirler-{timezone.localtime().strftime('%Y-%m-%d-%H%M')}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- printing -----------------------------------------------------------------------------


def _printed_submission(model_admin, request, object_id):
    """Return the forecast and the submission to print: ``?number=`` or the current one."""
    forecast = _forecast_or_404(model_admin, request, object_id)
    number = request.GET.get("number", "")
    if number.isdigit():
        submission = forecast.submissions.filter(number=int(number)).first()
    else:
        submission = forecast.current_submission
    if submission is None:  # a draft, or no such submission
        raise Http404
    return forecast, submission


def print_view(model_admin, request, object_id):
    """The staff print view of a submission, laid out like the employer's."""
    forecast, submission = _printed_submission(model_admin, request, object_id)
    return TemplateResponse(request, PRINT_TEMPLATE, submission_context(forecast, submission))


def pdf_view(model_admin, request, object_id):
    """The same page as a PDF download."""
    forecast, submission = _printed_submission(model_admin, request, object_id)
    response = HttpResponse(
        submission_pdf(forecast, submission, request=request), content_type="application/pdf"
    )
    filename = f"{forecast.reference}-{submission.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def transfer_view(model_admin, request, object_id):
    """DMX staff resolve a dispute: give the employer's account to another person, with a reason."""
    employer = model_admin.get_object(request, unquote(object_id))
    if employer is None:
        raise Http404
    if not model_admin.has_change_permission(request, employer):
        raise PermissionDenied
    change_url = reverse("admin:forecasts_employer_change", args=[employer.pk])
    candidates = (
        get_user_model()
        .objects.filter(
            Q(membership__employer=employer)
            | Q(join_requests__employer=employer, join_requests__status=JoinRequest.Status.PENDING)
        )
        .distinct()
        .order_by("email")
    )
    form = TransferOwnershipForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        try:
            members.transfer_ownership(
                employer=employer,
                to=form.cleaned_data["user"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            model_admin.log_change(
                request,
                employer,
                str(
                    _("Sahiblik %(email)s istifadəçisinə verildi. Səbəb: %(reason)s")
                    % {
                        "email": form.cleaned_data["user"].email,
                        "reason": form.cleaned_data["reason"],
                    }
                ),
            )
            model_admin.message_user(
                request,
                _("Sahiblik %(email)s istifadəçisinə verildi. İşəgötürənə e-poçt növbəyə qoyuldu.")
                % {"email": form.cleaned_data["user"].email},
                messages.SUCCESS,
            )
            return redirect(change_url)
    return _page(
        model_admin,
        request,
        "admin/forecasts/employer/transfer.html",
        _("Sahibliyi ver: %(employer)s") % {"employer": employer},
        employer,
        form=form,
        owners=members.owners_of(employer),
        change_url=change_url,
    )
