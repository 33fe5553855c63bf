"""A mutation: one accepted change of the personnel file, as the feed records it.

What becomes a mutation (and nothing else does):

* a declaration accepted, with or without warnings (``A``, ``W``): its kind,
  with the period as it stands after it;
* a pending IN whose worker is identified (``RESOLVED``): the period enters
  the file;
* a period whose employer's provisional NSSO number gave way to the
  definitive one (``MOVED``).

Institutions see the identified personnel file only: a pending period (its
worker not identified yet) is not shown, so a pending IN (``S``), a refused
declaration (``B``), the declarations that act on a period while it is still
pending and a negative settlement record nothing; a positive settlement
records the period as it then stands.

>>> import datetime
>>> from core.model import Declaration, Kind, Period, PeriodStatus, Request
>>> at = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
>>> period = Period("100000000162", 1, "85073100130", "302", "EXT", datetime.date(2026, 12, 15))
>>> decl = Declaration("100000000162", Request(Kind.IN), Result.ACCEPTED, (), at, "100000000162", 1)
>>> declared(decl, period).kind, declared(decl, period).result
(<Change.IN: 'IN'>, <Result.ACCEPTED: 'A'>)
>>> declared(decl, replace(period, status=PeriodStatus.PENDING)) is None
True
>>> moved(period, at).kind
<Change.MOVED: 'MOVED'>
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from enum import StrEnum

from core.model import Declaration, Period, PeriodStatus, Result

__all__ = ["Change", "Mutation", "declared", "moved", "resolved"]


class Change(StrEnum):
    IN = "IN"
    OUT = "OUT"
    UPDATE = "UPDATE"
    CANCEL = "CANCEL"
    RESOLVED = "RESOLVED"  # a pending IN identified: the period enters the file
    MOVED = "MOVED"  # the employer's provisional NSSO number replaced by the definitive one


_ACCEPTED = (Result.ACCEPTED, Result.WARNING)


@dataclass(frozen=True, slots=True)
class Mutation:
    """One change; ``sequence`` and the employer's numbers are the store's to give."""

    kind: Change
    result: Result | None  # None for MOVED: no declaration made it
    time: datetime.datetime
    period: Period
    declaration_id: str | None = None
    sequence: int = 0
    #: The employer's numbers when the change was recorded (read from the registry).
    enterprise_number: str | None = None
    nsso_number: str | None = None
    provisional_nsso: str | None = None


def _shown(period: Period | None) -> bool:
    return period is not None and period.status is not PeriodStatus.PENDING


def declared(decl: Declaration, period: Period | None) -> Mutation | None:
    """The mutation of a declaration just judged; None when it changes nothing shown."""
    if decl.result not in _ACCEPTED or period is None or not _shown(period):
        return None
    return Mutation(Change(decl.request.kind.value), decl.result, decl.created_at, period,
                    decl.declaration_id)


def resolved(decl: Declaration, period: Period | None, at: datetime.datetime
             ) -> Mutation | None:
    """The mutation of a pending IN settled at ``at``: only a positive settlement of a
    period still live enters the file."""
    if decl.result not in _ACCEPTED or period is None or not period.is_live:
        return None
    return Mutation(Change.RESOLVED, decl.result, at, period, decl.declaration_id)


def moved(period: Period, at: datetime.datetime) -> Mutation:
    """A period whose employer now answers to its definitive NSSO number."""
    return Mutation(Change.MOVED, None, at, replace(period))
