"""After the first submission VÖEN and legal kind change only through DMX staff: a page in
admin with a required reason, in the employer's audit trail and e-mailed to the employer."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from forecasts.models import Employer
from forecasts.services import change_employer_identity
from tests.forecasts.factories import make_employer
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

REASON = "Vergi orqanının 12.11.2026 tarixli məktubu: VÖEN səhv yazılıb."


@pytest.fixture
def submitted(draft, owner):
    draft.submit(by=owner.user)
    return draft


def _identity_url(employer, language="az") -> str:
    with translation.override(language):
        return reverse("admin:forecasts_employer_identity", args=[employer.pk])


def _post(client, employer, **data):
    response = client.post(_identity_url(employer), data)
    run_tasks()
    return response


def test_after_a_submission_the_employer_page_in_admin_keeps_voen_and_kind_read_only(
    superuser_client, owner, submitted
):
    url = reverse("admin:forecasts_employer_change", args=[owner.pk])
    html = superuser_client.get(url).content.decode()
    assert 'name="voen"' not in html and 'name="kind"' not in html
    assert 'name="legal_name"' in html  # the rest stays editable
    assert _identity_url(owner) in html


def test_staff_change_the_voen_with_a_reason_audited_and_emailed(
    superuser_client, superuser, owner, submitted
):
    old_voen = owner.voen
    response = _post(
        superuser_client, owner, voen="1799 000 001", kind="foreign_branch", reason=REASON
    )
    assert response.status_code == 302

    owner.refresh_from_db()
    assert (owner.voen, owner.kind) == ("1799000001", "foreign_branch")
    # What was submitted keeps the VÖEN it was submitted with.
    assert submitted.current_submission.voen == old_voen

    history = superuser_client.get(
        reverse("admin:forecasts_employer_history", args=[owner.pk])
    ).content.decode()
    entry = history.split('id="audit-trail"')[1].split("</tr>")[1]
    assert REASON in entry and superuser.get_username() in entry
    assert old_voen in entry and "1799000001" in entry

    [message] = mail.outbox
    assert message.to == [owner.email]
    assert REASON in message.body
    assert f"{old_voen} → 1799000001" in message.body
    assert "Hüquqi şəxs → Xarici şirkətin filialı və ya nümayəndəliyi" in message.body


def test_the_email_is_in_the_employers_language(superuser_client, owner, submitted):
    Employer.objects.filter(pk=owner.pk).update(language="en")
    _post(superuser_client, owner, voen=owner.voen, kind="individual", reason=REASON)
    [message] = mail.outbox
    assert "Legal entity → Individual entrepreneur" in message.body
    assert "Reason" in message.body and "Səbəb" not in message.body


def test_a_reason_is_required_and_nothing_changes_without_one(superuser_client, owner, submitted):
    before = (owner.voen, owner.kind, owner.history.count())
    response = _post(superuser_client, owner, voen="1799000001", kind=owner.kind, reason=" ")
    assert response.status_code == 200
    assert "səbəbini yazmaq mütləqdir" in response.content.decode()
    owner.refresh_from_db()
    assert (owner.voen, owner.kind, owner.history.count()) == before
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        change_employer_identity(
            employer=owner, voen="1799000001", kind=owner.kind, reason="", by=None
        )


def test_a_taken_or_malformed_voen_is_refused(superuser_client, owner, submitted):
    taken = make_employer("taken@example.az")
    for voen in (taken.voen, "12345"):
        response = _post(superuser_client, owner, voen=voen, kind=owner.kind, reason=REASON)
        assert response.status_code == 200
        assert re.search(r'class="errorlist', response.content.decode())
    owner.refresh_from_db()
    assert owner.voen != taken.voen and mail.outbox == []


def test_a_reviewer_cannot_change_identity(reviewer_client, owner, submitted):
    assert reviewer_client.get(_identity_url(owner)).status_code == 403
    response = reviewer_client.post(
        _identity_url(owner), {"voen": "1799000001", "kind": owner.kind, "reason": REASON}
    )
    assert response.status_code == 403
    owner.refresh_from_db()
    assert owner.voen != "1799000001"
