"""Migrating a PostgreSQL database: :mod:`core.store.schema` rendered for PostgreSQL.

The version lives in ``schema_version`` (SQLite: ``PRAGMA user_version``);
migrating holds a session advisory lock, so processes starting together take turns.
"""

from __future__ import annotations

from typing import Final

from asyncpg import Connection
from asyncpg.pool import PoolConnectionProxy

from core.store.schema import MIGRATIONS, statements

__all__ = ["LOCK_SPACE", "Conn", "migrate"]

#: First key of every advisory lock dimona-talk takes (two-int4 form): "DIMO".
LOCK_SPACE: Final = 0x44494D4F
_MIGRATION_ID: Final = -1

_VERSION_TABLE: Final = """
    CREATE TABLE IF NOT EXISTS schema_version (
        one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
        version INTEGER NOT NULL
    );
    INSERT INTO schema_version (one, version) VALUES (TRUE, 0) ON CONFLICT DO NOTHING;
"""

Conn = Connection | PoolConnectionProxy


async def migrate(conn: Conn) -> int:
    """Apply the migrations not applied yet, each in its own transaction; the version."""
    await conn.execute("SELECT pg_advisory_lock($1, $2)", LOCK_SPACE, _MIGRATION_ID)
    try:
        await conn.execute(_VERSION_TABLE)
        version: int = await conn.fetchval("SELECT version FROM schema_version")
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            async with conn.transaction():
                for statement in statements(migration, "postgresql"):
                    await conn.execute(statement)
                await conn.execute("UPDATE schema_version SET version = $1", number)
        return max(version, len(MIGRATIONS))
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1, $2)", LOCK_SPACE, _MIGRATION_ID)
