"""The ledger: what :mod:`core` keeps (units, declarations, periods, registries)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from core.feed import Mutation
from core.model import Declaration, Employer, Identity, Period

__all__ = ["LedgerStore", "Unit"]


class Unit(Protocol):
    """One write transaction: every read sees what it will commit against."""

    async def next_number(self) -> int:
        """A declaration number never given before; a rolled-back unit's may not come back."""
        ...
    async def employer(self, enterprise: str | None, nsso: str | None) -> Employer | None:
        """By enterprise number, else by NSSO number: definitive, provisional, or closed
        provisional (:attr:`Employer.provisional_nsso`)."""
        ...
    async def identity(self, ssin: str) -> Identity | None: ...
    async def identities_born(self, prefix: str) -> list[Identity]:
        """Identities whose ISO birth date starts with ``prefix`` (``1990-01-05``, ``1990-``)."""
        ...
    async def period(self, period_id: str) -> Period | None: ...
    async def worker_periods(self, ssin: str) -> list[Period]: ...
    async def employer_days(self, employer_id: int, committee: str, worker_type: str,
                            year: int) -> frozenset[datetime.date]: ...
    async def horeca_days(self, employer_id: int | None, enterprise: str | None,
                          year: int) -> frozenset[datetime.date]:
        """Days of ``year`` a horeca company has occasional workers: its own (EXT in 302 of
        ``employer_id``) and those agencies place with it (EXT in 322, user ``enterprise``
        in 302). Locks ``horeca:<enterprise>`` (else ``horeca:employer:<id>``) until commit."""
        ...
    async def unidentified_periods(self, employer_id: int, first: datetime.date,
                                   last: datetime.date | None
                                   ) -> list[tuple[Period, Identity]]:
        """The employer's live periods of workers declared without a NISS that reach into
        ``first`` … ``last`` (None: no end), each with the identity its IN declared."""
        ...
    async def save(self, declaration: Declaration, period: Period | None) -> None: ...
    async def record(self, mutation: Mutation) -> int:
        """Append ``mutation`` to the feed (an outbox: it commits or rolls back with the
        unit); its sequence, the next without a gap, in commit order. Every accepted change
        of the personnel file records its mutation (:mod:`core.feed.mutation`)."""
        ...
    async def resolve(self, declaration: Declaration, period: Period | None) -> bool:
        """Settle a pending declaration once: False (and nothing written) when it is no
        longer pending. Refused, its pending period goes; else ``period`` is written."""
        ...


class LedgerStore(Protocol):
    """Declarations, the personnel file and the registries: the core's own store."""

    def unit(self, lock: str | None = None) -> AbstractAsyncContextManager[Unit]:
        """A write transaction; ``lock`` names what it must hold alone (a worker).

        Lock names are ``worker:<ssin>`` or ``period:<id>``. Units with one name
        take turns, in every process sharing the store; a unit without a name runs
        alone. What a unit reads to decide (the worker's periods, the employer's
        days) cannot change under it before it commits.
        """
        ...

    async def declaration(self, declaration_id: str) -> Declaration | None: ...
    async def declarations(self, result: str) -> list[Declaration]: ...
    async def employer_declarations(self, employer_id: int) -> list[Declaration]:
        """Every declaration filed under an employer (refused ones too), oldest first:
        the history of its personnel file."""
        ...
    async def periods(self, employer_id: int, ssin: str | None) -> list[Period]: ...
    async def find_employer(self, number: str) -> Employer | None: ...
    async def find_identity(self, ssin: str) -> Identity | None: ...
    async def put_employers(self, employers: Iterable[Employer],
                            at: datetime.datetime | None = None) -> int:
        """Insert or update employers; periods moved from a provisional NSSO number to the
        definitive one record ``MOVED`` mutations at ``at`` (default: now)."""
        ...
    async def put_identities(self, identities: Iterable[Identity]) -> int: ...
