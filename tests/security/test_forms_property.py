"""Property-based: arbitrary input to the employer forms never crashes or half-saves."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from forecasts.models import Employer, ForecastLine

pytestmark = pytest.mark.django_db

text = st.text(max_size=300)
field_value = st.one_of(
    text,
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.sampled_from(
        ["", " ", "0", "10000", "10001", "-1", "1e9", "NaN", "'; DROP TABLE x;--", "\x00", "٣"]
    ),
)


def _snapshot(forecast):
    forecast.refresh_from_db()
    lines = list(ForecastLine.objects.filter(forecast=forecast).values().order_by("pk"))
    return forecast.version, forecast.justification, lines


@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            name: field_value
            for name in (
                "profession",
                "workers",
                "place",
                "job_title",
                "citizenship",
                "education",
                "monthly_wage",
                "period_months",
                "note",
                "version",
            )
        },
    )
)
def test_line_form_never_500s_and_a_refused_line_changes_nothing(owner_client, draft, data):
    before = _snapshot(draft)
    response = owner_client.post(f"/forecasts/{draft.pk}/lines/add/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _snapshot(draft) == before


@given(justification=text, version=field_value)
def test_justification_never_500s(owner_client, draft, justification, version):
    before = _snapshot(draft)
    response = owner_client.post(
        f"/forecasts/{draft.pk}/", {"justification": justification, "version": version}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _snapshot(draft) == before


@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            name: field_value
            for name in (
                "legal_name",
                "voen",
                "kind",
                "legal_address",
                "activity",
                "phone",
                "email",
                "password1",
                "password2",
                "language",
            )
        },
    )
)
@override_settings(ACCOUNT_RATE_LIMITS=False)  # allauth allows 20 sign-ups a minute per address
def test_registration_never_500s_and_refusal_creates_no_account(client, db, data):
    users_before = get_user_model().objects.count()
    employers_before = Employer.objects.count()
    response = client.post("/accounts/signup/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert get_user_model().objects.count() == users_before
        assert Employer.objects.count() == employers_before
