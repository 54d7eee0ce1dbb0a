"""Freeze every existing submission: its JSON snapshots become columns and rows.

Each submission keeps its number, time, user, justification and total. Its employer
block comes from its snapshot (kind and activity turned back from their labels, in
whichever language they were shown, into their codes), completed from the employer's
history as of the submission where the snapshot lacks a field; its lines become
``SubmittedLine`` rows; its outcome and the reviewer's comment a ``Decision``. Each
forecast then refers to its latest submission. A forecast past draft with no submission
at all gets one frozen from its lines as they stand, so every status but draft refers
to a record (the constraint of 0009). The reviewer group may read the new rows.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import translation

GROUP = "DMX reviewer"
PERMISSIONS = ["view_submittedline", "view_decision"]
BLOCK_TEXT = (
    "legal_name",
    "voen",
    "legal_address",
    "contact_person",
    "contact_position",
    "phone",
    "email",
    "head_name",
    "head_position",
)
BLOCK = (*BLOCK_TEXT, "kind", "activity", "headcount", "foreign_workers")
DECIDED = ("accepted", "returned", "rejected")


def _labels(field) -> dict:
    """Map each choice's code, and its label in every language, to the code."""
    mapping = {}
    for value, label in field.choices:
        mapping[value] = value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                mapping[str(translation.gettext(label))] = value
    return mapping


