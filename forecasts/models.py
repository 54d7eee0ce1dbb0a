"""Employers, campaigns and the next-year foreign-worker demand forecasts.

Fields marked (I) in docs/DOMAIN.md are our inference of the official form; they
live in choices and constants here so DMX can correct them in one place.
"""

import datetime
from decimal import Decimal

from allauth.account.utils import has_verified_email
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from classification.database import az_order
from classification.models import EconomicActivity, Level, Occupation

from .validators import normalise_phone, normalise_voen, validate_phone, validate_voen

# The limits of a forecast line (docs/DOMAIN.md, "Lines"): the model's validators, its
# database constraints and the line form all read them here.
MAX_WORKERS_PER_LINE = 10_000
MAX_MONTHLY_WAGE = Decimal("1000000")
MAX_PERIOD_MONTHS = 12
REFERENCE_PREFIX = "KV"


def acted_by(verbose_name, **options) -> models.ForeignKey:
    """The account that did something to a row (reviewed, accepted, revoked it): nobody
    once the account is deleted, and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )


class EmployerKind(models.TextChoices):
    LEGAL_ENTITY = "legal_entity", _("Hüquqi şəxs")
    FOREIGN_BRANCH = "foreign_branch", _("Xarici şirkətin filialı və ya nümayəndəliyi")
    INDIVIDUAL = "individual", _("Fərdi sahibkar")


class EducationLevel(models.TextChoices):
    NONE = "none", _("Tələb olunmur")
    GENERAL = "general", _("Ümumi orta təhsil")
    VOCATIONAL = "vocational", _("Peşə təhsili")
    SECONDARY_SPECIAL = "secondary_special", _("Orta ixtisas təhsili")
    BACHELOR = "bachelor", _("Ali təhsil (bakalavr)")
    MASTER = "master", _("Ali təhsil (magistr)")
    DOCTORATE = "doctorate", _("Doktorantura")


class Employer(models.Model):
    """An organisation (one VÖEN) that owns its forecasts; its people are ``Membership``s."""

    legal_name = models.CharField(_("hüquqi adı"), max_length=300)
    voen = models.CharField(
        _("VÖEN"),
        max_length=10,
        unique=True,
        validators=[validate_voen],
        help_text=_("Vergi ödəyicisinin eyniləşdirmə nömrəsi: 10 rəqəm."),
    )
    kind = models.CharField(_("növü"), max_length=20, choices=EmployerKind.choices)
    legal_address = models.CharField(_("hüquqi ünvanı"), max_length=500)
    activity = models.CharField(
        _("əsas iqtisadi fəaliyyət növü"), max_length=1, choices=EconomicActivity.choices
    )
    contact_person = models.CharField(_("əlaqələndirici şəxs"), max_length=200)
    contact_position = models.CharField(_("əlaqələndirici şəxsin vəzifəsi"), max_length=200)
    phone = models.CharField(
        _("telefon"), max_length=13, validators=[validate_phone], help_text=_("+994XXXXXXXXX")
    )
    email = models.EmailField(_("e-poçt"))
    head_name = models.CharField(_("rəhbərin adı, soyadı"), max_length=200)
    head_position = models.CharField(_("rəhbərin vəzifəsi"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(
        pgettext_lazy("employer headcount", "İşçilərin sayı"), null=True, blank=True
    )
    foreign_workers = models.PositiveIntegerField(
        _("İş icazəsi olan əcnəbi işçilərin sayı"), null=True, blank=True
    )
    language = models.CharField(
        _("yazışma dili"), max_length=2, choices=settings.LANGUAGES, default="az"
    )
    created_at = models.DateTimeField(_("qeydiyyat tarixi"), auto_now_add=True)
    updated_at = models.DateTimeField(_("yenilənib"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [az_order("legal_name")]
        verbose_name = _("İşəgötürən")
        verbose_name_plural = _("İşəgötürənlər")
        constraints = [
            models.CheckConstraint(
                condition=Q(voen__regex=r"^[0-9]{10}$"), name="employer_voen_10_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.voen})"

    def clean(self) -> None:
        self.voen = normalise_voen(self.voen)
        self.phone = normalise_phone(self.phone)

    def header(self) -> dict:
        """Return the employer block printed at the top of every forecast."""
        return employer_header(self)

    def has_submitted(self) -> bool:
        """Say whether any forecast of this employer was ever submitted.

        From then on VÖEN and legal kind identify the submitted records and change only
        through DMX staff (``services.change_employer_identity``).
        """
        return Submission.objects.filter(forecast__employer=self).exists()


# The reason is kept as the audit record's change reason, a column of this length.
IDENTITY_REASON_MAX_LENGTH = Employer.history.model._meta.get_field(
    "history_change_reason"
).max_length
# What identifies the employer in its submitted records: after the first submission only
# DMX staff change these, with a reason (services.change_employer_identity).
IDENTITY_FIELDS = ("voen", "kind")
IDENTITY_REASON_REQUIRED = _("VÖEN-i və ya növü dəyişməyin səbəbini yazmaq mütləqdir.")
IDENTITY_REASON_TOO_LONG = _("Səbəb ən çoxu %(limit)s simvol ola bilər.")
IDENTITY_LOCKED_HELP = _(
    "Proqnoz göndərildikdən sonra VÖEN-i və hüquqi növü yalnız DMX dəyişə bilər: "
    "DMX ilə əlaqə saxlayın."
)


# The employer block frozen into every submission, field by field (docs/DOMAIN.md).
EMPLOYER_BLOCK = (
    "legal_name",
    "voen",
    "kind",
    "legal_address",
    "activity",
    "contact_person",
    "contact_position",
    "phone",
    "email",
    "head_name",
    "head_position",
    "headcount",
    "foreign_workers",
)


def employer_header(source) -> dict:
    """Return the printed employer block of an ``Employer`` or a frozen ``Submission``."""
    return {
        "legal_name": source.legal_name,
        "voen": source.voen,
        "kind": source.get_kind_display(),
        "legal_address": source.legal_address,
        "activity": source.get_activity_display(),
        "contact_person": source.contact_person,
        "contact_position": source.contact_position,
        "phone": source.phone,
        "email": source.email,
        "head_name": source.head_name,
        "head_position": source.head_position,
    }


def default_deadline(year: int) -> datetime.date:
    """Return the default deadline for forecasts of ``year``: 1 August of the year before."""
    return datetime.date(year - 1, settings.FORECAST_DEADLINE_MONTH, settings.FORECAST_DEADLINE_DAY)


class CampaignQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None) -> "Campaign | None":
        """Return the campaign open today, else the next one to open, else the latest."""
        today = today or timezone.localdate()
        open_now = self.filter(opens_on__lte=today, deadline__gte=today).order_by("year").first()
        if open_now:
            return open_now
        upcoming = self.filter(opens_on__gt=today).order_by("opens_on").first()
        return upcoming or self.order_by("-year").first()


class Campaign(models.Model):
    """The filing window for forecasts of one year."""

    year = models.PositiveSmallIntegerField(
        _("proqnoz ili"), unique=True, validators=[MinValueValidator(2000)]
    )
    opens_on = models.DateField(_("açılış tarixi"))
    deadline = models.DateField(
        _("son tarix"), help_text=_("Adətən əvvəlki ilin 1 avqustu. Bu gün daxil olmaqla.")
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("kampaniya")
        verbose_name_plural = _("kampaniyalar")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("deadline")),
                name="campaign_opens_before_deadline",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def save(self, *args, **kwargs):
        if self.deadline is None and self.year:
            self.deadline = default_deadline(self.year)
        super().save(*args, **kwargs)

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.deadline

    def phase(self, today: datetime.date | None = None) -> str:
        """Return "upcoming" before the opening date, "open", or "closed" after the deadline."""
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.deadline else "closed"

    def days_left(self, today: datetime.date | None = None) -> int:
        """Return whole days left until the deadline (0 on the last day, negative after)."""
        today = today or timezone.localdate()
        return (self.deadline - today).days


class Status(models.TextChoices):
    DRAFT = "draft", _("Qaralama")
    SUBMITTED = "submitted", _("Göndərilib")
    RETURNED = "returned", _("Düzəliş üçün qaytarılıb")
    ACCEPTED = "accepted", _("Qəbul edilib")
    REJECTED = "rejected", _("Rədd edilib")


EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
# The messages of the review decisions that need the reviewer's words.
RETURN_COMMENT_REQUIRED = _("Düzəliş üçün qaytararkən şərh yazmaq mütləqdir.")
# DMX writes to the address it receives forecasts from: it must be proven first.
EMAIL_NOT_VERIFIED = _(
    "Proqnozu göndərmək üçün əvvəlcə e-poçt ünvanınızı təsdiqləyin: məktubdakı keçidi açın."
)
REJECT_REASON_REQUIRED = _("Rədd etmənin səbəbini yazmaq mütləqdir.")
CORRECTION_DUE_PAST = _("Düzəliş üçün son tarix bu gündən əvvəl ola bilməz.")
REOPEN_REASON_REQUIRED = _("Qəbul edilmiş proqnozu yenidən açmağın səbəbini yazmaq mütləqdir.")


def default_correction_due(today: datetime.date) -> datetime.date:
    """Return the correction deadline offered when a forecast is returned today."""
    return today + datetime.timedelta(days=settings.FORECAST_CORRECTION_DAYS)


def _append_history(ids: list[int], *, by, reason: str, at) -> None:
    """Append a "changed" history record for each forecast in ``ids`` as it now stands.

    One INSERT … SELECT per 500 forecasts instead of a Python object per record (what
    django-simple-history's bulk_history_create builds), which is what lets a bulk
    decision on a thousand forecasts stay well inside its two seconds.
    """
    history = Forecast.history.model
    quote = connection.ops.quote_name
    source = {field.column for field in Forecast._meta.concrete_fields}
    given = {
        "history_date": connection.ops.adapt_datetimefield_value(at),
        "history_type": "~",
        "history_change_reason": reason or None,
        "history_user_id": getattr(by, "pk", None),
    }
    columns, selected, params = [], [], []
    for field in history._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(quote(field.column))
        if field.column in source:
            selected.append(quote(field.column))
        else:
            selected.append("%s")
            params.append(given[field.attname])
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
                f"SELECT {', '.join(selected)} FROM {quote(Forecast._meta.db_table)} "
                f"WHERE {quote(Forecast._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [*params, *chunk],
            )


def _decision_fields(*, to: str, by, comment: str, now) -> dict:
    """Return what every review decision sets on the forecast (single or in bulk)."""
    return {"status": to, "reviewer_comment": comment, "reviewed_by": by, "reviewed_at": now}


def _not_allowed_message(forecast: "Forecast") -> str:
    return _("Bu əməliyyat “%(status)s” vəziyyətində olan proqnoz üçün mümkün deyil.") % {
        "status": forecast.get_status_display()
    }


class ForecastQuerySet(models.QuerySet):
    def with_shown_totals(self):
        """Annotate ``line_count`` and ``total_workers`` of what the employer's pages show
        (``Forecast.shown_record``): the frozen record's once submitted, the live lines'
        while editable (a draft, a returned forecast).

        Correlated subqueries rather than a JOIN with GROUP BY: computed only for the
        rows fetched and kept out of a paginator's COUNT.
        """
        frozen = (
            SubmittedLine.objects.filter(submission=OuterRef("current_submission"))
            .order_by()
            .values("submission")
        )
        live = ForecastLine.objects.filter(forecast=OuterRef("pk")).order_by().values("forecast")
        submitted = ~Q(status__in=EDITABLE_STATUSES)

        def count(lines):
            return Subquery(lines.annotate(n=Count("pk")).values("n"), output_field=IntegerField())

        return self.annotate(
            line_count=Coalesce(
                Case(When(submitted, then=count(frozen)), default=count(live)), Value(0)
            ),
            total_workers=Coalesce(
                Case(
                    When(submitted, then=models.F("current_submission__total_workers")),
                    default=Subquery(
                        live.annotate(s=Sum("workers")).values("s"), output_field=IntegerField()
                    ),
                ),
                Value(0),
            ),
        )

    def decide(
        self,
        *,
        action: str,
        by,
        comment: str = "",
        correction_due: datetime.date | None = None,
        now=None,
        change_reason: str = "",
    ) -> tuple[list[tuple["Forecast", "Decision"]], list[tuple["Forecast", str]]]:
        """Take one review decision on every forecast here, in a fixed number of queries.

        The bulk twin of the single-forecast methods (``accept`` …), with the same
        transitions (``REVIEW_TRANSITIONS``) and the same fields set: the forecasts are
        locked, those whose status allows ``action`` change in one UPDATE, each gets
        its Decision and its history record in one INSERT each. Returns the forecasts
        decided with their decisions, and those refused with why. Call it inside a
        transaction.
        """
        allowed_from, to = REVIEW_TRANSITIONS[action]
        now = now or timezone.now()
        if action in _COMMENT_REQUIRED:
            comment = _required_text(comment, _COMMENT_REQUIRED[action])
        if to == Status.RETURNED:
            correction_due = correction_due or default_correction_due(timezone.localdate(now))
            if correction_due < timezone.localdate(now):
                raise ValidationError(CORRECTION_DUE_PAST)
        ids = list(self.values_list("pk", flat=True))
        locked = list(
            Forecast.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("employer", "current_submission")
            .order_by("pk")
        )
        ready = [forecast for forecast in locked if forecast.status in allowed_from]
        refused = [
            (forecast, _not_allowed_message(forecast))
            for forecast in locked
            if forecast.status not in allowed_from
        ]
        if not ready:
            return [], refused
        fields = _decision_fields(to=to, by=by, comment=comment, now=now)
        if to == Status.RETURNED:
            fields["correction_due"] = correction_due
        Forecast.objects.filter(pk__in=[f.pk for f in ready]).update(
            **fields, version=models.F("version") + 1, updated_at=now
        )
        for forecast in ready:
            for name, value in fields.items():
                setattr(forecast, name, value)
            forecast.version += 1
            forecast.updated_at = now
            if to in EDITABLE_STATUSES:
                forecast._restore_lines_from(forecast.current_submission)
        _append_history([forecast.pk for forecast in ready], by=by, reason=change_reason, at=now)
        decisions = Decision.objects.bulk_create(
            [
                Decision(
                    submission_id=forecast.current_submission_id,
                    action=action,
                    comment=comment,
                    decided_by=by,
                    decided_at=now,
                )
                for forecast in ready
            ]
        )
        return list(zip(ready, decisions, strict=True)), refused

    def with_current_totals(self):
        """Annotate ``line_count`` and ``total_workers`` of what a reviewer looks at: the
        current submission's frozen lines, or a draft's live lines (correlated subqueries,
        computed for the fetched rows only)."""
        frozen = (
            SubmittedLine.objects.filter(submission=OuterRef("current_submission"))
            .order_by()
            .values("submission")
        )
        live = ForecastLine.objects.filter(forecast=OuterRef("pk")).order_by().values("forecast")
        return self.annotate(
            line_count=Coalesce(
                Subquery(frozen.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Subquery(live.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Value(0),
            ),
            total_workers=Coalesce(
                models.F("current_submission__total_workers"),
                Subquery(live.annotate(s=Sum("workers")).values("s"), output_field=IntegerField()),
                Value(0),
            ),
        )


class Forecast(models.Model):
    """One employer's forecast of foreign-worker demand for one year."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="forecasts", verbose_name=_("İşəgötürən")
    )
    year = models.PositiveSmallIntegerField(_("İl"))
    status = models.CharField(
        _("vəziyyət"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    justification = models.TextField(_("əsaslandırma"), blank=True, max_length=5000)
    reviewer_comment = models.TextField(_("yoxlayanın şərhi"), blank=True)
    reviewed_by = acted_by(_("yoxlayan"))
    reviewed_at = models.DateTimeField(_("yoxlanılıb"), null=True, blank=True)
    assigned_to = acted_by(_("təyin edilmiş yoxlayan"), limit_choices_to={"is_staff": True})
    correction_due = models.DateField(
        _("düzəliş üçün son tarix"),
        null=True,
        blank=True,
        help_text=_("Qaytarılmış proqnozu işəgötürən bu tarixədək düzəldib göndərməlidir."),
    )
    submitted_at = models.DateTimeField(_("göndərilib"), null=True, blank=True)
    reopened_until = models.DateField(
        _("gecikmiş göndərişə icazə (tarixədək)"),
        null=True,
        blank=True,
        help_text=_("Son tarixdən sonra işəgötürənin göndərə bilməsi üçün işçi tərəfindən açılır."),
    )
    version = models.PositiveIntegerField(
        _("versiya"),
        default=1,
        help_text=_("Eyni qaralamanın iki pəncərədə üst-üstə yazılmaması üçün."),
    )
    # The frozen record the current status refers to: the submission under review,
    # accepted, rejected or returned. Every page after submission reads this one.
    current_submission = models.OneToOneField(
        "Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="current_for",
        verbose_name=_("cari göndəriş"),
    )
    created_at = models.DateTimeField(_("yaradılıb"), auto_now_add=True)
    updated_at = models.DateTimeField(_("yenilənib"), auto_now=True)
    history = HistoricalRecords()

    objects = ForecastQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "employer__legal_name"]
        verbose_name = _("proqnoz")
        verbose_name_plural = _("proqnozlar")
        permissions = [("review_forecast", _("Proqnozu qəbul etmək, qaytarmaq və ya rədd etmək"))]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "year"], name="one_forecast_per_employer_year"
            ),
            # A draft has no record yet; every other status refers to one.
            models.CheckConstraint(
                condition=Q(status="draft", current_submission__isnull=True)
                | (~Q(status="draft") & Q(current_submission__isnull=False)),
                name="forecast_record_unless_draft",
            ),
        ]
        indexes = [
            # The admin changelist and the report filter by year and status.
            models.Index(fields=["year", "status"], name="forecast_year_status"),
        ]

    def __str__(self) -> str:
        return f"{self.employer.legal_name} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("forecasts:forecast-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """Return the reference employers and DMX quote, e.g. KV-2027-000123.

        Made from the year and the primary key, so it never changes and needs no counter
        that every submission at the deadline would queue on.
        """
        return self.reference_for(year=self.year, pk=self.pk)

    @staticmethod
    def reference_for(*, year: int, pk: int) -> str:
        """Return the reference of the forecast ``pk`` of ``year`` (for rows read as values)."""
        return f"{REFERENCE_PREFIX}-{year}-{pk:06d}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def shown_record(self) -> "Submission | None":
        """Return the frozen submission every reader shows of this forecast.

        None while the employer edits it (a draft, a returned forecast): then the live
        profile and lines are what there is to show.
        """
        return None if self.is_editable else self.current_submission

    @property
    def campaign(self) -> "Campaign | None":
        return Campaign.objects.filter(year=self.year).first()

    def submission_allowed(self, today: datetime.date | None = None) -> bool:
        """Say whether the employer may submit today.

        A forecast returned for correction may always be resubmitted: returning it is
        the staff's decision to accept an amendment. A draft needs an open campaign or
        a reopening by staff.
        """
        today = today or timezone.localdate()
        if self.status == Status.RETURNED:
            return True
        if self.reopened_until and today <= self.reopened_until:
            return True
        campaign = self.campaign
        return bool(campaign and campaign.is_open(today))

    def validation_errors(self, lines=None) -> list[str]:
        """Return what stops this forecast from being submitted (empty when it can be)."""
        lines = list(self.lines.select_related("occupation", "place") if lines is None else lines)
        errors: list[str] = []
        if not lines:
            errors.append(_("Ən azı bir peşə əlavə edin."))
        # No two lines repeat a profession and place: the line form refuses it and the
        # database holds it (ForecastLine's "line_unique_profession_place").
        for number, line in enumerate(lines, start=1):
            for problem in line.missing_fields():
                errors.append(
                    _("%(number)s-ci sətir: %(problem)s") % {"number": number, "problem": problem}
                )
        return errors

    def lock_for_edit(self, expected_version: int | None) -> "Forecast":
        """Lock this forecast for a change by its employer and bump its version.

        Refuse a forecast that is no longer editable (ValidationError) and one saved
        elsewhere since the page showed ``expected_version`` (StaleForecastError); None
        skips the version check. Call it inside the transaction that makes the change.
        """
        locked = Forecast.objects.select_for_update().get(pk=self.pk)
        self.status, self.version = locked.status, locked.version
        if self.status not in EDITABLE_STATUSES:
            raise ValidationError(_("Göndərilmiş proqnozu dəyişmək olmaz."))
        if expected_version is not None and expected_version != self.version:
            raise StaleForecastError
        # The version filter also guards SQLite, which ignores SELECT ... FOR UPDATE.
        updated = Forecast.objects.filter(pk=self.pk, version=self.version).update(
            version=models.F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleForecastError
        self.version += 1
        return self

    @transaction.atomic
    def save_draft(self, *, justification: str, expected_version: int | None) -> None:
        """Save the whole-form fields of a draft (optimistic lock on ``version``)."""
        self.lock_for_edit(expected_version)
        self.justification = justification
        self.save(update_fields=["justification", "updated_at"])

    @transaction.atomic
    def submit(self, *, by, expected_version: int | None = None, now=None) -> "Submission":
        """Submit the forecast as a frozen record; refuse double submits and late ones.

        ``by`` must have a verified e-mail address (django-allauth's EmailAddress).
        """
        now = now or timezone.now()
        if not has_verified_email(by):
            raise ValidationError(EMAIL_NOT_VERIFIED)
        self.lock_for_edit(expected_version)
        if not self.submission_allowed(timezone.localdate(now)):
            raise ValidationError(
                _(
                    "Son tarix keçib. Gecikmiş proqnozu yalnız DMX əməkdaşı yenidən açdıqdan sonra göndərmək olar."
                )
            )
        lines = list(
            self.lines.select_related("occupation", "place__region").order_by("position", "pk")
        )
        errors = self.validation_errors(lines)
        if errors:
            raise ValidationError(errors)
        submission = Submission.freeze(self, by=by, at=now, lines=lines)
        self.status = Status.SUBMITTED
        self.submitted_at = now
        self.current_submission = submission
        self.save(update_fields=["status", "submitted_at", "current_submission", "updated_at"])
        return submission

    def _review(self, *, action: str, by, comment: str, now=None) -> "Decision":
        allowed_from, to = REVIEW_TRANSITIONS[action]
        locked = Forecast.objects.select_for_update().get(pk=self.pk)
        if locked.status not in allowed_from:
            raise ValidationError(_not_allowed_message(locked))
        for name, value in _decision_fields(
            to=to, by=by, comment=comment, now=now or timezone.now()
        ).items():
            setattr(self, name, value)
        self.version = locked.version + 1
        self.current_submission_id = locked.current_submission_id
        self.save(
            update_fields=[
                "status",
                "reviewer_comment",
                "reviewed_by",
                "reviewed_at",
                "version",
                "correction_due",
                "updated_at",
            ]
        )
        if to in EDITABLE_STATUSES:
            self._restore_lines_from(self.current_submission)
        return Decision.objects.create(
            submission_id=self.current_submission_id,
            action=action,
            comment=comment,
            decided_by=by,
            decided_at=self.reviewed_at,
        )

    def _restore_lines_from(self, submission: "Submission") -> None:
        """Make the editable lines the frozen ones again, if they ever drifted apart."""
        frozen = list(submission.lines.all())
        live = list(self.lines.order_by("position", "pk"))
        if [line.comparable() for line in live] == [line.comparable() for line in frozen]:
            return
        for line in live:
            line.delete()
        for line in frozen:
            line.editable_copy(self).save()

    @transaction.atomic
    def accept(self, *, by, comment: str = "", now=None) -> "Decision":
        return self._review(
            action=Decision.Action.ACCEPTED,
            by=by,
            comment=comment,
            now=now,
        )

    @transaction.atomic
    def return_for_correction(
        self, *, by, comment: str, due: datetime.date | None = None, now=None
    ) -> "Decision":
        """Return for correction, to be resubmitted by ``due`` (default: the configured days)."""
        now = now or timezone.now()
        self._set_correction_due(due, now)
        return self._review(
            action=Decision.Action.RETURNED,
            by=by,
            comment=_required_text(comment, RETURN_COMMENT_REQUIRED),
            now=now,
        )

    def _set_correction_due(self, due: datetime.date | None, now) -> None:
        """The day a returned or reopened forecast is to be resubmitted by: ``due``, or the
        configured number of days from today; never a day already past."""
        due = due or default_correction_due(timezone.localdate(now))
        if due < timezone.localdate(now):
            raise ValidationError(CORRECTION_DUE_PAST)
        self.correction_due = due

    @transaction.atomic
    def reject(self, *, by, reason: str, now=None) -> "Decision":
        return self._review(
            action=Decision.Action.REJECTED,
            by=by,
            comment=_required_text(reason, REJECT_REASON_REQUIRED),
            now=now,
        )

    def assign(self, *, to) -> None:
        """Give the review of this forecast to ``to`` (None: to nobody)."""
        self.assigned_to = to
        self.save(update_fields=["assigned_to", "updated_at"])

    @transaction.atomic
    def reopen_for_correction(
        self, *, by, reason: str, due: datetime.date | None = None, now=None
    ) -> "Decision":
        """Send an accepted forecast back to the employer to correct and submit again.

        The accepted record stays as it was; the employer edits its lines as a draft, to
        resubmit by ``due`` (as for a return), and the next submission is reviewed like
        any other.
        """
        now = now or timezone.now()
        self._set_correction_due(due, now)
        return self._review(
            action=Decision.Action.REOPENED,
            by=by,
            comment=_required_text(reason, REOPEN_REASON_REQUIRED),
            now=now,
        )

    @transaction.atomic
    def allow_late_submission(self, *, until: datetime.date | None) -> None:
        """Let the employer submit after the deadline, until ``until`` inclusive (None: no more)."""
        self.reopened_until = until
        self.save(update_fields=["reopened_until", "updated_at"])

    def allowed_review_actions(self) -> list[str]:
        """Return the review actions valid in the current state."""
        if self.status == Status.SUBMITTED:
            return ["accept", "return", "reject"]
        if self.status == Status.ACCEPTED:
            return ["reopen"]
        return []


def _required_text(text: str, message) -> str:
    """Return ``text`` stripped, refusing it when nothing is left."""
    if not text or not text.strip():
        raise ValidationError(message)
    return text.strip()


class StaleForecastError(Exception):
    """The forecast was changed elsewhere (another tab) since the form was opened."""


# The rest of a line besides its profession, count and place: copied as they are between
# a draft line and its frozen record, both ways.
LINE_DETAILS = ("job_title", "citizenship", "education", "monthly_wage", "period_months", "note")
# What the employer fills in on a line (the line page, an upload, a copy of last year's).
LINE_FIELDS = ("occupation", "workers", "place", *LINE_DETAILS)


class ForecastLine(models.Model):
    """One profession at one place of work, with the number of workers needed."""

    forecast = models.ForeignKey(
        Forecast, on_delete=models.CASCADE, related_name="lines", verbose_name=_("proqnoz")
    )
    position = models.PositiveIntegerField(_("sıra"), default=0)
    occupation = models.ForeignKey(
        "classification.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forecast_lines",
        verbose_name=_("peşə"),
        limit_choices_to={"level": Level.UNIT},
    )
    workers = models.PositiveIntegerField(
        _("əcnəbi işçilərin sayı"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKERS_PER_LINE)],
    )
    place = models.ForeignKey(
        "classification.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("şəhər / rayon"),
    )
    job_title = models.CharField(_("vəzifənin adı (işəgötürəndə)"), max_length=200, blank=True)
    citizenship = CountryField(_("vətəndaşlıq"), blank=True)
    education = models.CharField(
        _("təhsil səviyyəsi"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    monthly_wage = models.DecimalField(
        _("planlaşdırılan aylıq əmək haqqı (AZN)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_MONTHLY_WAGE)],
    )
    period_months = models.PositiveSmallIntegerField(
        _("müddət (ay)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIOD_MONTHS)],
    )
    note = models.CharField(_("qeyd"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("proqnoz sətri")
        verbose_name_plural = _("proqnoz sətirləri")
        constraints = [
            models.CheckConstraint(
                condition=Q(workers__isnull=True)
                | Q(workers__gte=1, workers__lte=MAX_WORKERS_PER_LINE),
                name="line_workers_1_10000",
            ),
            models.CheckConstraint(
                condition=Q(period_months__isnull=True)
                | Q(period_months__gte=1, period_months__lte=MAX_PERIOD_MONTHS),
                name="line_period_1_12",
            ),
            models.CheckConstraint(
                condition=Q(monthly_wage__isnull=True)
                | Q(monthly_wage__gte=0, monthly_wage__lte=MAX_MONTHLY_WAGE),
                name="line_wage_0_1000000",
            ),
            # One line per profession and place (a draft's incomplete lines, with no
            # profession or place yet, are not compared: NULLs are distinct).
            models.UniqueConstraint(
                fields=["forecast", "occupation", "place"],
                name="line_unique_profession_place",
                violation_error_message=_("Bu peşə bu iş yerində proqnozda artıq var."),
            ),
        ]
        indexes = [
            # The report groups lines by profession within a year's forecasts.
            models.Index(fields=["occupation", "forecast"], name="line_occupation_forecast"),
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id or '—'} × {self.workers or '—'}"

    @property
    def is_liberated(self) -> bool:
        return bool(self.place and self.place.is_liberated)

    def missing_fields(self) -> list[str]:
        """Return the required fields a submitted line still lacks."""
        missing = []
        if not self.occupation_id:
            missing.append(_("peşə seçilməyib"))
        if not self.workers:
            missing.append(_("işçilərin sayı göstərilməyib"))
        if not self.place_id:
            missing.append(_("iş yeri (şəhər / rayon) göstərilməyib"))
        return missing

    # What the pages, the print view and the XLSX show of a line, live or frozen alike.
    @property
    def code(self) -> str:
        return self.occupation_id or ""

    def profession_title(self, language: str | None = None) -> str:
        return self.occupation.title(language) if self.occupation else ""

    @property
    def place_name(self) -> str:
        return self.place.name if self.place else ""

    @property
    def region_name(self) -> str:
        return self.place.region.name if self.place else ""

    def comparable(self) -> tuple:
        """Return what a frozen copy of this line must equal (``SubmittedLine.comparable``)."""
        return (
            self.occupation_id or "",
            self.workers,
            self.place_id,
            self.job_title,
            str(self.citizenship.code) if self.citizenship else "",
            self.education,
            self.monthly_wage,
            self.period_months,
            self.note,
        )

    def frozen_copy(self, submission: "Submission", position: int) -> "SubmittedLine":
        """Return the line as submitted: codes, titles in every language, names, flags."""
        occupation, place = self.occupation, self.place
        return SubmittedLine(
            submission=submission,
            position=position,
            code=occupation.code,
            title_az=occupation.title("az"),
            title_en=occupation.title("en"),
            title_ru=occupation.title("ru"),
            workers=self.workers,
            place=place,
            place_name=place.name,
            region_number=place.region.number,
            region_name=place.region.name,
            is_liberated=place.is_liberated,
            **{name: getattr(self, name) for name in LINE_DETAILS},
        )


# --- the system of record: submissions, their lines and the review decisions -----------


class FrozenRecordError(PermissionDenied):
    """A submitted record was about to be changed or deleted; it never is."""

    def __init__(self, record=None):
        label = record._meta.verbose_name if record is not None else _("göndəriş")
        super().__init__(
            _("“%(record)s” göndərilmiş qeyddir: onu dəyişmək və ya silmək olmaz.")
            % {"record": label}
        )


class FrozenQuerySet(models.QuerySet):
    """Rows written once and never changed: bulk changes and deletes are refused."""

    def update(self, **kwargs):
        raise FrozenRecordError(self.model)

    def delete(self):
        raise FrozenRecordError(self.model)

    def bulk_update(self, objs, fields, batch_size=None):
        raise FrozenRecordError(self.model)

    def bulk_create(self, objs, *args, update_conflicts=False, **kwargs):
        if update_conflicts:  # an upsert would overwrite frozen rows
            raise FrozenRecordError(self.model)
        return super().bulk_create(objs, *args, **kwargs)


class FrozenModel(models.Model):
    """A record that is inserted once; ``save()`` on a stored row and ``delete()`` refuse.

    ``update()``, ``bulk_update()`` and ``delete()`` on its QuerySets refuse too, the
    related managers included (``base_manager_name``). Protected foreign keys keep
    cascades away from it.
    """

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("update_fields") or kwargs.get("force_update"):
            raise FrozenRecordError(self)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenRecordError(self)


class Submission(FrozenModel):
    """What the employer submitted, frozen: the employer block, the lines, the justification.

    The review pages, the comparison, the print view, the XLSX of a submitted form and
    the demand report read these rows, never the live employer or lines, so a later
    profile edit changes only drafts and future submissions.
    """

    forecast = models.ForeignKey(
        Forecast, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("proqnoz")
    )
    number = models.PositiveSmallIntegerField(_("nömrə"))
    submitted_at = models.DateTimeField(_("göndərilib"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("göndərən istifadəçi"),
    )
    # The employer block as submitted (EMPLOYER_BLOCK): the same names as on Employer.
    legal_name = models.CharField(_("hüquqi adı"), max_length=300)
    voen = models.CharField(_("VÖEN"), max_length=10)
    kind = models.CharField(_("növü"), max_length=20, choices=EmployerKind.choices)
    legal_address = models.CharField(_("hüquqi ünvanı"), max_length=500)
    activity = models.CharField(
        _("əsas iqtisadi fəaliyyət növü"), max_length=1, choices=EconomicActivity.choices
    )
    contact_person = models.CharField(_("əlaqələndirici şəxs"), max_length=200)
    contact_position = models.CharField(_("əlaqələndirici şəxsin vəzifəsi"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=13)
    email = models.EmailField(_("e-poçt"))
    head_name = models.CharField(_("rəhbərin adı, soyadı"), max_length=200)
    head_position = models.CharField(_("rəhbərin vəzifəsi"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(
        pgettext_lazy("employer headcount", "İşçilərin sayı"), null=True, blank=True
    )
    foreign_workers = models.PositiveIntegerField(
        _("İş icazəsi olan əcnəbi işçilərin sayı"), null=True, blank=True
    )
    justification = models.TextField(_("əsaslandırma"), blank=True)
    total_workers = models.PositiveIntegerField(_("cəmi işçi"), default=0)

    class Meta(FrozenModel.Meta):
        ordering = ["forecast", "number"]
        verbose_name = _("göndəriş")
        verbose_name_plural = _("göndərişlər")
        constraints = [
            models.UniqueConstraint(fields=["forecast", "number"], name="submission_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.forecast} #{self.number}"

    @classmethod
    def freeze(cls, forecast: Forecast, *, by, at, lines=None) -> "Submission":
        """Write the record of ``forecast`` as it stands now: employer block, lines, total.

        Only records; the status change is ``Forecast.submit()``'s.
        """
        if lines is None:
            lines = list(
                forecast.lines.select_related("occupation", "place__region").order_by(
                    "position", "pk"
                )
            )
        employer = forecast.employer
        submission = cls.objects.create(
            forecast=forecast,
            number=forecast.submissions.count() + 1,
            submitted_at=at,
            submitted_by=by,
            justification=forecast.justification,
            total_workers=sum(line.workers or 0 for line in lines),
            **{name: getattr(employer, name) for name in EMPLOYER_BLOCK},
        )
        SubmittedLine.objects.bulk_create(
            [line.frozen_copy(submission, position) for position, line in enumerate(lines, 1)]
        )
        return submission

    def header(self) -> dict:
        """Return the employer block as submitted, labels in the active language."""
        return employer_header(self)


class SubmittedLine(FrozenModel):
    """One line as submitted, with the profession's titles and the place's names of then."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="lines", verbose_name=_("göndəriş")
    )
    position = models.PositiveIntegerField(_("sıra"))
    code = models.CharField(_("kod"), max_length=8)
    title_az = models.CharField(_("ad (azərbaycanca)"), max_length=300)
    title_en = models.CharField(_("ad (ingiliscə)"), max_length=300, blank=True)
    title_ru = models.CharField(_("ad (rusca)"), max_length=300, blank=True)
    workers = models.PositiveIntegerField(_("əcnəbi işçilərin sayı"))
    # Kept to restore the line as a draft; the names below are what was submitted.
    place = models.ForeignKey(
        "classification.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("şəhər / rayon"),
    )
    place_name = models.CharField(_("şəhər / rayon"), max_length=100)
    region_number = models.PositiveSmallIntegerField(_("İqtisadi rayonun nömrəsi"), null=True)
    region_name = models.CharField(_("İqtisadi rayon"), max_length=100)
    is_liberated = models.BooleanField(_("İşğaldan azad edilmiş ərazi"), default=False)
    job_title = models.CharField(_("vəzifənin adı (işəgötürəndə)"), max_length=200, blank=True)
    citizenship = CountryField(_("vətəndaşlıq"), blank=True)
    education = models.CharField(
        _("təhsil səviyyəsi"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    monthly_wage = models.DecimalField(
        _("planlaşdırılan aylıq əmək haqqı (AZN)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    period_months = models.PositiveSmallIntegerField(_("müddət (ay)"), null=True, blank=True)
    note = models.CharField(_("qeyd"), max_length=500, blank=True)

    class Meta(FrozenModel.Meta):
        ordering = ["submission", "position"]
        verbose_name = _("göndərilmiş sətir")
        verbose_name_plural = _("göndərilmiş sətirlər")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position"], name="submitted_line_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(workers__gte=1, workers__lte=MAX_WORKERS_PER_LINE),
                name="submitted_line_workers_1_10000",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} × {self.workers}"

    def profession_title(self, language: str | None = None) -> str:
        """Return the title as submitted in ``language`` (default: the active one)."""
        language = (language or get_language() or "az")[:2]
        return getattr(self, f"title_{language}", "") or self.title_az or self.code

    def comparable(self) -> tuple:
        return (
            self.code,
            self.workers,
            self.place_id,
            self.job_title,
            str(self.citizenship.code) if self.citizenship else "",
            self.education,
            self.monthly_wage,
            self.period_months,
            self.note,
        )

    def editable_copy(self, forecast: Forecast) -> ForecastLine:
        """Return this line as a new line of ``forecast``'s draft."""
        occupation = Occupation.objects.filter(code=self.code, level=Level.UNIT).first()
        return ForecastLine(
            forecast=forecast,
            position=self.position,
            occupation=occupation,
            workers=self.workers,
            place_id=self.place_id,
            **{name: getattr(self, name) for name in LINE_DETAILS},
        )


class Decision(FrozenModel):
    """One review decision on one submission: appended, never changed."""

    class Action(models.TextChoices):
        # The same words as the statuses they lead to (Status), for the same translations.
        ACCEPTED = "accepted", _("Qəbul edilib")
        RETURNED = "returned", _("Düzəliş üçün qaytarılıb")
        REJECTED = "rejected", _("Rədd edilib")
        REOPENED = "reopened", _("Düzəliş üçün yenidən açılıb")

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("göndəriş")
    )
    action = models.CharField(_("qərar"), max_length=10, choices=Action.choices)
    comment = models.TextField(_("yoxlayanın şərhi"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("yoxlayan"),
    )
    decided_at = models.DateTimeField(_("tarix"))

    class Meta(FrozenModel.Meta):
        ordering = ["submission", "decided_at", "pk"]
        verbose_name = _("qərar")
        verbose_name_plural = _("qərarlar")

    def __str__(self) -> str:
        return f"{self.submission} — {self.get_action_display()}"


# The decisions that need the reviewer's words, with what to say when they are missing.
_COMMENT_REQUIRED = {
    Decision.Action.RETURNED: RETURN_COMMENT_REQUIRED,
    Decision.Action.REJECTED: REJECT_REASON_REQUIRED,
    Decision.Action.REOPENED: REOPEN_REASON_REQUIRED,
}
# Review decision -> (the statuses it may be taken in, the status it leads to).
REVIEW_TRANSITIONS = {
    Decision.Action.ACCEPTED: ((Status.SUBMITTED,), Status.ACCEPTED),
    Decision.Action.RETURNED: ((Status.SUBMITTED,), Status.RETURNED),
    Decision.Action.REJECTED: ((Status.SUBMITTED,), Status.REJECTED),
    Decision.Action.REOPENED: ((Status.ACCEPTED,), Status.RETURNED),
}


class Reminder(models.Model):
    """One reminder e-mail about one forecast before one deadline: never sent twice."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Göndərilməmiş qaralama: kampaniyanın son tarixi")
        CORRECTION = "correction", _("Qaytarılmış proqnoz: düzəliş üçün son tarix")

    forecast = models.ForeignKey(
        Forecast, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("proqnoz")
    )
    kind = models.CharField(_("növü"), max_length=10, choices=Kind.choices)
    due = models.DateField(_("son tarix"))
    days_before = models.PositiveSmallIntegerField(_("neçə gün qalmış"))
    sent_at = models.DateTimeField(_("göndərilib"), auto_now_add=True)
    email = models.ForeignKey(
        "outbox.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-poçt məktubu"),
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("xatırlatma")
        verbose_name_plural = _("xatırlatmalar")
        constraints = [
            # What makes the daily reminder run idempotent.
            models.UniqueConstraint(
                fields=["forecast", "kind", "due", "days_before"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forecast} — {self.due} ({self.days_before})"


# --- the people of an employer: members, invitations, requests to join -----------------


class Role(models.TextChoices):
    OWNER = "owner", _("Sahib")
    MEMBER = "member", _("Üzv")


class Membership(models.Model):
    """A login account working for one employer, as its owner or as a member.

    An account belongs to at most one employer (the one-to-one ``user``); the employer,
    not the account, owns the forecasts. Owners invite and remove members and decide
    requests to join; an employer always keeps at least one owner (``members.py``).
    """

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("İşəgötürən"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("hesab"),
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("qoşulub"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["employer", "created_at", "pk"]
        verbose_name = _("üzvlük")
        verbose_name_plural = _("üzvlər")

    def __str__(self) -> str:
        return f"{self.user.email} — {self.employer} ({self.get_role_display()})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Return invitations still waiting for their colleague: not used, revoked or expired."""
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """An owner's invitation of a colleague, by e-mail, to join the employer's account.

    The link carries a random token; only its SHA-256 is stored, so the table never
    holds a usable link. It expires after ``EMPLOYER_INVITATION_DAYS``.
    """

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("İşəgötürən"),
    )
    email = models.EmailField(_("e-poçt"))
    language = models.CharField(
        _("məktubun dili"), max_length=2, choices=settings.LANGUAGES, default="az"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dəvət edən"),
    )
    created_at = models.DateTimeField(_("göndərilib"), auto_now_add=True)
    expires_at = models.DateTimeField(_("etibarlıdır (tarixədək)"))
    accepted_at = models.DateTimeField(_("qəbul edilib"), null=True, blank=True)
    accepted_by = acted_by(_("qəbul edən"))
    revoked_at = models.DateTimeField(_("ləğv edilib"), null=True, blank=True)
    revoked_by = acted_by(_("ləğv edən"))

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dəvət")
        verbose_name_plural = _("dəvətlər")
        indexes = [
            # The members page lists an employer's open invitations.
            models.Index(fields=["employer", "accepted_at", "revoked_at"], name="invitation_open"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.employer}"

    def is_pending(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class JoinRequest(models.Model):
    """A newcomer's request to join an employer already registered with the VÖEN they gave.

    The owners decide; the requester learns only the decision, never who the owners are.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Gözləyir")
        APPROVED = "approved", _("Təsdiqlənib")
        REFUSED = "refused", _("Rədd edilib")
        WITHDRAWN = "withdrawn", _("Geri götürülüb")

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("İşəgötürən"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("müraciət edən"),
    )
    status = models.CharField(
        _("vəziyyət"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The language the requester signed up in: the decision is written to them in it.
    language = models.CharField(_("dil"), max_length=2, choices=settings.LANGUAGES, default="az")
    created_at = models.DateTimeField(_("müraciət tarixi"), auto_now_add=True)
    decided_at = models.DateTimeField(_("qərar tarixi"), null=True, blank=True)
    decided_by = acted_by(_("qərar verən"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("qoşulma müraciəti")
        verbose_name_plural = _("qoşulma müraciətləri")
        constraints = [
            # One open request per account at a time.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="join_request_one_pending_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.email} → {self.employer}"
