"""The PostgreSQL unit of work: one transaction behind advisory locks, and its SQL.

See :mod:`core.store.postgres` for the locking scheme; this module holds what
runs inside a unit (reads that lock what they decide on, saves in one round
trip) and the statements shared with the store.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Any, Final

from core.feed import Mutation
from core.model import Declaration, Employer, Identity, Period, PeriodStatus, Result
from core.store import feed_rows, rows
from core.store.pg_batches import PostgresBatchUnit
from core.store.pg_feed import record, record_many
from core.store.pg_migrate import LOCK_SPACE, Conn
from core.store.protocols.ledger import HorecaCount, horeca_lock

__all__ = ["UPSERT_IDENTITY", "PostgresUnit", "advisory_id", "begin", "count", "rate_hit",
           "upsert_employer"]

GLOBAL_ID: Final = 0
NAMED_SPACE: Final = LOCK_SPACE + 1


def advisory_id(name: str) -> int:
    """The advisory lock id of a lock name: a stable signed 32-bit hash, alike in every process.

    >>> advisory_id("worker:85073100130") == advisory_id("worker:85073100130")
    True
    >>> -2**31 <= advisory_id("sms:+32470123456") < 2**31
    True
    """
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big",
                          signed=True)


def _params(count: int, first: int = 1) -> str:
    return ", ".join(f"${n}" for n in range(first, first + count))


def _upsert(table: str, columns: str, key: str, first: int = 1) -> str:
    names = [c.strip() for c in columns.split(",")]
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in key.split(", "))
    return (f"INSERT INTO {table} ({columns}) VALUES ({_params(len(names), first)})"
            f" ON CONFLICT ({key}) DO UPDATE SET {updates}")


_UPSERT_PERIOD: Final = _upsert("periods", rows.PERIOD_COLUMNS, "period_id")
UPSERT_IDENTITY: Final = _upsert("identities", "ssin, last_name, first_name, birth_date", "ssin")
_INSERT_DECLARATION: Final = (f"INSERT INTO declarations ({rows.DECLARATION_COLUMNS})"
                              f" VALUES ({_params(9)})")
#: A declaration and its period in one statement: one round trip.
_SAVE_BOTH: Final = (f"WITH saved AS ({_INSERT_DECLARATION}) "
                     + _upsert("periods", rows.PERIOD_COLUMNS, "period_id", first=10))
_BEGIN: Final = "BEGIN ISOLATION LEVEL READ COMMITTED"
_BULK: Final = {name: rows.numbered(sql) for name, sql in rows.bulk_reads("postgresql").items()}
_PERIOD: Final = rows.numbered(rows.PERIOD)
_WORKER_PERIODS: Final = rows.numbered(rows.WORKER_PERIODS)
#: A function scan yields the array's elements in order, each locked as it comes.
_LOCK_MANY: Final = "SELECT pg_advisory_xact_lock($1, k) FROM unnest($2::int4[]) AS t(k)"
_HORECA_DAYS: Final = rows.numbered(rows.HORECA_DAYS)
_IDENTITIES_BORN: Final = rows.numbered(rows.IDENTITIES_BORN)
_UNIDENTIFIED_PERIODS: Final = rows.numbered(rows.UNIDENTIFIED_PERIODS)
_RESOLVE: Final = rows.numbered(rows.RESOLVE)
_DROP_PENDING: Final = rows.numbered(rows.DROP_PENDING)
_PERIODS_OF: Final = rows.numbered(feed_rows.PERIODS_OF)
_NSSO_OF: Final = rows.numbered(feed_rows.NSSO_OF)
_FILED: Final = rows.numbered(rows.FILED)
_KEEP_KEY: Final = rows.numbered(rows.KEEP_KEY)


def count(status: str) -> int:
    """The row count of a command tag such as ``DELETE 2``."""
    return int(status.rsplit(" ", 1)[-1])


class PostgresUnit(PostgresBatchUnit):
    """Reads and writes inside one open transaction."""

    def __init__(self, conn: Conn, lock: str | None) -> None:
        self._conn = conn
        self._alone = lock is None  # holds the global key exclusively: no name needed
        self._held = {lock} if lock else set()
        self._custom = False
        self.recorded = 0

    @property
    def connection(self) -> Conn:
        return self._conn

    async def _take(self, name: str) -> None:
        """Lock ``name`` until commit, before reading what it protects."""
        if self._alone or name in self._held:
            return
        await self._conn.execute("SELECT pg_advisory_xact_lock($1, $2)", NAMED_SPACE,
                                 advisory_id(name))
        self._held.add(name)

    async def next_number(self) -> int:
        return int(await self._conn.fetchval("SELECT nextval('declaration_numbers')"))

    async def employer(self, enterprise: str | None, nsso: str | None) -> Employer | None:
        where, value = ((rows.BY_NSSO, nsso) if nsso else ("enterprise_number = ?1", enterprise))
        row = await self._conn.fetchrow(rows.numbered(
            f"SELECT {rows.EMPLOYER_COLUMNS} FROM employers WHERE {where}"), value)
        return rows.to_employer(row) if row else None

    async def identity(self, ssin: str) -> Identity | None:
        row = await self._conn.fetchrow(
            "SELECT ssin, last_name, first_name, birth_date FROM identities WHERE ssin = $1",
            ssin)
        return rows.to_identity(row) if row else None

    async def period(self, period_id: str) -> Period | None:
        row = await self._conn.fetchrow(_PERIOD, period_id)
        return rows.to_period(row) if row else None

    async def worker_periods(self, ssin: str) -> list[Period]:
        await self._take(f"worker:{ssin}")
        return [rows.to_period(r) for r in await self._conn.fetch(_WORKER_PERIODS, ssin)]

    async def employer_days(self, employer_id: int, committee: str, worker_type: str,
                            year: int) -> frozenset[datetime.date]:
        await self._take(f"employer:{employer_id}")
        found = await self._conn.fetch(
            "SELECT DISTINCT start_date FROM periods WHERE employer_id = $1 AND committee = $2"
            " AND worker_type = $3 AND status != 'cancelled' AND start_date BETWEEN $4 AND $5",
            employer_id, committee, worker_type, f"{year}-01-01", f"{year}-12-31")
        return frozenset(datetime.date.fromisoformat(r[0]) for r in found)

    async def horeca_days(self, employer_id: int | None, enterprise: str | None,
                          year: int) -> frozenset[datetime.date]:
        await self._take(horeca_lock(employer_id, enterprise))
        found = await self._conn.fetch(_HORECA_DAYS,
                                       *rows.horeca_days_args(employer_id, enterprise, year))
        return frozenset(datetime.date.fromisoformat(r[0]) for r in found)

    async def unidentified_periods(self, employer_id: int, first: datetime.date,
                                   last: datetime.date | None
                                   ) -> list[tuple[Period, Identity]]:
        found = await self._conn.fetch(_UNIDENTIFIED_PERIODS,
                                       *rows.unidentified_args(employer_id, first, last))
        return [rows.to_unidentified(r) for r in found]

    async def identities_born(self, prefix: str) -> list[Identity]:
        found = await self._conn.fetch(_IDENTITIES_BORN, f"{prefix}%")
        return [rows.to_identity(r) for r in found]

    async def declaration(self, declaration_id: str) -> Declaration | None:
        row = await self._conn.fetchrow(
            f"SELECT {rows.DECLARATION_COLUMNS} FROM declarations WHERE declaration_id = $1",
            declaration_id)
        return rows.to_declaration(row) if row else None

    async def filed(self, key: str) -> str | None:
        found = await self._conn.fetchval(_FILED, key)
        return str(found) if found is not None else None

    async def keep_key(self, key: str, declaration_id: str, now: datetime.datetime) -> None:
        await self._conn.execute(_KEEP_KEY, key, declaration_id, now.isoformat())

    async def save(self, declaration: Declaration, period: Period | None) -> None:
        if period is None:
            await self._conn.execute(_INSERT_DECLARATION, *rows.declaration_row(declaration))
        else:
            await self._conn.execute(_SAVE_BOTH, *rows.declaration_row(declaration),
                                     *rows.period_row(period))

    async def lock(self, names: Sequence[str]) -> None:
        """One statement: the locks taken row by row, in the order of the array."""
        todo = [name for name in dict.fromkeys(names) if name not in self._held]
        if self._alone or not todo:
            return
        await self._conn.execute(_LOCK_MANY, NAMED_SPACE, [advisory_id(name) for name in todo])
        self._held.update(todo)

    async def _fetch_bulk(self, name: str, *args: Any) -> list[Any]:
        """A bulk read, planned for its own parameters: the periods table grows by a whole
        batch meanwhile, and a plan cached while it was small (a sequential scan) would
        stay (asyncpg prepares each statement once; PostgreSQL then keeps a generic plan)."""
        if not self._custom:
            await self._conn.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            self._custom = True
        return list(await self._conn.fetch(_BULK[name], *args))

    async def next_numbers(self, count: int) -> list[int]:
        found = await self._conn.fetch(
            "SELECT nextval('declaration_numbers') FROM generate_series(1, $1)", count)
        return sorted(int(r[0]) for r in found)

    async def employers_numbered(self, enterprises: Collection[str], nssos: Collection[str]
                                 ) -> list[Employer]:
        found = await self._fetch_bulk("employers", list(enterprises), list(nssos))
        return [rows.to_employer(r) for r in found]

    async def periods_by_id(self, period_ids: Collection[str]) -> list[Period]:
        return [rows.to_period(r) for r in await self._fetch_bulk("periods", list(period_ids))]

    async def workers_periods(self, ssins: Collection[str]) -> list[Period]:
        return [rows.to_period(r) for r in await self._fetch_bulk("workers", list(ssins))]

    async def identities(self, ssins: Collection[str]) -> list[Identity]:
        return [rows.to_identity(r) for r in await self._fetch_bulk("identities", list(ssins))]

    async def horeca_counts(self, employer_ids: Collection[int], enterprises: Collection[str],
                            years: Collection[int]) -> list[HorecaCount]:
        if not years:
            return []
        found = await self._fetch_bulk("horeca", *rows.horeca_counts_args(
            employer_ids, enterprises, years, "postgresql"))
        return [rows.to_horeca_count(r) for r in found]

    async def save_many(self, declarations: Sequence[Declaration], created: Sequence[Period],
                        changed: Sequence[Period]) -> None:
        """New rows by ``COPY`` (a stream, not a statement per row), changed ones upserted."""
        await self._conn.copy_records_to_table(
            "declarations", records=[rows.declaration_row(d) for d in declarations],
            columns=rows.DECLARATION_NAMES)
        if created:
            await self._conn.copy_records_to_table(
                "periods", records=[rows.period_row(p) for p in created],
                columns=rows.PERIOD_NAMES)
        if changed:
            await self._conn.executemany(_UPSERT_PERIOD, [rows.period_row(p) for p in changed])
    async def record(self, mutation: Mutation) -> int:
        self.recorded += 1
        return await record(self._conn, mutation)

    async def record_many(self, mutations: Sequence[Mutation]) -> None:
        if mutations:
            self.recorded += len(mutations)
            await record_many(self._conn, mutations)

    async def resolve(self, declaration: Declaration, period: Period | None) -> bool:
        if count(await self._conn.execute(_RESOLVE, *rows.resolve_args(declaration))) != 1:
            return False
        if declaration.result is Result.REFUSED:
            await self._conn.execute(_DROP_PENDING, declaration.declaration_id)
        elif period is not None:
            await self._conn.execute(_UPSERT_PERIOD, *rows.period_row(period))
        return True


def begin(lock: str | None) -> str:
    """``BEGIN`` and the unit's advisory locks, as one simple query (literals only)."""
    if lock is None:
        return f"{_BEGIN}; SELECT pg_advisory_xact_lock({LOCK_SPACE}, {GLOBAL_ID})"
    return (f"{_BEGIN}; SELECT pg_advisory_xact_lock_shared({LOCK_SPACE}, {GLOBAL_ID});"
            f" SELECT pg_advisory_xact_lock({NAMED_SPACE}, {advisory_id(lock)})")


