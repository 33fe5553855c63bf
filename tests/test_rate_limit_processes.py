"""The SMS rate limit across processes and restarts: counted in the shared store.

Two ``serve`` processes with ``--sms-rate 3`` on one store (SQLite or PostgreSQL), a
load balancer sending one phone's messages to either: the fourth message in the minute
is told to slow down, whichever process it reaches, and still after both restarted (the
clock is fixed: the minute never ends).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.processes import Server, run

EMPLOYER, PHONE = "0403199702", "+32470123456"
SLOW = "Trop de messages"


@pytest.fixture
def pair(process_db: str, tmp_path: Path) -> Iterator[list[Server]]:
    servers = [Server(process_db, tmp_path, "--demo", "--sms-rate", "3", name=f"s{n}")
               for n in range(2)]
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


async def _sms(session: aiohttp.ClientSession, server: Server, n: int) -> str:
    params = {"from": PHONE, "to": "8080", "text": "aide", "id": f"rate-{n}"}
    async with session.get(f"{server.url}/sms/kannel", params=params) as resp:
        assert resp.status == 200
        return await resp.text()


async def test_one_limit_for_every_process_and_restart(pair: list[Server],
                                                        process_db: str) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        for server in pair:
            await server.start().ready(session)
        await run("phones", "add", "--db", process_db, "--employer", EMPLOYER, "--phone", PHONE,
                  "--lang", "fr")
        replies = [await _sms(session, pair[n % 2], n) for n in range(4)]
        assert [SLOW in r for r in replies] == [False, False, False, True], replies
        for server in pair:
            server.stop()
            await server.start().ready(session)
        assert SLOW in await _sms(session, pair[0], 4)
        assert SLOW in await _sms(session, pair[1], 5)
