"""The store interface: narrow enough for SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from core.model import Declaration, Employer, Enrollment, Identity, Period

__all__ = ["Store", "Unit", "open_store"]


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
    async def save(self, declaration: Declaration, period: Period | None) -> None: ...
    async def resolve(self, declaration: Declaration, period: Period | None) -> bool:
        """Settle a pending declaration once: False (and nothing written) when it is no
        longer pending. Refused, its pending period goes; else ``period`` is written."""
        ...


class Store(Protocol):
    def unit(self, lock: str | None = None) -> AbstractAsyncContextManager[Unit]:
        """A write transaction; ``lock`` names what it must hold alone (a worker).

        Lock names are ``worker:<ssin>`` or ``period:<id>``. Units with one name
        take turns, in every process sharing the store; a unit without a name runs
        alone. What a unit reads to decide (the worker's periods, the employer's
        days) cannot change under it before it commits.
        """
        ...

    def hold(self, key: str) -> AbstractAsyncContextManager[None]:
        """Hold ``key`` (a conversation) alone, across processes, for the block.

        Not a transaction: units and other calls run inside it as usual. Holds on
        one key take turns in every process sharing the store; on other keys they
        do not wait for each other. Do not nest holds of one key.
        """
        ...

    async def declaration(self, declaration_id: str) -> Declaration | None: ...
    async def declarations(self, result: str) -> list[Declaration]: ...
    async def periods(self, employer_id: int, ssin: str | None) -> list[Period]: ...
    async def find_employer(self, number: str) -> Employer | None: ...
    async def find_identity(self, ssin: str) -> Identity | None: ...
    async def load_conversation(self, key: str) -> str | None: ...
    async def save_conversation(self, key: str, data: str, updated_at: datetime.datetime
                                ) -> None: ...
    async def delete_conversation(self, key: str) -> None: ...
    async def put_employers(self, employers: Iterable[Employer]) -> int: ...
    async def put_identities(self, identities: Iterable[Identity]) -> int: ...
    # idempotency: a delivery key is claimed once, atomically, before any work
    async def claim_delivery(self, key: str, now: datetime.datetime) -> bool: ...
    async def finish_delivery(self, key: str, reply: str) -> None: ...
    async def delivery_reply(self, key: str) -> str | None: ...
    # phones enrolled to declare for an employer
    async def enroll_phone(self, phone: str, employer_id: int, language: str | None,
                           pin: str | None) -> None: ...
    async def phone_enrollments(self, phone: str) -> list[Enrollment]: ...
    async def employer_phones(self, employer_id: int | None) -> list[Enrollment]: ...
    async def remove_phone(self, phone: str, employer_id: int | None) -> int: ...
    # who to tell when a pending declaration is resolved
    async def watch(self, declaration_id: str, address: str) -> None: ...
    async def watchers(self, declaration_id: str) -> list[str]: ...
    async def purge(self, deliveries_before: datetime.datetime,
                    conversations_before: datetime.datetime) -> int:
        """Forget deliveries claimed and conversations last touched before these times.

        Times are compared as stored (ISO text), so to within the hours between
        two UTC offsets: meant for retention counted in days. Returns the rows gone.
        """
        ...

    async def close(self) -> None: ...


async def open_store(location: str) -> Store:
    """Open (and migrate) the store at ``location``: a file path or a PostgreSQL URL."""
    if location.startswith(("postgresql://", "postgres://")):
        from core.store.postgres import PostgresStore

        return await PostgresStore.open(location)
    from core.store.sqlite import SQLiteStore

    return SQLiteStore.open(location)
