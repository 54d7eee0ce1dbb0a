"""Reads for DMX staff: the aggregated demand report, submission comparison, audit trail.

The demand report is what DMX sets the quota from (Rules 3.3). It reads what was
submitted: the frozen lines of each forecast's current submission and the employer
block frozen with it. Every figure is summed by the database (``values()`` +
``annotate(Sum, Count(distinct))``) in a fixed number of queries, whatever the number
of forecasts. Lines in the liberated territories are outside the quota (2023–2027) and
are reported apart from the main totals.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Left
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from classification.models import EconomicActivity, EconomicRegion, Level, Occupation, Place

from .models import (
    Decision,
    EducationLevel,
    Employer,
    Forecast,
    ForecastLine,
    Membership,
    Status,
    Submission,
    SubmittedLine,
)

DEFAULT_STATUSES = (Status.SUBMITTED, Status.ACCEPTED)
# The statuses a report can cover: those that refer to a submission (a draft has none).
REPORT_STATUSES = (Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED, Status.REJECTED)
TOP = 20

_IN_QUOTA = Q(is_liberated=False)
_LIBERATED = Q(is_liberated=True)
# Who filed a line: the employer of the forecast whose current submission holds it.
_EMPLOYER = "submission__current_for__employer"


@dataclass
class Row:
    """One group of a breakdown: its workers and the employers who asked for them."""

    code: str | int  # a profession's or activity's code; a region's number
    title: str
    workers: int
    employers: int
    level: int = Level.UNIT

    @property
    def is_subtotal(self) -> bool:
        return self.level < Level.UNIT


@dataclass
class RegionPlaces:
    """One region's demand in the liberated territories, and each of its districts'."""

    region: Row
    places: list[Row] = field(default_factory=list)


@dataclass
class DemandReport:
    year: int
    statuses: tuple[str, ...]
    total_workers: int = 0
    total_employers: int = 0
    total_lines: int = 0
    professions: list[Row] = field(default_factory=list)  # unit groups with group subtotals
    units: list[Row] = field(default_factory=list)
    regions: list[Row] = field(default_factory=list)  # every economic region, 0 if none
    activities: list[Row] = field(default_factory=list)
    liberated: list[Row] = field(default_factory=list)  # by unit group
    liberated_activities: list[Row] = field(default_factory=list)
    liberated_places: list[RegionPlaces] = field(default_factory=list)
    liberated_workers: int = 0
    liberated_employers: int = 0
    liberated_lines: int = 0
    # Employers who filed, each once, whether their lines are in the quota, outside it or both.
    all_employers: int = 0

    def top(self, count: int = TOP) -> list[Row]:
        """Return the ``count`` unit groups with the most workers requested."""
        return sorted(self.units, key=lambda row: (-row.workers, row.code))[:count]

    def status_labels(self) -> list[str]:
        labels = dict(Status.choices)
        return [str(labels[status]) for status in self.statuses]


def report_lines(*, year: int, statuses) -> QuerySet[SubmittedLine]:
    """Return the lines a report covers: the frozen lines of the current submission of
    each of the year's forecasts in ``statuses``, never the live lines or employer."""
    return SubmittedLine.objects.filter(
        submission__current_for__year=year,
        submission__current_for__status__in=list(statuses),
    ).order_by()


def _grouped(lines: QuerySet, *, also: dict | None = None, **group) -> list[dict]:
    """Return ``lines`` grouped by ``group`` with workers summed and employers counted once
    (and the aggregates ``also``)."""
    return list(
        lines.values(**group)
        .annotate(
            sum_workers=Sum("workers"),
            employer_count=Count(_EMPLOYER, distinct=True),
            **(also or {}),
        )
        .order_by()
    )


def _row(values: dict | None, code, title: str, level: int = Level.UNIT) -> Row:
    """Return the row of one group; ``values`` None: a group nobody asked for, at 0."""
    values = values or {}
    return Row(
        code=code,
        title=title,
        workers=values.get("sum_workers") or 0,
        employers=values.get("employer_count") or 0,
        level=level,
    )


def _by_region(in_quota: QuerySet, regions: dict[int, str]) -> list[Row]:
    """Return every economic region's demand by number, those without any at 0."""
    found = {
        values["key"]: values
        for values in _grouped(in_quota, key=F("region_number"), also={"name": Max("region_name")})
    }
    numbers = sorted(set(regions) | {n for n in found if n is not None})
    rows = [_row(found.get(n), n, regions.get(n) or found[n]["name"]) for n in numbers]
    if None in found:  # a line whose place had no region: shown, never dropped
        rows.append(_row(found[None], "", "—"))
    return rows


