"""Store locations for the core tests: a SQLite file, or a fresh PostgreSQL schema.

PostgreSQL runs only when ``DIMONA_TEST_PG_DSN`` names a database the tests may
create schemas in (e.g. ``postgresql://postgres@127.0.0.1:5432/test``). Each test
gets its own schema, named in the DSN's ``search_path``, dropped afterwards: tests
never see each other's tables, nor those of anything else using the database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
import pytest

PG_DSN_ENV = "DIMONA_TEST_PG_DSN"


def pg_dsn() -> str:
    """The test database's DSN; skips the test when there is none."""
    dsn = os.environ.get(PG_DSN_ENV)
    if not dsn:
        pytest.skip(f"{PG_DSN_ENV} is not set: no PostgreSQL to test against")
    return dsn


def with_search_path(dsn: str, schema: str) -> str:
    """``dsn`` whose sessions use ``schema`` (asyncpg sends unknown keys as settings)."""
    parts = urlsplit(dsn)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "search_path"]
    query.append(("search_path", schema))
    return urlunsplit(parts._replace(query=urlencode(query)))


@asynccontextmanager
async def pg_schema(dsn: str) -> AsyncIterator[str]:
    """A new empty schema for the time of the block: the DSN that works in it."""
    schema = f"dimona_test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield with_search_path(dsn, schema)
        finally:
            await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        await admin.close()


@pytest.fixture
async def pg_location() -> AsyncIterator[str]:
    """A DSN on a fresh schema (skipped without ``DIMONA_TEST_PG_DSN``)."""
    async with pg_schema(pg_dsn()) as dsn:
        yield dsn


@pytest.fixture(params=["sqlite", "postgresql"])
async def store_location(request: pytest.FixtureRequest, tmp_path: Path
                         ) -> AsyncIterator[str]:
    """Where a fresh store lives, once per kind of store."""
    if request.param == "sqlite":
        yield str(tmp_path / "data" / "dimona.sqlite")
        return
    async with pg_schema(pg_dsn()) as dsn:
        yield dsn
