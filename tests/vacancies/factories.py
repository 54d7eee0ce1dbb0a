"""Vacancy test data built in code: offices, announcements and vacancies."""

import datetime
import itertools

from django.utils import timezone

from classification.models import EconomicRegion, Occupation
from classification.services import load_regions
from vacancies.models import Announcement, Competency, Office, OfficeKind, Vacancy
from vacancies.services import load_announcement

_numbers = itertools.count(1)
SEED_ISCO = ("2422", "2522", "3359", "2643")  # the unit groups of the seed's posts


def make_region(name: str = "Mərkəzi Aran", number: int = 10) -> EconomicRegion:
    region, _created = EconomicRegion.objects.get_or_create(number=number, defaults={"name": name})
    return region


def make_office(
    name: str = "",
    *,
    kind: str = OfficeKind.REGIONAL_OFFICE,
    city: str = "Yevlax",
    region: EconomicRegion | None = None,
    address: str = "Yevlax şəhəri, H.Əliyev prospekti 99a/4",
) -> Office:
    number = next(_numbers)
    return Office.objects.create(
        slug=f"office-{number}",
        name=name or f"Yevlax regional miqrasiya idarəsi {number}",
        kind=kind,
        city=city,
        region=region,
        address=address,
    )


def make_announcement(
    *,
    deadline: datetime.datetime | None = None,
    published_on: datetime.date | None = None,
    is_published: bool = True,
    competencies: tuple[str, ...] = ("təşkilatçılıq",),
) -> Announcement:
    deadline = deadline or timezone.now() + datetime.timedelta(days=20)
    number = next(_numbers)
    announcement = Announcement.objects.create(
        slug=f"announcement-{number}",
        title=f"Elan {number}",
        published_on=published_on or timezone.localdate(deadline) - datetime.timedelta(days=30),
        deadline=deadline,
        knowledge_required="Namizədlər miqrasiya qanunvericiliyini bilməlidirlər.",
        language_preference="Xarici dil biliklərinə malik olan şəxslərə üstünlük verilir.",
        how_to_apply="Test imtahanı və müsahibə.",
        contact="Bakı şəhəri",
        is_published=is_published,
    )
    for position, name in enumerate(competencies, start=1):
        Competency.objects.create(
            announcement=announcement, position=position, name=name, description=f"{name} təsviri"
        )
    return announcement


def make_vacancy(
    announcement: Announcement | None = None,
    office: Office | None = None,
    *,
    title: str = "inspektor",
    functions: list[str] | None = None,
    is_published: bool = True,
    **fields,
) -> Vacancy:
    vacancy = Vacancy(
        announcement=announcement or make_announcement(),
        office=office or make_office(),
        title=title,
        functions=functions if functions is not None else ["müraciətlərin araşdırılması"],
        education=fields.pop("education", "ali təhsil"),
        computer_skills=fields.pop("computer_skills", "MS WINDOWS, MS OFFICE və s."),
        is_published=is_published,
        **fields,
    )
    vacancy.refresh_search_text()
    vacancy.save()
    return vacancy


def make_unit_groups(*codes: str) -> dict[str, Occupation]:
    """Create unit groups with their parent chain (major, sub-major, minor)."""
    groups = {}
    for code in codes:
        parent = None
        for length in range(1, 5):
            parent, _created = Occupation.objects.get_or_create(
                code=code[:length],
                defaults={
                    "level": length,
                    "parent": parent,
                    "title_az": f"Qrup {code[:length]}",
                    "title_en": f"Group {code[:length]}",
                },
            )
        groups[code] = parent
    return groups


def load_seed_announcement() -> Announcement:
    """Load the regions, the seed's unit groups and the seed announcement (11 posts)."""
    load_regions()
    make_unit_groups(*SEED_ISCO)
    load_announcement()
    return Announcement.objects.get()
