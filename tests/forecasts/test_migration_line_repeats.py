"""Migration 0011: a draft's repeated profession and place keeps its line, not its place.

Before it, the line form saved a repeat into a draft silently. The unique constraint
that follows must find none, and no line, count or note may be lost on the way.
"""

import pytest
from django.db import IntegrityError, transaction

BEFORE = [("forecasts", "0010_employers_in_azerbaijani_order_and_capitals")]
AFTER = [("forecasts", "0011_line_unique_profession_place")]


@pytest.mark.django_db(transaction=True)
def test_repeats_lose_only_their_place_and_the_constraint_then_holds(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    get = old.apps.get_model
    User = get("auth", "User")
    Region, Place = get("classification", "EconomicRegion"), get("classification", "Place")
    Occupation = get("classification", "Occupation")
    Employer, Forecast, Line = (
        get("forecasts", name) for name in ("Employer", "Forecast", "ForecastLine")
    )
    baku = Place.objects.create(region=Region.objects.create(number=1, name="Bakı"), name="Bakı")
    welder = Occupation.objects.create(code="7212", level=4, title_az="Qaynaqçılar")
    cook = Occupation.objects.create(code="5120", level=4, title_az="Aşpazlar")
    employer = Employer.objects.create(
        user=User.objects.create(username="hr@example.az"),
        legal_name="Şirkət",
        voen="1700000001",
        kind="legal_entity",
        legal_address="Bakı",
        activity="F",
        contact_person="Leyla",
        contact_position="HR",
        phone="+994501234567",
        email="hr@example.az",
        head_name="Elçin",
    )
    draft = Forecast.objects.create(employer=employer, year=2028)
    other = Forecast.objects.create(employer=employer, year=2029)
    first = Line.objects.create(
        forecast=draft, position=1, occupation=welder, workers=5, place=baku
    )
    Line.objects.create(forecast=draft, position=2, occupation=cook, workers=1, place=baku)
    repeat = Line.objects.create(
        forecast=draft, position=3, occupation=welder, workers=7, place=baku, note="ikinci"
    )
    elsewhere = Line.objects.create(
        forecast=other, position=1, occupation=welder, workers=2, place=baku
    )
    incomplete = [
        Line.objects.create(forecast=draft, position=4 + n, occupation=welder) for n in range(2)
    ]

    new = migrator.apply_tested_migration(AFTER)
    Line = new.apps.get_model("forecasts", "ForecastLine")

    lines = {line.pk: line for line in Line.objects.all()}
    assert len(lines) == 6
    assert (lines[first.pk].place_id, lines[elsewhere.pk].place_id) == (baku.pk, baku.pk)
    kept = lines[repeat.pk]
    assert (kept.place_id, kept.occupation_id, kept.workers, kept.note) == (
        None,
        "7212",
        7,
        "ikinci",
    )
    assert all(lines[line.pk].place_id is None for line in incomplete)
    with pytest.raises(IntegrityError), transaction.atomic():
        Line.objects.create(
            forecast_id=draft.pk, position=9, occupation_id="7212", place_id=baku.pk
        )