def _liberated_by_place(liberated: QuerySet, places: list[Place]) -> list[RegionPlaces]:
    """Return the liberated territories' demand by region and district, each listed at 0
    when nobody asked for workers there."""
    by_region = {
        values["key"]: values
        for values in _grouped(liberated, key=F("region_number"), also={"name": Max("region_name")})
    }
    by_place = {
        (values["key"], values["district"]): values
        for values in _grouped(liberated, key=F("region_number"), district=F("place_name"))
    }
    names = {place.region.number: place.region.name for place in places}
    districts: dict = {}
    for place in places:
        districts.setdefault(place.region.number, {})[place.name] = None
    for number, name in by_place:
        districts.setdefault(number, {})[name] = None
    result = []
    for number in sorted(districts, key=lambda n: (n is None, n or 0)):
        title = names.get(number) or (by_region.get(number) or {}).get("name") or "—"
        region = _row(by_region.get(number), "" if number is None else number, title, Level.MAJOR)
        result.append(
            RegionPlaces(
                region=region,
                places=[_row(by_place.get((number, name)), "", name) for name in districts[number]],
            )
        )
    return result


def demand_report(*, year: int, statuses=DEFAULT_STATUSES, language: str | None = None):
    """Return the demand per profession (with group subtotals), region and activity.

    Reads the frozen submissions: each line as submitted, the employer's activity as it
    stood on the submission. Runs fourteen queries whatever the data size: the totals,
    one per classification level, regions, activities, the liberated territories by
    profession, activity, region and district, and three on the classification (titles,
    regions, liberated districts).
    """
    language = (language or get_language() or "az")[:2]
    statuses = tuple(statuses)
    report = DemandReport(year=year, statuses=statuses)
    lines = report_lines(year=year, statuses=statuses)
    in_quota, liberated = lines.filter(_IN_QUOTA), lines.filter(_LIBERATED)

    totals = lines.aggregate(
        quota_workers=Sum("workers", filter=_IN_QUOTA),
        quota_employers=Count(_EMPLOYER, distinct=True, filter=_IN_QUOTA),
        quota_lines=Count("pk", filter=_IN_QUOTA),
        freed_workers=Sum("workers", filter=_LIBERATED),
        freed_employers=Count(_EMPLOYER, distinct=True, filter=_LIBERATED),
        freed_lines=Count("pk", filter=_LIBERATED),
        all_employers=Count(_EMPLOYER, distinct=True),
    )
    report.total_workers = totals["quota_workers"] or 0
    report.total_employers = totals["quota_employers"]
    report.total_lines = totals["quota_lines"]
    report.liberated_workers = totals["freed_workers"] or 0
    report.liberated_employers = totals["freed_employers"]
    report.liberated_lines = totals["freed_lines"]
    report.all_employers = totals["all_employers"]

    by_level = {
        level: _grouped(in_quota, key=Left("code", level))
        for level in (Level.MAJOR, Level.SUB_MAJOR, Level.MINOR)
    }
    by_level[Level.UNIT] = _grouped(in_quota, key=F("code"))
    freed_units = _grouped(liberated, key=F("code"))
    codes = {row["key"] for rows in by_level.values() for row in rows}
    codes |= {row["key"] for row in freed_units}
    titles = {
        occupation.code: occupation.title(language)
        for occupation in Occupation.objects.filter(code__in=codes)
    }

    report.professions = sorted(
        (
            _row(values, values["key"], titles.get(values["key"], ""), level)
            for level, rows in by_level.items()
            for values in rows
        ),
        # A group's code is a prefix of its members', so this puts each subtotal
        # directly above the groups it sums.
        key=lambda r: r.code,
    )
    report.units = [r for r in report.professions if r.level == Level.UNIT]
    report.liberated = sorted(
        (_row(values, values["key"], titles.get(values["key"], "")) for values in freed_units),
        key=lambda r: r.code,
    )

    regions = dict(EconomicRegion.objects.order_by().values_list("number", "name"))
    report.regions = _by_region(in_quota, regions)
    labels = dict(EconomicActivity.choices)
    activity = F("submission__activity")

    def activity_rows(group: QuerySet) -> list[Row]:
        rows = (
            _row(v, v["key"], str(labels.get(v["key"], v["key"])))
            for v in _grouped(group, key=activity)
        )
        return sorted(rows, key=lambda r: r.code)

    report.activities = activity_rows(in_quota)
    report.liberated_activities = activity_rows(liberated)
    # In the classification's order: by region number, districts alphabetically.
    freed_places = list(Place.objects.filter(is_liberated=True).select_related("region"))
    report.liberated_places = _liberated_by_place(liberated, freed_places)
    return report


