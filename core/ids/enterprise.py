"""Enterprise number (KBO/BCE): 10 digits, first digit 0 or 1, check 97 - (first 8 mod 97).

Checks come from python-stdnum (``stdnum.be.vat``); a ``BE`` prefix and the
old nine-digit form are accepted.

>>> validate('0403.199.702')
'0403199702'
>>> validate('BE 0566 988 259')
'0566988259'
>>> format('0403199702')
'0403.199.702'
>>> groups('0403199702')
('0403', '199', '702')
>>> validate('0403199703')
Traceback (most recent call last):
    ...
core.errors.InvalidChecksum: enterprise.checksum
>>> validate('2403199702')
Traceback (most recent call last):
    ...
core.errors.InvalidComponent: enterprise.component
>>> validate('04031997021')
Traceback (most recent call last):
    ...
core.errors.InvalidLength: enterprise.length
>>> validate('0000000097')
Traceback (most recent call last):
    ...
core.errors.InvalidComponent: enterprise.component
"""

from __future__ import annotations

from stdnum.be import vat

from core.errors import InvalidComponent, InvalidLength
from core.ids._digits import clean, validity, with_stdnum

SUBJECT = "enterprise"


def compact(number: str) -> str:
    value = clean(SUBJECT, number, strip="BE")
    return "0" + value if len(value) == 9 else value


def validate(number: str) -> str:
    value = compact(number)
    if len(value) != 10:
        raise InvalidLength(SUBJECT, length=len(value))
    if value[0] not in "01" or int(value[:8]) == 0:
        raise InvalidComponent(SUBJECT)
    return with_stdnum(SUBJECT, vat.validate, value)


is_valid = validity(validate)


def format(number: str) -> str:  # noqa: A001 - the stdnum interface name
    value = compact(number)
    return f"{value[:4]}.{value[4:7]}.{value[7:]}"


def groups(number: str) -> tuple[str, ...]:
    value = compact(number)
    return (value[:4], value[4:7], value[7:])
