"""A worker without a NISS: the identity zones of the glossary, checked one by one.

Zones, formats and lengths (glossary; the non-secured web form asks the same
set): surname 00025 (48), first name 00026 (24), initial 00027 (1, optional),
sex 00029 (1 = man, 2 = woman), birth date 00028 (``YYYY-MM-DD`` or
``YYYY-00-00``, within the last 120 years), birthplace 00168 (40), its
country 00169, nationality 00119, street 00030 (35), number 00031 (10), box
00032 (4, optional), postcode 00033 (9), commune 00034 (40), country 00035.
Countries and nationality are 5-digit NSSO country codes. Each zone gets its
own anomaly (zone + problem), so a form or a dialog can point at it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from core.anomalies import Anomaly, Field, Problem, field_anomaly
from core.model import Identity

__all__ = ["ZONES", "Zone", "check_zone", "missing_zones", "zone_value"]

#: How far back a birth year may go.
MAX_AGE_YEARS: Final = 120


class Kind(StrEnum):
    TEXT = "text"
    SEX = "sex"
    DATE = "date"
    COUNTRY = "country"


@dataclass(frozen=True, slots=True)
class Zone:
    field: Field
    max_length: int
    kind: Kind = Kind.TEXT
    required: bool = True


ZONES: Final[dict[Field, Zone]] = {z.field: z for z in (
    Zone(Field.LAST_NAME, 48),
    Zone(Field.FIRST_NAME, 24),
    Zone(Field.INITIAL, 1, required=False),
    Zone(Field.SEX, 1, Kind.SEX),
    Zone(Field.BIRTH_DATE, 10, Kind.DATE),
    Zone(Field.BIRTH_PLACE, 40),
    Zone(Field.BIRTH_COUNTRY, 5, Kind.COUNTRY),
    Zone(Field.NATIONALITY, 5, Kind.COUNTRY),
    Zone(Field.STREET, 35),
    Zone(Field.HOUSE_NUMBER, 10),
    Zone(Field.POST_BOX, 4, required=False),
    Zone(Field.ZIP_CODE, 9),
    Zone(Field.CITY, 40),
    Zone(Field.COUNTRY, 5, Kind.COUNTRY),
)}

_SEXES: Final = ("1", "2")
_COUNTRY: Final = re.compile(r"\d{5}")
_BIRTH: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def zone_value(identity: Identity, fld: Field) -> str | None:
    return identity.zone(fld.value)


def missing_zones(identity: Identity) -> list[Field]:
    """The mandatory zones not given, in the order of the web form.

    >>> [f.value for f in missing_zones(Identity("Peeters", "", None, extra={"sex": "2"}))]
    ['firstName', 'birthDate', 'birthPlace', 'birthPlaceCountry', 'nationality', 'street', 'houseNumber', 'zipCode', 'city', 'country']
    """
    return [z.field for z in ZONES.values() if z.required and zone_value(identity, z.field) is None]


def check_zone(fld: Field, identity: Identity, today: datetime.date) -> Iterator[Anomaly]:
    """The anomalies of one zone as given; nothing when it is absent or fine.

    >>> TODAY = datetime.date(2026, 12, 1)
    >>> [a.code for a in check_zone(Field.SEX, Identity("A", "B", extra={"sex": "M"}), TODAY)]
    ['00029-903']
    >>> [a.code for a in check_zone(Field.STREET, Identity("A", "B", extra={"street": "x" * 36}),
    ...                            TODAY)]
    ['00030-930']
    >>> list(check_zone(Field.BIRTH_DATE, Identity("A", "B", extra={"birthDate": "1990-00-00"}),
    ...                 TODAY))
    []
    """
    zone = ZONES[fld]
    value = zone_value(identity, fld)
    if value is None:
        return
    if zone.kind is Kind.SEX:
        if value not in _SEXES:
            yield field_anomaly(fld, Problem.FORMAT)
    elif zone.kind is Kind.COUNTRY:
        if not _COUNTRY.fullmatch(value):
            yield field_anomaly(fld, Problem.FORMAT)
    elif zone.kind is Kind.DATE:
        yield from _birth_date(value, today)
    elif len(value) > zone.max_length:
        yield field_anomaly(fld, Problem.TOO_LONG, max=zone.max_length)


def _birth_date(value: str, today: datetime.date) -> Iterator[Anomaly]:
    """``YYYY-MM-DD``, or ``YYYY-00-00`` when only the year is known."""
    match = _BIRTH.fullmatch(value)
    if match is None:
        yield field_anomaly(Field.BIRTH_DATE, Problem.FORMAT)
        return
    year, month, day = (int(part) for part in match.groups())
    if (month, day) != (0, 0):
        try:
            born = datetime.date(year, month, day)
        except ValueError:
            yield field_anomaly(Field.BIRTH_DATE, Problem.FORMAT)
            return
        if born > today:
            yield _birth_range(today)
            return
    if not today.year - MAX_AGE_YEARS <= year <= today.year:
        yield _birth_range(today)


def _birth_range(today: datetime.date) -> Anomaly:
    # years as text: a year is no number to group in thousands
    return field_anomaly(Field.BIRTH_DATE, Problem.RANGE, first=str(today.year - MAX_AGE_YEARS),
                         last=str(today.year))

