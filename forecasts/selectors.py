"""The aggregated demand report DMX sets the quota from (Rules 3.3).

Every number is computed in the database with a fixed number of queries, whatever the
number of forecasts. Lines in the liberated territories are outside the quota
(2023–2027) and are reported apart from the main totals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
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


def demand_report(*, year: int, statuses=DEFAULT_STATUSES, language: str | None = None):
    """Return the demand per profession (with group subtotals), region and activity.

    One grouped query returns the workers per (profession, region, employer); every
    breakdown is summed from it in Python, so employers are counted once per group
    without a COUNT(DISTINCT) query per level.
    """
    language = (language or get_language() or "az")[:2]
    statuses = tuple(statuses)
    report = DemandReport(year=year, statuses=statuses)
    rows = (
        _lines(year, statuses)
        .values(
            "occupation_id",
            "region__number",
            "region__name",
            "forecast__employer_id",
            "forecast__employer__activity",
            "place__is_liberated",
        )
        .annotate(workers=Sum("workers"))
        .order_by()
    )
    groups: dict[tuple, list] = defaultdict(lambda: [0, set()])
    employers, freed_employers = set(), set()
    region_names = {}
    for row in rows.iterator(chunk_size=5000):
        code, employer, workers = row["occupation_id"], row["forecast__employer_id"], row["workers"]
        if row["place__is_liberated"]:
            keys = [("liberated", code)]
            report.liberated_workers += workers
            freed_employers.add(employer)
        else:
            number = row["region__number"]
            region_names[number] = row["region__name"]
            keys = [(level, code[:level]) for level in (1, 2, 3, 4)]
            keys += [("region", number), ("activity", row["forecast__employer__activity"])]
            report.total_workers += workers
            employers.add(employer)
        for key in keys:
            group = groups[key]
            group[0] += workers
            group[1].add(employer)
    report.total_employers, report.liberated_employers = len(employers), len(freed_employers)
    codes = {key[1] for key in groups if key[0] in (1, 2, 3, 4, "liberated")}
    titles = {o.code: o.title(language) for o in Occupation.objects.filter(code__in=codes)}

    def made(kind, key, title, level=4):
        workers, who = groups[(kind, key)]
        return Row(str(key), title, workers, len(who), level)

    by_kind = defaultdict(list)
    for kind, key in groups:
        by_kind[kind].append(key)
    report.units = [made(4, code, titles.get(code, "")) for code in sorted(by_kind[4])]
    report.professions = sorted(
        (
            made(level, code, titles.get(code, ""), level)
            for level in (1, 2, 3, 4)
            for code in by_kind[level]
        ),
        key=lambda r: (r.code, r.level),
    )
    report.liberated = [
        made("liberated", c, titles.get(c, "")) for c in sorted(by_kind["liberated"])
    ]
    report.regions = [
        made("region", number, region_names[number] or "—")
        for number in sorted(by_kind["region"], key=lambda n: (n is None, n or 0))
    ]
    for row in report.regions:
        row.code = "" if row.code == "None" else row.code
    labels = dict(EconomicActivity.choices)
    report.activities = [
        made("activity", code, str(labels.get(code, code))) for code in sorted(by_kind["activity"])
    ]
    return report


def statuses_from(values) -> tuple[str, ...]:
    """Return the valid statuses among ``values``, or the default ones."""
    chosen = tuple(value for value in values if value in Status.values)
    return chosen or DEFAULT_STATUSES
