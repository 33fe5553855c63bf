"""The ledger: what :mod:`core` keeps (units, declarations, periods, registries)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from core.feed import Mutation
from core.model import Declaration, Employer, Identity, Period

__all__ = ["HorecaCount", "LedgerStore", "Unit", "horeca_lock"]


@dataclass(frozen=True, slots=True)
class HorecaCount:
    """How many live periods make one day of a horeca company: its own (``employer``: its
    employer id) or placed with it by an agency (``enterprise``: its number)."""

    employer: int | None
    enterprise: str | None
    day: datetime.date
    periods: int


def horeca_lock(employer_id: int | None, enterprise: str | None) -> str:
    """The lock a unit holds while it counts a horeca company's days.

    >>> horeca_lock(7, "0403199702"), horeca_lock(7, None)
    ('horeca:0403199702', 'horeca:employer:7')
    """
    return f"horeca:{enterprise or f'employer:{employer_id}'}"


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
    async def worker_periods(self, ssin: str) -> list[Period]:
        """The worker's live periods, with every employer, by start date then period id."""
        ...
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
    async def declaration(self, declaration_id: str) -> Declaration | None:
        """As committed before this unit, or as this unit wrote it."""
        ...
    async def filed(self, key: str) -> str | None:
        """The declaration filed under a request key (:meth:`keep_key`), if any."""
        ...
    async def keep_key(self, key: str, declaration_id: str, now: datetime.datetime) -> None:
        """Remember that ``key`` (a delivery, an idempotency key) filed ``declaration_id``:
        it commits with the declaration, or neither does."""
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

    # -- the bulk path (core.bulk): many declarations in one unit, read and written at once

    async def lock(self, names: Sequence[str]) -> None:
        """Hold these lock names too, in this order, until commit.

        What the single reads take by themselves (``worker_periods``: ``worker:<ssin>``,
        ``horeca_days``: ``horeca:...``) a bulk unit takes beforehand, for every line
        at once: period names, then worker names, then horeca names, each class sorted,
        so bulk units and single ones never wait for each other in a circle.
        """
        ...
    async def next_numbers(self, count: int) -> list[int]:
        """``count`` declaration numbers never given before, in increasing order."""
        ...
    async def employers_numbered(self, enterprises: Collection[str], nssos: Collection[str]
                                 ) -> list[Employer]:
        """Every employer whose enterprise number is among ``enterprises``, or whose NSSO
        number (definitive or provisional) is among ``nssos``."""
        ...
    async def periods_by_id(self, period_ids: Collection[str]) -> list[Period]: ...
    async def workers_periods(self, ssins: Collection[str]) -> list[Period]:
        """:meth:`worker_periods` of many workers at once (live periods)."""
        ...
    async def identities(self, ssins: Collection[str]) -> list[Identity]:
        """Those of ``ssins`` the identity registry knows."""
        ...
    async def horeca_counts(self, employer_ids: Collection[int], enterprises: Collection[str],
                            years: Collection[int]) -> list[HorecaCount]:
        """What :meth:`horeca_days` counts, for many companies and years, day by day with
        the number of live periods that make it: EXT in 302 of ``employer_ids`` (``own``),
        and agency EXT placed with ``enterprises`` in 302 (``placed``)."""
        ...
    async def save_many(self, declarations: Sequence[Declaration], created: Sequence[Period],
                        changed: Sequence[Period]) -> None:
        """Write declarations and periods (each as it is last), as :meth:`save` would:
        ``created`` are new (the INs of these declarations), ``changed`` are on file."""
        ...
    async def record_many(self, mutations: Sequence[Mutation]) -> None:
        """:meth:`record` each, in order (contiguous sequences)."""
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
    async def find_period(self, period_id: str) -> Period | None:
        """One period by its id, outside any unit (what a turn shows or reads back)."""
        ...
    async def find_employer(self, number: str) -> Employer | None: ...
    async def find_identity(self, ssin: str) -> Identity | None: ...
    async def put_employers(self, employers: Iterable[Employer],
                            at: datetime.datetime | None = None) -> int:
        """Insert or update employers; periods moved from a provisional NSSO number to the
        definitive one record ``MOVED`` mutations at ``at`` (default: now)."""
        ...
    async def put_identities(self, identities: Iterable[Identity]) -> int: ...
