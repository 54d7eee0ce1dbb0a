"""The aggregated demand report DMX sets the quota from (Rules 3.3).

Every number is computed in the database with a fixed number of queries, whatever the
number of forecasts. Lines in the liberated territories are outside the quota
(2023–2027) and are reported apart from the main totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import get_language

from classification.models import Occupation

from .models import EconomicActivity, ForecastLine, Status

DEFAULT_STATUSES = (Status.SUBMITTED, Status.ACCEPTED)
TOP = 20


@dataclass
class Row:
    code: str
    title: str
    workers: int
    employers: int
    level: int = 4


@dataclass
class DemandReport:
    year: int
    statuses: tuple[str, ...]
    total_workers: int = 0
    total_employers: int = 0
    total_lines: int = 0
    professions: list[Row] = field(default_factory=list)  # units with group subtotals
    units: list[Row] = field(default_factory=list)
    regions: list[Row] = field(default_factory=list)
    activities: list[Row] = field(default_factory=list)
    liberated: list[Row] = field(default_factory=list)
    liberated_workers: int = 0
    liberated_employers: int = 0

    def top(self, count: int = TOP) -> list[Row]:
        return sorted(self.units, key=lambda row: (-row.workers, row.code))[:count]


def _lines(year: int, statuses):
    return ForecastLine.objects.filter(
        forecast__year=year,
        forecast__status__in=statuses,
        occupation__isnull=False,
        workers__isnull=False,
    )


def _totals(queryset) -> tuple[int, int, int]:
    found = queryset.aggregate(
        workers=Sum("workers"),
        employers=Count("forecast__employer", distinct=True),
        lines=Count("pk"),
    )
    return found["workers"] or 0, found["employers"] or 0, found["lines"] or 0


def _grouped(queryset, key: str):
    return {
        row[key]: (row["workers"], row["employers"])
        for row in queryset.values(key).annotate(
            workers=Sum("workers"), employers=Count("forecast__employer", distinct=True)
        )
    }


def demand_report(*, year: int, statuses=DEFAULT_STATUSES, language: str | None = None):
    """Return the demand per profession (with group subtotals), region and activity."""
    language = (language or get_language() or "az")[:2]
    statuses = tuple(statuses)
    report = DemandReport(year=year, statuses=statuses)
    all_lines = _lines(year, statuses)
    quota = all_lines.exclude(place__is_liberated=True)
    liberated = all_lines.filter(place__is_liberated=True)
    report.total_workers, report.total_employers, report.total_lines = _totals(quota)
    report.liberated_workers, report.liberated_employers, _count = _totals(liberated)

    levels = {
        4: _grouped(quota, "occupation_id"),
        3: _grouped(quota, "occupation__parent_id"),
        2: _grouped(quota, "occupation__parent__parent_id"),
        1: _grouped(quota, "occupation__parent__parent__parent_id"),
    }
    freed = _grouped(liberated, "occupation_id")
    codes = set(freed).union(*(set(found) for found in levels.values()))
    titles = {o.code: o.title(language) for o in Occupation.objects.filter(code__in=codes)}

    def row(code, level, numbers):
        return Row(code, titles.get(code, ""), numbers[0] or 0, numbers[1] or 0, level)

    report.units = [row(code, 4, levels[4][code]) for code in sorted(levels[4])]
    # Units in code order, each group's subtotal before its members (like the classification).
    entries = [
        row(code, level, numbers)
        for level in (1, 2, 3, 4)
        for code, numbers in levels[level].items()
    ]
    report.professions = sorted(entries, key=lambda r: (r.code, r.level))
    report.liberated = [row(code, 4, freed[code]) for code in sorted(freed)]

    regions = quota.values("region__number", "region__name").annotate(
        workers=Sum("workers"), employers=Count("forecast__employer", distinct=True)
    )
    report.regions = [
        Row(str(r["region__number"] or ""), r["region__name"] or "—", r["workers"], r["employers"])
        for r in regions.order_by("region__number")
    ]
    labels = dict(EconomicActivity.choices)
    activities = _grouped(quota, "forecast__employer__activity")
    report.activities = [
        Row(code, str(labels.get(code, code)), *activities[code]) for code in sorted(activities)
    ]
    return report


def statuses_from(values) -> tuple[str, ...]:
    """Return the valid statuses among ``values``, or the default ones."""
    chosen = tuple(value for value in values if value in Status.values)
    return chosen or DEFAULT_STATUSES
