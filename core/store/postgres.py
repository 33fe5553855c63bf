"""The shared store: PostgreSQL through an asyncpg pool, for several processes.

Semantics are :mod:`core.store.sqlite`'s, query for query. A unit of work is one
READ COMMITTED transaction that first takes advisory locks, so units that must
not interleave take turns across processes, as SQLite's file lock makes them:

* a unit with a ``lock`` name holds the global lock *shared* and the name's lock
  exclusively: units for one worker run one at a time, units for different
  workers side by side;
* a unit without one holds the global lock exclusively: it runs alone;
* what a named unit reads to decide is locked before it is read, until commit:
  ``worker_periods`` takes ``worker:<ssin>`` (so a unit named after a period
  still excludes an IN for that period's worker) and ``employer_days`` takes
  ``employer:<id>`` (two workers of one employer count its horeca days in
  turn). Names are always taken in that order (the unit's own name, then
  worker, then employer), so units never wait for each other in a circle.

Every statement after a lock sees what the previous holder committed, so two
processes declaring for one worker at the same moment cannot both pass the
overlap or quota checks. Declaration numbers come from a sequence: units for
different workers do not queue behind one counter row (as they did up to
migration 3, which held that row from the first statement to the commit), but
a rolled-back unit leaves a gap, where SQLite gives its number back. Numbers
are unique and increase in the order units take them, not in commit order.

A hold (:meth:`PostgresStore.hold`) is a *session* advisory lock on a pooled
connection kept for the whole block; calls the holding task makes inside the
block use that connection, so a turn needs one connection, never two (a pool
full of holders waiting for a second connection would never drain). A
connection whose lock or unlock did not complete is closed, which frees its
locks; nothing else takes session locks, so connections are not reset when
they go back to the pool (one round trip less per call).

Connections taken from the asyncpg pool stay checked out and are lent from a
LIFO queue of idle ones (:class:`~core.store.pg_lending.Lender`): lending one costs a queue get and
put instead of a pool acquire and release (about 20 µs less per call here).
A connection that saw an error goes back to the pool, which resets or closes it.

A delivery's claim names its owner, ``pg:<n>``: every store holds, on a connection of
its own opened with it, the session advisory lock ``n`` (one bigint, a random
number: a key space apart from the two-int4 ids below). A process that dies loses that
connection and its lock with it; a retry finding a claim unanswered tries the lock:
when it gets it, the owner is gone and the claim is taken over. Its holds
(conversations) are session locks too, released the same way, at once.

Advisory lock ids are two int4s: a space (:data:`~core.store.pg_migrate.LOCK_SPACE` and
the next ones) and a stable 32-bit hash of the name computed here, so a unit
opens with one round trip (``BEGIN`` and its locks in one simple query).
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime
import inspect
import secrets
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any, Final

import asyncpg

from core.feed import moved
from core.model import Declaration, Employer, Enrollment, Identity, Period
from core.store import rows
from core.store.bell import Bell
from core.store.pg_batches import PostgresBatches
from core.store.pg_feed import POLL, PostgresFeed
from core.store.pg_lending import Lender, keep_session
from core.store.pg_migrate import LOCK_SPACE, Conn, migrate
from core.store.pg_unit import (
    UPSERT_IDENTITY,
    PostgresUnit,
    advisory_id,
    begin,
    count,
    rate_hit,
    upsert_employer,
)
from core.store.protocols import ApiKey, PinClaim, PinLock, claim_pin
from core.store.protocols.watchers import NOTIFY_ATTEMPTS

__all__ = ["PostgresStore", "PostgresUnit", "advisory_id"]

_HOLD_SPACE: Final = LOCK_SPACE + 2
_LOAD_CONVERSATION: Final = rows.numbered(rows.load_record("conversations", "key"))
_SAVE_CONVERSATION: Final = rows.numbered(rows.save_record("conversations", "key"))
_LOAD_CALL: Final = rows.numbered(rows.load_record("calls", "call"))
_SAVE_CALL: Final = rows.numbered(rows.save_record("calls", "call"))
_PIN_LOCK: Final = rows.numbered(rows.PIN_LOCK)
_UNNOTIFIED: Final = rows.numbered(rows.UNNOTIFIED)
_CLAIM_NOTIFICATION: Final = rows.numbered(rows.CLAIM_NOTIFICATION)
_NOTIFIED: Final = rows.numbered(rows.NOTIFIED)
_RELEASE_NOTIFICATION: Final = rows.numbered(rows.RELEASE_NOTIFICATION)
_WATCH: Final = rows.numbered(rows.WATCH)
_WATCHER_LANGUAGE: Final = rows.numbered(rows.WATCHER_LANGUAGE)
_NOTIFICATION_OWNER: Final = rows.numbered(rows.NOTIFICATION_OWNER)
_TAKE_OVER_NOTIFICATION: Final = rows.numbered(rows.TAKE_OVER_NOTIFICATION)
_API_KEY_BY_DIGEST: Final = rows.numbered(rows.API_KEY_BY_DIGEST)
_ADD_API_KEY: Final = rows.numbered(rows.ADD_API_KEY)
_ADD_API_KEY_EMPLOYER: Final = rows.numbered(rows.ADD_API_KEY_EMPLOYER)
_SAVE_PIN_LOCK: Final = rows.numbered(rows.SAVE_PIN_LOCK)
_TAKE_OVER_DELIVERY: Final = rows.numbered(rows.TAKE_OVER_DELIVERY)
_RELEASE_DELIVERY: Final = rows.numbered(rows.RELEASE_DELIVERY)
_OWNER_PREFIX: Final = "pg:"
_ENSURE_PIN_LOCK: Final = rows.numbered(rows.ENSURE_PIN_LOCK)


#: The connection a task holding a conversation uses for everything in the block.
_PINNED: contextvars.ContextVar[tuple[PostgresStore, Conn, asyncio.Task[Any] | None] | None] = (
    contextvars.ContextVar("dimona_pg_pinned", default=None))


class PostgresStore(PostgresFeed, PostgresBatches):
    """The store in one PostgreSQL database (the schema is the DSN's ``search_path``)."""

    def __init__(self, pool: asyncpg.Pool, max_size: int = 10, dsn: str = "",
                 life: tuple[Conn, int] | None = None) -> None:
        self._lender = Lender(pool, max_size)
        self._life = life  # the connection holding this store's owner lock, and its number
        self._holds: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._dsn = dsn
        self._bell = Bell(self.last_mutation, POLL)

    @classmethod
    async def open(cls, dsn: str, *, min_size: int = 1, max_size: int = 10) -> PostgresStore:
        """Connect a pool and migrate; the DSN's unknown query keys become settings."""
        extra: dict[str, Any] = {"max_inactive_connection_lifetime": 0}
        if "reset" in inspect.signature(asyncpg.create_pool).parameters:  # asyncpg >= 0.30
            extra["reset"] = keep_session
        pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, **extra)
        life: Conn | None = None
        try:
            async with pool.acquire() as conn:
                await migrate(conn)
            life = await asyncpg.connect(dsn)
            number = secrets.randbits(63)
            await life.execute("SELECT pg_advisory_lock($1::bigint)", number)
        except BaseException:
            if life is not None:
                await life.close()
            await pool.close()
            raise
        return cls(pool, max_size, dsn, (life, number))

    @property
    def owner(self) -> str | None:
        """This store's owner name, ``pg:<n>``, while its owner lock is held."""
        return f"{_OWNER_PREFIX}{self._life[1]}" if self._life else None

    async def _alive(self, owner: str | None) -> bool:
        """Whether the store that wrote ``owner`` still holds its lock (None: nobody)."""
        if owner is None or not owner.startswith(_OWNER_PREFIX):
            return False
        if owner == self.owner:
            return True
        number = int(owner.removeprefix(_OWNER_PREFIX))
        async with self._connection() as conn:
            free = await conn.fetchval("SELECT pg_try_advisory_lock($1::bigint)", number)
            if free:
                await conn.execute("SELECT pg_advisory_unlock($1::bigint)", number)
        return not free

    def _pinned(self) -> Conn | None:
        pinned = _PINNED.get()
        if pinned is None or pinned[0] is not self or pinned[2] is not asyncio.current_task():
            return None
        return pinned[1]

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[Conn]:
        """The connection the current task holds a conversation on, else a pooled one."""
        pinned = self._pinned()
        if pinned is not None:
            yield pinned
            return
        async with self._lender.lend() as conn:
            yield conn

    @asynccontextmanager
    async def _transaction(self, lock: str | None) -> AsyncIterator[Conn]:
        async with self._connection() as conn:
            await conn.execute(begin(lock))
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")

    @asynccontextmanager
    async def unit(self, lock: str | None = None) -> AsyncIterator[PostgresUnit]:
        """A transaction holding ``lock`` alone, or everything alone without one."""
        async with self._transaction(lock) as conn:
            unit = PostgresUnit(conn, lock)
            yield unit
        if unit.recorded:
            self._bell.ring()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """A session advisory lock on ``key``; the block's calls use its connection."""
        lock = self._holds[key]
        try:
            async with lock:
                pinned = self._pinned()
                if pinned is not None:  # already holding another key: lock it here too
                    async with self._locked(pinned, key):
                        yield
                    return
                async with self._lender.lend() as conn, self._locked(conn, key):
                    token = _PINNED.set((self, conn, asyncio.current_task()))
                    try:
                        yield
                    finally:
                        _PINNED.reset(token)
        finally:
            if not lock.locked() and not lock._waiters:  # noqa: SLF001 - drop idle locks
                self._holds.pop(key, None)

    @staticmethod
    @asynccontextmanager
    async def _locked(conn: Conn, key: str) -> AsyncIterator[None]:
        args = (_HOLD_SPACE, advisory_id(key))
        try:
            await conn.execute("SELECT pg_advisory_lock($1, $2)", *args)
        except BaseException:
            conn.terminate()  # it may hold the lock or wait for it: closing frees both
            raise
        try:
            yield
        finally:
            try:
                await conn.execute("SELECT pg_advisory_unlock($1, $2)", *args)
            except BaseException:
                conn.terminate()
                raise

    async def declaration(self, declaration_id: str) -> Declaration | None:
        async with self._connection() as conn:
            row = await conn.fetchrow(
                f"SELECT {rows.DECLARATION_COLUMNS} FROM declarations"
                " WHERE declaration_id = $1", declaration_id)
        return rows.to_declaration(row) if row else None

    async def declarations(self, result: str) -> list[Declaration]:
        async with self._connection() as conn:
            found = await conn.fetch(
                f"SELECT {rows.DECLARATION_COLUMNS} FROM declarations WHERE result = $1"
                " ORDER BY declaration_id", result)
        return [rows.to_declaration(r) for r in found]

    async def employer_declarations(self, employer_id: int) -> list[Declaration]:
        async with self._connection() as conn:
            found = await conn.fetch(rows.numbered(rows.EMPLOYER_DECLARATIONS), employer_id)
        return [rows.to_declaration(r) for r in found]

    async def periods(self, employer_id: int, ssin: str | None) -> list[Period]:
        sql = f"SELECT {rows.PERIOD_COLUMNS} FROM periods WHERE employer_id = $1"
        args: tuple[Any, ...] = (employer_id,)
        if ssin:
            sql, args = sql + " AND ssin = $2", (*args, ssin)
        async with self._connection() as conn:
            found = await conn.fetch(sql + " ORDER BY start_date, period_id", *args)
        return [rows.to_period(r) for r in found]

    async def find_period(self, period_id: str) -> Period | None:
        async with self._connection() as conn:
            row = await conn.fetchrow(rows.numbered(rows.PERIOD), period_id)
        return rows.to_period(row) if row else None

    async def find_employer(self, number: str) -> Employer | None:
        async with self._connection() as conn:
            row = await conn.fetchrow(
                f"SELECT {rows.EMPLOYER_COLUMNS} FROM employers"
                " WHERE enterprise_number = $1 OR nsso_number = $1 ORDER BY employer_id LIMIT 1",
                number)
        return rows.to_employer(row) if row else None

    async def find_identity(self, ssin: str) -> Identity | None:
        async with self._connection() as conn:
            return await PostgresUnit(conn, None).identity(ssin)

    async def load_conversation(self, key: str) -> str | None:
        return await self._load(_LOAD_CONVERSATION, key)

    async def save_conversation(self, key: str, data: str, updated_at: datetime.datetime
                                ) -> None:
        await self._execute(_SAVE_CONVERSATION, key, data, updated_at.isoformat())

    async def delete_conversation(self, key: str) -> None:
        async with self._connection() as conn:
            await conn.execute("DELETE FROM conversations WHERE key = $1", key)

    async def put_employers(self, employers: Iterable[Employer],
                            at: datetime.datetime | None = None) -> int:
        at = at or datetime.datetime.now(datetime.UTC)
        async with self.unit() as unit:
            count = 0
            for e in employers:
                for period in await upsert_employer(unit.connection, e):
                    await unit.record(moved(period, at))
                count += 1
            return count

    async def put_identities(self, identities: Iterable[Identity]) -> int:
        rows_ = [(i.ssin, i.last_name, i.first_name,
                  i.birth_date.isoformat() if i.birth_date else None) for i in identities]
        async with self._transaction(None) as conn:
            await conn.executemany(UPSERT_IDENTITY, rows_)  # one statement per row, pipelined
        return len(rows_)

    async def claim_delivery(self, delivery: str, now: datetime.datetime) -> bool:
        async with self._connection() as conn:
            claimed = await conn.fetchval(
                "INSERT INTO deliveries (key, created_at, owner) VALUES ($1, $2, $3)"
                " ON CONFLICT (key) DO NOTHING RETURNING key", delivery, now.isoformat(),
                self.owner)
        return claimed is not None

    async def take_over_delivery(self, delivery: str) -> bool:
        async with self._connection() as conn:
            row = await conn.fetchrow(
                "SELECT owner FROM deliveries WHERE key = $1 AND reply IS NULL", delivery)
        if row is None or await self._alive(row["owner"]):
            return False
        async with self._connection() as conn:
            taken = await conn.execute(_TAKE_OVER_DELIVERY, self.owner, delivery, row["owner"])
        return count(taken) == 1

    async def release_delivery(self, delivery: str) -> None:
        await self._execute(_RELEASE_DELIVERY, delivery)

    async def hit(self, key: str, now: datetime.datetime, window: datetime.timedelta,
                  limit: int) -> bool:
        """One round trip (it was five): :func:`~core.store.pg_unit.rate_hit`."""
        async with self._connection() as conn:
            return await rate_hit(conn, key, now.timestamp(), window.total_seconds(), limit)

    async def ping(self) -> None:
        async with self._connection() as conn:
            await conn.fetchval("SELECT 1")

    async def finish_delivery(self, delivery: str, reply: str) -> None:
        async with self._connection() as conn:
            await conn.execute("UPDATE deliveries SET reply = $1 WHERE key = $2", reply,
                               delivery)

    async def delivery_reply(self, delivery: str) -> str | None:
        async with self._connection() as conn:
            reply: str | None = await conn.fetchval(
                "SELECT reply FROM deliveries WHERE key = $1", delivery)
        return reply

    async def load_call(self, call: str) -> str | None:
        return await self._load(_LOAD_CALL, call)

    async def save_call(self, call: str, data: str, updated_at: datetime.datetime) -> None:
        await self._execute(_SAVE_CALL, call, data, updated_at.isoformat())

    async def _load(self, sql: str, key: str) -> str | None:
        async with self._connection() as conn:
            data = await conn.fetchval(sql, key)
        return str(data) if data is not None else None

    async def _execute(self, sql: str, *args: Any) -> None:
        async with self._connection() as conn:
            await conn.execute(sql, *args)

    async def pin_lock(self, phone: str) -> PinLock:
        async with self._connection() as conn:
            row = await conn.fetchrow(_PIN_LOCK, phone)
        return rows.to_pin_lock(row) if row else PinLock()

    async def save_pin_lock(self, phone: str, lock: PinLock, updated_at: datetime.datetime
                            ) -> None:
        await self._execute(_SAVE_PIN_LOCK, phone, *rows.pin_lock_row(lock),
                            updated_at.isoformat())

    async def claim_pin_attempt(self, phone: str, now: datetime.datetime, tries: int,
                                window: datetime.timedelta) -> PinClaim:
        """The phone's row locked (``FOR UPDATE``) while it is read and written: every
        process and call counts against the same row, one attempt at a time."""
        async with self._connection() as conn, conn.transaction():
            await conn.execute(_ENSURE_PIN_LOCK, phone, now.isoformat())
            row = await conn.fetchrow(_PIN_LOCK + " FOR UPDATE", phone)
            lock, claim = claim_pin(rows.to_pin_lock(row) if row else PinLock(), now, tries,
                                    window)
            if claim.granted:
                await conn.execute(_SAVE_PIN_LOCK, phone, *rows.pin_lock_row(lock),
                                   now.isoformat())
        return claim

    async def enroll_phone(self, phone: str, employer_id: int, language: str | None,
                           pin: str | None) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO phones (phone, employer_id, language, pin) VALUES ($1, $2, $3, $4)"
                " ON CONFLICT (phone, employer_id) DO UPDATE SET language = excluded.language,"
                " pin = COALESCE(excluded.pin, phones.pin)", phone, employer_id, language, pin)

    async def _enrollments(self, where: str, *args: Any) -> list[Enrollment]:
        async with self._connection() as conn:
            found = await conn.fetch(
                f"SELECT p.phone, p.language, p.pin, {rows.ENROLLED_EMPLOYER} FROM phones p"
                " JOIN employers e USING (employer_id)"
                f" WHERE {where} ORDER BY p.phone, e.employer_id", *args)
        return [rows.to_enrollment(r) for r in found]

    async def phone_enrollments(self, phone: str) -> list[Enrollment]:
        return await self._enrollments("p.phone = $1", phone)

    async def employer_phones(self, employer_id: int | None) -> list[Enrollment]:
        if employer_id is None:
            return await self._enrollments("TRUE")
        return await self._enrollments("p.employer_id = $1", employer_id)

    async def remove_phone(self, phone: str, employer_id: int | None) -> int:
        async with self._connection() as conn:
            if employer_id is None:
                status = await conn.execute("DELETE FROM phones WHERE phone = $1", phone)
            else:
                status = await conn.execute(
                    "DELETE FROM phones WHERE phone = $1 AND employer_id = $2", phone,
                    employer_id)
        return count(status)

    async def watch(self, declaration_id: str, address: str, language: str | None = None
                    ) -> None:
        async with self._connection() as conn:
            await conn.execute(_WATCH, declaration_id, address, language)

    async def watchers(self, declaration_id: str) -> list[str]:
        async with self._connection() as conn:
            found = await conn.fetch(
                "SELECT address FROM watchers WHERE declaration_id = $1 ORDER BY address",
                declaration_id)
        return [r[0] for r in found]

    async def watcher_language(self, declaration_id: str, address: str) -> str | None:
        async with self._connection() as conn:
            found = await conn.fetchval(_WATCHER_LANGUAGE, declaration_id, address)
        return str(found) if found is not None else None

    async def unnotified(self, now: datetime.datetime) -> list[tuple[str, str]]:
        async with self._connection() as conn:
            found = await conn.fetch(_UNNOTIFIED, rows.utc(now), NOTIFY_ATTEMPTS)
        return [(r[0], r[1]) for r in found if not r[3] or not await self._alive(r[2])]

    async def claim_notification(self, declaration_id: str, address: str,
                                 now: datetime.datetime, until: datetime.datetime) -> bool:
        async with self._connection() as conn:
            status = await conn.execute(_CLAIM_NOTIFICATION, declaration_id, address,
                                        rows.utc(now), rows.utc(until), NOTIFY_ATTEMPTS,
                                        self.owner)
            if count(status) == 1:
                return True
            owner = await conn.fetchrow(_NOTIFICATION_OWNER, declaration_id, address)
        if owner is None or await self._alive(owner[0]):
            return False
        async with self._connection() as conn:
            status = await conn.execute(_TAKE_OVER_NOTIFICATION, declaration_id, address,
                                        rows.utc(until), NOTIFY_ATTEMPTS, self.owner, owner[0])
        return count(status) == 1

    async def notified(self, declaration_id: str, address: str, now: datetime.datetime
                       ) -> None:
        await self._execute(_NOTIFIED, declaration_id, address, rows.utc(now))

    async def release_notification(self, declaration_id: str, address: str) -> None:
        await self._execute(_RELEASE_NOTIFICATION, declaration_id, address)

    async def add_api_key(self, digest: str, prefix: str, name: str | None,
                          employer_ids: Sequence[int], created_at: datetime.datetime) -> int:
        async with self._transaction(None) as conn:
            key_id = int(await conn.fetchval(_ADD_API_KEY, digest, prefix, name,
                                             created_at.isoformat()))
            await conn.executemany(_ADD_API_KEY_EMPLOYER, [(key_id, e) for e in employer_ids])
        return key_id

    async def api_key(self, digest: str) -> ApiKey | None:
        async with self._connection() as conn:
            found = rows.to_api_keys(await conn.fetch(_API_KEY_BY_DIGEST, digest))
        return found[0] if found else None

    async def api_keys(self) -> list[ApiKey]:
        async with self._connection() as conn:
            return rows.to_api_keys(await conn.fetch(rows.ALL_API_KEYS))

    async def remove_api_key(self, key_id: int) -> bool:
        async with self._transaction(None) as conn:
            gone = [count(await conn.execute(rows.numbered(sql), key_id))
                    for sql in rows.REMOVE_API_KEY]
        return gone[-1] == 1

    async def purge(self, deliveries_before: datetime.datetime,
                    conversations_before: datetime.datetime) -> int:
        async with self._connection() as conn:
            gone = 0
            for sql, moment in rows.purged_with_deliveries(deliveries_before):
                gone += count(await conn.execute(rows.numbered(sql), moment))
            for table in rows.KEPT_WHILE_TOUCHED:
                gone += count(await conn.execute(f"DELETE FROM {table} WHERE updated_at < $1",
                                                 conversations_before.isoformat()))
            return gone

    async def close(self) -> None:
        await self._close_feed()
        await self._lender.close()
        if self._life is not None:
            await self._life[0].close()
