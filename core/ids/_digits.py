"""Shared helpers for digit-only identifiers."""

from __future__ import annotations

import re

from core.errors import InvalidFormat

_SEPARATORS = re.compile(r"[\s.\-/]")


def clean(subject: str, number: str, strip: str = "") -> str:
    """Remove separators (spaces, dots, dashes, slashes) and check only digits remain."""
    value = _SEPARATORS.sub("", str(number)).strip()
    if strip and value.upper().startswith(strip):
        value = value[len(strip):]
    if not value.isdigit() or not value.isascii():
        raise InvalidFormat(subject)
    return value


def mod97_check(base: str) -> str:
    """The usual Belgian check: 97 - (base mod 97), as two digits.

    >>> mod97_check("05669882")
    '59'
    """
    return f"{97 - int(base) % 97:02d}"