def statuses_from(values) -> tuple[str, ...]:
    """Return the statuses a report can cover among ``values``, or the default ones."""
    chosen = tuple(dict.fromkeys(value for value in values if value in REPORT_STATUSES))
    return chosen or DEFAULT_STATUSES


# --- comparing submissions ---------------------------------------------------------

# Line fields besides the number of workers whose change a reviewer is shown.
_COMPARED_FIELDS = {
    "job_title": gettext_lazy("vəzifənin adı"),
    "citizenship": gettext_lazy("vətəndaşlıq"),
    "education": gettext_lazy("təhsil səviyyəsi"),
    "monthly_wage": gettext_lazy("aylıq əmək haqqı"),
    "period_months": gettext_lazy("müddət (ay)"),
    "note": gettext_lazy("qeyd"),
}


def _line_key(line: SubmittedLine) -> tuple[str, str, str]:
    return (line.code, line.region_name, line.place_name)


def _shown(line: SubmittedLine, name: str):
    if name == "education":
        return line.get_education_display() if line.education else ""
    if name == "citizenship":
        return line.citizenship.name if line.citizenship else ""
    value = getattr(line, name)
    return "" if value is None else value


def _employer_changes(previous: Submission, current: Submission) -> list[dict]:
    """Return the employer block's fields that differ between two submissions."""
    before, after = previous.header(), current.header()
    labels = {name: Submission._meta.get_field(name).verbose_name for name in before}
    return [
        {"field": str(labels[name]), "before": before[name], "after": after[name]}
        for name in before
        if before[name] != after[name]
    ]


def compare_submissions(previous: Submission | None, current: Submission) -> dict[str, Any]:
    """Return the lines added, removed and changed from ``previous`` to ``current``.

    Lines are matched by profession code and place of work, as the form allows one
    line per pair. Built only from the frozen records (two queries for their lines).
    """
    before = {_line_key(line): line for line in (previous.lines.all() if previous else [])}
    after = {_line_key(line): line for line in current.lines.all()}
    changed = []
    for key, line in after.items():
        old = before.get(key)
        if old is None:
            continue
        fields = [
            {"field": str(label), "before": _shown(old, name), "after": _shown(line, name)}
            for name, label in _COMPARED_FIELDS.items()
            if _shown(old, name) != _shown(line, name)
        ]
        if old.workers != line.workers or fields:
            changed.append(
                {
                    "line": line,
                    "before": old.workers,
                    "after": line.workers,
                    "delta": line.workers - old.workers,
                    "fields": fields,
                }
            )
    employer = _employer_changes(previous, current) if previous else []
    return {
        "previous": previous,
        "current": current,
        "added": [line for key, line in after.items() if key not in before],
        "removed": [line for key, line in before.items() if key not in after],
        "changed": changed,
        "employer_changes": employer,
        "total_before": previous.total_workers if previous else 0,
        "total_after": current.total_workers,
        "total_delta": current.total_workers - (previous.total_workers if previous else 0),
        "unchanged": bool(previous)
        and not changed
        and not employer
        and before.keys() == after.keys()
        and previous.justification == current.justification,
    }


def submission_history(forecast: Forecast) -> QuerySet[Submission]:
    """Return the forecast's submissions, newest first, with line counts and decisions."""
    return (
        forecast.submissions.annotate(line_count=Count("lines"))
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("decided_by"))
        )
        .order_by("-number")
    )


def submissions_to_compare(
    forecast: Forecast, *, number: int | None = None
) -> tuple[Submission | None, Submission | None]:
    """Return (the submission before ``number``, submission ``number``); default: the latest."""
    submissions = forecast.submissions.order_by("-number")
    if number is not None:
        submissions = submissions.filter(number__lte=number)
    pair = list(submissions[:2])
    if not pair:
        return None, None
    return (pair[1] if len(pair) > 1 else None), pair[0]


# --- the audit trail -----------------------------------------------------------------

# Bookkeeping fields, and the parent keys that never change, are left out of the trail.
_SKIPPED_FIELDS = {
    "updated_at",
    "created_at",
    "version",
    "position",
    "employer_id",
    "forecast_id",
    "current_submission_id",  # follows the status; the submissions are listed apart
}


