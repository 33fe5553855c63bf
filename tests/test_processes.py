"""Two real ``dimona-talk serve`` processes on one store: a conversation moves freely.

Each test starts two server processes (``python -m server.cli serve``) on the
same store — a fresh PostgreSQL schema (needs ``DIMONA_TEST_PG_DSN``) or one
SQLite file — enrolls a phone with the real ``phones add`` command, and drives
SMS through the Kannel webhook, alternately on both processes, as a load
balancer without affinity would. ``DIMONA_NOW`` fixes the servers' clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.processes import Server, run

EMPLOYER = "0403199702"
PHONE = "+32470123456"

#: One IN over SMS from an enrolled phone: what it types, and what each answer says.
CONVERSATION = [
    ("bonjour", "Que voulez-vous déclarer"),
    ("1", "NISS du travailleur"),
    ("85073100130", "commission paritaire"),
    ("302", "type de travailleur"),
    ("EXT", "date de début"),
    ("15/12", "heure commence"),
    ("18h", "heure finit"),
    ("23h", "Envoyer ?"),
    ("oui", "Acceptée"),
]


class Servers:
    """Two serve processes on one store, their base URLs, and their logs on failure."""

    def __init__(self, db: str, logs: Path) -> None:
        self.db = db
        self.all = [Server(db, logs, "--demo", "--sms-rate", "1000", name=f"server{n}")
                    for n in range(2)]
        self.urls = [server.url for server in self.all]

    def start(self) -> None:
        for server in self.all:
            server.start()

    async def ready(self, session: aiohttp.ClientSession) -> None:
        for server in self.all:
            await server.ready(session)

    def stop(self) -> None:
        for server in self.all:
            server.stop()


@pytest.fixture
def servers(process_db: str, tmp_path: Path) -> Iterator[Servers]:
    running = Servers(process_db, tmp_path)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
async def session(servers: Servers) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as client:
        await servers.ready(client)
        await run("phones", "add", "--db", servers.db, "--employer", EMPLOYER, "--phone", PHONE,
                  "--lang", "fr")
        yield client


async def _sms(client: aiohttp.ClientSession, url: str, text: str, delivery: str) -> str:
    params = {"from": PHONE, "to": "8080", "text": text, "id": delivery}
    async with client.get(f"{url}/sms/kannel", params=params) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.text()


async def _periods(client: aiohttp.ClientSession, url: str) -> list[dict[str, object]]:
    async with client.get(f"{url}/api/v1/periods", params={"employer": EMPLOYER}) as resp:
        assert resp.status == 200, await resp.text()
        return list((await resp.json())["periods"])


async def test_a_conversation_alternates_between_two_processes(
        servers: Servers, session: aiohttp.ClientSession) -> None:
    for n, (text, expected) in enumerate(CONVERSATION):
        reply = await _sms(session, servers.urls[n % 2], text, f"alt-{n}")
        assert expected in reply, f"turn {n} {text!r} on process {n % 2}: {reply!r}"
    for url in servers.urls:
        [period] = await _periods(session, url)
        assert period["ssin"] == "85073100130", period


async def test_one_delivery_sent_to_both_processes_counts_once(
        servers: Servers, session: aiohttp.ClientSession) -> None:
    lines = list(CONVERSATION)
    lines[2] = ("92041512230", lines[2][1])  # another worker than the test above, for clarity
    for n, (text, expected) in enumerate(lines[:-1]):
        assert expected in await _sms(session, servers.urls[n % 2], text, f"dup-{n}")
    # The gateway retries the confirmation on the other process while the first still works.
    both = await asyncio.gather(*(_sms(session, url, "oui", "dup-final") for url in servers.urls))
    assert both[0] == both[1] and "Acceptée" in both[0], both
    [period] = await _periods(session, servers.urls[0])
    assert period["ssin"] == "92041512230", period
    # Delivered again later, it is answered the same and still declares nothing.
    assert await _sms(session, servers.urls[1], "oui", "dup-final") == both[0]
    assert len(await _periods(session, servers.urls[1])) == 1
