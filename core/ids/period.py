"""Period id and declaration number: 12 digits, the last two check digits.

Check digits = 97 - (first ten digits mod 97). An IN's declaration number is
the id of the period it creates.

>>> make(1000000001)
'100000000162'
>>> validate('1000 0000 0162')
'100000000162'
>>> groups('100000000162')
('100', '000', '000', '162')
>>> validate('100000000126')
Traceback (most recent call last):
    ...
core.errors.InvalidChecksum: period.checksum
>>> validate('1234')
Traceback (most recent call last):
    ...
core.errors.InvalidLength: period.length
"""

from __future__ import annotations

from core.errors import InvalidChecksum
from core.ids._digits import clean, mod97_check, of_length, threes, validity

SUBJECT = "period"
LENGTH = 12


def compact(number: str | int) -> str:
    return clean(SUBJECT, str(number))


def make(base: int) -> str:
    """The 12-digit number for a 10-digit sequence value."""
    text = f"{base:010d}"
    return text + mod97_check(text)


def validate(number: str | int) -> str:
    value = of_length(SUBJECT, str(number), LENGTH)
    if mod97_check(value[:10]) != value[10:]:
        raise InvalidChecksum(SUBJECT)
    return value


is_valid = validity(validate)


def format(number: str | int) -> str:  # noqa: A001 - the stdnum interface name
    return compact(number)


def groups(number: str | int) -> tuple[str, ...]:
    """Groups of three digits for reading aloud."""
    return threes(compact(number))
