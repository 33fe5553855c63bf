"""``Idempotency-Key`` on ``POST /api/v1/declarations``, through the real app on SQLite and
PostgreSQL: a retry gets the very first answer and files nothing more; another body
with the key is 422; keys of two employers never meet; concurrent requests with one
key file once. Without a key, a retried IN of a worker without a NISS is a duplicate.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.clock import FixedClock
from server.app import create_app
from server.settings import Settings
from tests.channels.rest.test_api import dimona_in
from tests.channels.rest.test_rights import HAVEN, add_key, bearer, for_employer
from tests.core.conftest import pg_dsn, pg_schema
from tests.openapi_check import OpenApiCheck, checked

Client = TestClient[web.Request, web.Application]
NO_NISS = {"lastName": "Van den Berghe", "firstName": "Ilse", "birthDate": "1995-05-04",
           "sex": "2", "birthPlace": "Gent", "birthPlaceCountry": "00150",
           "nationality": "00150", "street": "Veldstraat", "houseNumber": "12",
           "zipCode": "9000", "city": "Gent", "country": "00150"}


@pytest.fixture(params=["sqlite", "postgresql"])
async def store_client(request: pytest.FixtureRequest, tmp_path: Path,
                       aiohttp_client: Callable[..., Awaitable[Client]], clock: FixedClock,
                       openapi_checks: list[OpenApiCheck]) -> AsyncIterator[Client]:
    """The real app (open loopback, demo data) on a SQLite file or a PostgreSQL schema."""
    async def client_on(db: str) -> Client:
        app = await create_app(Settings(db=db, demo=True), clock)
        openapi_checks.append(checked(app))
        return await aiohttp_client(app)

    if request.param == "sqlite":
        yield await client_on(str(tmp_path / "dimona.db"))
        return
    async with pg_schema(pg_dsn()) as dsn:
        client = await client_on(dsn)
        yield client
        await client.close()


def no_niss() -> dict[str, Any]:
    """An IN of ordinary staff for a worker without a NISS (pending until identified)."""
    return {"employer": {"enterpriseNumber": "0403199702"}, "worker": dict(NO_NISS),
            "dimonaIn": {"features": {"jointCommissionNumber": "XXX", "workerType": "OTH"},
                         "startDate": "2026-12-15", "endDate": "2026-12-15"}}


async def post(client: Client, body: Any, key: str | None, **headers: str
               ) -> tuple[int, dict[str, str], bytes]:
    sent = {**headers, **({"Idempotency-Key": key} if key else {})}
    resp = await client.post("/api/v1/declarations", json=body, headers=sent)
    return resp.status, dict(resp.headers), await resp.read()


async def filed(client: Client, employer: str = "0403199702") -> int:
    listing = await client.get("/api/v1/periods", params={"employer": employer})
    return len((await listing.json())["periods"])


def answer(found: tuple[int, dict[str, str], bytes]) -> tuple[int, str | None, str, bytes]:
    status, headers, body = found
    return status, headers.get("Location"), headers["Content-Type"], body


async def test_a_retry_gets_the_first_answer_and_files_nothing_more(
        store_client: Client) -> None:
    first = await post(store_client, no_niss(), "retry-1")
    assert first[0] == 201
    for lang in ("fr", "nl"):  # whatever the retry asks, it gets the first answer
        again = await post(store_client, no_niss(), "retry-1", **{"Accept-Language": lang})
        assert answer(again) == answer(first)
    assert await filed(store_client) == 1
    nsso = await post(store_client, dimona_in(), "nsso-1",
                      Accept="application/vnd.nsso.dimona+json")
    assert answer(await post(store_client, dimona_in(), "nsso-1")) == answer(nsso)


async def test_the_key_with_another_body_is_422_and_files_nothing(
        store_client: Client) -> None:
    assert (await post(store_client, dimona_in(), "k"))[0] == 201
    other = dimona_in(startHour="0800", endHour="1000")
    status, _, body = await post(store_client, other, "k")
    assert status == 422 and b"api.idempotency_mismatch" in body
    assert await filed(store_client) == 1
    # the same declaration with other spacing and key order is the same body
    same = await store_client.post(
        "/api/v1/declarations", headers={"Idempotency-Key": "k",
                                         "Content-Type": "application/json"},
        data=b'{"worker": {"ssin": "85073100130"},   "dimonaIn": {"endHour": "2300", '
             b'"startHour": "1800", "endDate": "2026-12-15", "startDate": "2026-12-15", '
             b'"features": {"workerType": "EXT", "jointCommissionNumber": "302"}}, '
             b'"employer": {"enterpriseNumber": "0403199702"}}')
    assert same.status == 201 and await filed(store_client) == 1


async def test_concurrent_requests_with_one_key_file_once(store_client: Client) -> None:
    found = await asyncio.gather(*(post(store_client, no_niss(), "burst") for _ in range(8)))
    assert {answer(f) for f in found} == {answer(found[0])}
    assert found[0][0] == 201 and await filed(store_client) == 1


async def test_bad_keys_are_400(store_client: Client) -> None:
    for key in ("x" * 256, "with space"):
        status, _, body = await post(store_client, dimona_in(), key)
        assert status == 400 and b"api.idempotency_key" in body
    assert await filed(store_client) == 0


async def test_without_a_key_a_retried_in_without_niss_is_a_duplicate(
        store_client: Client) -> None:
    status, _, first = await post(store_client, no_niss(), None)
    assert status == 201
    status, _, second = await post(store_client, no_niss(), None)
    pending, dup = json.loads(first), json.loads(second)
    assert pending["result"] == "S" and dup["result"] == "B"
    [anomaly] = dup["anomalies"]
    assert anomaly["code"] == "90374-910" and anomaly["params"]["periodId"] == pending["periodId"]
    assert await filed(store_client) == 1


async def test_keys_are_scoped_by_the_api_key(
        app_client: Callable[..., Awaitable[Client]],
        capsys: pytest.CaptureFixture[str]) -> None:
    client = await app_client(host="0.0.0.0", api_token="op")
    resto, haven = await add_key(client, capsys, "0403199702"), await add_key(client, capsys,
                                                                               HAVEN)
    mine = await post(client, dimona_in(), "order-1", **bearer(resto))
    theirs = await post(client, for_employer(dimona_in(), HAVEN), "order-1", **bearer(haven))
    assert mine[0] == theirs[0] == 201 and mine[2] != theirs[2]
    # the operator's key is a scope of its own too
    status, _, _ = await post(client, dimona_in(startHour="0600", endHour="0800"), "order-1",
                              **bearer("op"))
    assert status == 201
    # a refusal is an answer like any other: replayed, never turned into a filing
    refused = await post(client, for_employer(dimona_in(), HAVEN), "order-2", **bearer(resto))
    assert refused[0] == 403
    assert answer(await post(client, for_employer(dimona_in(), HAVEN), "order-2",
                             **bearer(resto))) == answer(refused)
