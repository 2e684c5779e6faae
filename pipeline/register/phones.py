"""Phone numbers: a valid North American number, in its readable and its dialable form."""

from __future__ import annotations

import phonenumbers


def phone_forms(text: str) -> tuple[str, str] | None:
    """(readable, E.164) for a valid North American number, else None."""
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 1 or not phonenumbers.is_valid_number(number):
        return None
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
    )
