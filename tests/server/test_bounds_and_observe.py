"""Per-route body limits, an SMS too long to read, ``/ready`` and ``/metrics``, in the
real app (tests/test_hostile.py sends the hostile traffic to a real process)."""

from __future__ import annotations

import gzip
import io
import json
from typing import Any

from aiohttp import web

from channels.common.bounds import BODY_LIMIT, body_limit, bounded
from server.appkeys import STORE

PHONE = "+32470123456"


async def test_webhooks_take_64_kib_and_the_api_more(client: Any) -> None:
    big = "x" * (70 * 1024)
    resp = await client.post("/sms/twilio", data={"From": PHONE, "Body": big})
    assert resp.status == 413 and await resp.text() == "body too large"
    resp = await client.post("/api/v1/declarations",
                             data=io.BytesIO(json.dumps({"pad": big}).encode()),
                             headers={"Content-Type": "application/json"})
    assert resp.status == 400  # read and judged: no envelope (not a 413)
    resp = await client.post("/api/v1/declarations",
                             data=io.BytesIO(json.dumps({"pad": big * 16}).encode()),
                             headers={"Content-Type": "application/json"})
    body = await resp.json()
    assert resp.status == 413 and body["code"] == "api.too_large", body


async def test_a_compressed_body_is_bounded_as_it_inflates(client: Any) -> None:
    # its Content-Length is small: the limit counts what the body inflates to
    small = gzip.compress(b"Body=" + b"x" * (70 * 1024))
    assert len(small) < 1024
    resp = await client.post("/sms/twilio", data=small, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "gzip"})
    assert resp.status == 413 and await resp.text() == "body too large"


async def test_malformed_bodies_are_refused_before_the_route(client: Any) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    cases = [(b"Body=\xff", form, 400),
             (b"Body=oui", {"Content-Type": "application/x-www-form-urlencoded; charset=xx"}, 415),
             (b"--b\r\nContent-Disposition: form-data\r\n\r\nzz",
              {"Content-Type": "multipart/form-data; boundary=b"}, 400)]
    for body, headers, status in cases:
        resp = await client.post("/sms/twilio", data=body, headers=headers)
        assert resp.status == status, (body, await resp.text())
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    for body in (deep, b'{"worker": {"ssin": "\\ud800"}}'):
        resp = await client.post("/api/v1/declarations", data=io.BytesIO(body),
                                 headers={"Content-Type": "application/json"})
        assert resp.status == 400 and (await resp.json())["code"] == "api.invalid_json"


async def test_a_route_or_a_sub_app_sets_its_own_limit(aiohttp_client: Any) -> None:
    @body_limit(10_000, stream=True)
    async def upload(request: web.Request) -> web.Response:
        return web.Response(text=str(len(await request.content.read())))

    async def small(request: web.Request) -> web.Response:
        return web.Response(text=str(len(await request.read())))

    inner = web.Application()
    inner[BODY_LIMIT] = 100
    inner.router.add_post("/upload", upload)
    inner.router.add_post("/small", small)
    root = web.Application(middlewares=[bounded(5.0)])
    root.add_subapp("/batches", inner)
    client = await aiohttp_client(root)
    for path, size, status in (("/batches/small", 100, 200), ("/batches/small", 101, 413),
                               ("/batches/upload", 5000, 200), ("/batches/upload", 10_001, 413)):
        resp = await client.post(path, data=b"x" * size,
                                 headers={"Content-Type": "application/octet-stream"})
        assert resp.status == status, (path, size)


async def test_an_sms_over_1600_characters_is_answered_unread(client: Any, db_path: str
                                                               ) -> None:
    store = client.app[STORE]
    await store.enroll_phone(PHONE, 1, "nl", None)
    resp = await client.post("/sms/twilio", data={"From": PHONE, "Body": "1 " * 801,
                                                  "MessageSid": "SMlong"})
    assert "Bericht te lang" in await resp.text()
    assert await store.load_conversation(f"sms:{PHONE}") is None  # no turn ran
    metrics = await (await client.get("/metrics")).text()
    assert 'dimona_refusals_total{reason="sms_too_long"}' in metrics


async def test_ready_answers_503_when_the_store_does_not(client: Any) -> None:
    assert (await client.get("/ready")).status == 200
    client.app[STORE]._conn.close()  # noqa: SLF001 - the database is gone
    resp = await client.get("/ready")
    assert resp.status == 503 and (await resp.json())["status"] == "unavailable"
    assert (await client.get("/health")).status == 200  # the process still runs


async def test_metrics_count_turns_and_declarations(client: Any) -> None:
    store = client.app[STORE]
    await store.enroll_phone(PHONE, 1, "fr", None)
    for sid, text in (("SMm1", "IN 85073100130 302 EXT 15/12 18h-23h"), ("SMm2", "oui"),
                      ("SMm2", "oui")):
        assert (await client.post("/sms/twilio", data={"From": PHONE, "Body": text,
                                                       "MessageSid": sid})).status == 200
    text = await (await client.get("/metrics")).text()
    for line in ('dimona_turns_total{channel="sms",outcome="answered"}',
                 'dimona_turns_total{channel="sms",outcome="replayed"}',
                 'dimona_redeliveries_total{channel="sms"}',
                 'dimona_declarations_total{kind="IN",result="A"}',
                 'dimona_request_seconds_bucket{le="0.005",method="POST",route="/sms/twilio"}'):
        assert line in text, line


async def test_metrics_need_the_operator_s_token_when_there_is_one(app_client: Any) -> None:
    client = await app_client(api_token="op-token")
    assert (await client.get("/metrics")).status == 401
    resp = await client.get("/metrics", headers={"Authorization": "Bearer op-token"})
    assert resp.status == 200 and "dimona_turns_total" in await resp.text()


async def test_a_batch_line_nested_too_deep_is_a_line_error(client: Any) -> None:
    line = b"[" * 10_000 + b"]" * 10_000 + b"\n"  # within the line limit
    resp = await client.post("/api/v1/batches", data=io.BytesIO(line),
                             headers={"Content-Type": "application/x-ndjson"})
    assert resp.status == 422, await resp.text()
