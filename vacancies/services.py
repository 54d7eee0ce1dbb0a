"""Load the DMX announcement fixture, and the admin's bulk operations on vacancies."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from classification.models import Occupation
from forecasts.models import EconomicRegion

from .models import Announcement, Competency, Office, Vacancy

ANNOUNCEMENT_JSON = (
    Path(settings.BASE_DIR) / "fixtures" / "vacancies" / "dmx_inspectors_announcement.json"
)
APPLICATION_DAYS = 30
DEADLINE_TIME = datetime.time(18, 0)


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


def _sync(model, lookup: dict, values: dict, counts: LoadCounts):
    """Create or update one row so that a second load changes nothing."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **values)
        row.save()
        counts.created += 1
        return row
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save()
        counts.updated += 1
    else:
        counts.unchanged += 1
    return row


def _default_deadline(today: datetime.date) -> datetime.datetime:
    """18:00 Baku time, 30 days after publication: the usual civil-service window."""
    day = today + datetime.timedelta(days=APPLICATION_DAYS)
    return datetime.datetime.combine(day, DEADLINE_TIME, tzinfo=ZoneInfo("Asia/Baku"))


@transaction.atomic
def load_announcement(path: Path = ANNOUNCEMENT_JSON) -> LoadCounts:
    """Load (or bring up to date) the announcement, its offices and vacancies.

    Dates are set only when the announcement is created; staff change them in admin.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = LoadCounts()
    regions = {region.name: region for region in EconomicRegion.objects.all()}
    offices = {}
    for item in data["offices"]:
        offices[item["name"]] = _sync(
            Office,
            {"name": item["name"]},
            {
                "kind": item["kind"],
                "city": item["city"],
                "region": regions.get(item["economic_region"]),
                "address": item["address"],
            },
            counts,
        )
    head = data["announcement"]
    announcement = Announcement.objects.filter(title=head["title"]).first()
    today = timezone.localdate()
    values = {
        "knowledge_required": head["knowledge_required"],
        "language_preference": head["language_preference"],
        "how_to_apply": head["how_to_apply"],
        "contact": head["contact"],
    }
    if announcement is None:
        values |= {"published_on": today, "deadline": _default_deadline(today)}
    announcement = _sync(Announcement, {"title": head["title"]}, values, counts)
    for position, item in enumerate(head["competencies"], start=1):
        _sync(
            Competency,
            {"announcement": announcement, "name": item["name"]},
            {"position": position, "description": item["description"]},
            counts,
        )
    occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
    for order, item in enumerate(data["vacancies"], start=1):
        _sync(
            Vacancy,
            {"announcement": announcement, "position_order": order},
            {
                "office": offices[item["office"]],
                "title": item["title"],
                "functions": item["functions"],
                "education": item["education"],
                "computer_skills": item["computer_skills"],
                "languages": item["languages"],
                "preference": item["preference"],
                "posts": item["posts"],
                "occupation": occupations.get(item.get("isco") or ""),
            },
            counts,
        )
    return counts


@transaction.atomic
def duplicate_vacancy(vacancy: Vacancy) -> Vacancy:
    """Copy a vacancy (most posts share their text) as an unpublished draft."""
    last = Vacancy.objects.filter(announcement=vacancy.announcement).order_by("-position_order")
    copy = Vacancy.objects.get(pk=vacancy.pk)
    copy.pk = None
    copy.is_published = False
    copy.position_order = (last.first().position_order if last.exists() else 0) + 1
    copy.save()
    return copy


@transaction.atomic
def refresh_office_vacancies(office: Office) -> None:
    """Recompute the search text of an office's vacancies after the office changed."""
    for vacancy in office.vacancies.select_related("office"):
        vacancy.save(update_fields=["search_text"])