@dataclass
class AuditEntry:
    """One recorded change: who, when, to what, and which fields moved how."""

    when: datetime.datetime
    who: Any
    subject: str
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str = ""
    changes: list[dict] = field(default_factory=list)

    @property
    def css_class(self) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[self.kind]

    @property
    def kind_label(self) -> str:
        return {"+": _("yaradılıb"), "~": _("dəyişdirilib"), "-": _("silinib")}[self.kind]


def _display(model, name: str, value, lookups: dict) -> str:
    if value in (None, ""):
        return "—"
    if name in lookups:
        return str(lookups[name].get(value, value))
    if hasattr(value, "code") and hasattr(value, "name"):  # a django-countries Country
        return f"{value.name} ({value.code})"
    if isinstance(value, datetime.datetime):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, datetime.date):
        return formats.localize(value)
    choices = dict(model._meta.get_field(name).flatchoices)
    return str(choices.get(value, value))


def _entries(records: list, model, subject, lookups: dict) -> list[AuditEntry]:
    """Turn historical records (oldest first) into entries with the fields that changed."""
    entries, last = [], {}
    names = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in _SKIPPED_FIELDS and not f.primary_key
    ]
    for record in records:
        previous = last.get(record.id)
        changes = []
        for name in names:
            old = getattr(previous, name) if previous is not None else None
            new = getattr(record, name)
            if previous is None and new in (None, ""):
                continue
            if record.history_type == "-" or (previous is not None and old == new):
                continue
            if previous is None and record.history_type == "~":
                old = None
            label = model._meta.get_field(name.removesuffix("_id")).verbose_name
            changes.append(
                {
                    "field": str(label),
                    "old": _display(model, name, old, lookups) if previous else "",
                    "new": _display(model, name, new, lookups),
                }
            )
        last[record.id] = record
        if record.history_type == "~" and not changes:
            continue
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=record.history_user,
                subject=subject(record),
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def forecast_audit_trail(forecast: Forecast) -> list[AuditEntry]:
    """Return every recorded change to ``forecast`` and its lines, newest first.

    Includes lines deleted since; five queries whatever the length of the history.
    """
    forecast_records = list(
        forecast.history.select_related("history_user").order_by("history_date", "history_id")
    )
    line_records = list(
        ForecastLine.history.filter(forecast_id=forecast.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    place_ids = {r.place_id for r in line_records if r.place_id}
    user_ids = {r.reviewed_by_id for r in forecast_records if r.reviewed_by_id}
    user_ids |= {r.assigned_to_id for r in forecast_records if r.assigned_to_id}
    places = {p.pk: p.name for p in Place.objects.filter(pk__in=place_ids)}
    users = {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids)}
    educations = dict(EducationLevel.choices)

    def line_subject(record) -> str:
        return _("Sətir: %(code)s, %(place)s") % {
            "code": record.occupation_id or "—",
            "place": places.get(record.place_id, "—"),
        }

    entries = _entries(
        forecast_records,
        Forecast,
        lambda record: _("Proqnoz"),
        {"reviewed_by_id": users, "assigned_to_id": users},
    )
    entries += _entries(
        line_records,
        ForecastLine,
        line_subject,
        {"place_id": places, "education": educations},
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def employer_audit_trail(employer: Employer) -> list[AuditEntry]:
    """Return every recorded change to the employer's profile and people, newest first.

    The people: who joined, left or was removed, and role changes (with DMX's reason
    when staff transferred the ownership).
    """
    records = list(
        employer.history.select_related("history_user").order_by("history_date", "history_id")
    )
    member_records = list(
        Membership.history.filter(employer_id=employer.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    user_ids = {record.user_id for record in member_records}
    users = {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids)}
    entries = _entries(records, Employer, lambda record: _("İşəgötürənin profili"), {})
    entries += _entries(
        member_records,
        Membership,
        lambda record: _("İstifadəçi: %(email)s") % {"email": users.get(record.user_id, "—")},
        {"user_id": users, "employer_id": {employer.pk: str(employer)}},
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def line_audit_trail(line: ForecastLine) -> list[AuditEntry]:
    """Return every recorded change to one forecast line, newest first."""
    records = list(
        ForecastLine.history.filter(id=line.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    places = {
        p.pk: p.name
        for p in Place.objects.filter(pk__in={r.place_id for r in records if r.place_id})
    }
    entries = _entries(
        records,
        ForecastLine,
        lambda record: (
            _("Sətir: %(code)s, %(place)s")
            % {"code": record.occupation_id or "—", "place": places.get(record.place_id, "—")}
        ),
        {"place_id": places, "education": dict(EducationLevel.choices)},
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
