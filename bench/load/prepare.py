"""Prepare a database for the load test: reference data, an open campaign, N employers.

Run with the portal's settings and DATABASE_URL pointing at a throwaway database:
    python bench/load/prepare.py --employers 400
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from forecasts.models import Employer, Membership  # noqa: E402
from forecasts.services import ensure_current_campaign  # noqa: E402

PASSWORD = "Load-test-2027"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employers", type=int, default=400)
    args = parser.parse_args()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_regions", verbosity=0)
    call_command("import_classification", verbosity=0)
    call_command("load_vacancies", verbosity=0)
    ensure_current_campaign()
    user_model = get_user_model()
    hashed = make_password(PASSWORD)
    with transaction.atomic():
        existing = set(
            user_model.objects.filter(username__startswith="load").values_list(
                "username", flat=True
            )
        )
        users = [
            user_model(
                username=f"load{i:05d}@example.az", email=f"load{i:05d}@example.az", password=hashed
            )
            for i in range(args.employers)
            if f"load{i:05d}@example.az" not in existing
        ]
        user_model.objects.bulk_create(users)
        by_name = {u.username: u for u in user_model.objects.filter(username__startswith="load")}
        have = set(
            Membership.objects.filter(user__username__startswith="load").values_list(
                "user__username", flat=True
            )
        )
        names = [name for name in sorted(by_name) if name not in have]
        made = Employer.objects.bulk_create(
            Employer(
                legal_name=f"Load test {name}",
                voen=f"9{int(name[4:9]):09d}",
                kind="legal_entity",
                legal_address="Bakı",
                activity="F",
                contact_person="Test",
                contact_position="Test",
                phone="+994501234567",
                email=name,
                head_name="Test",
            )
            for name in names
        )
        Membership.objects.bulk_create(
            Membership(employer=employer, user=by_name[name], role="owner")
            for employer, name in zip(made, names, strict=True)
        )
    print(
        f"prepared {Membership.objects.filter(user__username__startswith='load').count()} employers"
    )


if __name__ == "__main__":
    main()
