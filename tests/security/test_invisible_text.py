"""Zero-width and bidirectional control characters never reach a stored name or note.

A right-to-left override can make a company name read differently from what is stored,
and a zero-width space makes two equal-looking names differ; the forms strip them (one
helper, ``classification.text.strip_invisible``, through ``VisibleTextMixin``).
"""

import pytest
from django.contrib.auth import get_user_model

from classification.text import strip_invisible
from forecasts.forms import EmployerProfileForm, JustificationForm
from forecasts.models import Employer
from tests.accounts.test_signup import SIGNUP, VALID
from vacancies.forms import VacancyAdminForm

pytestmark = pytest.mark.django_db


def _profile(owner, **changes) -> dict:
    data = {**VALID, "voen": owner.voen, "email": owner.email, **changes}
    for key in ("password1", "password2"):
        data.pop(key)
    return data


INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"


@pytest.mark.parametrize("character", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_each_invisible_character_is_stripped(character):
    assert strip_invisible(f"Xəzər{character} MMC") == "Xəzər MMC"


def test_visible_text_is_left_as_it_is():
    text = "“Xəzər Tikinti” MMC, İnşaat şöbəsi — Нефтяник\tBakı\n№ 5"
    assert strip_invisible(text) == text


def test_the_profile_stores_the_name_as_it_reads(owner_client, owner):
    data = _profile(
        owner,
        legal_name="\u202eCMM rəzəX\u202c",
        contact_person="Aynur\u200b Məmmədova",
        legal_address="\ufeffBakı, Nobel prospekti 15\u2066",
    )

    response = owner_client.post("/forecasts/profile/", data)

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.legal_name == "CMM rəzəX"
    assert owner.contact_person == "Aynur Məmmədova"
    assert owner.legal_address == "Bakı, Nobel prospekti 15"


def test_a_name_of_invisible_characters_only_is_a_missing_name(owner):
    form = EmployerProfileForm(_profile(owner, legal_name="\u200b \u202e"), instance=owner)
    assert "legal_name" in form.errors


def test_sign_up_strips_them_from_the_profile_and_the_address(client):
    response = client.post(
        SIGNUP, {**VALID, "legal_name": "Xəzər\u2067 MMC", "email": "hr@xezer.az\u200b"}
    )

    assert response.status_code == 302
    assert Employer.objects.get().legal_name == "Xəzər MMC"
    assert get_user_model().objects.get().email == "hr@xezer.az"


def test_the_justification_is_stored_without_them(draft):
    form = JustificationForm(
        {"justification": "Yerli\u200d mütəxəssis yoxdur\u202e", "version": draft.version},
        instance=draft,
    )
    assert form.is_valid()
    assert form.cleaned_data["justification"] == "Yerli mütəxəssis yoxdur"


def test_passwords_are_left_exactly_as_typed(client):
    password = "Xezer\u200b-2027-quota"
    client.post(SIGNUP, {**VALID, "password1": password, "password2": password})

    assert get_user_model().objects.get().check_password(password)


def test_the_vacancy_form_strips_them_from_titles_and_functions():
    form = VacancyAdminForm({"title": "Müfəttiş\u200b", "functions": "Yoxlama\u202e\nHesabat"})
    form.is_valid()
    assert form.cleaned_data["title"] == "Müfəttiş"
    assert form.cleaned_data["functions"] == ["Yoxlama", "Hesabat"]


def test_the_line_form_strips_them_from_the_job_title_and_note(owner_client, draft, places):
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {
            "profession": "7112\u200b",
            "workers": "3",
            "place": places["Bakı"].pk,
            "job_title": "Bənna\u202e",
            "note": "\u2066Növbəli iş\u2069",
            "version": draft.version,
        },
    )

    assert response.status_code == 302
    line = draft.lines.get(occupation_id="7112")
    assert (line.job_title, line.note) == ("Bənna", "Növbəli iş")


def test_a_nul_byte_is_still_refused(owner):
    form = EmployerProfileForm(_profile(owner, legal_name="Xəzər\x00 MMC"), instance=owner)
    assert "legal_name" in form.errors
