"""Work on forecasts that spans several models, each in one transaction."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import members
from .models import (
    IDENTITY_FIELDS,
    IDENTITY_REASON_MAX_LENGTH,
    IDENTITY_REASON_REQUIRED,
    IDENTITY_REASON_TOO_LONG,
    LINE_FIELDS,
    Campaign,
    Employer,
    Forecast,
    ForecastLine,
    Reminder,
    Status,
    Submission,
    default_deadline,
)
from .notifications import queue_identity_change, queue_receipt, queue_reminder
from .validators import normalise_voen


@transaction.atomic
def register_employer(*, user, profile: dict, language: str = "") -> Employer | None:
    """Create the employer of a new account, the account as its owner; its e-mail is the account's.

    A VÖEN that is already registered is not an error: the newcomer asks that
    employer's owners to join it (``members.request_to_join``) and None is returned.
    The sign-up page answers the same in both cases.
    """
    voen = normalise_voen(profile.get("voen", ""))
    existing = Employer.objects.filter(voen=voen).first()
    if existing is None:
        employer = Employer(email=user.email, **profile)
        employer.full_clean(validate_unique=False)
        try:
            with transaction.atomic():  # two sign-ups with one VÖEN at the same moment
                employer.save()
        except IntegrityError:
            existing = Employer.objects.get(voen=voen)
        else:
            members.add_owner(employer=employer, user=user)
            return employer
    members.request_to_join(
        employer=existing, user=user, language=language or profile.get("language", "")
    )
    return None


@transaction.atomic
def change_employer_identity(*, employer: Employer, voen: str, kind: str, reason: str, by) -> list:
    """Change an employer's VÖEN or legal kind as DMX staff, with the reason why.

    After the first submission only DMX changes these (``Employer.has_submitted``). The
    change is in the employer's audit trail under ``by`` with ``reason``, and the
    employer is e-mailed in the same transaction; the submitted records keep the values
    they were frozen with. Returns the fields changed as shown (empty: nothing changed,
    nothing recorded or sent). Raises ValidationError for a missing reason or an
    invalid or taken VÖEN.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(IDENTITY_REASON_REQUIRED)
    if len(reason) > IDENTITY_REASON_MAX_LENGTH:
        raise ValidationError(IDENTITY_REASON_TOO_LONG % {"limit": IDENTITY_REASON_MAX_LENGTH})
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    before = {name: getattr(employer, name) for name in IDENTITY_FIELDS}
    employer.voen, employer.kind = normalise_voen(voen), kind
    employer.full_clean()
    changes = []
    for name in IDENTITY_FIELDS:
        if before[name] != getattr(employer, name):
            field = Employer._meta.get_field(name)
            labels = dict(field.flatchoices)  # lazy: the e-mail shows them in its language
            changes.append(
                {
                    "field": field.verbose_name,
                    "old": labels.get(before[name], before[name]),
                    "new": labels.get(getattr(employer, name), getattr(employer, name)),
                }
            )
    if not changes:
        return []
    employer._history_user = by
    employer._change_reason = reason
    employer.save(update_fields=[*IDENTITY_FIELDS, "updated_at"])
    queue_identity_change(employer, changes=changes, reason=reason)
    return changes


def ensure_campaign(year: int) -> Campaign:
    """Return the campaign for ``year``, creating it with the default dates.

    By default filing opens the day after the previous year's deadline, so there is
    always one campaign open; staff change the dates in admin.
    """
    deadline = default_deadline(year)
    opens_on = default_deadline(year - 1) + datetime.timedelta(days=1)
    campaign, _created = Campaign.objects.get_or_create(
        year=year, defaults={"opens_on": opens_on, "deadline": deadline}
    )
    return campaign


def ensure_current_campaign(today: datetime.date | None = None) -> Campaign:
    """Return the campaign whose default window contains ``today``, creating it if needed."""
    today = today or timezone.localdate()
    year = today.year + 1 if today <= default_deadline(today.year + 1) else today.year + 2
    return ensure_campaign(year)


@transaction.atomic
def start_forecast(*, employer: Employer, year: int, copy_from_last_year: bool = False) -> Forecast:
    """Create the employer's draft for ``year`` (or return the existing one)."""
    forecast, created = Forecast.objects.get_or_create(employer=employer, year=year)
    if copy_from_last_year and forecast.is_editable:
        copy_lines_from_previous_year(forecast=forecast)
    return forecast


@transaction.atomic
def copy_lines_from_previous_year(
    *, forecast: Forecast, expected_version: int | None = None
) -> int:
    """Append last year's lines to this year's draft; return how many were copied."""
    previous = (
        Forecast.objects.filter(employer=forecast.employer, year__lt=forecast.year)
        .order_by("-year")
        .first()
    )
    if previous is None:
        raise ValidationError(_("Əvvəlki illər üçün proqnozunuz yoxdur."))
    forecast.lock_for_edit(expected_version)
    start = (forecast.lines.aggregate(m=Max("position"))["m"] or 0) + 1
    record = previous.shown_record()
    if record is not None:
        # Last year's form as it was submitted, not whatever its live rows say now.
        lines = [line.editable_copy(forecast) for line in record.lines.all()]
    else:
        lines = [
            ForecastLine(
                forecast=forecast, **{field: getattr(line, field) for field in LINE_FIELDS}
            )
            for line in previous.lines.all()
        ]
    # A profession and place already on this draft stays as the employer wrote it.
    taken = set(forecast.lines.values_list("occupation_id", "place_id"))
    copies = [
        line
        for line in lines
        if not (line.occupation_id and line.place_id)
        or (line.occupation_id, line.place_id) not in taken
    ]
    # bulk_create skips simple_history; create one by one so the audit trail sees them.
    for index, line in enumerate(copies):
        line.position = start + index
        line.save()
    return len(copies)


