"""Employer-facing views: thin wrappers over forms, model methods and services."""

from allauth.account.utils import has_verified_email
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from classification.converters import CODE
from classification.models import Occupation
from classification.suggest import MAX_TITLE_LENGTH, suggest

from . import members, selectors, services
from .forms import (
    DutiesForm,
    EmployerProfileForm,
    JustificationForm,
    LinePageForm,
    UploadForm,
    VersionForm,
)
from .models import (
    EMAIL_NOT_VERIFIED,
    Campaign,
    Employer,
    Forecast,
    ForecastLine,
    StaleForecastError,
)

STALE_MESSAGE = gettext_lazy(
    "Bu proqnoz başqa pəncərədə və ya başqa istifadəçi tərəfindən dəyişdirilib. "
    "Ən son vəziyyət aşağıda göstərilir; dəyişikliyinizi yenidən edin."
)


def _employer_for(request) -> Employer | None:
    """Return the employer the signed-in account works for (``members.employer_of``)."""
    return members.employer_of(request.user)


def _own_employer(request) -> Employer:
    """Return the signed-in account's employer, or 404 for an account without one."""
    employer = _employer_for(request)
    if employer is None:
        raise Http404
    return employer


def _open_campaign(request) -> Campaign | None:
    """Return the campaign open for forecasts now, or None after telling the visitor."""
    campaign = Campaign.objects.current()
    if campaign is None:
        messages.error(request, _("Hazırda açıq proqnoz kampaniyası yoxdur."))
    return campaign


def _get_forecast_for_user(request, pk: int) -> Forecast:
    """Return the user's own forecast or raise 404 (never reveal others')."""
    employer = _own_employer(request)
    return get_object_or_404(
        Forecast.objects.select_related("employer", "current_submission"), pk=pk, employer=employer
    )


def _as_shown(forecast: Forecast) -> dict:
    """Return what a page shows of ``forecast``: once submitted, the frozen record its
    status refers to (never the live profile or lines); while editable, the live draft."""
    record = forecast.shown_record()
    if record is None:
        lines = list(_lines(forecast))
        employer, justification = forecast.employer, forecast.justification
    else:
        lines = list(record.lines.all())
        employer, justification = record, record.justification
    return {
        "record": record,
        "employer": employer,
        "lines": lines,
        "total": sum(line.workers or 0 for line in lines),
        "justification": justification,
    }


def _lines(forecast: Forecast):
    return forecast.lines.select_related(
        "occupation__parent__parent__parent", "place__region"
    ).order_by("position", "pk")


def _stale(request, forecast: Forecast):
    messages.error(request, STALE_MESSAGE)
    return redirect("forecasts:forecast-detail", pk=forecast.pk)


def _posted_version(request) -> int:
    """Return the version the page was shown with; a missing or bad one counts as stale.

    Every change an employer posts carries it, so no change skips the optimistic lock.
    """
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise StaleForecastError
    return form.cleaned_data["version"]


@login_required
def profile(request):
    employer = _own_employer(request)
    form = EmployerProfileForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profil yadda saxlanıldı."))
        back = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = "forecasts:dashboard"  # never send the employer off the portal
        return redirect(back)
    return render(request, "forecasts/profile.html", {"form": form, "employer": employer})


def dashboard(request):
    if not request.user.is_authenticated:
        return render(request, "forecasts/landing.html")
    employer = _employer_for(request)
    if employer is None:
        return render(
            request,
            "forecasts/no_employer.html",
            {"join_request": members.pending_join_request(request.user)},
            status=200,
        )
    campaign = Campaign.objects.current()
    forecasts = list(services.forecasts_for_dashboard(employer))
    current = next((f for f in forecasts if campaign and f.year == campaign.year), None)
    has_previous = any(campaign and f.year < campaign.year for f in forecasts)
    return render(
        request,
        "forecasts/dashboard.html",
        {
            "employer": employer,
            "campaign": campaign,
            "campaign_open": bool(campaign and campaign.is_open()),
            "days_left": campaign.days_left() if campaign else None,
            "forecasts": forecasts,
            "current": current,
            "has_previous": has_previous,
            "email_verified": has_verified_email(request.user),
        },
    )


