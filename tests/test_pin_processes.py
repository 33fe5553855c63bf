"""PIN guessing from many open calls on two real ``serve`` processes: the lock holds.

Six callers at once, on two processes sharing one store (a fresh PostgreSQL
schema, or one SQLite file), each opening call after call and typing wrong PIN
after wrong PIN over ``/voice/twilio``, as an intruder with six lines would:
at most five wrong PINs are ever evaluated in the lock window, whatever the
concurrency, and once the phone is locked the right PIN opens nothing. The
phone is enrolled by the real ``phones add`` command, its PIN hashed with the
servers' pepper.
"""

from __future__ import annotations

import asyncio
import itertools
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.processes import Server, run

EMPLOYER = "0403199702"
PHONE = "+32470123456"
PIN = "4321"
PEPPER = "pepper-of-the-servers"
CALLERS = 6
GUESSES = 8  # per caller: 48 wrong PINs in all
WRONG, LOCKED = "n'est pas correct", "bloqué"


@pytest.fixture
def servers(process_db: str, tmp_path: Path) -> Iterator[list[Server]]:
    """Two serve processes on one store, with one pepper."""
    started = [Server(process_db, tmp_path, "--demo", "--pin-pepper", PEPPER,
                      name=f"server{n}").start() for n in range(2)]
    try:
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
async def session(servers: list[Server], process_db: str
                  ) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as client:
        for server in servers:
            await server.ready(client)
        await run("phones", "add", "--db", process_db, "--employer", EMPLOYER, "--phone", PHONE,
                  "--pin", PIN, "--pin-pepper", PEPPER)
        yield client


class Call:
    """One call on one process: the first step, then keys to each Gather's action."""

    def __init__(self, client: aiohttp.ClientSession, url: str, sid: str) -> None:
        self.client, self.url, self.sid = client, url, sid
        self.action: str | None = "/voice/twilio"

    async def send(self, digits: str | None = None) -> str:
        assert self.action is not None, "the call is over"
        form = {"CallSid": self.sid, "From": PHONE, "To": "+3228880000",
                **({"Digits": digits} if digits else {})}
        async with self.client.post(self.url + self.action, data=form) as resp:
            assert resp.status == 200, await resp.text()
            root = ET.fromstring(await resp.text())
        gather = root.find("Gather")
        self.action = gather.get("action") if gather is not None else None
        return "\n".join(say.text or "" for say in root.iter("Say"))


async def _guess(client: aiohttp.ClientSession, servers: list[Server], caller: int,
                 pins: Iterator[str], said: list[str]) -> None:
    """Call after call, PIN after PIN: ``GUESSES`` tries (a call refused at once is one)."""
    tries = 0
    for n in itertools.count():
        if tries >= GUESSES:
            return
        call = Call(client, servers[(caller + n) % 2].url, f"CA-{caller}-{n}")
        said.append(await call.send())  # the language menu, or "locked"
        if call.action is None:
            tries += 1
            continue
        said.append(await call.send("1"))
        while call.action is not None and tries < GUESSES:
            said.append(await call.send(next(pins)))
            tries += 1


async def test_concurrent_guessing_never_evaluates_more_than_five_wrong_pins(
        servers: list[Server], session: aiohttp.ClientSession) -> None:
    pins = (f"{n:04d}" for n in range(10_000) if f"{n:04d}" != PIN)
    said: list[str] = []
    await asyncio.gather(*(_guess(session, servers, caller, pins, said)
                           for caller in range(CALLERS)))
    wrong = [text for text in said if WRONG in text]
    assert len(wrong) == 5, "\n---\n".join(said)  # the sixth and later were never tried
    assert sum(LOCKED in text for text in said) >= CALLERS * GUESSES - 4
    # Locked: even the right PIN, typed in a call open before or after, opens nothing.
    for server in servers:
        call = Call(session, server.url, f"CA-right-{server.url[-5:]}")
        text = await call.send()
        if call.action is not None:
            await call.send("1")
            text = await call.send(PIN)
        assert LOCKED in text and call.action is None, text
