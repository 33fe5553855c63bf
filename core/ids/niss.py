"""NISS / INSZ: the worker's social security number (national or bis number).

Eleven digits: birth date ``YYMMDD``, a sequence number, two check digits
(97 - first nine digits mod 97; for births from 2000 a ``2`` is put in front
first, and either variant is accepted). A bis number raises the month by 20
(sex unknown) or 40 (sex known). Checks come from python-stdnum.

>>> validate('85.07.30-033.28')
'85073003328'
>>> validate('85073100130')
'85073100130'
>>> validate('00 41 02 195 32')   # a bis number, month 41
'00410219532'
>>> validate('17 07 30 033 84')   # born in 2017: the '2' variant
'17073003384'
>>> format('85073003328')
'85.07.30-033.28'
>>> groups('85073003328')
('850730', '033', '28')
>>> validate('85073003329')
Traceback (most recent call last):
    ...
core.errors.InvalidChecksum: niss.checksum
>>> validate('8507300332')
Traceback (most recent call last):
    ...
core.errors.InvalidLength: niss.length
>>> validate('85O73003328')
Traceback (most recent call last):
    ...
core.errors.InvalidFormat: niss.format
>>> is_valid('85133003328')
False
"""

from __future__ import annotations

import datetime

from stdnum import exceptions as sx
from stdnum.be import bis, nn, ssn

from core.ids._digits import clean, of_length, validity, with_stdnum

SUBJECT = "niss"
LENGTH = 11


def compact(number: str) -> str:
    return clean(SUBJECT, number)


def validate(number: str) -> str:
    return with_stdnum(SUBJECT, ssn.validate, of_length(SUBJECT, number, LENGTH))


is_valid = validity(validate)


def format(number: str) -> str:  # noqa: A001 - the stdnum interface name
    value = compact(number)
    return f"{value[:2]}.{value[2:4]}.{value[4:6]}-{value[6:9]}.{value[9:]}"


def groups(number: str) -> tuple[str, ...]:
    """Digit groups 6-3-2 for reading aloud."""
    value = compact(number)
    return (value[:6], value[6:9], value[9:])


def birth_date(number: str) -> datetime.date | None:
    """The birth date the number encodes, when it encodes a full one.

    >>> birth_date('85073003328')
    datetime.date(1985, 7, 30)
    """
    value = validate(number)
    module = bis if bis.is_valid(value) else nn
    try:
        return module.get_birth_date(value)
    except sx.ValidationError:
        return None
