"""Shared fixtures: the real app on a real SQLite file, with demo data and a fixed clock."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from server.app import create_app
from server.settings import Settings
from core.clock import FixedClock

#: The day the tests live on: a Tuesday in December 2026.
TODAY = datetime.datetime(2026, 12, 1, 9, 30)

ClientFactory = Callable[..., Awaitable[TestClient[web.Request, web.Application]]]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "dimona.db")


@pytest.fixture
async def app_client(aiohttp_client: ClientFactory, db_path: str, clock: FixedClock
                     ) -> Callable[..., Awaitable[TestClient[web.Request, web.Application]]]:
    """Build the real app with settings overrides and return a client on it."""

    async def make(**overrides: object) -> TestClient[web.Request, web.Application]:
        settings = Settings(db=db_path, demo=True, **overrides)  # type: ignore[arg-type]
        return await aiohttp_client(await create_app(settings, clock))

    return make


@pytest.fixture
async def client(app_client: Callable[..., Awaitable[TestClient[web.Request, web.Application]]]
                 ) -> TestClient[web.Request, web.Application]:
    return await app_client()
