"""Two real ``dimona-talk serve`` processes on one store: a conversation moves freely.

Each test starts two server processes (``python -m server.cli serve``) on the
same store — a fresh PostgreSQL schema (needs ``DIMONA_TEST_PG_DSN``) or one
SQLite file — enrolls a phone with the real ``phones add`` command, and drives
SMS through the Kannel webhook, alternately on both processes, as a load
balancer without affinity would. ``DIMONA_NOW`` fixes the servers' clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.core.conftest import pg_dsn, pg_schema

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-12-01T09:30:00+01:00"
EMPLOYER = "0403199702"
PHONE = "+32470123456"
START_TIMEOUT = 15.0

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIMONA_")}
    env["DIMONA_NOW"] = NOW
    env["PYTHONPATH"] = str(ROOT)
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "server.cli", *args]


class Servers:
    """Two serve processes on one store, their base URLs, and their logs on failure."""

    def __init__(self, db: str, logs: Path, *flags: str) -> None:
        self.db, self.flags = db, flags
        self.ports = [_free_port(), _free_port()]
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.logs = [logs / f"server{n}.log" for n in range(2)]
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        for port, log in zip(self.ports, self.logs, strict=True):
            with log.open("wb") as out:
                self.procs.append(subprocess.Popen(
                    _cli("serve", "--db", self.db, "--host", "127.0.0.1", "--port", str(port),
                         "--demo", "--sms-rate", "1000", *self.flags),
                    cwd=ROOT, env=_env(), stdout=out, stderr=subprocess.STDOUT))

    def output(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')}"
                         for log in self.logs if log.exists())

    async def ready(self, session: aiohttp.ClientSession) -> None:
        async with asyncio.timeout(START_TIMEOUT):
            for proc, url in zip(self.procs, self.urls, strict=True):
                while True:
                    assert proc.poll() is None, f"server exited\n{self.output()}"
                    with contextlib.suppress(aiohttp.ClientError):
                        async with session.get(f"{url}/health") as resp:
                            if resp.status == 200:
                                break
                    await asyncio.sleep(0.05)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(params=["postgresql", "sqlite"])
async def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh store both processes open: a PostgreSQL schema, or a SQLite file."""
    if request.param == "sqlite":
        yield str(tmp_path / "shared.db")
        return
    async with pg_schema(pg_dsn()) as dsn:
        yield dsn


@contextlib.contextmanager
def running(store_db: str, logs: Path, *flags: str) -> Iterator[Servers]:
    """Two serve processes started with ``flags``, stopped on the way out."""
    servers = Servers(store_db, logs, *flags)
    servers.start()
    try:
        yield servers
    finally:
        servers.stop()


@contextlib.asynccontextmanager
async def enrolled(servers: Servers, *flags: str) -> AsyncIterator[aiohttp.ClientSession]:
    """A client once both servers answer, the phone enrolled by ``phones add`` (``flags``)."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as client:
        await servers.ready(client)
        enroll = await asyncio.to_thread(
            subprocess.run,
            _cli("phones", "add", "--db", servers.db, "--employer", EMPLOYER, "--phone", PHONE,
                 *flags),
            cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=30, check=False)
        assert enroll.returncode == 0, enroll.stdout + enroll.stderr
        yield client


@pytest.fixture
def servers(store_db: str, tmp_path: Path) -> Iterator[Servers]:
    with running(store_db, tmp_path) as started:
        yield started


@pytest.fixture
async def session(servers: Servers) -> AsyncIterator[aiohttp.ClientSession]:
    async with enrolled(servers, "--lang", "fr") as client:
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
