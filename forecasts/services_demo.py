"""Demo accounts and data for a local portal; never for production."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from classification.models import Occupation, Place

from .members import employer_of
from .review import REVIEWER_GROUP
from .services import ensure_current_campaign, register_employer, save_line, start_forecast


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


# Logins are e-mail addresses; the passwords meet the 12-character rule.
DEMO_ADMIN = DemoAccount("admin@demo.kvota.local", "admin-demo-2026", "superuser")
DEMO_REVIEWER = DemoAccount("reviewer@demo.kvota.local", "reviewer-demo-2026", "reviewer")
DEMO_EMPLOYER = DemoAccount("employer@demo.kvota.local", "employer-demo-2026", "employer")

DEMO_LINES = [("7212", 12, "Bakı"), ("7112", 20, "Sumqayıt"), ("5120", 3, "Bakı")]


@transaction.atomic
def seed_demo_accounts() -> list[DemoAccount]:
    """Create (or reset) the demo accounts and a demo draft; refuse in production."""
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "seed_demo creates known passwords and never runs with DEBUG off."
        )
    _demo_user(DEMO_ADMIN, is_staff=True, is_superuser=True)
    reviewer = _demo_user(DEMO_REVIEWER, is_staff=True)
    group = Group.objects.filter(name=REVIEWER_GROUP).first()
    if group:
        reviewer.groups.add(group)

    user = _demo_user(DEMO_EMPLOYER)
    employer = employer_of(user)
    if employer is None:
        employer = register_employer(
            user=user,
            profile={
                "legal_name": "“Nümunə Tikinti” MMC",
                "voen": "1700000001",
                "kind": "legal_entity",
                "legal_address": "Bakı şəhəri, Nəsimi rayonu, Nümunə küçəsi 1",
                "activity": "F",
                "contact_person": "Aynur Məmmədova",
                "contact_position": "Kadrlar şöbəsinin müdiri",
                "phone": "+994501234567",
                "head_name": "Elçin Həsənov",
                "head_position": "Direktor",
            },
        )
    campaign = ensure_current_campaign()
    forecast = start_forecast(employer=employer, year=campaign.year)
    if forecast.is_editable and not forecast.lines.exists():
        for code, workers, place_name in DEMO_LINES:
            occupation = Occupation.objects.filter(code=code).first()
            place = Place.objects.select_related("region").filter(name=place_name).first()
            if occupation is None or place is None:
                continue
            save_line(
                forecast=forecast,
                data={
                    "occupation": occupation,
                    "workers": workers,
                    "place": place,
                },
                expected_version=None,
            )
            forecast.refresh_from_db()
    return [DEMO_ADMIN, DEMO_REVIEWER, DEMO_EMPLOYER]


def _demo_user(account: DemoAccount, **flags):
    """Create or reset a demo login with a verified e-mail address."""
    user = get_user_model().objects.filter(email__iexact=account.username).first()
    if user is None:
        user = get_user_model()(username=account.username, email=account.username)
    for flag, value in flags.items():
        setattr(user, flag, value)
    user.set_password(account.password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=account.username, defaults={"verified": True, "primary": True}
    )
    return user
