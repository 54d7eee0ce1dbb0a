"""Small builders for forecast tests: data made in code, not fixtures."""

import datetime
import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from classification.models import EconomicRegion, Occupation, Place
from forecasts.forms import EmployerProfileForm
from forecasts.models import (
    Campaign,
    Decision,
    Employer,
    Forecast,
    ForecastLine,
    Membership,
    Role,
    Status,
    Submission,
)

_voen = itertools.count(1_000_000_001)

UNIT_CODES = {
    "7212": ("Qaynaqçılar və qaz kəsənlər", "Welders and flame cutters", "Сварщики и газорезчики"),
    "7112": ("Bənnalar", "Bricklayers and related workers", "Каменщики"),
    "5120": ("Aşpazlar", "Cooks", "Повара"),
    "2512": ("Proqram təminatı tərtibatçıları", "Software developers", "Разработчики ПО"),
}


def make_classification() -> dict[str, Occupation]:
    """Create the branches of the classification the unit groups above need."""
    made = {}
    for code, (az, en, ru) in UNIT_CODES.items():
        parent = None
        for length in (1, 2, 3):
            prefix = code[:length]
            parent, _ = Occupation.objects.get_or_create(
                code=prefix,
                defaults={
                    "level": length,
                    "parent": parent,
                    "title_az": f"Qrup {prefix}",
                    "title_en": f"Group {prefix}",
                    "title_ru": f"Группа {prefix}",
                },
            )
        made[code] = Occupation.objects.create(
            code=code, level=4, parent=parent, title_az=az, title_en=en, title_ru=ru
        )
    return made


def make_places() -> dict[str, Place]:
    baku = EconomicRegion.objects.create(number=1, name="Bakı")
    aran = EconomicRegion.objects.create(number=10, name="Mərkəzi Aran")
    karabakh = EconomicRegion.objects.create(number=6, name="Qarabağ")
    return {
        "Bakı": Place.objects.create(region=baku, name="Bakı"),
        "Yevlax": Place.objects.create(region=aran, name="Yevlax"),
        "Şuşa": Place.objects.create(region=karabakh, name="Şuşa", is_liberated=True),
    }


PASSWORD = "correct-horse-battery"


def make_user(email: str, *, verified: bool = True, password: str | None = PASSWORD, **flags):
    """A login account; ``verified``: its e-mail address is confirmed (allauth)."""
    user = get_user_model().objects.create_user(email, email, password, **flags)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_employer(email: str = "hr@example.az", *, verified: bool = True, **overrides) -> Employer:
    """An employer whose owner signs in with ``email``; ``employer.user`` is that account.

    (``user`` is only set on the returned object, for tests: the database knows the
    account as the employer's owner, a ``Membership``.)
    """
    user = make_user(email, verified=verified)
    fields = {
        "legal_name": f"“{email.split('@')[0]}” MMC",
        "voen": str(next(_voen)),
        "kind": "legal_entity",
        "legal_address": "Bakı şəhəri, Nizami küçəsi 1",
        "activity": "F",
        "contact_person": "Aynur Məmmədova",
        "contact_position": "Kadrlar üzrə mütəxəssis",
        "phone": "+994501234567",
        "email": email,
        "head_name": "Elçin Həsənov",
    }
    fields.update(overrides)
    employer = Employer.objects.create(**fields)
    Membership.objects.create(employer=employer, user=user, role=Role.OWNER)
    employer.user = user
    return employer


def owner_of(employer: Employer):
    """Return the account of the employer's first owner (``employer.user`` of a fresh copy)."""
    return employer.memberships.filter(role=Role.OWNER).order_by("pk").first().user


def make_member(employer: Employer, email: str, *, role: str = Role.MEMBER, **flags):
    """A colleague's account working for ``employer`` (a member unless ``role`` says owner)."""
    user = make_user(email, **flags)
    Membership.objects.create(employer=employer, user=user, role=role)
    return user


def make_campaign(year: int = 2028, *, today: datetime.date | None = None) -> Campaign:
    today = today or datetime.date.today()
    return Campaign.objects.create(
        year=year,
        opens_on=today - datetime.timedelta(days=30),
        deadline=today + datetime.timedelta(days=30),
    )


def make_forecast(employer: Employer, year: int = 2028, lines=(), **fields) -> Forecast:
    """Create a forecast with ``lines``; past draft, with its frozen record, as if submitted.

    ``status=`` other than draft freezes the lines into a submission by the employer's
    user (and, for a decided status, a decision), skipping the deadline and the review.
    """
    status = fields.pop("status", Status.DRAFT)
    forecast = Forecast.objects.create(employer=employer, year=year, **fields)
    for position, (occupation, workers, place) in enumerate(lines, start=1):
        ForecastLine.objects.create(
            forecast=forecast,
            position=position,
            occupation=occupation,
            workers=workers,
            place=place,
        )
    if status != Status.DRAFT:
        now = timezone.now()
        owner = employer.memberships.order_by("pk").first()
        submission = Submission.freeze(forecast, by=owner.user if owner else None, at=now)
        if status != Status.SUBMITTED:
            Decision.objects.create(submission=submission, action=status, decided_at=now)
        Forecast.objects.filter(pk=forecast.pk).update(
            status=status, submitted_at=now, current_submission=submission
        )
        forecast.refresh_from_db()
    return forecast


def profile_data(employer: Employer, **changes) -> dict:
    """Return the profile form as its page posts it for ``employer``, with ``changes``."""
    data = {
        name: "" if getattr(employer, name) is None else getattr(employer, name)
        for name in EmployerProfileForm.Meta.fields
    }
    return {**data, **changes}
