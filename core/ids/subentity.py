"""Sub-entity number (glossary zone 00652 ``SubEntityNbr``): 10 digits.

Public employers of the sub-entity system (PersoPoint members declaring under
the Belgian State's NSSO number 0009354-67, circular 522 of 6/6/2002) add
the code of their institution. No check-digit rule is published: only the
length is checked, then the employer's own list.

>>> validate('00 0000 0001')
'0000000001'
>>> groups('0000000001')
('000', '000', '000', '1')
>>> validate('12345')
Traceback (most recent call last):
    ...
core.errors.InvalidLength: subentity.length
"""

from __future__ import annotations

from core.ids._digits import clean, of_length, threes, validity

SUBJECT = "subentity"
LENGTH = 10


def compact(number: str) -> str:
    return clean(SUBJECT, number)


def validate(number: str) -> str:
    return of_length(SUBJECT, number, LENGTH)


is_valid = validity(validate)


def format(number: str) -> str:  # noqa: A001 - the stdnum interface name
    return compact(number)


def groups(number: str) -> tuple[str, ...]:
    """Groups of three digits for reading aloud."""
    return threes(compact(number))
