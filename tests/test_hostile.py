"""Hostile traffic against a real ``serve`` process: nothing breaks, nothing leaks.

* A seeded fuzz of every route (:func:`hostile_requests`: malformed bodies, charsets,
  multipart, JSON nested 100,000 deep, lone surrogates, oversized bodies, garbage
  headers and queries): every answer is a 2xx, 3xx or 4xx, never a 5xx; the log holds
  no traceback and no error; nothing is filed. ``bench/hostile.py`` sends more.
* Slow connections: headers never finished, a body never finished, more connections
  than the cap.
* Privacy: after traffic full of identifiers (NISS, phones, PINs, message text) — good
  requests, refused ones, malformed ones — no log line of the process holds one in clear.
"""

from __future__ import annotations

import asyncio
import io
import json
import random
import socket
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from urllib.parse import quote

import aiohttp
import pytest
from yarl import URL

from tests.processes import Server, run

EMPLOYER, PHONE, NISS, PIN = "0403199702", "+32470123456", "85073100130", "97531"
SEED: Final = 20261201
COUNT: Final = 2000  # requests in the suite; bench/hostile.py sends more

ROUTES: Final = [("POST", "/sms/twilio"), ("GET", "/sms/kannel"), ("POST", "/sms/kannel"),
                 ("POST", "/voice/twilio"), ("GET", "/voice/vxml"), ("POST", "/voice/vxml"),
                 ("POST", "/api/v1/declarations"), ("GET", "/api/v1/declarations/100000000162"),
                 ("GET", "/api/v1/periods"), ("GET", "/api/v1/mutations"),
                 ("GET", "/api/v1/relations"), ("GET", "/api/v1/openapi.json"), ("GET", "/"),
                 ("POST", "/api/v1/batches"), ("GET", "/api/v1/batches/T1/notifications"),
                 ("GET", "/dimona"), ("POST", "/dimona"), ("GET", "/personnel"),
                 ("GET", "/personnel.csv"), ("POST", "/key"), ("GET", "/phone"),
                 ("POST", "/phone/sms"), ("GET", "/health"), ("GET", "/ready"),
                 ("GET", "/metrics"), ("PUT", "/sms/twilio"), ("DELETE", "/api/v1/periods"),
                 ("GET", "/nowhere/%ff%fe")]
CHARSETS: Final = ["utf-8", "latin-1", "utf-16", "klingon", "", "utf-8\"", "ascii", "cp1252"]
TYPES: Final = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json",
                "text/plain", "application/xml", "application/octet-stream", "", "*/*",
                "application/vnd.nsso.dimona+json", "text/html", "text/csv",
                "application/x-ndjson"]
FIELDS: Final = ["From", "Body", "MessageSid", "CallSid", "Digits", "SpeechResult", "from",
                 "text", "id", "token", "step", "answer", "mode", "csrf", "key", "employer",
                 "ssin", "after", "wait", "format", "kind", "message"]


@dataclass
class Hostile:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    query: str = ""
    body: bytes = b""


def _value(rng: random.Random) -> str:
    return rng.choice([
        "", "1", "oui", "IN 85073100130 302 EXT 15/12 18h-23h", "é" * rng.randint(1, 50),
        "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"), "%ff%fe", "\x00\x01",
        "9" * rng.randint(1, 400), "1 " * rng.randint(1, 3000), "<xml>&amp;</xml>",
        "+32470" + str(rng.randint(0, 999999)), json.dumps({"a": [1] * 5})])


def _form(rng: random.Random) -> bytes:
    pairs = [f"{rng.choice(FIELDS)}={_value(rng)}" for _ in range(rng.randint(0, 8))]
    text = "&".join(pairs)
    return text.encode("utf-8", "surrogatepass") if rng.random() < 0.8 else bytes(
        rng.randrange(256) for _ in range(rng.randint(1, 200)))


def _json(rng: random.Random) -> bytes:
    depth = rng.choice([1, 10, 1000, 100_000])
    return rng.choice([
        b"[" * depth + b"]" * depth, b"{" + b'"a":{' * depth, b'{"worker": {"ssin": "\\ud800"}}',
        b'"\\udfff"', b"{", b"null", b"[]", b'{"employer": 1, "dimonaIn": "x"}',
        json.dumps({"employer": {"enterpriseNumber": EMPLOYER}, "dimonaIn": {
            "startDate": _value(rng), "features": {"workerType": [1]}}}).encode(),
        bytes(rng.randrange(256) for _ in range(rng.randint(1, 100)))])


