"""Phone numbers to E.164 with ``phonenumbers``, Belgium as the default region.

>>> normalize("0470 12 34 56"), normalize("0032470123456"), normalize("+32470123456")
('+32470123456', '+32470123456', '+32470123456')
>>> normalize("not a phone") is None
True
"""

from __future__ import annotations

import functools

import phonenumbers

__all__ = ["normalize"]


@functools.lru_cache(maxsize=4096)  # a phone sends many turns; parsing is ~20 us each
def normalize(raw: str, region: str = "BE") -> str | None:
    """The E.164 form of ``raw``, or None when it is not a possible number."""
    try:
        number = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
