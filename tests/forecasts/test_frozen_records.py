"""A submission, its lines and its decisions, once written, refuse every change below the views."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from forecasts.models import Decision, FrozenRecordError, Submission, SubmittedLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(draft, owner, staff_user):
    draft.submit(by=owner.user)
    draft.return_for_correction(by=staff_user, comment="Sayları yoxlayın.")
    submission = draft.submissions.get()
    return submission, submission.lines.first(), submission.decisions.get()


def _as_stored(submission, line, decision):
    return (
        list(Submission.objects.values_list("pk", "legal_name", "total_workers", "justification")),
        list(SubmittedLine.objects.values_list("pk", "workers", "code", "place_name")),
        list(Decision.objects.values_list("pk", "action", "comment")),
    )


def test_saving_a_stored_record_again_is_refused(record):
    submission, line, decision = record
    before = _as_stored(*record)
    submission.total_workers = 700
    line.workers = 700
    decision.comment = "Başqa şərh"
    for obj in (submission, line, decision):
        with pytest.raises(FrozenRecordError):
            obj.save()
        with pytest.raises(FrozenRecordError):
            obj.save(update_fields=["pk"])
    assert _as_stored(*record) == before


def test_other_ways_of_saving_over_a_record_are_refused(record):
    submission, line, decision = record
    before = _as_stored(*record)
    with pytest.raises(FrozenRecordError):
        line.save(force_update=True)
    with pytest.raises(FrozenRecordError):
        SubmittedLine.objects.update_or_create(pk=line.pk, defaults={"workers": 700})
    with pytest.raises(FrozenRecordError):
        Decision.objects.update_or_create(pk=decision.pk, defaults={"comment": "x"})
    # A new object carrying a stored row's key is only ever inserted, which the key refuses.
    copy = SubmittedLine.objects.get(pk=line.pk)
    copy._state.adding, copy.workers = True, 700
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert _as_stored(*record) == before


def test_deleting_a_record_is_refused(record):
    before = _as_stored(*record)
    for obj in record:
        with pytest.raises(FrozenRecordError):
            obj.delete()
    assert _as_stored(*record) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda s, line, d: Submission.objects.filter(pk=s.pk).update(total_workers=700),
        lambda s, line, d: Submission.objects.all().delete(),
        lambda s, line, d: SubmittedLine.objects.filter(pk=line.pk).update(workers=700),
        lambda s, line, d: SubmittedLine.objects.all().delete(),
        lambda s, line, d: Decision.objects.update(action="accepted"),
        lambda s, line, d: Decision.objects.all().delete(),
        # The related managers and the base manager (what Django itself uses) refuse too.
        lambda s, line, d: s.lines.update(workers=700),
        lambda s, line, d: s.lines.all().delete(),
        lambda s, line, d: s.decisions.update(comment="x"),
        lambda s, line, d: SubmittedLine._base_manager.update(workers=700),
        lambda s, line, d: s.forecast.submissions.update(justification="x"),
        lambda s, line, d: SubmittedLine.objects.bulk_update(
            [SubmittedLine(pk=line.pk, workers=700)], ["workers"]
        ),
        lambda s, line, d: SubmittedLine.objects.bulk_create(
            [SubmittedLine(submission=s, position=line.position, code="7212", workers=700)],
            update_conflicts=True,
            unique_fields=["submission", "position"],
            update_fields=["workers"],
        ),
    ],
    ids=[
        "submission-update",
        "submission-delete",
        "line-update",
        "line-delete",
        "decision-update",
        "decision-delete",
        "related-lines-update",
        "related-lines-delete",
        "related-decisions-update",
        "base-manager-update",
        "forecast-submissions-update",
        "bulk-update",
        "upsert",
    ],
)
def test_bulk_changes_are_refused(record, change):
    before = _as_stored(*record)
    with pytest.raises(FrozenRecordError):
        change(*record)
    assert _as_stored(*record) == before


def test_nothing_above_a_record_can_take_it_away(record, owner, staff_user):
    submission, _line, _decision = record
    before = _as_stored(*record)
    for protected in (submission.forecast, owner.user, staff_user):
        with pytest.raises(ProtectedError):
            protected.delete()
    assert _as_stored(*record) == before


def test_new_records_are_still_written(record, owner):
    submission, _line, _decision = record
    forecast = submission.forecast
    forecast.refresh_from_db()
    second = forecast.submit(by=owner.user)
    assert (second.number, second.lines.count()) == (2, 2)
