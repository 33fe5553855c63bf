"""One schema source, two dialects: today's rendering makes the tables the hand-written
SQL of versions 1 to 5 made, and stores of version 5 (call state and PIN locks kept as
conversations) and of version 8 (watchers without a memory of being told) open, migrate
and keep their data, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg

from core.model import Result
from core.store import PinLock, open_store
from core.store.schema import MIGRATIONS, statements
from tests.core.conftest import pg_dsn, pg_schema
from tests.core.schema_handwritten import POSTGRESQL_HANDWRITTEN, SQLITE_HANDWRITTEN

#: Migrations 1 to 5 were written by hand for each dialect.
HANDWRITTEN = len(SQLITE_HANDWRITTEN)
NOW = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
UNTIL = NOW + datetime.timedelta(minutes=30)
CALL = {"call": "twilio:CA1", "stage": "pin", "lang": "nl", "seq": 2}
#: What versions up to 5 kept in ``conversations``: a dialog, a call and two PIN locks.
ROWS = [("voice:twilio:CA1", json.dumps({"key": "voice:twilio:CA1", "lang": "nl"})),
        ("call:twilio:CA1", json.dumps(CALL)),
        ("pinlock:+32470123456", json.dumps({"failures": 3, "until": None})),
        ("pinlock:+32470654321", json.dumps({"failures": 0, "until": UNTIL.isoformat()}))]


async def _opens_migrated(location: str) -> None:
    """The store at ``location`` opens, and the calls and PIN locks moved out of conversations."""
    store = await open_store(location)
    try:
        assert json.loads(await store.load_call("twilio:CA1") or "") == CALL
        assert await store.pin_lock("+32470123456") == PinLock(3)
        assert await store.pin_lock("+32470654321") == PinLock(0, UNTIL)
        assert await store.load_conversation("voice:twilio:CA1") is not None
        for key, _ in ROWS[1:]:
            assert await store.load_conversation(key) is None
    finally:
        await store.close()


def _sqlite_shape(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: (conn.execute(f"PRAGMA table_info({t})").fetchall(),
                    sorted(r[1] for r in conn.execute(f"PRAGMA index_list({t})")
                           if not r[1].startswith("sqlite_autoindex")))
                for t in tables}
    finally:
        conn.close()


def _sqlite_file(path: Path, scripts: list[list[str]]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for script in scripts:
            for statement in script:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {len(scripts)}")
    finally:
        conn.close()


def _old(script: str) -> list[str]:
    return [s for s in script.split(";") if s.strip()]


def test_sqlite_rendering_makes_the_tables_of_hand_written_versions(tmp_path: Path) -> None:
    _sqlite_file(tmp_path / "old.db", [_old(s) for s in SQLITE_HANDWRITTEN])
    _sqlite_file(tmp_path / "new.db", [statements(m, "sqlite") for m in MIGRATIONS[:HANDWRITTEN]])
    assert _sqlite_shape(tmp_path / "new.db") == _sqlite_shape(tmp_path / "old.db")


async def test_a_sqlite_file_of_hand_written_versions_migrates_and_keeps_calls_and_locks(
        tmp_path: Path) -> None:
    db = tmp_path / "v5.db"
    _sqlite_file(db, [_old(s) for s in SQLITE_HANDWRITTEN])
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executemany("INSERT INTO conversations (key, data, updated_at) VALUES (?, ?, ?)",
                     [(k, d, NOW.isoformat()) for k, d in ROWS])
    conn.close()
    await _opens_migrated(str(db))
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    conn.close()


async def _pg_shape(dsn: str) -> list[tuple[Any, ...]]:
    conn = await asyncpg.connect(dsn)
    try:
        columns = await conn.fetch(
            "SELECT table_name, column_name, data_type, is_nullable, column_default,"
            " collation_name, is_identity FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, column_name")
        indexes = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " ORDER BY indexname")
        sequences = await conn.fetch("SELECT sequencename, last_value FROM pg_sequences"
                                     " WHERE schemaname = current_schema()")
        own = f"{await conn.fetchval('SELECT current_schema()')}."
        return [tuple(str(v).replace(own, "") for v in r) for r in [*columns, *indexes,
                                                                    *sequences]]
    finally:
        await conn.close()


async def _pg_build(dsn: str, scripts: list[list[str]]) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("CREATE TABLE schema_version (one BOOLEAN PRIMARY KEY DEFAULT TRUE"
                           " CHECK (one), version INTEGER NOT NULL)")
        for script in scripts:
            for statement in script:
                await conn.execute(statement)
        await conn.execute("INSERT INTO schema_version VALUES (TRUE, $1)", len(scripts))
    finally:
        await conn.close()


async def test_postgresql_rendering_makes_the_tables_of_hand_written_versions() -> None:
    dsn = pg_dsn()
    async with pg_schema(dsn) as old, pg_schema(dsn) as new:
        await _pg_build(old, [[s] for s in POSTGRESQL_HANDWRITTEN])
        await _pg_build(new, [statements(m, "postgresql") for m in MIGRATIONS[:HANDWRITTEN]])
        assert await _pg_shape(new) == await _pg_shape(old)


async def test_a_postgresql_database_of_hand_written_versions_migrates_and_keeps_calls_and_locks(
        pg_location: str) -> None:
    await _pg_build(pg_location, [[s] for s in POSTGRESQL_HANDWRITTEN])
    conn = await asyncpg.connect(pg_location)
    await conn.executemany("INSERT INTO conversations (key, data, updated_at) VALUES ($1, $2, $3)",
                           [(k, d, NOW.isoformat()) for k, d in ROWS])
    await conn.close()
    await _opens_migrated(pg_location)


#: Version 8 (before API keys and told watchers): a refused declaration whose watcher was
#: told by the notifier of then, and a pending one whose watcher waits.
_V8_DECLARATIONS = [("100000000162", "B"), ("100000000261", "S")]


async def _watchers_kept_apart(location: str) -> None:
    """Migrated, only the watcher of the declaration still pending is left to be told."""
    store = await open_store(location)
    try:
        assert await store.unnotified(NOW) == []
        async with store.unit() as unit:
            decl = await store.declaration("100000000261")
            assert decl is not None
            assert await unit.resolve(replace(decl, result=Result.REFUSED), None)
        assert await store.unnotified(NOW) == [("100000000261", "sms:+32470123456")]
        assert await store.api_keys() == []
    finally:
        await store.close()


def _v8_rows(placeholder: str) -> list[tuple[str, tuple[Any, ...]]]:
    p = [placeholder.format(n) for n in range(1, 10)]
    insert = ("INSERT INTO declarations (declaration_id, kind, result, request, anomalies,"
              f" created_at) VALUES ({p[0]}, 'IN', {p[1]}, '{{}}', '[]', {p[2]})")
    watch = f"INSERT INTO watchers (declaration_id, address) VALUES ({p[0]}, {p[1]})"
    return [(s, args) for number, result in _V8_DECLARATIONS
            for s, args in ((insert, (number, result, NOW.isoformat())),
                            (watch, (number, "sms:+32470123456")))]


async def test_a_sqlite_file_of_version_8_keeps_its_watchers_told(tmp_path: Path) -> None:
    db = tmp_path / "v8.db"
    _sqlite_file(db, [statements(m, "sqlite") for m in MIGRATIONS[:8]])
    conn = sqlite3.connect(db, isolation_level=None)
    for sql, args in _v8_rows("?"):
        conn.execute(sql, args)
    conn.close()
    await _watchers_kept_apart(str(db))


async def test_a_postgresql_database_of_version_8_keeps_its_watchers_told(
        pg_location: str) -> None:
    await _pg_build(pg_location, [statements(m, "postgresql") for m in MIGRATIONS[:8]])
    conn = await asyncpg.connect(pg_location)
    for sql, args in _v8_rows("${}"):
        await conn.execute(sql, *args)
    await conn.close()
    await _watchers_kept_apart(pg_location)