#: A rate limit's event counted (the ``rate_hit`` function of the schema): true when allowed.
_HIT: Final = "SELECT rate_hit($1, $2, $3, $4, $5, $6, $7, $8)"


async def rate_hit(conn: Conn, key: str, at: float, window: float, limit: int) -> bool:
    """A rate limit's event counted in one round trip, under the locks :func:`begin` takes
    for ``rate:<key>``: forget the key's events of before the window, count the rest,
    insert when under ``limit``; whether it was allowed."""
    return bool(await conn.fetchval(_HIT, LOCK_SPACE, GLOBAL_ID, NAMED_SPACE,
                                    advisory_id(f"rate:{key}"), key, at, at - window, limit))


async def _periods(conn: Conn, employer_id: int) -> list[Period]:
    return [rows.to_period(r) for r in await conn.fetch(_PERIODS_OF, employer_id)]


async def upsert_employer(conn: Conn, e: Employer) -> list[Period]:
    """Update the employer's row, or add one; a provisional number's row merges into it.
    The periods that moved to the definitive number (cancelled ones too)."""
    found = await conn.fetchval(rows.numbered(rows.FIND_EMPLOYER), e.enterprise_number,
                                e.nsso_number)
    provisional = (await conn.fetchval(rows.numbered(rows.FIND_PROVISIONAL), e.provisional_nsso)
                   if e.provisional_nsso else None)
    moving: list[Period] = []
    if found is not None and provisional is not None and provisional != found:
        moving = await _periods(conn, provisional)
        for statement in rows.MOVE_EMPLOYER:
            await conn.execute(rows.numbered(statement), found, provisional)
    target = found if found is not None else provisional
    if target is None:
        await conn.execute(rows.numbered(rows.INSERT_EMPLOYER), *rows.employer_values(e))
        return []
    number = await conn.fetchval(_NSSO_OF, target)
    if e.provisional_nsso and number == e.provisional_nsso != e.nsso_number:
        moving = await _periods(conn, target)
    await conn.execute(rows.numbered(rows.UPDATE_EMPLOYER), *rows.employer_values(e), target)
    return [replace(p, employer_id=target) for p in moving
            if p.status is not PeriodStatus.PENDING]
