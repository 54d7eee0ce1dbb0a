"""`manage.py seed_demo`: the demo accounts of a local portal sign in with what it prints."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from classification.services import load_regions
from forecasts.models import Forecast
from forecasts.review import REVIEW_PERMISSION
from forecasts.services_demo import DEMO_ADMIN, DEMO_EMPLOYER, DEMO_REVIEWER
from tests.forecasts.factories import make_classification

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_portal(settings):
    """A development portal (DEBUG on) with the regions and the demo's unit groups."""
    settings.DEBUG = True
    load_regions()
    make_classification()


def _signs_in(account) -> bool:
    login = {"login": account.username, "password": account.password}
    return Client().post("/accounts/login/", login).status_code == 302


def test_the_printed_accounts_sign_in_with_their_rights_and_a_demo_draft(
    local_portal, capsys, django_user_model
):
    call_command("seed_demo")

    out = capsys.readouterr().out
    for account in (DEMO_ADMIN, DEMO_REVIEWER, DEMO_EMPLOYER):
        assert f"{account.username} / {account.password}" in out
        assert _signs_in(account), account.username
    forecast = Forecast.objects.get(employer__memberships__user__username=DEMO_EMPLOYER.username)
    assert forecast.is_editable
    assert sorted(forecast.lines.values_list("occupation", "workers", "place__name")) == [
        ("5120", 3, "Bakı"),
        ("7112", 20, "Sumqayıt"),
        ("7212", 12, "Bakı"),
    ]
    reviewer = django_user_model.objects.get(username=DEMO_REVIEWER.username)
    assert reviewer.is_staff and reviewer.has_perm(REVIEW_PERMISSION)
    assert not reviewer.is_superuser
    assert django_user_model.objects.get(username=DEMO_ADMIN.username).is_superuser


def test_a_second_run_adds_nothing_and_resets_the_passwords(local_portal, django_user_model):
    call_command("seed_demo")
    employer = django_user_model.objects.get(username=DEMO_EMPLOYER.username)
    employer.set_password("changed-by-a-tester")
    employer.save()

    call_command("seed_demo")

    assert django_user_model.objects.count() == 3
    assert Forecast.objects.get().lines.count() == 3
    assert _signs_in(DEMO_EMPLOYER)


def test_it_refuses_to_run_with_debug_off(settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")

    assert not django_user_model.objects.exists()
