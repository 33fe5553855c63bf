"""The real app on a real store (SQLite file, or a fresh PostgreSQL schema), for batch files."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.clock import FixedClock
from server.app import create_app
from server.settings import Settings
from tests.conftest import ClientFactory
from tests.openapi_check import OpenApiCheck, checked

Client = TestClient[web.Request, web.Application]
ENT = "0403199702"
JAN, MARIE, LUKAS = "85073100130", "92041512230", "01020300467"
UNKNOWN = "90010100123"  # a valid NISS no registry knows: pending
WAIT = 60.0  # seconds a batch may take on a loaded machine


@dataclass
class Api:
    """A client on the app, and the OpenAPI check of its responses."""

    client: Client
    check: OpenApiCheck

    async def send(self, body: bytes | str, media: str = "text/csv", lang: str = "fr",
                   key: str | None = None) -> tuple[int, dict[str, Any]]:
        headers = {"Content-Type": media, "Accept-Language": lang}
        if key:
            headers["Idempotency-Key"] = key
        data = body.encode() if isinstance(body, str) else body
        resp = await self.client.post("/api/v1/batches", data=data, headers=headers)
        doc = await resp.json()
        if resp.status == 202:
            assert resp.headers["Location"] == f"/api/v1/batches/{doc['ticket']}"
        return resp.status, doc

    async def status(self, ticket: str, lang: str = "fr") -> dict[str, Any]:
        resp = await self.client.get(f"/api/v1/batches/{ticket}",
                                     headers={"Accept-Language": lang})
        assert resp.status == 200, await resp.text()
        doc: dict[str, Any] = await resp.json()
        return doc

    async def done(self, ticket: str) -> dict[str, Any]:
        """The status once every line is done (the app's processor works meanwhile)."""
        async with asyncio.timeout(WAIT):
            while True:  # polled: the status is what a sender sees
                doc = await self.status(ticket)
                if doc["status"] == "done":
                    return doc
                await asyncio.sleep(0.05)

    async def notifications(self, ticket: str, lang: str = "fr", **query: int
                            ) -> list[dict[str, Any]]:
        resp = await self.client.get(f"/api/v1/batches/{ticket}/notifications",
                                     params={k: str(v) for k, v in query.items()},
                                     headers={"Accept-Language": lang})
        assert resp.status == 200, await resp.text()
        assert resp.content_type == "application/x-ndjson"
        return self.check.check_lines(f"notifications of {ticket}", "Notification",
                                      await resp.text())

    async def declare(self, body: dict[str, Any]) -> dict[str, Any]:
        resp = await self.client.post("/api/v1/declarations", json=body)
        assert resp.status == 201
        doc: dict[str, Any] = await resp.json()
        return doc

    async def periods(self, employer: str = ENT) -> list[dict[str, Any]]:
        resp = await self.client.get("/api/v1/periods", params={"employer": employer})
        doc: dict[str, Any] = await resp.json()
        return list(doc["periods"])


ApiFactory = Callable[..., Awaitable[Api]]


@pytest.fixture
async def make_api(aiohttp_client: ClientFactory, clock: FixedClock,
                   openapi_checks: list[OpenApiCheck]) -> ApiFactory:
    async def make(db: str, **overrides: Any) -> Api:
        app = await create_app(Settings(db=db, demo=True, **overrides), clock)
        check = checked(app)
        openapi_checks.append(check)
        return Api(await aiohttp_client(app), check)

    return make


@pytest.fixture
async def api(make_api: ApiFactory, process_db: str) -> Api:
    """The app on a store of each kind (``process_db``: a SQLite file, a PostgreSQL schema)."""
    return await make_api(process_db)


def csv_file(rows: list[dict[str, Any]], delimiter: str = ",") -> str:
    """A CSV batch file of ``rows`` (REST field names), the columns they use."""
    columns = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def ndjson_file(bodies: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(b) + "\n" for b in bodies)


def in_row(ssin: str = JAN, day: str = "2026-12-15", **fields: Any) -> dict[str, Any]:
    row = {"kind": "IN", "enterpriseNumber": ENT, "ssin": ssin, "jointCommissionNumber": "302",
           "workerType": "EXT", "startDate": day, "endDate": day, "startHour": "1800",
           "endHour": "2300"}
    row.update(fields)
    return row


def in_body(ssin: str = JAN, day: str = "2026-12-15", **fields: Any) -> dict[str, Any]:
    body = {"features": {"jointCommissionNumber": "302", "workerType": "EXT"},
            "startDate": day, "endDate": day, "startHour": "1800", "endHour": "2300"}
    body.update(fields)
    return {"employer": {"enterpriseNumber": ENT}, "worker": {"ssin": ssin}, "dimonaIn": body}
