"""Shared helpers for digit-only identifiers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from stdnum import exceptions as sx

from core.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

_SEPARATORS = re.compile(r"[\s.\-/]")


def is_digits(text: str) -> bool:
    """Whether ``text`` is ASCII digits only, and at least one: what ``int()`` reads as written.

    ``str.isdigit`` alone takes '²' and other digits ``int()`` refuses.

    >>> is_digits("0042"), is_digits("1\u00b200"), is_digits(""), is_digits("-1")
    (True, False, False, False)
    """
    return text.isascii() and text.isdigit()


def clean(subject: str, number: str, strip: str = "") -> str:
    """Remove separators (spaces, dots, dashes, slashes) and check only digits remain."""
    value = _SEPARATORS.sub("", str(number)).strip()
    if strip and value.upper().startswith(strip):
        value = value[len(strip):]
    if not is_digits(value):
        raise InvalidFormat(subject)
    return value


def of_length(subject: str, number: str, length: int) -> str:
    """``number`` cleaned (:func:`clean`), and of exactly ``length`` digits.

    >>> of_length("subentity", "0000 522 001", 10)
    '0000522001'
    """
    value = clean(subject, number)
    if len(value) != length:
        raise InvalidLength(subject, length=len(value))
    return value


def threes(value: str) -> tuple[str, ...]:
    """Digit groups of three, the last one shorter, for reading aloud.

    >>> threes("1234567")
    ('123', '456', '7')
    """
    return tuple(value[i:i + 3] for i in range(0, len(value), 3))


def mod97_check(base: str) -> str:
    """The usual Belgian check: 97 - (base mod 97), as two digits.

    >>> mod97_check("05669882")
    '59'
    """
    return f"{97 - int(base) % 97:02d}"


def with_stdnum(subject: str, validate: Callable[[str], Any], value: str) -> str:
    """Validate with a python-stdnum module, its errors turned into ours."""
    try:
        return str(validate(value))
    except sx.InvalidChecksum:
        raise InvalidChecksum(subject) from None
    except sx.ValidationError:
        raise InvalidComponent(subject) from None


def validity(validate: Callable[[str], str]) -> Callable[[str], bool]:
    """``is_valid`` for a ``validate``: True unless it raises."""

    def is_valid(number: str) -> bool:
        try:
            validate(number)
        except ValueError:
            return False
        return True

    is_valid.__doc__ = "Whether ``number`` passes :func:`validate`."
    return is_valid
