"""Demo accounts and data for a local portal; never for production."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from classification.models import Occupation, Place

from .models import Employer
from .review import REVIEWER_GROUP
from .services import ensure_current_campaign, register_employer, save_line, start_forecast


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


DEMO_ADMIN = DemoAccount("admin", "admin-demo-2026", "superuser")
DEMO_REVIEWER = DemoAccount("reviewer", "reviewer-demo-2026", "reviewer")
DEMO_EMPLOYER = DemoAccount("employer@demo.kvota.local", "employer-demo-2026", "employer")

DEMO_LINES = [("7212", 12, "Bakı"), ("7112", 20, "Sumqayıt"), ("5120", 3, "Bakı")]


@transaction.atomic
def seed_demo_accounts() -> list[DemoAccount]:
    """Create (or reset) the demo accounts and a demo draft; refuse in production."""
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "seed_demo creates known passwords and never runs with DEBUG off."
        )
    user_model = get_user_model()
    admin, _ = user_model.objects.get_or_create(
        username=DEMO_ADMIN.username, defaults={"email": "admin@demo.kvota.local"}
    )
    admin.is_staff = admin.is_superuser = True
    admin.set_password(DEMO_ADMIN.password)
    admin.save()

    reviewer, _ = user_model.objects.get_or_create(
        username=DEMO_REVIEWER.username, defaults={"email": "reviewer@demo.kvota.local"}
    )
    reviewer.is_staff = True
    reviewer.set_password(DEMO_REVIEWER.password)
    reviewer.save()
    group = Group.objects.filter(name=REVIEWER_GROUP).first()
    if group:
        reviewer.groups.add(group)

    employer = Employer.objects.filter(user__username=DEMO_EMPLOYER.username).first()
    if employer is None:
        employer = register_employer(
            email=DEMO_EMPLOYER.username,
            password=DEMO_EMPLOYER.password,
            legal_name="“Nümunə Tikinti” MMC",
            voen="1700000001",
            kind="legal_entity",
            legal_address="Bakı şəhəri, Nəsimi rayonu, Nümunə küçəsi 1",
            activity="F",
            contact_person="Aynur Məmmədova",
            contact_position="Kadrlar şöbəsinin müdiri",
            phone="+994501234567",
            head_name="Elçin Həsənov",
            head_position="Direktor",
        )
    else:
        employer.user.set_password(DEMO_EMPLOYER.password)
        employer.user.save()
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
