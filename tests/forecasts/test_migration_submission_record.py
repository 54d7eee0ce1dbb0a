"""Migrations 0007–0009 turn every JSON snapshot into a frozen record with the same totals.

The database is built at the schema before (snapshots as JSON, outcomes on the
submission), filled as the portal filled it, including what went wrong since: an
accepted line edited in admin afterwards, an employer who changed activity after
submitting, a snapshot taken with English labels, a forecast marked submitted before
submissions were kept. Then it is migrated forward.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction

BEFORE = [
    ("classification", "0003_territorial_unit_tables"),
    ("forecasts", "0006_assigned_reviewer"),
]
AFTER = [("forecasts", "0009_drop_submission_snapshots")]
UTC = datetime.UTC


def _at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2027, 7, day, hour, tzinfo=UTC)


def _employer(Employer, user, n: int, **fields):
    values = {
        "legal_name": f"Şirkət {n}",
        "voen": f"170000000{n}",
        "kind": "legal_entity",
        "legal_address": "Bakı, Nizami 1",
        "activity": "F",
        "contact_person": "Leyla",
        "contact_position": "HR",
        "phone": "+994501234567",
        "email": user.username,
        "head_name": "Elçin",
    }
    return Employer.objects.create(user=user, **(values | fields))


@pytest.mark.django_db(transaction=True)
def test_every_submission_becomes_a_frozen_record_with_the_same_totals(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    get = old.apps.get_model
    User = get("auth", "User")
    Region, Place = get("classification", "EconomicRegion"), get("classification", "Place")
    Occupation = get("classification", "Occupation")
    Employer, Forecast = get("forecasts", "Employer"), get("forecasts", "Forecast")
    Line, Submission = get("forecasts", "ForecastLine"), get("forecasts", "Submission")

    baku = Region.objects.create(number=1, name="Bakı")
    ganja = Region.objects.create(number=2, name="Gəncə-Daşkəsən")
    city = Place.objects.create(region=baku, name="Bakı")
    samux = Place.objects.create(region=ganja, name="Samux")
    welder = Occupation.objects.create(
        code="7212", level=4, title_az="Qaynaqçılar", title_en="Welders", title_ru="Сварщики"
    )
    cook = Occupation.objects.create(code="5120", level=4, title_az="Aşpazlar")
    reviewer = User.objects.create(username="rev@dmx.gov.az", is_staff=True)
    users = [User.objects.create(username=f"hr{n}@example.az") for n in range(3)]
    # Since submitting, the builder moved and now says it is in manufacturing (C).
    builder = _employer(
        Employer, users[0], 0, activity="C", legal_address="Sumqayıt, yeni ünvan", headcount=40
    )
    late = _employer(Employer, users[1], 1, kind="individual", activity="I")
    drafter = _employer(Employer, users[2], 2)

    accepted = Forecast.objects.create(
        employer=builder,
        year=2028,
        status="accepted",
        submitted_at=_at(20),
        reviewed_by=reviewer,
        reviewed_at=_at(22),
        reviewer_comment="Qəbul edildi.",
    )
    # The live line was edited in admin after acceptance, from 9 to 700.
    Line.objects.create(forecast=accepted, occupation=welder, workers=700, place=city)
    snapshot_az = {
        "legal_name": "Şirkət 0",
        "voen": "1700000000",
        "kind": "Hüquqi şəxs",
        "legal_address": "Bakı, Nizami 1",
        "activity": "F — Tikinti",
        "contact_person": "Leyla",
        "contact_position": "HR",
        "phone": "+994501234567",
        "email": "hr0@example.az",
        "head_name": "Elçin",
        "head_position": "",
    }
    first = Submission.objects.create(
        forecast=accepted,
        number=1,
        submitted_at=_at(10),
        submitted_by=users[0],
        justification="Yerli qaynaqçı yoxdur.",
        employer_snapshot=snapshot_az,
        lines=[
            {
                "code": "7212",
                "title_az": "Qaynaqçılar (köhnə ad)",
                "title_en": "Welders",
                "title_ru": "Сварщики",
                "workers": 7,
                "region": "Bakı",
                "place": "Bakı",
                "liberated": False,
                "job_title": "Qaynaqçı",
                "citizenship": "TR",
                "education": "vocational",
                "monthly_wage": "1200.00",
                "period_months": 12,
                "note": "",
            },
            {"code": "5120", "workers": 3, "region": "Gəncə-Daşkəsən", "place": "Samux"},
        ],
        total_workers=10,
        outcome="returned",
        reviewer_comment="Aşpazları əsaslandırın.",
    )
    # The second time the employer had the portal in English: the labels are English.
    second = Submission.objects.create(
        forecast=accepted,
        number=2,
        submitted_at=_at(20),
        submitted_by=users[0],
        employer_snapshot=snapshot_az | {"kind": "Legal entity", "activity": "F — Construction"},
        lines=[{"code": "7212", "workers": 9, "region": "Bakı", "place": "Bakı"}],
        total_workers=9,
        outcome="accepted",
        reviewer_comment="Qəbul edildi.",
    )
    # Marked submitted before submissions were kept: no record at all.
    unrecorded = Forecast.objects.create(
        employer=late, year=2028, status="submitted", submitted_at=_at(25), justification="Mövsüm."
    )
    Line.objects.create(forecast=unrecorded, occupation=cook, workers=4, place=samux)
    Line.objects.create(forecast=unrecorded, occupation=welder, workers=2, place=city)
    draft = Forecast.objects.create(employer=drafter, year=2028)
    Line.objects.create(forecast=draft, occupation=cook, workers=1, place=city)

    new = migrator.apply_tested_migration(AFTER)
    get = new.apps.get_model
    Forecast, Submission = get("forecasts", "Forecast"), get("forecasts", "Submission")
    SubmittedLine, Decision = get("forecasts", "SubmittedLine"), get("forecasts", "Decision")

    # Same submissions (plus the one for the unrecorded forecast), same totals, lines as rows.
    records = {(s.forecast_id, s.number): s for s in Submission.objects.all()}
    assert set(records) == {(accepted.pk, 1), (accepted.pk, 2), (unrecorded.pk, 1)}
    for record in records.values():
        rows = SubmittedLine.objects.filter(submission=record)
        assert sum(row.workers for row in rows) == record.total_workers
    assert [records[(accepted.pk, n)].total_workers for n in (1, 2)] == [10, 9]
    assert records[(unrecorded.pk, 1)].total_workers == 6

    # Lines keep what was submitted, completed from the reference data where a snapshot
    # was short: titles, the region's number, the place itself, the liberated flag.
    welders, cooks = SubmittedLine.objects.filter(submission_id=first.pk).order_by("position")
    assert (welders.code, welders.workers, welders.title_az, welders.title_ru) == (
        "7212",
        7,
        "Qaynaqçılar (köhnə ad)",
        "Сварщики",
    )
    assert (welders.citizenship, welders.education, str(welders.monthly_wage)) == (
        "TR",
        "vocational",
        "1200.00",
    )
    assert (welders.place_id, welders.region_number, welders.period_months) == (city.pk, 1, 12)
    assert (cooks.title_az, cooks.place_id, cooks.region_name, cooks.region_number) == (
        "Aşpazlar",
        samux.pk,
        "Gəncə-Daşkəsən",
        2,
    )
    assert cooks.is_liberated is False
    # The accepted record still says 9, whatever the live line says since.
    assert SubmittedLine.objects.get(submission_id=second.pk).workers == 9

    # The employer block as submitted: labels (az or en) back to codes, not today's values.
    for number in (1, 2):
        record = records[(accepted.pk, number)]
        assert (record.kind, record.activity, record.legal_address) == (
            "legal_entity",
            "F",
            "Bakı, Nizami 1",
        )
        assert (record.voen, record.legal_name) == ("1700000000", "Şirkət 0")
    assert records[(accepted.pk, 1)].justification == "Yerli qaynaqçı yoxdur."
    late_record = records[(unrecorded.pk, 1)]
    assert (late_record.kind, late_record.activity, late_record.justification) == (
        "individual",
        "I",
        "Mövsüm.",
    )
    assert late_record.submitted_by_id == users[1].pk

    # The outcomes became decisions; the accepted one is the reviewer's.
    assert list(
        Decision.objects.filter(submission_id=first.pk).values_list("action", "comment")
    ) == [("returned", "Aşpazları əsaslandırın.")]
    accepting = Decision.objects.get(submission_id=second.pk)
    assert (accepting.action, accepting.decided_by_id, accepting.decided_at) == (
        "accepted",
        reviewer.pk,
        _at(22),
    )

    # Every forecast refers to the submission its status is about; drafts to none.
    current = dict(Forecast.objects.values_list("pk", "current_submission_id"))
    assert current == {
        accepted.pk: records[(accepted.pk, 2)].pk,
        unrecorded.pk: late_record.pk,
        draft.pk: None,
    }
    # From now on the database refuses a submitted forecast without its record.
    with pytest.raises(IntegrityError), transaction.atomic():
        Forecast.objects.filter(pk=unrecorded.pk).update(current_submission=None)