def _multipart(rng: random.Random) -> tuple[bytes, str]:
    boundary = rng.choice(["xx", "", "a" * 200, "--", "b\"c"])
    parts = rng.choice([
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"Body\"\r\n\r\noui\r\n"
        f"--{boundary}--\r\n",
        f"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nzz",
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n"
        f"Content-Type: text/plain; charset=klingon\r\n\r\n\xff\r\n--{boundary}--",
        "garbage", f"--{boundary}\r\n\r\n\r\n--{boundary}--"])
    return parts.encode("latin-1", "replace"), f"multipart/form-data; boundary={boundary}"


def hostile_requests(seed: int, count: int) -> Iterator[Hostile]:
    """``count`` hostile requests, the same for a given seed."""
    rng = random.Random(seed)
    for _ in range(count):
        method, path = rng.choice(ROUTES)
        request = Hostile(method, path)
        request.query = "&".join(  # "%ff%fe" stays an escape that is not UTF-8
            f"{rng.choice(FIELDS)}={quote(_value(rng).encode('utf-8', 'surrogatepass'), '%')}"
            for _ in range(rng.randint(0, 4)))
        kind = rng.choice(TYPES)
        if kind.startswith("multipart"):
            request.body, kind = _multipart(rng)
        elif "json" in kind:
            request.body = _json(rng)
        else:
            request.body = _form(rng)
        if rng.random() < 0.05:
            request.body = b"Body=" + b"x" * rng.choice([70_000, 2_000_000])
        charset = rng.choice(CHARSETS)
        if kind and rng.random() < 0.5:
            kind += f"; charset={charset}"
        request.headers = {"Content-Type": kind} if kind else {}
        for name, values in (("Accept-Language", ["fr", "xx;q=abc", "*", "nl-BE,de;q=0.2"]),
                             ("Idempotency-Key", ["k", "é", "x" * 300]),
                             ("Authorization", ["Bearer x", "Basic", "Bearer dtk_zz"]),
                             ("X-Twilio-Signature", ["abc", ""]),
                             ("Accept", ["application/vnd.nsso.dimona+json;q=0", "*/*"])):
            if rng.random() < 0.3:
                request.headers[name] = rng.choice(values)
        yield request


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    serving = Server(str(tmp_path / "hostile.db"), tmp_path, "--demo", "--sms-rate", "100000",
                     "--header-timeout", "1", "--body-timeout", "1", "--max-connections", "12")
    serving.start()
    try:
        async with aiohttp.ClientSession() as session:
            await serving.ready(session)
        await run("phones", "add", "--db", serving.db, "--employer", EMPLOYER, "--phone", PHONE,
                  "--lang", "fr", "--pin", PIN)
        yield serving
    finally:
        serving.stop()


def _lines(server: Server) -> list[str]:
    return [line for line in server.log.read_text(errors="replace").splitlines()
            if line.startswith("{")]


def _declarations(server: Server) -> int:
    with sqlite3.connect(server.db) as db:
        return int(db.execute("SELECT count(*) FROM declarations").fetchone()[0])


async def send(session: aiohttp.ClientSession, url: str, request: Hostile) -> int:
    target = f"{url}{request.path}" + (f"?{request.query}" if request.query else "")
    async with session.request(request.method, URL(target, encoded=True),
                               data=io.BytesIO(request.body) if request.body else None,
                               headers=request.headers) as resp:
        await resp.read()
        return resp.status


async def test_a_seeded_fuzz_of_every_route_gets_no_5xx(server: Server) -> None:
    statuses: dict[int, int] = {}
    requests = list(hostile_requests(SEED, COUNT))
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60),
                                     connector=aiohttp.TCPConnector(limit=6)) as session:
        for start in range(0, len(requests), 6):
            batch = requests[start:start + 6]
            for request, status in zip(batch, await asyncio.gather(
                    *(send(session, server.url, r) for r in batch)), strict=True):
                statuses[status] = statuses.get(status, 0) + 1
                assert status < 500, (status, request)
    assert {400, 413, 415} <= set(statuses), statuses
    server.stop()
    bad = [line for line in _lines(server)
           if json.loads(line)["level"] in ("error", "critical") or "Traceback" in line]
    assert not bad, bad[:5]
    assert _declarations(server) == 0


