"""Migrations 0012–0013: every employer's account becomes its owner, nothing else moves.

The database is built at the schema before (one account per employer, ``Employer.user``),
filled as the portal filled it: employers with drafts, a submitted forecast with its
frozen record and the profile's history. Then it is migrated forward.
"""

import datetime

import pytest

BEFORE = [("forecasts", "0011_line_unique_profession_place")]
AFTER = [("forecasts", "0013_drop_employer_user")]
UTC = datetime.UTC


def _employer(Employer, user, n: int):
    return Employer.objects.create(
        user=user,
        legal_name=f"Şirkət {n}",
        voen=f"170000000{n}",
        kind="legal_entity",
        legal_address="Bakı, Nizami 1",
        activity="F",
        contact_person="Leyla",
        contact_position="HR",
        phone="+994501234567",
        email=user.username,
        head_name="Elçin",
    )


@pytest.mark.django_db(transaction=True)
def test_every_employer_gets_its_account_as_owner_and_keeps_its_forecasts(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    get = old.apps.get_model
    User = get("auth", "User")
    Employer, Forecast = get("forecasts", "Employer"), get("forecasts", "Forecast")
    Submission = get("forecasts", "Submission")
    HistoricalEmployer = get("forecasts", "HistoricalEmployer")

    users = [User.objects.create(username=f"hr{n}@example.az") for n in range(3)]
    User.objects.create(username="rev@dmx.gov.az", is_staff=True)  # no employer, no member
    employers = [_employer(Employer, user, n) for n, user in enumerate(users)]
    registered = datetime.datetime(2026, 3, 1, 9, tzinfo=UTC)
    Employer.objects.filter(pk=employers[0].pk).update(created_at=registered)
    HistoricalEmployer.objects.create(
        id=employers[0].pk,
        legal_name="Şirkət 0 (köhnə ad)",
        voen=employers[0].voen,
        kind="legal_entity",
        legal_address="Bakı",
        activity="F",
        contact_person="Leyla",
        contact_position="HR",
        phone="+994501234567",
        email="hr0@example.az",
        head_name="Elçin",
        language="az",
        created_at=registered,
        updated_at=registered,
        history_date=registered,
        history_type="+",
        history_user_id=users[0].pk,
    )
    drafts = [Forecast.objects.create(employer=e, year=2028) for e in employers]
    submitted = Forecast.objects.create(employer=employers[1], year=2027)
    record = Submission.objects.create(
        forecast=submitted,
        number=1,
        submitted_at=registered,
        submitted_by=users[1],
        legal_name="Şirkət 1",
        voen=employers[1].voen,
        kind="legal_entity",
        legal_address="Bakı, Nizami 1",
        activity="F",
        contact_person="Leyla",
        contact_position="HR",
        phone="+994501234567",
        email="hr1@example.az",
        head_name="Elçin",
        total_workers=0,
    )
    Forecast.objects.filter(pk=submitted.pk).update(
        status="submitted", submitted_at=registered, current_submission=record
    )

    new = migrator.apply_tested_migration(AFTER)
    get = new.apps.get_model
    Employer, Forecast = get("forecasts", "Employer"), get("forecasts", "Forecast")
    Membership, Submission = get("forecasts", "Membership"), get("forecasts", "Submission")

    members = {(m.employer_id, m.user_id, m.role) for m in Membership.objects.all()}
    assert members == {(e.pk, u.pk, "owner") for e, u in zip(employers, users, strict=True)}
    # A member since the employer registered, not since the migration.
    assert Membership.objects.get(employer_id=employers[0].pk).created_at == registered
    # The employers own their forecasts as before; the record keeps who submitted it.
    assert set(Forecast.objects.values_list("pk", "employer_id")) == {
        *((d.pk, d.employer_id) for d in drafts),
        (submitted.pk, employers[1].pk),
    }
    assert Submission.objects.get(pk=record.pk).submitted_by_id == users[1].pk
    assert Employer.objects.count() == 3
    assert "user" not in {f.name for f in Employer._meta.get_fields()}
    history = get("forecasts", "HistoricalEmployer").objects.get(id=employers[0].pk)
    assert history.legal_name == "Şirkət 0 (köhnə ad)"
