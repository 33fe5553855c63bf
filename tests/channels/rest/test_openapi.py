"""The check every API test runs (``tests/openapi_check.py``) catches what drifts.

Every test using the ``client`` or ``app_client`` fixtures has each ``/api/v1``
response validated against the served document; here the same check is given a
document missing a field or an endpoint, and must say so.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from channels.rest.openapi import OPENAPI
from core.clock import FixedClock
from server.app import create_app
from server.settings import Settings
from tests.channels.rest.test_api import dimona_in
from tests.openapi_check import OpenApiCheck

Client = TestClient[web.Request, web.Application]
Factory = Callable[..., Awaitable[Client]]


async def _client_with(document: dict[str, Any], aiohttp_client: Factory, db_path: str,
                       clock: FixedClock) -> tuple[Client, OpenApiCheck]:
    app = await create_app(Settings(db=db_path, demo=True), clock)
    check = OpenApiCheck(document)
    app.middlewares.append(check.middleware)
    return await aiohttp_client(app), check


async def _agency_period(client: Client) -> None:
    body = dimona_in(userEnterpriseNumber="0852093431", userJointCommissionNumber="302")
    body["dimonaIn"]["features"] = {"jointCommissionNumber": "322", "workerType": "EXT"}
    assert (await client.post("/api/v1/declarations", json=body)).status == 201
    listing = await client.get("/api/v1/periods", params={"employer": "0403199702"})
    [period] = (await listing.json())["periods"]
    assert period["userEnterpriseNumber"] == "0852093431"


async def test_the_served_document_describes_every_field_emitted(
        aiohttp_client: Factory, db_path: str, clock: FixedClock) -> None:
    client, check = await _client_with(OPENAPI, aiohttp_client, db_path, clock)
    await _agency_period(client)
    assert check.checked == 2 and check.failures == []


async def test_a_field_the_document_forgot_is_caught(
        aiohttp_client: Factory, db_path: str, clock: FixedClock) -> None:
    drifted = copy.deepcopy(OPENAPI)
    del drifted["components"]["schemas"]["Period"]["properties"]["userEnterpriseNumber"]
    client, check = await _client_with(drifted, aiohttp_client, db_path, clock)
    await _agency_period(client)
    [failure] = check.failures
    assert "GET /api/v1/periods" in failure and "userEnterpriseNumber" in failure


async def test_an_endpoint_or_status_the_document_forgot_is_caught(
        aiohttp_client: Factory, db_path: str, clock: FixedClock) -> None:
    drifted = copy.deepcopy(OPENAPI)
    del drifted["paths"]["/periods"]
    del drifted["paths"]["/declarations/{declarationId}"]["get"]["responses"]["404"]
    client, check = await _client_with(drifted, aiohttp_client, db_path, clock)
    await client.get("/api/v1/periods", params={"employer": "0403199702"})
    await client.get("/api/v1/declarations/100000000000")
    assert [f.split(": ", 1)[1] for f in check.failures] == [
        "no operation in the document", "status 404 not described"]
