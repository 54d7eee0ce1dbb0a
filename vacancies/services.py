"""Load the DMX announcement file, and the staff's bulk operations on vacancies."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from classification.models import Occupation, Place

from .models import Announcement, Competency, Office, OfficeKind, Vacancy

ANNOUNCEMENT_JSON = (
    Path(settings.BASE_DIR) / "fixtures" / "vacancies" / "dmx_inspectors_announcement.json"
)
# The seed gives no dates: a new announcement is open for 30 days until 18:00 in Baku,
# the usual civil-service window (I). Staff set the real dates in the admin.
APPLICATION_DAYS = 30
DEADLINE_TIME = datetime.time(18, 0)
BAKU = ZoneInfo("Asia/Baku")

_VACANCY_FIELDS = (
    "title",
    "functions",
    "education",
    "computer_skills",
    "languages",
    "preference",
    "posts",
)


class AnnouncementFileError(ValueError):
    """The announcement file is malformed or names something the database lacks."""


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_occupations: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated


def default_deadline(published_on: datetime.date) -> datetime.datetime:
    """Return 18:00 Baku time, 30 days after ``published_on``."""
    day = published_on + datetime.timedelta(days=APPLICATION_DAYS)
    return datetime.datetime.combine(day, DEADLINE_TIME, tzinfo=BAKU)


def _read(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        data["announcement"], data["offices"], data["vacancies"]  # noqa: B018
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AnnouncementFileError(f"{path}: {error!r}") from error
    return data


def _sync(
    model: type[models.Model],
    lookup: dict,
    values: dict,
    report: LoadReport,
    *,
    update: bool,
    create_only: dict | None = None,
) -> models.Model:
    """Create a missing row; with ``update``, bring an existing one to the file's values.

    ``create_only`` values (the dates) are set on creation and never again.
    """
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **values, **(create_only or {}))
    else:
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if not (update and changed):
            report.unchanged += 1
            return row
        for name in changed:
            setattr(row, name, values[name])
    if isinstance(row, Vacancy):
        row.refresh_search_text()
    row.full_clean()
    if row.pk is None:
        report.created += 1
    else:
        report.updated += 1
    row.save()
    return row


def _offices(items: list[dict], report: LoadReport, *, update: bool) -> dict[str, Office]:
    places = {
        (place.name, place.region.name): place for place in Place.objects.select_related("region")
    }
    offices = {}
    for item in items:
        place = places.get((item["city"], item["economic_region"]))
        if place is None:
            raise AnnouncementFileError(
                f"{item['slug']}: no place {item['city']!r} in economic region "
                f"{item['economic_region']!r}; run `manage.py load_regions` first"
            )
        if item["kind"] not in OfficeKind.values:
            raise AnnouncementFileError(f"{item['slug']}: unknown office kind {item['kind']!r}")
        offices[item["slug"]] = _sync(
            Office,
            {"slug": item["slug"]},
            {
                "name": item["name"],
                "kind": item["kind"],
                "city": item["city"],
                "region": place.region,
                "address": item["address"],
            },
            report,
            update=update,
        )
    return offices


@transaction.atomic
def load_announcement(
    *,
    path: Path = ANNOUNCEMENT_JSON,
    update: bool = False,
    dry_run: bool = False,
    today: datetime.date | None = None,
) -> LoadReport:
    """Load the announcement file: its offices, competencies and vacancies.

    Missing rows are created; existing rows are left as staff edited them unless
    ``update`` brings them back to the file. The dates and the published flags are
    set only on creation: publication ``today``, deadline 30 days later at 18:00 Baku.
    """
    data = _read(path)
    report = LoadReport()
    offices = _offices(data["offices"], report, update=update)
    head = data["announcement"]
    published_on = today or timezone.localdate()
    announcement = _sync(
        Announcement,
        {"slug": head["slug"]},
        {
            "title": head["title"],
            "knowledge_required": head["knowledge_required"],
            "language_preference": head["language_preference"],
            "how_to_apply": head["how_to_apply"],
            "contact": head["contact"],
        },
        report,
        update=update,
        create_only={"published_on": published_on, "deadline": default_deadline(published_on)},
    )
    for position, item in enumerate(head["competencies"], start=1):
        _sync(
            Competency,
            {"announcement": announcement, "name": item["name"]},
            {"position": position, "description": item["description"]},
            report,
            update=update,
        )
    codes = {item["isco"] for item in data["vacancies"] if item.get("isco")}
    occupations = Occupation.objects.units().in_bulk(codes)
    report.missing_occupations = sorted(codes - set(occupations))
    for order, item in enumerate(data["vacancies"], start=1):
        if item["office"] not in offices:
            raise AnnouncementFileError(f"vacancy {order}: unknown office {item['office']!r}")
        _sync(
            Vacancy,
            {"announcement": announcement, "position_order": order},
            {
                "office": offices[item["office"]],
                **{name: item[name] for name in _VACANCY_FIELDS},
                "occupation": occupations.get(item.get("isco") or ""),
            },
            report,
            update=update,
        )
    if dry_run:
        transaction.set_rollback(True)
    return report


@transaction.atomic
def duplicate_vacancies(vacancies: Iterable[Vacancy]) -> list[Vacancy]:
    """Copy vacancies as unpublished drafts at the end of their announcements."""
    originals = list(vacancies)
    last = dict(
        Vacancy.objects.filter(announcement__in={v.announcement_id for v in originals})
        .values("announcement")
        .annotate(last=Max("position_order"))
        .values_list("announcement", "last")
    )
    copies = []
    for original in sorted(originals, key=lambda v: (v.announcement_id, v.position_order, v.pk)):
        copy = Vacancy(
            announcement_id=original.announcement_id,
            office_id=original.office_id,
            occupation_id=original.occupation_id,
            is_published=False,
            **{
                name: getattr(original, name)
                for name in (*_VACANCY_FIELDS, "salary", "classification_level", "search_text")
            },
        )
        last[original.announcement_id] = copy.position_order = last[original.announcement_id] + 1
        copies.append(copy)
    return Vacancy.objects.bulk_create(copies)


@transaction.atomic
def refresh_office_search_text(office: Office) -> int:
    """Recompute the search text of an office's vacancies after the office changed."""
    vacancies = list(office.vacancies.all())
    for vacancy in vacancies:
        vacancy.office = office
        vacancy.refresh_search_text()
    return Vacancy.objects.bulk_update(vacancies, ["search_text"])
