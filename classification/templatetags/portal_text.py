"""The text rules of classification/text.py as template filters, for every app's templates.

``{{ title|upper_first }}`` replaces Django's ``|capfirst`` (which gives "Inspektor"
for "inspektor"); ``{{ year|ordinal }}`` writes "2026-cı" in Azerbaijani and the plain
number in English and Russian.
"""

from django import template

from classification import text

register = template.Library()


@register.filter(is_safe=True)
def upper_first(value) -> str:
    """Capitalise the first letter by the active language's rules."""
    return text.upper_first(value) if value else value


@register.filter
def ordinal(value) -> str:
    """Write a number as an Azerbaijani ordinal ("3-cü"); other languages: the number."""
    try:
        return text.ordinal(int(value))
    except (TypeError, ValueError):
        return value
