"""A process killed mid-turn (``kill -9``), and the retry of its delivery on another one.

Two real ``serve`` processes share a store (a SQLite file, or a PostgreSQL schema). The
first runs with ``--pause-at POINT``: it stops the turn for good at that point and logs
``paused``, holding what it holds (the delivery's claim, the conversation's hold, on
PostgreSQL the session lock of its connection). The gateway's retry of the delivery
reaches the second process at that very moment and waits (the first still lives); the
first is killed; the retry then takes the claim over, runs the turn and answers what the
first would have answered: the declaration filed once, never twice, never an empty
reply. Redelivered later, the delivery gets the same reply again.

Points: ``claimed`` (nothing done), ``filed`` (the declaration committed, the reply not
composed), ``saved`` (the conversation saved too), ``answered`` (the reply composed, not
stored); by SMS (Kannel's webhook) and by REST (``Idempotency-Key``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.core.conftest import pg_dsn, pg_schema
from tests.processes import Server, run

EMPLOYER, PHONE, NISS = "0403199702", "+32470123456", "85073100130"
SUMMARY = f"IN {NISS} 302 EXT 15/12 18h-23h"
IN_BODY = {"employer": {"enterpriseNumber": EMPLOYER}, "worker": {"ssin": NISS},
           "dimonaIn": {"features": {"jointCommissionNumber": "302", "workerType": "EXT"},
                        "startDate": "2026-12-15", "endDate": "2026-12-15",
                        "startHour": "1800", "endHour": "2300"}}
WAIT = 60.0  # seconds, at most, for a process to reach its pause (tests assert no time)

#: (store, channel, point): every point by SMS on SQLite; on PostgreSQL (and by REST on
#: both) the points where the filing happened but its reply did not go out.
CASES = [("sqlite", "sms", point) for point in ("claimed", "filed", "saved", "answered")] + [
    ("postgresql", "sms", "filed"), ("postgresql", "sms", "saved"),
    ("sqlite", "api", "filed"), ("postgresql", "api", "filed")]


@contextlib.asynccontextmanager
async def _store(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    if kind == "sqlite":
        yield str(tmp_path / "shared.db")
        return
    async with pg_schema(pg_dsn()) as dsn:
        yield dsn


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(db: str, *flags: str, name: str) -> Server:
        started.append(Server(db, tmp_path, "--demo", "--sms-rate", "1000", *flags,
                              name=name).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


async def _paused(server: Server) -> None:
    """Until the server logs that it stopped its turn (or fails the test if it exited)."""
    async with asyncio.timeout(WAIT):
        while True:
            assert server.proc is not None and server.proc.poll() is None, server.output()
            for line in server.log.read_text(errors="replace").splitlines():
                if line.startswith("{") and json.loads(line).get("message") == "paused":
                    return
            await asyncio.sleep(0.05)


async def _sms(session: aiohttp.ClientSession, url: str, text: str, delivery: str) -> str:
    params = {"from": PHONE, "to": "8080", "text": text, "id": delivery}
    async with session.get(f"{url}/sms/kannel", params=params) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.text()


async def _post(session: aiohttp.ClientSession, url: str, key: str) -> tuple[int, Any]:
    async with session.post(f"{url}/api/v1/declarations", json=IN_BODY,
                            headers={"Idempotency-Key": key}) as resp:
        return resp.status, await resp.json()


async def _periods(session: aiohttp.ClientSession, url: str) -> list[dict[str, Any]]:
    async with session.get(f"{url}/api/v1/periods", params={"employer": EMPLOYER}) as resp:
        assert resp.status == 200, await resp.text()
        return list((await resp.json())["periods"])


async def _crash(session: aiohttp.ClientSession, victim: Server, first: Any) -> None:
    """``first`` (a request to ``victim``) reaches its pause; ``victim`` is killed."""
    await _paused(victim)
    victim.kill()
    with contextlib.suppress(aiohttp.ClientError):
        await first


@pytest.mark.parametrize(("kind", "channel", "point"), CASES)
async def test_a_retry_takes_over_the_turn_of_a_killed_process(
        servers: Callable[..., Server], tmp_path: Path, kind: str, channel: str,
        point: str) -> None:
    async with _store(kind, tmp_path) as db, aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=60)) as session:
        victim = servers(db, "--pause-at", point, name="victim")
        survivor = servers(db, name="survivor")
        await victim.ready(session)
        await survivor.ready(session)
        await run("phones", "add", "--db", db, "--employer", EMPLOYER, "--phone", PHONE,
                  "--lang", "fr")
        if channel == "sms":
            assert "Envoyer ?" in await _sms(session, survivor.url, SUMMARY, "turn-1")
            first = asyncio.ensure_future(_sms(session, victim.url, "oui", "turn-2"))
            await _paused(victim)
            # the gateway's retry, at the same moment, to the other process: it waits
            retry = asyncio.ensure_future(_sms(session, survivor.url, "oui", "turn-2"))
            await asyncio.sleep(0.2)
            await _crash(session, victim, first)
            reply = await retry
            assert reply.startswith("Acceptée"), reply
            assert await _sms(session, survivor.url, "oui", "turn-2") == reply  # later
        else:
            posted = asyncio.ensure_future(_post(session, victim.url, "order-42"))
            await _paused(victim)
            again = asyncio.ensure_future(_post(session, survivor.url, "order-42"))
            await asyncio.sleep(0.2)
            await _crash(session, victim, posted)
            status, answer = await again
            assert status == 201 and answer["result"] == "A", answer
            assert await _post(session, survivor.url, "order-42") == (status, answer)
        [period] = await _periods(session, survivor.url)
        assert period["ssin"] == NISS
        async with session.get(f"{survivor.url}/metrics") as resp:
            assert f'dimona_turns_total{{channel="{channel}",outcome="taken_over"}} 1.0' in \
                await resp.text()
