"""Final notifications of pending declarations, through a real ``serve`` process.

A phone declares workers the identity registry does not know yet (result S, the phone
watches them). Whatever settles them — ``registry import workers`` (positive),
``registry reject`` (negative), both run as separate commands, or the identification
delay running out in the server's own rounds (negative) — the server's background
round tells the phone each final result, once, through Kannel's ``sendsms`` (here a
local receiver that records what it is sent). On SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.processes import Server, run

PHONE, EMPLOYER = "+32470123456", "0403199702"
#: Valid NISS numbers the demo's identity registry does not know.
UNKNOWN = ("90010100123", "90010200190", "90010300160")
WAIT = 30.0  # seconds, at most, for the server's rounds (tests never assert a time)


def _day() -> str:
    """Tomorrow as the phone writes it (the servers run on the wall clock here)."""
    return (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m")


class Sendsms:
    """A stand-in for Kannel's ``/cgi-bin/sendsms``: it records every message."""

    def __init__(self) -> None:
        self.sent: list[dict[str, str]] = []
        self.arrived = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        self.sent.append(dict(request.query))
        self.arrived.set()
        return web.Response(text="0: Accepted for delivery")

    def texts(self) -> list[str]:
        return [m["text"] for m in self.sent]

    async def until(self, count: int) -> list[str]:
        async with asyncio.timeout(WAIT):
            while len(self.sent) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.texts()


@pytest.fixture
async def sendsms(aiohttp_server: Callable[..., Awaitable[TestServer]]
                  ) -> tuple[Sendsms, str]:
    receiver = Sendsms()
    app = web.Application()
    app.router.add_get("/cgi-bin/sendsms", receiver.handle)
    server = await aiohttp_server(app)
    return receiver, str(server.make_url("/cgi-bin/sendsms"))


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as client:
        yield client


#: The servers run on the wall clock here: the identification delay must run out.
WALL_CLOCK = {"DIMONA_NOW": ""}


@pytest.fixture
def serving(tmp_path: Path, process_db: str) -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(*args: str) -> Server:
        started.append(Server(process_db, tmp_path, *args, variables=WALL_CLOCK).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


async def _started(serving: Callable[..., Server], session: aiohttp.ClientSession, db: str,
                   url: str, *extra: str) -> Server:
    server = serving("--demo", "--sms-rate", "1000",
                     "--upkeep-seconds", "0.2", "--kannel-sendsms-url", url,
                     "--kannel-user", "u", "--kannel-password", "p", *extra)
    await server.ready(session)
    await run("phones", "add", "--db", db, "--employer", EMPLOYER, "--phone", PHONE, "--lang",
              "fr")
    return server


async def _pending(session: aiohttp.ClientSession, server: Server, niss: str) -> str:
    """Declare a worker by SMS (Kannel's webhook); the pending declaration's number."""
    replies = []
    for n, text in enumerate((f"IN {niss} 302 EXT {_day()} 18h-23h", "oui")):
        params = {"from": PHONE, "to": "8080", "text": text, "id": f"{niss}-{n}"}
        async with session.get(f"{server.url}/sms/kannel", params=params) as resp:
            assert resp.status == 200
            replies.append(await resp.text())
    assert replies[-1].startswith("En attente : Dimona IN"), replies
    return replies[-1].split("déclaration ")[1].split(",")[0].strip(" .")


def _about(texts: list[str], number: str) -> list[str]:
    return [t for t in texts if number in t]


async def test_both_outcomes_settled_by_commands_are_told_once(
        serving: Callable[..., Server], session: aiohttp.ClientSession, process_db: str,
        sendsms: tuple[Sendsms, str], tmp_path: Path) -> None:
    receiver, url = sendsms
    server = await _started(serving, session, process_db, url)
    known, rejected = (await _pending(session, server, UNKNOWN[0]),
                       await _pending(session, server, UNKNOWN[1]))
    workers = tmp_path / "workers.csv"
    workers.write_text(f"ssin,last_name,first_name,birth_date\n{UNKNOWN[0]},Nieuw,Nel,"
                       "1990-01-01\n", encoding="utf-8")
    await run("registry", "import", "workers", str(workers), "--db", process_db, DIMONA_NOW="")
    done = await run("registry", "reject", "--db", process_db, rejected, DIMONA_LANG="en",
                     DIMONA_NOW="")
    assert rejected in done.stdout, done.stderr
    again = await run("registry", "reject", "--db", process_db, rejected, check=False,
                      DIMONA_LANG="en", DIMONA_NOW="")
    assert again.returncode == 1 and "not pending" in again.stderr
    texts = await receiver.until(2)
    [accepted] = _about(texts, known)
    [refused] = _about(texts, rejected)
    assert accepted.startswith("Acceptée") and refused.startswith("Refusée"), texts
    assert {m["to"] for m in receiver.sent} == {PHONE}
    await asyncio.sleep(1.0)  # several more rounds: nobody is told twice
    assert len(receiver.sent) == 2, receiver.texts()


async def test_the_negative_after_the_delay_is_told_once(
        serving: Callable[..., Server], session: aiohttp.ClientSession, process_db: str,
        sendsms: tuple[Sendsms, str]) -> None:
    receiver, url = sendsms
    # 0.0005 hours: 1.8 seconds for the registry to identify the worker
    server = await _started(serving, session, process_db, url, "--identification-hours", "0.0005")
    number = await _pending(session, server, UNKNOWN[2])
    [refused] = await receiver.until(1)
    assert number in refused and refused.startswith("Refusée"), refused
    await asyncio.sleep(1.0)
    assert len(receiver.sent) == 1
    async with session.get(f"{server.url}/api/v1/declarations/{number}") as resp:
        doc: dict[str, Any] = await resp.json()
    assert doc["result"] == "B" and [a["code"] for a in doc["anomalies"]] == ["00024-931"]
