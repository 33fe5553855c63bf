"""Each gateway is a sub-application with its own guard, which fails closed.

Off loopback, a gateway whose secret is unset refuses every request; one whose
secret is set lets through only the requests that prove it, whatever the other
gateways' secrets are. On loopback (the tests' and the demo's default) an unset
secret leaves its route open, as the other test modules show.
"""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from twilio.request_validator import RequestValidator

Client = TestClient[web.Request, web.Application]
PUBLIC = "https://dimona.example.be"
SMS = {"From": "+32470123456", "To": "+3228888", "Body": "bonjour", "MessageSid": "SM1"}
CALL = {"From": "+32470123456", "To": "+3228888", "CallSid": "CA1"}


async def _statuses(client: Client) -> dict[str, int]:
    return {
        "api": (await client.get("/api/v1/periods?employer=0403199702")).status,
        "sms/twilio": (await client.post("/sms/twilio", data=SMS)).status,
        "sms/kannel": (await client.get("/sms/kannel", params={
            "from": "+32470123456", "text": "bonjour", "id": "1"})).status,
        "voice/twilio": (await client.post("/voice/twilio", data=CALL)).status,
        "voice/vxml": (await client.get("/voice/vxml", params={
            "from": "+32470123456", "call": "x"})).status,
        "health": (await client.get("/health")).status,
    }


async def test_off_loopback_an_unset_secret_closes_its_gateway(app_client: Any) -> None:
    client: Client = await app_client(host="0.0.0.0")
    assert await _statuses(client) == {"api": 401, "sms/twilio": 403, "sms/kannel": 403,
                                       "voice/twilio": 403, "voice/vxml": 403, "health": 200}


async def test_one_gateway_s_secret_opens_no_other(app_client: Any) -> None:
    client: Client = await app_client(host="0.0.0.0", twilio_auth_token="tok",
                                      public_url=PUBLIC)
    statuses = await _statuses(client)
    assert statuses["sms/kannel"] == 403 and statuses["voice/vxml"] == 403
    assert statuses["sms/twilio"] == 403  # unsigned


@pytest.mark.parametrize("host", ["0.0.0.0", "127.0.0.1"])
async def test_a_gateway_with_its_secret_answers_proven_requests(app_client: Any,
                                                                 host: str) -> None:
    client: Client = await app_client(
        host=host, api_token="api", twilio_auth_token="tok", public_url=PUBLIC,
        kannel_secret="k", vxml_secret="v")
    validator = RequestValidator("tok")
    sms = await client.post("/sms/twilio", data=SMS, headers={
        "X-Twilio-Signature": validator.compute_signature(PUBLIC + "/sms/twilio", SMS)})
    call = await client.post("/voice/twilio", data=CALL, headers={
        "X-Twilio-Signature": validator.compute_signature(PUBLIC + "/voice/twilio", CALL)})
    kannel = await client.get("/sms/kannel", params={"from": "+32470123456", "text": "x",
                                                     "id": "2", "secret": "k"})
    vxml = await client.get("/voice/vxml", params={"from": "+32470123456", "call": "y",
                                                   "secret": "v"})
    api = await client.get("/api/v1/periods?employer=0403199702",
                           headers={"Authorization": "Bearer api"})
    assert [r.status for r in (sms, call, kannel, vxml, api)] == [200] * 5
    wrong = await client.get("/sms/kannel", params={"from": "+32470123456", "text": "x",
                                                    "id": "3", "secret": "nope"})
    assert wrong.status == 403
    assert (await client.get("/api/v1/periods?employer=0403199702",
                             headers={"Authorization": "Bearer nope"})).status == 401
