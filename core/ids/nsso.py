"""NSSO (ONSS/RSZ) employer number, definitive or provisional.

Definitive: 7-digit base and 2 check digits, first digit 0 or 1, in
000100006...199999934. Provisional: 8-digit base and 2 check digits in
5000000120...5999999989. Check digits = 96 - ((base * 100) mod 97), a result
of 0 read as 97 (python-stdnum has no module for it).

>>> validate('0009354-67')
'000935467'
>>> validate('1277920 67')
'127792067'
>>> validate('5000000120')
'5000000120'
>>> is_provisional('5999999989')
True
>>> format('000935467')
'0009354-67'
>>> format('5000000120')
'50000001-20'
>>> check_digits('0001000')
'06'
>>> validate('000935468')
Traceback (most recent call last):
    ...
core.errors.InvalidChecksum: nsso.checksum
>>> validate('200000012')
Traceback (most recent call last):
    ...
core.errors.InvalidComponent: nsso.component
>>> validate('12345')
Traceback (most recent call last):
    ...
core.errors.InvalidLength: nsso.length
"""

from __future__ import annotations

from core.errors import InvalidChecksum, InvalidComponent, InvalidLength
from core.ids._digits import clean, validity

SUBJECT = "nsso"
DEFINITIVE = (100006, 199999934)
PROVISIONAL = (5000000120, 5999999989)


def compact(number: str) -> str:
    return clean(SUBJECT, number)


def check_digits(base: str) -> str:
    check = 96 - (int(base) * 100) % 97
    return f"{check or 97:02d}"


def is_provisional(number: str) -> bool:
    return len(compact(number)) == 10


def validate(number: str) -> str:
    value = compact(number)
    if len(value) not in (9, 10):
        raise InvalidLength(SUBJECT, length=len(value))
    low, high = PROVISIONAL if len(value) == 10 else DEFINITIVE
    if not low <= int(value) <= high:
        raise InvalidComponent(SUBJECT)
    if check_digits(value[:-2]) != value[-2:]:
        raise InvalidChecksum(SUBJECT)
    return value


is_valid = validity(validate)


def format(number: str) -> str:  # noqa: A001 - the stdnum interface name
    value = compact(number)
    return f"{value[:-2]}-{value[-2:]}"


def groups(number: str) -> tuple[str, ...]:
    value = compact(number)
    return (value[:-2], value[-2:])