def _raw(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=20)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    """Everything until the server closes the connection."""
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except ConnectionResetError:
        pass
    return data


async def test_slow_and_too_many_connections_are_dropped(server: Server) -> None:
    headers = _raw(server.url)  # headers never finished
    headers.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    body = _raw(server.url)  # a body never finished
    body.sendall(b"POST /sms/twilio HTTP/1.1\r\nHost: x\r\nContent-Type: "
                 b"application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nBody=o")
    assert await asyncio.to_thread(_read_all, headers) == b""
    answer = await asyncio.to_thread(_read_all, body)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    idle = [_raw(server.url) for _ in range(12)]
    await asyncio.sleep(0.2)
    over = _raw(server.url)
    over.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    refused = await asyncio.to_thread(_read_all, over)
    assert refused.startswith(b"HTTP/1.1 503"), refused
    for sock in (headers, body, over, *idle):
        sock.close()
    async with aiohttp.ClientSession() as session:
        async with asyncio.timeout(30):
            while True:  # the idle ones are closed, by the client or the header timeout
                async with session.get(f"{server.url}/health") as resp:
                    if resp.status == 200:
                        break
                await asyncio.sleep(0.1)


#: What must never be in a log line in clear, and what each is.
SECRETS: Final = {NISS: "NISS", "85.07.31-001.30": "NISS", "32470123456": "phone",
                  "0470123456": "phone", PIN: "PIN", "zanzibar": "message text",
                  "Peeters": "worker's name"}


async def test_no_log_line_holds_an_identifier_in_clear(server: Server) -> None:
    url = server.url
    traffic = [
        ("GET", "/sms/kannel", {"from": PHONE, "text": f"IN {NISS} 302 EXT 15/12 18h-23h",
                                "id": "k1"}, None),
        ("GET", "/sms/kannel", {"from": PHONE, "text": "oui", "id": "k2"}, None),
        ("GET", "/sms/kannel", {"from": "0470123456", "text": "zanzibar " * 300, "id": "k3"},
         None),
        ("POST", "/sms/twilio", None, {"From": PHONE, "Body": f"zanzibar {NISS}",
                                       "MessageSid": "SM1"}),
        ("POST", "/voice/twilio", None, {"CallSid": "CA1", "From": PHONE, "To": "+3228880000"}),
        ("POST", "/voice/twilio?step=1", None, {"CallSid": "CA1", "From": PHONE, "Digits": "1"}),
        ("POST", "/voice/twilio?step=2", None, {"CallSid": "CA1", "From": PHONE, "Digits": PIN}),
        ("GET", "/api/v1/periods", {"employer": EMPLOYER, "ssin": NISS}, None),
        ("GET", "/api/v1/relations", {"ssin": NISS}, None),  # 401: no institution's key
        ("GET", f"/sms/kannel/{NISS}", {"from": PHONE}, None),  # 404
    ]
    async with aiohttp.ClientSession() as session:
        for method, path, query, form in traffic:
            async with session.request(method, f"{url}{path}", params=query, data=form) as r:
                assert r.status < 500
        async with session.post(f"{url}/sms/twilio", data=f"Body=zanzibar {NISS}\xff".encode(
                "latin-1"), headers={"Content-Type": "application/x-www-form-urlencoded; "
                                     f"charset=klingon-{PHONE}"}) as r:
            assert r.status == 415
    for raw in (f"GET /sms/kannel?from={PHONE}&text=zanzibar {NISS} HTTP/1.1\r\n\r\n",
                f"POST /sms/twilio HTTP/1.1\r\nX-{NISS}: {PHONE}\x01\r\n\r\n"):
        sock = _raw(url)
        sock.sendall(raw.encode())
        await asyncio.to_thread(_read_all, sock)
        sock.close()
    server.stop()
    lines = _lines(server)
    assert any("sms:kannel:k1" in line for line in lines)  # the turn's lines are there
    leaks = [(what, line) for line in lines for secret, what in SECRETS.items()
             if secret in line]
    assert not leaks, leaks[:5]
