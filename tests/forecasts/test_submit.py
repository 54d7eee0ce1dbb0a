import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from forecasts.models import Campaign, StaleForecastError, Status
from forecasts.services import save_line

from . import factories

pytestmark = pytest.mark.django_db


def test_submit_freezes_the_employer_block_and_every_line(draft, owner):
    submission = draft.submit(by=owner.user)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.current_submission == submission
    assert (submission.number, submission.submitted_by) == (1, owner.user)
    assert submission.total_workers == 12
    lines = list(submission.lines.all())
    assert [(line.code, line.workers, line.place_name, line.region_name) for line in lines] == [
        ("7212", 10, "Bakı", "Bakı"),
        ("5120", 2, "Yevlax", "Mərkəzi Aran"),
    ]
    assert (lines[0].title_az, lines[0].title_en, lines[0].title_ru) == (
        "Qaynaqçılar və qaz kəsənlər",
        "Welders and flame cutters",
        "Сварщики и газорезчики",
    )
    assert (submission.voen, submission.kind, submission.activity) == (
        owner.voen,
        "legal_entity",
        "F",
    )
    assert submission.legal_address == owner.legal_address
    assert submission.head_name == owner.head_name


def test_the_record_keeps_the_title_as_it_was_when_the_classification_changes(
    draft, owner, occupations
):
    submission = draft.submit(by=owner.user)
    occupations["7212"].title_az = "Yeni rəsmi ad"
    occupations["7212"].save()
    assert submission.lines.get(code="7212").title_az == "Qaynaqçılar və qaz kəsənlər"


def test_the_record_keeps_the_liberated_flag_of_the_place(owner, occupations, places, campaign):
    forecast = factories.make_forecast(
        owner, 2028, lines=[(occupations["7212"], 4, places["Şuşa"])]
    )
    line = forecast.submit(by=owner.user).lines.get()
    assert (line.place_name, line.region_name, line.is_liberated) == ("Şuşa", "Qarabağ", True)


def test_an_empty_forecast_cannot_be_submitted(owner, campaign):
    forecast = factories.make_forecast(owner, 2028)
    with pytest.raises(ValidationError) as exc:
        forecast.submit(by=owner.user)
    assert "Ən azı bir peşə" in exc.value.messages[0]


def test_a_duplicate_profession_and_place_never_reaches_the_submission(
    draft, owner, occupations, places
):
    with pytest.raises(ValidationError) as exc:
        save_line(
            forecast=draft,
            data={
                "occupation": occupations["7212"],
                "workers": 3,
                "place": places["Bakı"],
            },
            expected_version=None,
        )
    assert "artıq var" in " ".join(exc.value.messages)
    submission = draft.submit(by=owner.user)
    assert [(line.code, line.workers) for line in submission.lines.all()] == [
        ("7212", 10),
        ("5120", 2),
    ]


def test_same_profession_at_another_place_is_fine(draft, owner, occupations, places):
    save_line(
        forecast=draft,
        data={
            "occupation": occupations["7212"],
            "workers": 3,
            "place": places["Yevlax"],
        },
        expected_version=None,
    )
    draft.submit(by=owner.user)
    assert draft.status == Status.SUBMITTED


def test_incomplete_lines_are_saved_as_draft_but_block_submit(draft, owner):
    line = save_line(forecast=draft, data={"job_title": "Baş qaynaqçı"}, expected_version=None)
    assert line.pk and line.occupation is None
    with pytest.raises(ValidationError) as exc:
        draft.submit(by=owner.user)
    messages = " ".join(exc.value.messages)
    assert "peşə seçilməyib" in messages and "işçilərin sayı" in messages


def test_submit_after_the_deadline_is_refused_unless_reopened(owner, occupations, places):
    Campaign.objects.create(
        year=2028, opens_on=datetime.date(2026, 8, 2), deadline=datetime.date(2027, 8, 1)
    )
    forecast = factories.make_forecast(
        owner, 2028, lines=[(occupations["7212"], 4, places["Bakı"])]
    )
    with time_machine.travel(datetime.datetime(2027, 8, 1, 23, 0, tzinfo=datetime.UTC)):
        # 2 August 03:00 in Baku: the deadline day is over.
        with pytest.raises(ValidationError) as exc:
            forecast.submit(by=owner.user)
        assert "Son tarix keçib" in exc.value.messages[0]
        forecast.allow_late_submission(until=datetime.date(2027, 8, 15))
        forecast.submit(by=owner.user)
    assert forecast.status == Status.SUBMITTED


def test_submit_on_the_deadline_day_is_accepted(owner, occupations, places):
    Campaign.objects.create(
        year=2028, opens_on=datetime.date(2026, 8, 2), deadline=datetime.date(2027, 8, 1)
    )
    forecast = factories.make_forecast(
        owner, 2028, lines=[(occupations["7212"], 4, places["Bakı"])]
    )
    with time_machine.travel(
        datetime.datetime(2027, 8, 1, 19, 0, tzinfo=datetime.UTC)
    ):  # 23:00 Baku
        forecast.submit(by=owner.user)
    assert forecast.status == Status.SUBMITTED


def test_returned_forecast_is_corrected_and_resubmitted_with_a_second_snapshot(
    draft, owner, staff_user, occupations, places
):
    draft.submit(by=owner.user)
    with pytest.raises(ValidationError):
        draft.return_for_correction(by=staff_user, comment="  ")
    draft.return_for_correction(by=staff_user, comment="Qaynaqçıların sayını əsaslandırın.")
    assert draft.status == Status.RETURNED and draft.is_editable
    line = draft.lines.get(occupation=occupations["7212"])
    save_line(
        forecast=draft,
        line=line,
        data={
            "occupation": occupations["7212"],
            "workers": 6,
            "place": places["Bakı"],
        },
        expected_version=draft.version,
    )
    draft.refresh_from_db()
    second = draft.submit(by=owner.user)
    first = draft.submissions.get(number=1)
    assert second.number == 2
    draft.refresh_from_db()
    assert draft.current_submission == second
    assert [(d.action, d.comment) for d in first.decisions.all()] == [
        ("returned", "Qaynaqçıların sayını əsaslandırın.")
    ]
    assert not second.decisions.exists()
    assert first.total_workers == 12 and second.total_workers == 8
    assert first.lines.get(code="7212").workers == 10


def test_submitted_forecast_is_read_only(draft, owner, occupations):
    draft.submit(by=owner.user)
    with pytest.raises(ValidationError):
        save_line(forecast=draft, data={"occupation": occupations["2512"]}, expected_version=None)


def test_a_second_submit_is_refused(draft, owner):
    draft.submit(by=owner.user)
    with pytest.raises(ValidationError):
        draft.submit(by=owner.user)
    assert draft.submissions.count() == 1


def test_stale_version_from_another_tab_is_refused(draft, occupations, places):
    old_version = draft.version
    save_line(
        forecast=draft,
        data={"occupation": occupations["2512"], "workers": 1},
        expected_version=old_version,
    )
    with pytest.raises(StaleForecastError):
        save_line(
            forecast=draft,
            data={"occupation": occupations["7112"], "workers": 1},
            expected_version=old_version,
        )
    assert draft.lines.filter(occupation=occupations["7112"]).count() == 0


def test_review_transitions_only_from_submitted(draft, owner, staff_user):
    with pytest.raises(ValidationError):
        draft.accept(by=staff_user)
    draft.submit(by=owner.user)
    draft.accept(by=staff_user)
    with pytest.raises(ValidationError):
        draft.reject(by=staff_user, reason="gec")
    assert draft.status == Status.ACCEPTED
