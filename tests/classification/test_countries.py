"""Country names come from CLDR in the visitor's language, and any of them reads back."""

import pytest
from django.utils import translation
from django_countries import countries

from classification.countries import country_code, country_name
from forecasts.models import ForecastLine


@pytest.mark.parametrize(
    ("code", "az", "ru"),
    [
        ("TR", "Türkiyə", "Турция"),
        ("GE", "Gürcüstan", "Грузия"),
        ("IR", "İran", "Иран"),
        ("RU", "Rusiya", "Россия"),
        ("AX", "Aland adaları", "Аландские острова"),
    ],
)
def test_country_names_in_azerbaijani_and_russian(code, az, ru):
    assert country_name(code, "az") == az
    assert country_name(code, "ru") == ru


def test_every_form_and_page_gets_the_name_in_the_active_language():
    line = ForecastLine(citizenship="TR")
    with translation.override("az"):
        assert line.citizenship.name == "Türkiyə"
        assert dict(countries)["AF"] == "Əfqanıstan"
    with translation.override("ru"):
        assert line.citizenship.name == "Турция"
    with translation.override("en"):
        assert line.citizenship.name == "Türkiye"


def test_stateless_persons_keep_the_portal_own_entry():
    with translation.override("az"):
        assert dict(countries)["XX"] == "Vətəndaşlığı olmayan şəxs"


@pytest.mark.parametrize(
    "text",
    ["Türkiyə", "türkiyə", "TÜRKİYƏ", "Turkiye", "Турция", "Turkey", "Türkiye", "TR", "TUR"],
)
def test_an_upload_may_name_a_country_in_any_portal_language(text):
    assert country_code(text) == "TR"


def test_stateless_and_unknown_texts():
    assert country_code("Vətəndaşlığı olmayan şəxs") == "XX"
    assert country_code("Лицо без гражданства") == "XX"
    assert country_code("Atlantis") is None
    assert country_code("") is None
