"""Country names from CLDR (through Babel) in the visitor's language, and back.

django-countries names countries in English unless it ships a catalogue for the
language, which it does not for Azerbaijani. The portal names them from CLDR
instead: ``COUNTRIES_OVERRIDE`` (settings) maps every code to ``country_name``, so
every form, page and export that shows a django-countries name shows this one. An
uploaded file may name a country in any portal language, by its older English name
("Turkey") or by its ISO code: ``country_code`` reads them all.
"""

import functools

from babel import Locale
from django.utils.functional import lazy
from django.utils.translation import get_language, override
from django_countries import countries
from django_countries.base import CountriesBase
from django_countries.data import ALT_CODES, COUNTRIES

from .text import fold

PORTAL_LANGUAGES = ("az", "en", "ru")
# CLDR's short Russian forms, written out as an official text writes them.
_RU_WORDS = (("о-ва", "острова"), ("о-в", "остров"), ("Св.", "Святой"))


@functools.cache
def _names(language: str) -> dict[str, str]:
    territories = Locale.parse(language).territories
    with override("en"):
        names = {code: territories.get(code) or str(english) for code, english in COUNTRIES.items()}
    if language == "ru":
        for code, name in names.items():
            for short, full in _RU_WORDS:
                name = name.replace(short, full)
            names[code] = name
    return names


def country_name(code: str, language: str | None = None) -> str:
    """Return the CLDR name of the country ``code`` in ``language`` (the active one by default)."""
    language = (language or get_language() or "az").split("-")[0]
    if language not in PORTAL_LANGUAGES:
        language = "en"
    return _names(language).get(code.upper(), code)


_lazy_name = lazy(country_name, str)


def cldr_overrides() -> dict:
    """Return ``COUNTRIES_OVERRIDE`` entries naming every country from CLDR, lazily."""
    return {code: _lazy_name(code) for code in COUNTRIES}


@functools.cache
def _codes_by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    with override("en"):
        for code, english in COUNTRIES.items():
            found[fold(code)] = code
            found[fold(str(english))] = code
            found.setdefault(fold(ALT_CODES[code][0]), code)
        for code, old_names in CountriesBase.OLD_NAMES.items():
            for name in old_names:
                found.setdefault(fold(str(name)), code)
    for language in PORTAL_LANGUAGES:
        for code, name in _names(language).items():
            found.setdefault(fold(name), code)
            # CLDR's own short forms too: a Russian file may say "о-ва".
            found.setdefault(fold(Locale.parse(language).territories.get(code, "")), code)
        with override(language):
            # The portal's own additions (settings.COUNTRIES_OVERRIDE: stateless, XX).
            for code, name in countries:
                found.setdefault(fold(str(name)), code)
                found.setdefault(fold(code), code)
    found.pop("", None)
    return found


def country_code(text: str) -> str | None:
    """Return the ISO code of the country ``text`` names in az, en or ru, or by code."""
    return _codes_by_name().get(fold(text or ""))