@login_required
@require_POST
def start(request):
    employer = _own_employer(request)
    campaign = _open_campaign(request)
    if campaign is None:
        return redirect("forecasts:dashboard")
    copy = request.POST.get("copy") == "1"
    try:
        forecast = services.start_forecast(
            employer=employer, year=campaign.year, copy_from_last_year=copy
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("forecasts:dashboard")
    return redirect("forecasts:forecast-detail", pk=forecast.pk)


@login_required
def use_code(request, code: str):
    """Offer to add a line with ``code`` to this year's draft; only the POST changes anything."""
    employer = _own_employer(request)
    campaign = _open_campaign(request)
    if campaign is None:
        return redirect("forecasts:dashboard")
    forecast = Forecast.objects.filter(employer=employer, year=campaign.year).first()
    if forecast is not None and not forecast.is_editable:
        messages.error(request, _("Bu ilin proqnozu artıq göndərilib."))
        return redirect("forecasts:forecast-detail", pk=forecast.pk)
    if request.method != "POST":
        occupation = Occupation.objects.filter(code=code).first()
        return render(
            request,
            "forecasts/use_code.html",
            {"code": code, "occupation": occupation, "campaign": campaign, "forecast": forecast},
        )
    if forecast is None:
        forecast = services.start_forecast(employer=employer, year=campaign.year)
    return redirect(reverse("forecasts:line-add", args=[forecast.pk]) + f"?code={code}")


@login_required
def forecast_detail(request, pk: int):
    """The form page for an editable forecast; the read-only view otherwise."""
    forecast = _get_forecast_for_user(request, pk)
    if request.method == "POST":
        form = JustificationForm(request.POST, instance=forecast)
        if "version" in form.errors:
            return _stale(request, forecast)
        if form.is_valid():
            try:
                forecast.save_draft(
                    justification=form.cleaned_data["justification"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleForecastError:
                return _stale(request, forecast)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("forecasts:forecast-detail", pk=pk)
            messages.success(request, _("Qaralama yadda saxlanıldı."))
            if request.POST.get("next") == "check":
                return redirect("forecasts:forecast-check", pk=pk)
            return redirect("forecasts:forecast-detail", pk=pk)
    else:
        form = JustificationForm(instance=forecast, initial={"version": forecast.version})
    submissions = list(selectors.submission_history(forecast))
    return render(
        request,
        "forecasts/forecast_detail.html",
        {
            "forecast": forecast,
            **_as_shown(forecast),
            "form": form,
            "submissions": submissions,
            "version_form": VersionForm(initial={"version": forecast.version}),
            "undo": _undo_offer(request, forecast),
            "can_copy": forecast.is_editable
            and Forecast.objects.filter(
                employer=forecast.employer, year__lt=forecast.year
            ).exists(),
        },
    )


def _coding_help(request, forecast: Forecast, form: LinePageForm):
    """Return the duties form, whether the assistant was asked, and its answer if so.

    Without JavaScript the employer asks with the "suggest" button and picks with a
    suggestion's button (``pick``); with it the page asks the suggest API as they type.
    The employer's registered activity goes with the title.
    """
    duties_form = DutiesForm(request.POST if request.method == "POST" else None)
    asked = request.method == "POST" and (
        request.POST.get("action") == "suggest" or "pick" in request.POST
    )
    title = (form["job_title"].value() or "").strip()[:MAX_TITLE_LENGTH]
    if not asked or not title or not duties_form.is_valid():
        return duties_form, asked, None
    return (
        duties_form,
        asked,
        suggest(
            title,
            duties=duties_form.cleaned_data["duties"],
            activity=forecast.employer.activity,
            language=get_language(),
        ),
    )


def _line_form_page(request, forecast: Forecast, line: ForecastLine | None):
    if not forecast.is_editable:
        messages.error(request, _("Göndərilmiş proqnozu dəyişmək olmaz."))
        return redirect("forecasts:forecast-detail", pk=forecast.pk)
    picked = request.POST.get("pick", "")
    if request.POST.get("action") == "suggest" or picked:
        # Asking the coding assistant (without JavaScript) saves nothing.
        data = request.POST.copy()
        if CODE.fullmatch(picked):
            data["profession"] = picked
        form = LinePageForm(data, forecast=forecast, instance=line)
    elif request.method == "POST":
        form = LinePageForm(request.POST, forecast=forecast, instance=line)
        if "version" in form.errors:
            return _stale(request, forecast)
        if form.is_valid():
            try:
                services.save_line(
                    forecast=forecast,
                    line=line,
                    data=form.line_data(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleForecastError:
                return _stale(request, forecast)
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Sətir yadda saxlanıldı."))
                if request.POST.get("action") == "add-another":
                    return redirect("forecasts:line-add", pk=forecast.pk)
                return redirect("forecasts:forecast-detail", pk=forecast.pk)
    elif line is not None:
        form = LinePageForm(forecast=forecast, instance=line, initial={"version": forecast.version})
    else:
        form = LinePageForm(
            forecast=forecast,
            initial={"profession": request.GET.get("code", "")[:8], "version": forecast.version},
        )
    duties_form, asked, assistant = _coding_help(request, forecast, form)
    if not form.errors and not (assistant and assistant.suggestions and not picked):
        # The page is for choosing a profession: start there (with errors, the summary;
        # after asking the assistant, its first suggestion).
        form.fields["profession"].widget.attrs["autofocus"] = True
    codes_on_form = list(
        forecast.lines.exclude(pk=getattr(line, "pk", None))
        .exclude(occupation=None)
        .values_list("occupation_id", flat=True)
    )
    chosen = None
    code = "".join((form["profession"].value() or "").split())
    if CODE.fullmatch(code):
        chosen = (
            Occupation.objects.select_related("parent__parent__parent").filter(code=code).first()
        )
    return render(
        request,
        "forecasts/line_form.html",
        {
            "forecast": forecast,
            "form": form,
            "duties_form": duties_form,
            "asked": asked,
            "assistant": assistant,
            "picked": code if picked else "",
            "line": line,
            "codes_on_form": ",".join(codes_on_form),
            "chosen": chosen,
        },
    )


@login_required
def line_add(request, pk: int):
    forecast = _get_forecast_for_user(request, pk)
    return _line_form_page(request, forecast, None)


@login_required
def line_edit(request, pk: int, line_pk: int):
    forecast = _get_forecast_for_user(request, pk)
    line = get_object_or_404(ForecastLine, pk=line_pk, forecast=forecast)
    return _line_form_page(request, forecast, line)


UNDO_SESSION_KEY = "forecasts:deleted-line"


@login_required
def line_delete(request, pk: int, line_pk: int):
    """Ask before deleting (GET: a confirmation page); delete on POST and offer "undo"."""
    forecast = _get_forecast_for_user(request, pk)
    line = get_object_or_404(
        ForecastLine.objects.select_related("occupation", "place__region"),
        pk=line_pk,
        forecast=forecast,
    )
    if request.method != "POST":
        if not forecast.is_editable:
            return redirect("forecasts:forecast-detail", pk=pk)
        return render(
            request,
            "forecasts/line_confirm_delete.html",
            {
                "forecast": forecast,
                "line": line,
                "number": list(_lines(forecast).values_list("pk", flat=True)).index(line.pk) + 1,
                "version_form": VersionForm(initial={"version": forecast.version}),
            },
        )
    undo = services.restorable_line(line)
    try:
        services.delete_line(line=line, expected_version=_posted_version(request))
    except StaleForecastError:
        return _stale(request, forecast)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        request.session[UNDO_SESSION_KEY] = undo
    return redirect("forecasts:forecast-detail", pk=pk)


def _undo_offer(request, forecast: Forecast) -> dict | None:
    """Return the line this forecast's "undo" would put back, while it is offered."""
    undo = request.session.get(UNDO_SESSION_KEY)
    if not undo or undo.get("forecast") != forecast.pk or not forecast.is_editable:
        return None
    if timezone.now().timestamp() - undo["deleted_at"] > services.UNDO_DELETE_SECONDS:
        request.session.pop(UNDO_SESSION_KEY, None)
        return None
    occupation = Occupation.objects.filter(code=undo["occupation"]).first()
    return {**undo, "title": occupation.title() if occupation else ""}


@login_required
@require_POST
def line_restore(request, pk: int):
    """Undo the last deletion of a line on this forecast, within the undo time."""
    forecast = _get_forecast_for_user(request, pk)
    undo = _undo_offer(request, forecast)
    if undo is None:
        messages.error(request, _("Silinmiş sətri artıq geri qaytarmaq mümkün deyil."))
        return redirect("forecasts:forecast-detail", pk=pk)
    try:
        services.restore_line(
            forecast=forecast, data=undo, expected_version=_posted_version(request)
        )
    except StaleForecastError:
        return _stale(request, forecast)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sətir geri qaytarıldı."))
    request.session.pop(UNDO_SESSION_KEY, None)
    return redirect("forecasts:forecast-detail", pk=pk)


@login_required
@require_POST
def copy_last_year(request, pk: int):
    forecast = _get_forecast_for_user(request, pk)
    try:
        count = services.copy_lines_from_previous_year(
            forecast=forecast, expected_version=_posted_version(request)
        )
    except StaleForecastError:
        return _stale(request, forecast)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "Əvvəlki ilin proqnozundan %(count)s sətir əlavə edildi.",
                "Əvvəlki ilin proqnozundan %(count)s sətir əlavə edildi.",
                count,
            )
            % {"count": count},
        )
    return redirect("forecasts:forecast-detail", pk=pk)


@login_required
def check_answers(request, pk: int):
    """GOV.UK's "check your answers" page; its POST is the final submit."""
    forecast = _get_forecast_for_user(request, pk)
    if not forecast.is_editable:
        return redirect("forecasts:forecast-detail", pk=pk)
    lines = list(_lines(forecast))
    errors = forecast.validation_errors(lines)
    email_verified = has_verified_email(request.user)
    if not email_verified:
        errors.insert(0, EMAIL_NOT_VERIFIED)
    if not forecast.submission_allowed():
        errors.insert(
            0,
            _(
                "Son tarix keçib. Gecikmiş proqnozu yalnız DMX əməkdaşı yenidən açdıqdan sonra göndərmək olar."
            ),
        )
    if request.method == "POST" and not errors:
        try:
            services.submit_forecast(
                forecast=forecast, by=request.user, expected_version=_posted_version(request)
            )
        except StaleForecastError:
            messages.error(request, STALE_MESSAGE)
            return redirect("forecasts:forecast-check", pk=pk)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("Proqnoz DMX-ə göndərildi (istinad nömrəsi %(reference)s). Təşəkkür edirik.")
                % {"reference": forecast.reference},
            )
            return redirect("forecasts:forecast-detail", pk=pk)
    return render(
        request,
        "forecasts/check_answers.html",
        {
            "forecast": forecast,
            "employer": forecast.employer,
            "lines": lines,
            "total": sum(line.workers or 0 for line in lines),
            "errors": errors,
            "email_verified": email_verified,
            "version_form": VersionForm(initial={"version": forecast.version}),
        },
        status=200,
    )


@login_required
def forecast_print(request, pk: int):
    forecast = _get_forecast_for_user(request, pk)
    shown = _as_shown(forecast)
    record = shown["record"]
    return render(
        request,
        "forecasts/forecast_print.html",
        {
            "forecast": forecast,
            **shown,
            # A submitted form carries the date it was submitted, as a signed paper would.
            "today": timezone.localdate(record.submitted_at) if record else timezone.localdate(),
        },
    )


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def forecast_xlsx(request, pk: int):
    from .xlsx import export_forecast

    forecast = _get_forecast_for_user(request, pk)
    content = export_forecast(forecast, language=get_language())
    voen = (forecast.shown_record() or forecast.employer).voen
    return _xlsx_response(content, f"proqnoz-{forecast.year}-{voen}.xlsx")


@login_required
def template_xlsx(request):
    from .xlsx import blank_template

    return _xlsx_response(blank_template(language=get_language()), "proqnoz-sablon.xlsx")


@login_required
def forecast_upload(request, pk: int):
    from .xlsx import XlsxUploadError, import_lines_from_xlsx

    forecast = _get_forecast_for_user(request, pk)
    if not forecast.is_editable:
        messages.error(request, _("Göndərilmiş proqnozu dəyişmək olmaz."))
        return redirect("forecasts:forecast-detail", pk=pk)
    issues = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if "version" in form.errors:
            return _stale(request, forecast)
        if form.is_valid():
            try:
                count = import_lines_from_xlsx(
                    forecast=forecast,
                    uploaded_file=form.cleaned_data["file"],
                    expected_version=form.cleaned_data["version"],
                )
            except XlsxUploadError as exc:
                issues = exc.errors
            except StaleForecastError:
                return _stale(request, forecast)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Fayldan %(count)s sətir əlavə edildi.",
                        "Fayldan %(count)s sətir əlavə edildi.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("forecasts:forecast-detail", pk=pk)
    else:
        form = UploadForm(initial={"version": forecast.version})
    return render(
        request,
        "forecasts/upload.html",
        {"forecast": forecast, "form": form, "issues": issues},
        status=400 if issues else 200,
    )
