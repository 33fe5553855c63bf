"""Builders shared by the core tests: valid identifiers and requests."""

from __future__ import annotations

import datetime

from core.model import Identity, Kind, Request


def niss(yymmdd: str, seq: int, *, from_2000: bool = False) -> str:
    """A NISS with the right check digits for a birth before or from 2000."""
    base = f"{yymmdd}{seq:03d}"
    value = int(("2" if from_2000 else "") + base)
    return f"{base}{97 - value % 97:02d}"


def enterprise(base: int) -> str:
    """A valid enterprise number for an eight-digit base."""
    text = f"{base:08d}"
    return f"{text}{97 - int(text) % 97:02d}"


def nsso(base: str) -> str:
    """A valid NSSO number (definitive: 7 digits, provisional: 8) for ``base``."""
    check = 96 - (int(base) * 100) % 97
    return f"{base}{check or 97:02d}"


def flip(value: str, index: int) -> str:
    """``value`` with the digit at ``index`` changed to another digit."""
    digit = (int(value[index]) + 1) % 10
    return value[:index] + str(digit) + value[index + 1:]


# Employers (valid check digits).
ENT_A = "0403199702"
ENT_B = "0566988259"
NSSO_A = "000935467"
# Workers.
W1 = "85073100130"
W2 = "85073003328"
W3 = niss("900215", 123)
W4 = niss("050315", 2, from_2000=True)
STRANGER = niss("911111", 7)  # valid, never put in the identity registry

D = datetime.date
T = datetime.time


#: Belgium in the NSSO country codes.
BELGIUM = "00150"


def identity(last: str = "Peeters", first: str = "An", born: datetime.date | None = None,
             **zones: str) -> Identity:
    """A worker without a NISS with every mandatory identity zone; override what you need."""
    extra = {"sex": "2", "birthPlace": "Gent", "birthPlaceCountry": BELGIUM,
             "nationality": BELGIUM, "street": "Veldstraat", "houseNumber": "12",
             "zipCode": "9000", "city": "Gent", "country": BELGIUM}
    extra.update(zones)
    return Identity(last, first, born or datetime.date(1990, 2, 15), None, extra)


def in_req(**kw: object) -> Request:
    """An IN that is complete for an OTH worker in XXX; override what you need."""
    base: dict[str, object] = dict(
        employer_enterprise=ENT_A, ssin=W1, committee="XXX", worker_type="OTH",
        start_date=D(2026, 3, 16))
    base.update(kw)
    return Request(Kind.IN, **base)  # type: ignore[arg-type]


def codes(item: object) -> list[str]:
    """The anomaly codes of a verdict or a declaration."""
    return [a.code for a in item.anomalies]  # type: ignore[attr-defined]
