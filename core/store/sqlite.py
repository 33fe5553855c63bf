"""The embedded store: one SQLite file in WAL mode.

SQLite calls are fast enough to run on the event loop; a unit of work is a
``BEGIN IMMEDIATE`` transaction, so processes sharing the file take turns
and a unit never interleaves with another coroutine's.

A hold on a conversation is a row in ``holds`` naming its owner (this process and
the hold, :mod:`core.store.owners`): claimed with one atomic insert when the row
is absent, or taken over with one atomic update when the process it names is dead;
deleted on leaving. Coroutines of one store wait on an in-process lock; other
stores and processes on the same file retry until the row is gone or its process
died: a process killed while holding a conversation holds it no longer (the
operating system says so), at once. A delivery's claim names its process the same
way, and a retry takes over the claim of a dead one.
"""

from __future__ import annotations

import asyncio
import datetime
import sqlite3
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Collection, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.feed import Mutation, moved
from core.model import Declaration, Employer, Enrollment, Identity, Period, PeriodStatus, Result
from core.store import feed_rows, rows
from core.store.bell import Bell
from core.store.owners import alive, process_owner
from core.store.protocols import ApiKey, PinClaim, PinLock, claim_pin
from core.store.protocols.ledger import HorecaCount
from core.store.protocols.watchers import NOTIFY_ATTEMPTS
from core.store.schema import MIGRATIONS, statements
from core.store.sqlite_batches import SQLiteBatches, SQLiteBatchUnit
from core.store.sqlite_feed import POLL, SQLiteFeed, record, record_many

__all__ = ["SQLiteStore"]

_LOAD_CONVERSATION = rows.load_record("conversations", "key")
_SAVE_CONVERSATION = rows.save_record("conversations", "key")
_LOAD_CALL = rows.load_record("calls", "call")
_SAVE_CALL = rows.save_record("calls", "call")
_BULK = rows.bulk_reads("sqlite")
_BUSY_MS = 10_000
_RETRY = (0.001, 0.05)  # first and longest wait between two claims of a held key


def _connect(path: str) -> sqlite3.Connection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    _wal(conn)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _wal(conn: sqlite3.Connection) -> None:
    """WAL mode; switching needs the file to itself and does not wait on busy_timeout,
    so a process starting while another migrates the new file retries."""
    deadline = time.monotonic() + _BUSY_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # ":memory:" stays "memory"
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations, one transaction each; the version is read inside it,
    so processes opening one file at the same moment apply each migration once."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= len(MIGRATIONS):
                conn.execute("COMMIT")
                return
            for statement in statements(MIGRATIONS[version], "sqlite"):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