def _activity(shown, labels: dict):
    """Return the NACE letter of a snapshot's activity ("F — Tikinti", or a label)."""
    shown = (shown or "").strip()
    if shown in labels:
        return labels[shown]
    letter = shown[:1]
    if letter in labels and (len(shown) == 1 or shown[1:2] in " —-"):
        return letter
    return None


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _whole(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class _Freezer:
    def __init__(self, apps):
        self.apps = apps
        get = apps.get_model
        self.Employer = get("forecasts", "Employer")
        self.HistoricalEmployer = get("forecasts", "HistoricalEmployer")
        self.HistoricalForecast = get("forecasts", "HistoricalForecast")
        self.Forecast = get("forecasts", "Forecast")
        self.ForecastLine = get("forecasts", "ForecastLine")
        self.Submission = get("forecasts", "Submission")
        self.SubmittedLine = get("forecasts", "SubmittedLine")
        self.Decision = get("forecasts", "Decision")
        self.Occupation = get("classification", "Occupation")
        Place = get("classification", "Place")
        self.kinds = _labels(self.Employer._meta.get_field("kind"))
        self.activities = _labels(self.Employer._meta.get_field("activity"))
        self.places = {}
        self.regions = {}
        for place in Place.objects.select_related("region"):
            self.places[(place.region.name, place.name)] = place
            self.places.setdefault((None, place.name), place)
            self.regions[place.region.name] = place.region

    def employer_as_of(self, employer, moment):
        """The employer's history record as of ``moment`` (the employer itself if none)."""
        if moment is not None:
            record = (
                self.HistoricalEmployer.objects.filter(id=employer.pk, history_date__lte=moment)
                .order_by("-history_date", "-history_id")
                .first()
            )
            if record is not None:
                return record
        return employer

    def block(self, snapshot: dict, then) -> dict:
        block = {name: getattr(then, name) for name in BLOCK}
        for name in BLOCK_TEXT:
            if snapshot.get(name) not in (None, ""):
                block[name] = str(snapshot[name])
        block["head_position"] = block["head_position"] or ""
        kind = self.kinds.get(str(snapshot.get("kind", "")).strip())
        block["kind"] = kind or block["kind"]
        block["activity"] = (
            _activity(snapshot.get("activity"), self.activities) or block["activity"]
        )
        return block

    def line(self, submission, position: int, data: dict):
        code = str(data.get("code") or "")
        workers = _whole(data.get("workers"))
        if not code or not workers:
            return None  # never complete, so never counted
        occupation = self.Occupation.objects.filter(code=code).first()
        region_name, place_name = data.get("region") or "", data.get("place") or ""
        place = self.places.get((region_name, place_name)) or self.places.get((None, place_name))
        region = self.regions.get(region_name) or (place.region if place else None)
        titles = {
            language: data.get(f"title_{language}")
            or (getattr(occupation, f"title_{language}", "") if occupation else "")
            for language in ("az", "en", "ru")
        }
        return self.SubmittedLine(
            submission=submission,
            position=position,
            code=code,
            title_az=titles["az"] or titles["en"] or titles["ru"] or code,
            title_en=titles["en"] or titles["az"] or "",
            title_ru=titles["ru"] or titles["az"] or "",
            workers=workers,
            place=place,
            place_name=place_name or (place.name if place else ""),
            region_number=region.number if region else None,
            region_name=region_name or (region.name if region else ""),
            is_liberated=bool(data.get("liberated", place.is_liberated if place else False)),
            job_title=str(data.get("job_title") or "")[:200],
            citizenship=str(data.get("citizenship") or "")[:2],
            education=str(data.get("education") or ""),
            monthly_wage=_decimal(data.get("monthly_wage")),
            period_months=_whole(data.get("period_months")),
            note=str(data.get("note") or "")[:500],
        )

    def decision(self, forecast, submission, outcome: str, comment: str, latest: bool):
        """Who decided ``outcome`` and when: the forecast's history, else what it holds now."""
        record = (
            self.HistoricalForecast.objects.filter(
                id=forecast.pk, status=outcome, history_date__gte=submission.submitted_at
            )
            .order_by("history_date", "history_id")
            .first()
        )
        if record is not None:
            by = record.reviewed_by_id or record.history_user_id
            at = record.reviewed_at or record.history_date
        elif latest:
            by, at = forecast.reviewed_by_id, forecast.reviewed_at or forecast.updated_at
        else:
            by, at = None, submission.submitted_at
        self.Decision.objects.create(
            submission=submission,
            action=outcome,
            comment=comment or "",
            decided_by_id=by,
            decided_at=at,
        )

    def freeze_forecast(self, forecast):
        submissions = list(self.Submission.objects.filter(forecast=forecast).order_by("number"))
        if not submissions and forecast.status != "draft":
            submissions = [self.record_from_live(forecast)]
        for index, submission in enumerate(submissions):
            latest = index == len(submissions) - 1
            then = self.employer_as_of(forecast.employer, submission.submitted_at)
            for name, value in self.block(submission.employer_snapshot or {}, then).items():
                setattr(submission, name, value)
            submission.save()
            if not self.SubmittedLine.objects.filter(submission=submission).exists():
                rows = [
                    self.line(submission, position, data)
                    for position, data in enumerate(submission.legacy_lines or [], start=1)
                    if isinstance(data, dict)
                ]
                self.SubmittedLine.objects.bulk_create([row for row in rows if row is not None])
            outcome, comment = submission.outcome, submission.reviewer_comment
            if not outcome and latest and forecast.status in DECIDED:
                outcome, comment = forecast.status, forecast.reviewer_comment
            if outcome in DECIDED and not self.Decision.objects.filter(submission=submission):
                self.decision(forecast, submission, outcome, comment, latest)
        if forecast.status != "draft":
            self.Forecast.objects.filter(pk=forecast.pk).update(current_submission=submissions[-1])

    def record_from_live(self, forecast):
        """A record for a forecast submitted before submissions were kept: as it stands."""
        lines = list(
            self.ForecastLine.objects.filter(
                forecast=forecast, occupation__isnull=False, workers__isnull=False
            )
            .select_related("occupation", "place__region")
            .order_by("position", "pk")
        )
        moment = forecast.submitted_at or forecast.updated_at
        then = self.employer_as_of(forecast.employer, moment)
        submission = self.Submission.objects.create(
            forecast=forecast,
            number=1,
            submitted_at=moment,
            submitted_by_id=forecast.employer.user_id,
            justification=forecast.justification,
            total_workers=sum(line.workers for line in lines),
            employer_snapshot={},
            legacy_lines=[
                {
                    "code": line.occupation_id,
                    "workers": line.workers,
                    "region": line.place.region.name if line.place else "",
                    "place": line.place.name if line.place else "",
                    "job_title": line.job_title,
                    "citizenship": str(line.citizenship or ""),
                    "education": line.education,
                    "monthly_wage": str(line.monthly_wage) if line.monthly_wage is not None else "",
                    "period_months": line.period_months,
                    "note": line.note,
                }
                for line in lines
            ],
            **{name: getattr(then, name) or "" for name in BLOCK_TEXT},
            kind=then.kind,
            activity=then.activity,
            headcount=then.headcount,
            foreign_workers=then.foreign_workers,
        )
        return submission


def freeze(apps, schema_editor):
    freezer = _Freezer(apps)
    for forecast in freezer.Forecast.objects.select_related("employer").order_by("pk"):
        freezer.freeze_forecast(forecast)


def thaw(apps, schema_editor):
    """Write the snapshots back from the rows (for a rollback to 0007)."""
    Submission = apps.get_model("forecasts", "Submission")
    SubmittedLine = apps.get_model("forecasts", "SubmittedLine")
    Decision = apps.get_model("forecasts", "Decision")
    Forecast = apps.get_model("forecasts", "Forecast")
    kinds = dict(Submission._meta.get_field("kind").choices)
    activities = dict(Submission._meta.get_field("activity").choices)
    for submission in Submission.objects.order_by("pk"):
        snapshot = {name: getattr(submission, name) for name in BLOCK_TEXT}
        snapshot["kind"] = str(kinds.get(submission.kind, submission.kind))
        snapshot["activity"] = str(activities.get(submission.activity, submission.activity))
        submission.employer_snapshot = snapshot
        submission.legacy_lines = [
            {
                "code": line.code,
                "title_az": line.title_az,
                "title_en": line.title_en,
                "title_ru": line.title_ru,
                "workers": line.workers,
                "region": line.region_name,
                "place": line.place_name,
                "liberated": line.is_liberated,
                "job_title": line.job_title,
                "citizenship": str(line.citizenship or ""),
                "education": line.education,
                "monthly_wage": str(line.monthly_wage) if line.monthly_wage is not None else "",
                "period_months": line.period_months,
                "note": line.note,
            }
            for line in SubmittedLine.objects.filter(submission=submission).order_by("position")
        ]
        last = (
            Decision.objects.filter(submission=submission)
            .exclude(action="reopened")
            .order_by("-decided_at", "-pk")
            .first()
        )
        submission.outcome = last.action if last else ""
        submission.reviewer_comment = last.comment if last else ""
        submission.save()
    Forecast.objects.update(current_submission=None)
    Decision.objects.all().delete()
    SubmittedLine.objects.all().delete()


def grant_reading(apps, schema_editor):
    app_config = apps.get_app_config("forecasts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="forecasts", codename__in=PERMISSIONS
            )
        )


def revoke_reading(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="forecasts", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("forecasts", "0007_submission_record")]

    operations = [
        migrations.RunPython(freeze, thaw),
        migrations.RunPython(grant_reading, revoke_reading),
    ]
