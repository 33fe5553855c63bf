"""Consultation (pull): the last known situation of each employer–worker relation.

A relation (SEED1) is an employer and a worker: it starts with the worker's
first period there and ends with the end of the last one (open while a period
is open). It is made of the periods the institution may see: identified
(never pending), of its employers and committees; cancelled periods are
listed with their status, and do not count for the relation's dates.

>>> import datetime
>>> from core.model import Employer, Period, PeriodStatus
>>> alpha = Employer(1, "Alpha", "0403199702")
>>> d = datetime.date
>>> rows = [(alpha, Period("1", 1, "85073100130", "302", "EXT", d(2026, 3, 1), d(2026, 3, 1))),
...         (alpha, Period("2", 1, "85073100130", "XXX", "OTH", d(2026, 4, 1))),
...         (alpha, Period("3", 1, "85073100130", "XXX", "OTH", d(2026, 2, 1),
...                        status=PeriodStatus.CANCELLED))]
>>> [r] = relations(rows, Scope())
>>> r.start, r.end, len(r.periods)
(datetime.date(2026, 3, 1), None, 3)
>>> [r] = relations(rows, Scope(committees=frozenset({"302"})))
>>> r.start, r.end, [p.period_id for p in r.periods]
(datetime.date(2026, 3, 1), datetime.date(2026, 3, 1), ['1'])
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from core.feed.scope import Scope
from core.feed.view import period_record
from core.model import Employer, Period, PeriodStatus

__all__ = ["Relation", "relation_record", "relations"]


@dataclass(frozen=True, slots=True)
class Relation:
    employer: Employer
    ssin: str
    periods: tuple[Period, ...]

    @property
    def start(self) -> datetime.date | None:
        live = [p.start_date for p in self.periods if p.is_live]
        return min(live) if live else None

    @property
    def end(self) -> datetime.date | None:
        """The end of the last period; None while one is open (or none is live)."""
        live = [p for p in self.periods if p.is_live]
        if not live or any(p.end_date is None for p in live):
            return None
        return max(p.end_date for p in live if p.end_date is not None)


def _visible(employer: Employer, period: Period, scope: Scope) -> bool:
    return (period.ssin is not None and period.status is not PeriodStatus.PENDING
            and scope.admits_employer(employer) and scope.admits_committee(period.committee))


def relations(rows: Iterable[tuple[Employer, Period]], scope: Scope) -> list[Relation]:
    """The relations of ``rows`` (periods with their employer) that ``scope`` shows,
    in the order of their first row."""
    grouped: dict[tuple[int, str], tuple[Employer, list[Period]]] = {}
    for employer, period in rows:
        if _visible(employer, period, scope) and period.ssin is not None:
            key = (employer.employer_id, period.ssin)
            grouped.setdefault(key, (employer, []))[1].append(period)
    return [Relation(e, ssin, tuple(periods)) for (_, ssin), (e, periods) in grouped.items()]


def relation_record(r: Relation, scope: Scope) -> dict[str, object]:
    """A relation with the fields ``scope`` shows, its periods listed under ``periods``."""
    e = r.employer
    head: dict[str, object] = {"enterpriseNumber": e.enterprise_number, "nssoNumber": e.nsso_number,
            "provisionalNssoNumber": e.provisional_nsso, "ssin": r.ssin,
            "startDate": r.start.isoformat() if r.start else None,
            "endDate": r.end.isoformat() if r.end else None}
    return {**scope.view(head),
            "periods": [scope.view(period_record(p)) for p in r.periods]}