@transaction.atomic
def save_line(
    *,
    forecast: Forecast,
    data: dict,
    line: ForecastLine | None = None,
    expected_version: int | None,
) -> ForecastLine:
    """Add or change one line of an editable forecast (optimistic lock on the forecast)."""
    forecast.lock_for_edit(expected_version)
    if line is None:
        position = (forecast.lines.aggregate(m=Max("position"))["m"] or 0) + 1
        line = ForecastLine(forecast=forecast, position=position)
    text_fields = ("job_title", "citizenship", "education", "note")
    for field in LINE_FIELDS:
        value = data.get(field)
        setattr(line, field, "" if value is None and field in text_fields else value)
    # Under the forecast's lock: also the one-line-per-profession-and-place constraint.
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def delete_line(*, line: ForecastLine, expected_version: int | None) -> None:
    """Remove a line from an editable forecast."""
    forecast = line.forecast
    forecast.lock_for_edit(expected_version)
    line.delete()


def forecasts_for_dashboard(employer: Employer):
    """Return the employer's forecasts with their totals, newest year first.

    A submitted forecast's totals are its frozen record's, a draft's its live lines'.
    """
    return Forecast.objects.filter(employer=employer).with_shown_totals().order_by("-year")


@transaction.atomic
def submit_forecast(*, forecast: Forecast, by, expected_version: int | None = None) -> Submission:
    """Submit the forecast and queue the employer's receipt in the same transaction."""
    submission = forecast.submit(by=by, expected_version=expected_version)
    queue_receipt(forecast, submission)
    return submission


# --- reminders ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    forecast: Forecast
    kind: str
    due: datetime.date
    days_before: int
    days_left: int


def _window(days_left: int) -> int | None:
    """Return the reminder window ``days_left`` falls in (14, then 3), or None."""
    windows = sorted(settings.FORECAST_REMINDER_DAYS)
    return next((days for days in windows if 0 <= days_left <= days), None)


def due_reminders(today: datetime.date | None = None) -> list[DueReminder]:
    """Return the reminders due today and not yet sent.

    Drafts of the open campaign are reminded of its deadline, returned forecasts of
    their correction deadline, 14 and 3 days before (``FORECAST_REMINDER_DAYS``). A
    day the job did not run is made up the next day, with one e-mail, not two.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(settings.FORECAST_REMINDER_DAYS))
    candidates: list[tuple[Forecast, str, datetime.date]] = []
    campaign = Campaign.objects.current(today)
    if campaign and campaign.is_open(today) and campaign.deadline <= horizon:
        drafts = Forecast.objects.filter(year=campaign.year, status=Status.DRAFT).select_related(
            "employer"
        )
        candidates += [(f, Reminder.Kind.DEADLINE, campaign.deadline) for f in drafts]
    returned = Forecast.objects.filter(
        status=Status.RETURNED, correction_due__gte=today, correction_due__lte=horizon
    ).select_related("employer")
    candidates += [(f, Reminder.Kind.CORRECTION, f.correction_due) for f in returned]

    sent = set(
        Reminder.objects.filter(
            forecast__in=[forecast for forecast, _kind, _due in candidates]
        ).values_list("forecast_id", "kind", "due", "days_before")
    )
    due = []
    for forecast, kind, deadline in candidates:
        days_left = (deadline - today).days
        window = _window(days_left)
        if window is not None and (forecast.pk, kind, deadline, window) not in sent:
            due.append(DueReminder(forecast, kind, deadline, window, days_left))
    return due


def send_reminders(*, today: datetime.date | None = None, dry_run: bool = False) -> int:
    """Queue every reminder due today; return how many. Safe to run any number of times.

    Each reminder is recorded (``Reminder``, unique per forecast, deadline and window)
    in the same transaction as its e-mail, so a second run, or two at once, send nothing
    new.
    """
    reminders = due_reminders(today)
    if dry_run:
        return len(reminders)
    queued = 0
    for item in reminders:
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    forecast=item.forecast,
                    kind=item.kind,
                    due=item.due,
                    days_before=item.days_before,
                )
                reminder.email = queue_reminder(item.forecast, reminder, days_left=item.days_left)
                reminder.save(update_fields=["email"])
        except IntegrityError:
            continue  # another run recorded it first
        queued += 1
    return queued


# How long "undo" is offered after a line is deleted.
UNDO_DELETE_SECONDS = 5 * 60


def restorable_line(line: ForecastLine) -> dict:
    """Return what it takes to put ``line`` back: JSON-ready, for the session's "undo"."""
    return {
        "forecast": line.forecast_id,
        "position": line.position,
        "occupation": line.occupation_id,
        "workers": line.workers,
        "place": line.place_id,
        "job_title": line.job_title,
        "citizenship": str(line.citizenship.code) if line.citizenship else "",
        "education": line.education,
        "monthly_wage": str(line.monthly_wage) if line.monthly_wage is not None else None,
        "period_months": line.period_months,
        "note": line.note,
        "deleted_at": timezone.now().timestamp(),
    }


@transaction.atomic
def restore_line(*, forecast: Forecast, data: dict, expected_version: int | None) -> ForecastLine:
    """Put a deleted line back where it was (the "undo" of ``delete_line``)."""
    forecast.lock_for_edit(expected_version)
    line = ForecastLine(
        forecast=forecast,
        position=data["position"],
        occupation_id=data["occupation"],
        workers=data["workers"],
        place_id=data["place"],
        job_title=data["job_title"],
        citizenship=data["citizenship"],
        education=data["education"],
        monthly_wage=data["monthly_wage"],
        period_months=data["period_months"],
        note=data["note"],
    )
    line.full_clean()  # refused if a line with its profession and place was added since
    line.save()
    return line
