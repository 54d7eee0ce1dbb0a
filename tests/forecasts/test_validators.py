import pytest
from django.core.exceptions import ValidationError

from forecasts.validators import normalise_phone, normalise_voen, validate_phone, validate_voen


@pytest.mark.parametrize("typed", ["1234567890", "12 345 678 90", "1234-567-890", " 1234567890 "])
def test_voen_with_spaces_and_dashes_is_accepted(typed):
    validate_voen(typed)
    assert normalise_voen(typed) == "1234567890"


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("123456789", "10 rəqəm"),
        ("12345678901", "10 rəqəm"),
        ("12345abcde", "rəqəm"),
        ("١٢٣٤٥٦٧٨٩٠", "rəqəm"),
    ],
)
def test_bad_voen_gets_a_clear_message(typed, fragment):
    with pytest.raises(ValidationError) as exc:
        validate_voen(typed)
    assert fragment in exc.value.messages[0]


@pytest.mark.parametrize(
    "typed",
    [
        "+994501234567",
        "+994 50 123 45 67",
        "050 123 45 67",
        "(050) 123-45-67",
        "00994501234567",
        "994501234567",
        "501234567",
    ],
)
def test_azerbaijani_phone_numbers_are_normalised(typed):
    validate_phone(typed)
    assert normalise_phone(typed) == "+994501234567"


@pytest.mark.parametrize("typed", ["+7 900 123 45 67", "12345", "+994 50 123", "phone"])
def test_foreign_or_short_phone_is_rejected(typed):
    with pytest.raises(ValidationError) as exc:
        validate_phone(typed)
    assert "+994" in exc.value.messages[0]