class SQLiteUnit(SQLiteBatchUnit):
    """Reads and writes inside one open transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.recorded = 0

    async def next_number(self) -> int:
        row = self._conn.execute(
            "UPDATE counters SET value = value + 1 WHERE name = 'declaration' RETURNING value"
        ).fetchone()
        return int(row[0])

    async def employer(self, enterprise: str | None, nsso: str | None) -> Employer | None:
        where, value = ((rows.BY_NSSO, nsso) if nsso else ("enterprise_number = ?1", enterprise))
        row = self._conn.execute(
            f"SELECT {rows.EMPLOYER_COLUMNS} FROM employers WHERE {where}", (value,)
        ).fetchone()
        return rows.to_employer(row) if row else None

    async def identity(self, ssin: str) -> Identity | None:
        row = self._conn.execute(
            "SELECT ssin, last_name, first_name, birth_date FROM identities WHERE ssin = ?",
            (ssin,)).fetchone()
        return rows.to_identity(row) if row else None

    async def period(self, period_id: str) -> Period | None:
        row = self._conn.execute(rows.PERIOD, (period_id,)).fetchone()
        return rows.to_period(row) if row else None

    async def worker_periods(self, ssin: str) -> list[Period]:
        return [rows.to_period(r) for r in self._conn.execute(rows.WORKER_PERIODS, (ssin,))]

    async def employer_days(self, employer_id: int, committee: str, worker_type: str,
                            year: int) -> frozenset[datetime.date]:
        cursor = self._conn.execute(
            "SELECT DISTINCT start_date FROM periods WHERE employer_id = ? AND committee = ?"
            " AND worker_type = ? AND status != 'cancelled' AND start_date BETWEEN ? AND ?",
            (employer_id, committee, worker_type, f"{year}-01-01", f"{year}-12-31"))
        return frozenset(datetime.date.fromisoformat(r[0]) for r in cursor)

    async def horeca_days(self, employer_id: int | None, enterprise: str | None,
                          year: int) -> frozenset[datetime.date]:
        cursor = self._conn.execute(rows.HORECA_DAYS, rows.horeca_days_args(employer_id,
                                                                             enterprise, year))
        return frozenset(datetime.date.fromisoformat(r[0]) for r in cursor)

    async def unidentified_periods(self, employer_id: int, first: datetime.date,
                                   last: datetime.date | None
                                   ) -> list[tuple[Period, Identity]]:
        cursor = self._conn.execute(rows.UNIDENTIFIED_PERIODS,
                                    rows.unidentified_args(employer_id, first, last))
        return [rows.to_unidentified(r) for r in cursor]

    async def identities_born(self, prefix: str) -> list[Identity]:
        cursor = self._conn.execute(rows.IDENTITIES_BORN, (f"{prefix}%",))
        return [rows.to_identity(r) for r in cursor]

    async def declaration(self, declaration_id: str) -> Declaration | None:
        row = self._conn.execute(
            f"SELECT {rows.DECLARATION_COLUMNS} FROM declarations WHERE declaration_id = ?",
            (declaration_id,)).fetchone()
        return rows.to_declaration(row) if row else None

    async def filed(self, key: str) -> str | None:
        row = self._conn.execute(rows.FILED, (key,)).fetchone()
        return str(row[0]) if row else None

    async def keep_key(self, key: str, declaration_id: str, now: datetime.datetime) -> None:
        self._conn.execute(rows.KEEP_KEY, (key, declaration_id, now.isoformat()))

    async def save(self, declaration: Declaration, period: Period | None) -> None:
        self._conn.execute(
            f"INSERT INTO declarations ({rows.DECLARATION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            rows.declaration_row(declaration))
        if period is not None:
            self._put_period(period)

    async def lock(self, names: Sequence[str]) -> None:
        """Nothing to take: the unit holds the file's write lock already."""

    async def next_numbers(self, count: int) -> list[int]:
        row = self._conn.execute(
            "UPDATE counters SET value = value + ? WHERE name = 'declaration' RETURNING value",
            (count,)).fetchone()
        last = int(row[0])
        return list(range(last - count + 1, last + 1))

    def _fetch(self, sql: str, *args: object) -> list[Any]:
        return self._conn.execute(sql, args).fetchall()

    async def employers_numbered(self, enterprises: Collection[str], nssos: Collection[str]
                                 ) -> list[Employer]:
        return [rows.to_employer(r) for r in self._fetch(
            _BULK["employers"], rows.list_param(enterprises, "sqlite"),
            rows.list_param(nssos, "sqlite"))]

    async def periods_by_id(self, period_ids: Collection[str]) -> list[Period]:
        return [rows.to_period(r) for r in self._fetch(
            _BULK["periods"], rows.list_param(period_ids, "sqlite"))]

    async def workers_periods(self, ssins: Collection[str]) -> list[Period]:
        return [rows.to_period(r) for r in self._fetch(
            _BULK["workers"], rows.list_param(ssins, "sqlite"))]

    async def identities(self, ssins: Collection[str]) -> list[Identity]:
        return [rows.to_identity(r) for r in self._fetch(_BULK["identities"],
                                                         rows.list_param(ssins, "sqlite"))]

    async def horeca_counts(self, employer_ids: Collection[int], enterprises: Collection[str],
                            years: Collection[int]) -> list[HorecaCount]:
        if not years:
            return []
        return [rows.to_horeca_count(r) for r in self._fetch(
            _BULK["horeca"], *rows.horeca_counts_args(employer_ids, enterprises, years,
                                                       "sqlite"))]

    async def save_many(self, declarations: Sequence[Declaration], created: Sequence[Period],
                        changed: Sequence[Period]) -> None:
        self._conn.executemany(
            f"INSERT INTO declarations ({rows.DECLARATION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            [rows.declaration_row(d) for d in declarations])
        self._conn.executemany(
            f"INSERT OR REPLACE INTO periods ({rows.PERIOD_COLUMNS})"
            f" VALUES ({rows.PERIOD_PLACEHOLDERS})",
            [rows.period_row(p) for p in (*created, *changed)])

    def _put_period(self, period: Period) -> None:
        self._conn.execute(f"INSERT OR REPLACE INTO periods ({rows.PERIOD_COLUMNS})"
                           f" VALUES ({rows.PERIOD_PLACEHOLDERS})", rows.period_row(period))

    async def record(self, mutation: Mutation) -> int:
        self.recorded += 1
        return record(self._conn, mutation)

    async def record_many(self, mutations: Sequence[Mutation]) -> None:
        self.recorded += len(mutations)
        record_many(self._conn, mutations)

    async def resolve(self, declaration: Declaration, period: Period | None) -> bool:
        claimed = self._conn.execute(rows.RESOLVE, rows.resolve_args(declaration)).rowcount
        if claimed != 1:
            return False
        if declaration.result is Result.REFUSED:
            self._conn.execute(rows.DROP_PENDING, (declaration.declaration_id,))
        elif period is not None:
            self._put_period(period)
        return True


class SQLiteStore(SQLiteFeed, SQLiteBatches):
    """The store on one SQLite file (``:memory:`` for a throw-away one)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._bell = Bell(self.last_mutation, POLL)
        self._lock = asyncio.Lock()
        self._holds: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    @classmethod
    def open(cls, path: str) -> SQLiteStore:
        conn = _connect(path)
        _migrate(conn)
        return cls(conn)

    @asynccontextmanager
    async def unit(self, lock: str | None = None) -> AsyncIterator[SQLiteUnit]:
        """``BEGIN IMMEDIATE`` takes the file's write lock: one writer at a time."""
        async with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            unit = SQLiteUnit(self._conn)
            try:
                yield unit
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            if unit.recorded:
                self._bell.ring()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """The key's lease row, waited for in this process, retried across processes."""
        lock = self._holds[key]
        try:
            async with lock:
                owner, wait = f"{process_owner()}/{uuid.uuid4().hex}", _RETRY[0]
                while not self._claim(key, owner):
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, _RETRY[1])
                try:
                    yield
                finally:
                    self._conn.execute("DELETE FROM holds WHERE key = ? AND owner = ?",
                                       (key, owner))
        finally:
            if not lock.locked() and not lock._waiters:  # noqa: SLF001 - drop idle locks
                self._holds.pop(key, None)

    def _claim(self, key: str, owner: str) -> bool:
        """The hold's row, new, or taken from a process that died (``expires``: since when
        it is held, for people reading the table)."""
        now = time.time()
        if self._conn.execute("INSERT INTO holds (key, owner, expires) VALUES (?, ?, ?)"
                              " ON CONFLICT (key) DO NOTHING", (key, owner, now)).rowcount:
            return True
        row = self._conn.execute("SELECT owner FROM holds WHERE key = ?", (key,)).fetchone()
        if row is None or alive(row[0]):
            return False
        return self._conn.execute("UPDATE holds SET owner = ?, expires = ? WHERE key = ?"
                                  " AND owner = ?", (owner, now, key, row[0])).rowcount == 1

    async def declaration(self, declaration_id: str) -> Declaration | None:
        return await SQLiteUnit(self._conn).declaration(declaration_id)

    async def declarations(self, result: str) -> list[Declaration]:
        cursor = self._conn.execute(
            f"SELECT {rows.DECLARATION_COLUMNS} FROM declarations WHERE result = ?"
            " ORDER BY declaration_id", (result,))
        return [rows.to_declaration(r) for r in cursor]

    async def employer_declarations(self, employer_id: int) -> list[Declaration]:
        cursor = self._conn.execute(rows.EMPLOYER_DECLARATIONS, (employer_id,))
        return [rows.to_declaration(r) for r in cursor]

    async def periods(self, employer_id: int, ssin: str | None) -> list[Period]:
        sql = f"SELECT {rows.PERIOD_COLUMNS} FROM periods WHERE employer_id = ?"
        args: tuple[object, ...] = (employer_id,)
        if ssin:
            sql, args = sql + " AND ssin = ?", (*args, ssin)
        cursor = self._conn.execute(sql + " ORDER BY start_date, period_id", args)
        return [rows.to_period(r) for r in cursor]

    async def find_period(self, period_id: str) -> Period | None:
        row = self._conn.execute(rows.PERIOD, (period_id,)).fetchone()
        return rows.to_period(row) if row else None

    async def find_employer(self, number: str) -> Employer | None:
        row = self._conn.execute(
            f"SELECT {rows.EMPLOYER_COLUMNS} FROM employers"
            " WHERE enterprise_number = ? OR nsso_number = ?", (number, number)).fetchone()
        return rows.to_employer(row) if row else None

    async def find_identity(self, ssin: str) -> Identity | None:
        return await SQLiteUnit(self._conn).identity(ssin)

    async def load_conversation(self, key: str) -> str | None:
        return self._load(_LOAD_CONVERSATION, key)

    async def save_conversation(self, key: str, data: str, updated_at: datetime.datetime
                                ) -> None:
        self._conn.execute(_SAVE_CONVERSATION,
                           (key, data, updated_at.isoformat()))

    async def delete_conversation(self, key: str) -> None:
        self._conn.execute("DELETE FROM conversations WHERE key = ?", (key,))

    async def put_employers(self, employers: Iterable[Employer],
                            at: datetime.datetime | None = None) -> int:
        at = at or datetime.datetime.now(datetime.UTC)
        async with self.unit() as unit:
            count = 0
            for e in employers:
                for period in self._upsert_employer(e):
                    await unit.record(moved(period, at))
                count += 1
            return count

    def _upsert_employer(self, e: Employer) -> list[Period]:
        """Update the employer's row, or add one; a provisional number's row merges into it.
        The periods that moved to the definitive number (cancelled ones too)."""
        def first(sql: str, *args: object) -> int | None:
            row = self._conn.execute(sql, args).fetchone()
            return int(row[0]) if row else None

        def periods(employer_id: int) -> list[Period]:
            found = self._conn.execute(feed_rows.PERIODS_OF, (employer_id,))
            return [rows.to_period(r) for r in found]

        found = first(rows.FIND_EMPLOYER, e.enterprise_number, e.nsso_number)
        provisional = first(rows.FIND_PROVISIONAL, e.provisional_nsso) if e.provisional_nsso \
            else None
        moving: list[Period] = []
        if found is not None and provisional is not None and provisional != found:
            moving = periods(provisional)
            for statement in rows.MOVE_EMPLOYER:
                self._conn.execute(statement, (found, provisional))
        target = found if found is not None else provisional
        if target is None:
            self._conn.execute(rows.INSERT_EMPLOYER, rows.employer_values(e))
            return []
        row = self._conn.execute(feed_rows.NSSO_OF, (target,)).fetchone()
        if e.provisional_nsso and row and row[0] == e.provisional_nsso != e.nsso_number:
            moving = periods(target)
        self._conn.execute(rows.UPDATE_EMPLOYER, (*rows.employer_values(e), target))
        return [replace(p, employer_id=target) for p in moving
                if p.status is not PeriodStatus.PENDING]

    async def put_identities(self, identities: Iterable[Identity]) -> int:
        async with self.unit():
            count = 0
            for i in identities:
                self._conn.execute(
                    "INSERT OR REPLACE INTO identities (ssin, last_name, first_name, birth_date)"
                    " VALUES (?, ?, ?, ?)", (i.ssin, i.last_name, i.first_name,
                                             i.birth_date.isoformat() if i.birth_date else None))
                count += 1
            return count

    async def claim_delivery(self, delivery: str, now: datetime.datetime) -> bool:
        cursor = self._conn.execute(
            "INSERT INTO deliveries (key, created_at, owner) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO NOTHING", (delivery, now.isoformat(), process_owner()))
        return cursor.rowcount == 1

    async def take_over_delivery(self, delivery: str) -> bool:
        row = self._conn.execute("SELECT owner FROM deliveries WHERE key = ? AND reply IS NULL",
                                 (delivery,)).fetchone()
        if row is None or alive(row[0]):
            return False
        return self._conn.execute(rows.TAKE_OVER_DELIVERY,
                                  (process_owner(), delivery, row[0])).rowcount == 1

    async def release_delivery(self, delivery: str) -> None:
        self._conn.execute(rows.RELEASE_DELIVERY, (delivery,))

    async def hit(self, key: str, now: datetime.datetime, window: datetime.timedelta,
                  limit: int) -> bool:
        at = now.timestamp()
        async with self.unit():
            self._conn.execute(rows.FORGET_HITS, (key, at - window.total_seconds()))
            if self._conn.execute(rows.COUNT_HITS, (key,)).fetchone()[0] >= limit:
                return False
            self._conn.execute(rows.HIT, (key, at))
            return True

    async def ping(self) -> None:
        self._conn.execute("SELECT 1").fetchone()

    async def finish_delivery(self, delivery: str, reply: str) -> None:
        self._conn.execute("UPDATE deliveries SET reply = ? WHERE key = ?", (reply, delivery))

    async def delivery_reply(self, delivery: str) -> str | None:
        row = self._conn.execute("SELECT reply FROM deliveries WHERE key = ?",
                                 (delivery,)).fetchone()
        return row[0] if row else None

    async def load_call(self, call: str) -> str | None:
        return self._load(_LOAD_CALL, call)

    async def save_call(self, call: str, data: str, updated_at: datetime.datetime) -> None:
        self._conn.execute(_SAVE_CALL,
                           (call, data, updated_at.isoformat()))

    def _load(self, sql: str, key: str) -> str | None:
        row = self._conn.execute(sql, (key,)).fetchone()
        return str(row[0]) if row else None

    async def pin_lock(self, phone: str) -> PinLock:
        row = self._conn.execute(rows.PIN_LOCK, (phone,)).fetchone()
        return rows.to_pin_lock(row) if row else PinLock()

    async def save_pin_lock(self, phone: str, lock: PinLock, updated_at: datetime.datetime
                            ) -> None:
        self._conn.execute(rows.SAVE_PIN_LOCK,
                           (phone, *rows.pin_lock_row(lock), updated_at.isoformat()))

    async def claim_pin_attempt(self, phone: str, now: datetime.datetime, tries: int,
                                window: datetime.timedelta) -> PinClaim:
        """Read and write the phone's lock in one ``BEGIN IMMEDIATE``: processes take turns."""
        async with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                row = self._conn.execute(rows.PIN_LOCK, (phone,)).fetchone()
                lock, claim = claim_pin(rows.to_pin_lock(row) if row else PinLock(), now,
                                        tries, window)
                if claim.granted:
                    self._conn.execute(rows.SAVE_PIN_LOCK,
                                       (phone, *rows.pin_lock_row(lock), now.isoformat()))
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return claim

    async def enroll_phone(self, phone: str, employer_id: int, language: str | None,
                           pin: str | None) -> None:
        self._conn.execute(
            "INSERT INTO phones (phone, employer_id, language, pin) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (phone, employer_id) DO UPDATE SET language = excluded.language,"
            " pin = COALESCE(excluded.pin, phones.pin)", (phone, employer_id, language, pin))

    def _enrollments(self, where: str, args: tuple[object, ...]) -> list[Enrollment]:
        cursor = self._conn.execute(
            f"SELECT p.phone, p.language, p.pin, {rows.ENROLLED_EMPLOYER} FROM phones p"
            f" JOIN employers e USING (employer_id) WHERE {where} ORDER BY p.phone, e.employer_id",
            args)
        return [rows.to_enrollment(r) for r in cursor]

    async def phone_enrollments(self, phone: str) -> list[Enrollment]:
        return self._enrollments("p.phone = ?", (phone,))

    async def employer_phones(self, employer_id: int | None) -> list[Enrollment]:
        if employer_id is None:
            return self._enrollments("1 = 1", ())
        return self._enrollments("p.employer_id = ?", (employer_id,))

    async def remove_phone(self, phone: str, employer_id: int | None) -> int:
        if employer_id is None:
            cursor = self._conn.execute("DELETE FROM phones WHERE phone = ?", (phone,))
        else:
            cursor = self._conn.execute("DELETE FROM phones WHERE phone = ? AND employer_id = ?",
                                        (phone, employer_id))
        return cursor.rowcount

    async def watch(self, declaration_id: str, address: str, language: str | None = None
                    ) -> None:
        self._conn.execute(rows.WATCH, (declaration_id, address, language))

    async def watchers(self, declaration_id: str) -> list[str]:
        cursor = self._conn.execute(
            "SELECT address FROM watchers WHERE declaration_id = ? ORDER BY address",
            (declaration_id,))
        return [r[0] for r in cursor]

    async def watcher_language(self, declaration_id: str, address: str) -> str | None:
        row = self._conn.execute(rows.WATCHER_LANGUAGE, (declaration_id, address)).fetchone()
        return row[0] if row else None

    async def unnotified(self, now: datetime.datetime) -> list[tuple[str, str]]:
        cursor = self._conn.execute(rows.UNNOTIFIED, (rows.utc(now), NOTIFY_ATTEMPTS))
        return [(r[0], r[1]) for r in cursor.fetchall() if not r[3] or not alive(r[2])]

    async def claim_notification(self, declaration_id: str, address: str,
                                 now: datetime.datetime, until: datetime.datetime) -> bool:
        me = process_owner()
        if self._conn.execute(rows.CLAIM_NOTIFICATION, (
                declaration_id, address, rows.utc(now), rows.utc(until), NOTIFY_ATTEMPTS,
                me)).rowcount == 1:
            return True
        owner = self._conn.execute(rows.NOTIFICATION_OWNER, (declaration_id, address)
                                   ).fetchone()
        if owner is None or alive(owner[0]):
            return False
        return self._conn.execute(rows.TAKE_OVER_NOTIFICATION, (
            declaration_id, address, rows.utc(until), NOTIFY_ATTEMPTS, me, owner[0])
        ).rowcount == 1

    async def notified(self, declaration_id: str, address: str, now: datetime.datetime
                       ) -> None:
        self._conn.execute(rows.NOTIFIED, (declaration_id, address, rows.utc(now)))

    async def release_notification(self, declaration_id: str, address: str) -> None:
        self._conn.execute(rows.RELEASE_NOTIFICATION, (declaration_id, address))

    async def add_api_key(self, digest: str, prefix: str, name: str | None,
                          employer_ids: Sequence[int], created_at: datetime.datetime) -> int:
        async with self.unit():
            key_id = int(self._conn.execute(rows.ADD_API_KEY, (
                digest, prefix, name, created_at.isoformat())).fetchone()[0])
            self._conn.executemany(rows.ADD_API_KEY_EMPLOYER,
                                   [(key_id, e) for e in employer_ids])
        return key_id

    async def api_key(self, digest: str) -> ApiKey | None:
        found = rows.to_api_keys(self._conn.execute(rows.API_KEY_BY_DIGEST, (digest,)))
        return found[0] if found else None

    async def api_keys(self) -> list[ApiKey]:
        return rows.to_api_keys(self._conn.execute(rows.ALL_API_KEYS))

    async def remove_api_key(self, key_id: int) -> bool:
        async with self.unit():
            gone = [self._conn.execute(sql, (key_id,)).rowcount for sql in rows.REMOVE_API_KEY]
        return gone[-1] == 1

    async def purge(self, deliveries_before: datetime.datetime,
                    conversations_before: datetime.datetime) -> int:
        gone = 0
        for sql, moment in rows.purged_with_deliveries(deliveries_before):
            gone += self._conn.execute(sql, (moment,)).rowcount
        for table in rows.KEPT_WHILE_TOUCHED:
            gone += self._conn.execute(f"DELETE FROM {table} WHERE updated_at < ?",
                                       (conversations_before.isoformat(),)).rowcount
        return gone

    async def close(self) -> None:
        await self._bell.close()
        self._conn.close()
