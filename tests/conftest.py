"""Shared fixtures: the real app on a real SQLite file, with demo data and a fixed clock."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.clock import FixedClock
from server.app import create_app
from server.settings import Settings
from tests.core.conftest import pg_dsn, pg_schema
from tests.openapi_check import OpenApiCheck, checked

#: The day the tests live on: a Tuesday in December 2026.
TODAY = datetime.datetime(2026, 12, 1, 9, 30)

ClientFactory = Callable[..., Awaitable[TestClient[web.Request, web.Application]]]


@pytest.fixture(params=["postgresql", "sqlite"])
async def process_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh store that server processes share: a PostgreSQL schema (skipped without
    ``DIMONA_TEST_PG_DSN``), or a SQLite file."""
    if request.param == "sqlite":
        yield str(tmp_path / "shared.db")
        return
    async with pg_schema(pg_dsn()) as dsn:
        yield dsn


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "dimona.db")


@pytest.fixture
def openapi_checks() -> Iterator[list[OpenApiCheck]]:
    """Every API response the test got, checked against the served OpenAPI document."""
    checks: list[OpenApiCheck] = []
    yield checks
    failures = [failure for check in checks for failure in check.failures]
    assert not failures, "responses the OpenAPI document does not describe:\n" + "\n".join(
        failures)


@pytest.fixture
async def app_client(aiohttp_client: ClientFactory, db_path: str, clock: FixedClock,
                     openapi_checks: list[OpenApiCheck]
                     ) -> Callable[..., Awaitable[TestClient[web.Request, web.Application]]]:
    """Build the real app with settings overrides and return a client on it."""

    async def make(**overrides: Any) -> TestClient[web.Request, web.Application]:
        settings = Settings(db=db_path, demo=True, **overrides)
        app = await create_app(settings, clock)
        openapi_checks.append(checked(app))
        return await aiohttp_client(app)

    return make


@pytest.fixture
async def client(app_client: Callable[..., Awaitable[TestClient[web.Request, web.Application]]]
                 ) -> TestClient[web.Request, web.Application]:
    return await app_client()
