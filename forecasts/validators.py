"""Normalise and validate Azerbaijani identifiers typed by employers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-–—.()/]+")


def normalise_voen(value: str) -> str:
    """Return the VÖEN without the spaces and dashes people type."""
    return _SEPARATORS.sub("", value or "")


def validate_voen(value: str) -> None:
    """Reject anything but exactly 10 digits."""
    cleaned = normalise_voen(value)
    if not cleaned.isascii() or not cleaned.isdigit():
        raise ValidationError(_("VÖEN yalnız rəqəmlərdən ibarət olmalıdır."), code="voen_digits")
    if len(cleaned) != 10:
        raise ValidationError(
            _("VÖEN 10 rəqəmdən ibarət olmalıdır; siz %(count)s rəqəm yazmısınız."),
            code="voen_length",
            params={"count": len(cleaned)},
        )


def normalise_phone(value: str) -> str:
    """Return a phone number as +994XXXXXXXXX from the common ways people write it."""
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("00994"):
        digits = digits[2:]
    if digits.startswith("0") and len(digits) == 10:
        digits = "994" + digits[1:]
    if len(digits) == 9 and not digits.startswith("994"):
        digits = "994" + digits
    return "+" + digits if digits else ""


def validate_phone(value: str) -> None:
    """Accept Azerbaijani numbers: +994 and 9 digits (operator or area code, then number)."""
    phone = normalise_phone(value)
    if not re.fullmatch(r"\+994[1-9][0-9]{8}", phone):
        raise ValidationError(
            _("Telefon nömrəsini +994 XX XXX XX XX formatında yazın, məsələn +994 50 123 45 67."),
            code="phone_format",
        )
