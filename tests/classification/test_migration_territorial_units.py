"""Moving the territorial units into ``classification`` keeps every row and reference.

The database is built at the schema before the move, filled with employers, forecasts,
lines, a submission and vacancies, then migrated forward.
"""

import datetime

import pytest
from django.utils import timezone

BEFORE = [
    ("classification", "0001_initial"),
    ("forecasts", "0003_dmx_reviewer_group"),
    ("vacancies", "0003_details"),
]
AFTER = [("classification", "0003_territorial_unit_tables")]


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_and_reference(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    User = old.apps.get_model("auth", "User")
    Region = old.apps.get_model("forecasts", "EconomicRegion")
    Place = old.apps.get_model("forecasts", "Place")
    Occupation = old.apps.get_model("classification", "Occupation")
    Employer = old.apps.get_model("forecasts", "Employer")
    Forecast = old.apps.get_model("forecasts", "Forecast")
    Line = old.apps.get_model("forecasts", "ForecastLine")
    Submission = old.apps.get_model("forecasts", "Submission")
    Announcement = old.apps.get_model("vacancies", "Announcement")
    Office = old.apps.get_model("vacancies", "Office")
    Vacancy = old.apps.get_model("vacancies", "Vacancy")

    baku = Region.objects.create(number=1, name="Bakı")
    ganja = Region.objects.create(number=2, name="Gəncə-Daşkəsən")
    city = Place.objects.create(region=baku, name="Bakı")
    samux = Place.objects.create(region=ganja, name="Samux")
    Place.objects.create(region=ganja, name="Ağdam", is_liberated=True)
    welder = Occupation.objects.create(code="7212", level=4, title_az="Qaynaqçılar")
    cook = Occupation.objects.create(code="5120", level=4, title_az="Aşpazlar")
    users = [User.objects.create(username=f"hr{n}@example.az") for n in range(2)]
    employers = [
        Employer.objects.create(
            user=user,
            legal_name=f"Şirkət {n}",
            voen=f"170000000{n}",
            kind="legal_entity",
            legal_address="Bakı",
            activity="F",
            contact_person="Leyla",
            contact_position="HR",
            phone="+994501234567",
            email=user.username,
            head_name="Elçin",
        )
        for n, user in enumerate(users)
    ]
    forecast = Forecast.objects.create(employer=employers[0], year=2028, status="submitted")
    Forecast.objects.create(employer=employers[1], year=2028)
    # The second line's copied region had drifted from its place (Samux under Bakı).
    welders = Line.objects.create(
        forecast=forecast, occupation=welder, workers=7, place=city, region=baku
    )
    cooks = Line.objects.create(
        forecast=forecast, occupation=cook, workers=3, place=samux, region=baku
    )
    frozen_lines = [{"code": "7212", "workers": 7, "place": "Bakı", "region": "Bakı"}]
    Submission.objects.create(
        forecast=forecast,
        number=1,
        submitted_at=timezone.now(),
        lines=frozen_lines,
        total_workers=7,
    )
    announcement = Announcement.objects.create(
        title="Müfəttiş vəzifələri",
        slug="mufettis",
        published_on=datetime.date(2026, 11, 1),
        deadline=timezone.now(),
        knowledge_required="Qanunvericilik",
    )
    office = Office.objects.create(
        name="Gəncə regional miqrasiya idarəsi",
        slug="gence-rmi",
        kind="regional_office",
        city="Gəncə",
        address="Gəncə",
        region=ganja,
    )
    Vacancy.objects.create(announcement=announcement, office=office, title="Müfəttiş")

    new = migrator.apply_tested_migration(AFTER)
    Region = new.apps.get_model("classification", "EconomicRegion")
    Place = new.apps.get_model("classification", "Place")
    Line = new.apps.get_model("forecasts", "ForecastLine")
    Employer = new.apps.get_model("forecasts", "Employer")
    Submission = new.apps.get_model("forecasts", "Submission")
    Office = new.apps.get_model("vacancies", "Office")
    Vacancy = new.apps.get_model("vacancies", "Vacancy")
    ContentType = new.apps.get_model("contenttypes", "ContentType")
    Group = new.apps.get_model("auth", "Group")

    assert list(Region.objects.order_by("number").values_list("pk", "name")) == [
        (baku.pk, "Bakı"),
        (ganja.pk, "Gəncə-Daşkəsən"),
    ]
    assert Place.objects.count() == 3
    assert Place.objects.get(name="Ağdam").is_liberated
    assert Employer.objects.count() == 2
    moved = {line.pk: line for line in Line.objects.select_related("place__region")}
    assert moved[welders.pk].place.region.name == "Bakı"
    # The region now comes from the place: Samux is counted in its own region.
    assert moved[cooks.pk].place.name == "Samux"
    assert moved[cooks.pk].place.region.name == "Gəncə-Daşkəsən"
    assert Submission.objects.get().lines == frozen_lines
    assert Office.objects.select_related("region").get().region.name == "Gəncə-Daşkəsən"
    assert Vacancy.objects.get().office.slug == "gence-rmi"
    assert set(
        ContentType.objects.filter(model__in=["economicregion", "place"]).values_list(
            "app_label", flat=True
        )
    ) == {"classification"}
    reviewer = Group.objects.get(name="DMX reviewer")
    assert reviewer.permissions.filter(
        codename="view_economicregion", content_type__app_label="classification"
    ).exists()
