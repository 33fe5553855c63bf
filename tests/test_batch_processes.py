"""A batch file survives ``kill -9``: real ``serve`` processes, real stores.

SQLite: one server takes a file, is killed with SIGKILL in the middle, a new one
starts on the same file and finishes it. PostgreSQL: two servers share the
work; the one not talking to the sender is killed while it holds a shard, and
the other takes it over once its lease runs out, while ``dimona-talk batch
submit --url`` follows to the end. Either way every line has exactly one
notification, every declaration was made once, and the personnel file holds
exactly what the notifications say.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import pytest

from core.store import open_store
from tests.channels.batch.conftest import ENT, csv_file
from tests.core._data import niss
from tests.core.conftest import pg_dsn, pg_schema
from tests.processes import ROOT, Server, cli, env, run

WORKERS, DAYS = 200, 50
LINES = WORKERS * DAYS
WAIT = 180.0  # a loaded 2-core machine: generous, never a measure
#: Small chunks and a short lease, so that a kill lands mid-way and the takeover is quick.
FLAGS = ("--demo", "--batch-chunk", "10", "--batch-lease", "2")


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    running: list[Server] = []
    yield running
    for server in running:
        server.stop()


def _file(tmp_path: Path) -> Path:
    """The workers' registry (imported with the real command) and a file of one-day
    periods: each worker on 50 days, the days interleaved, nothing overlaps."""
    workers = [niss("850101", n + 1) for n in range(WORKERS)]
    registry = tmp_path / "workers.csv"
    registry.write_text("ssin,last_name,first_name,birth_date\n" + "".join(
        f"{w},Worker,N{n},1985-01-01\n" for n, w in enumerate(workers)), encoding="utf-8")
    rows = [{"kind": "IN", "enterpriseNumber": ENT, "ssin": w, "jointCommissionNumber": "XXX",
             "workerType": "OTH", "startDate": f"2027-{1 + d // 28:02d}-{1 + d % 28:02d}",
             "endDate": f"2027-{1 + d // 28:02d}-{1 + d % 28:02d}"}
            for d in range(DAYS) for w in workers]
    path = tmp_path / "big.csv"
    path.write_text(csv_file(rows), encoding="utf-8")
    return registry


async def _import_workers(db: str, registry: Path) -> None:
    await run("registry", "import", "workers", str(registry), "--db", db)


async def _status(session: aiohttp.ClientSession, url: str, ticket: str) -> dict[str, Any]:
    async with session.get(f"{url}/api/v1/batches/{ticket}") as resp:
        assert resp.status == 200, await resp.text()
        doc: dict[str, Any] = await resp.json()
        return doc


async def _until(session: aiohttp.ClientSession, url: str, ticket: str, least: int
                 ) -> dict[str, Any]:
    async with asyncio.timeout(WAIT):
        while True:
            doc = await _status(session, url, ticket)
            if doc["done"] >= least:
                return doc
            await asyncio.sleep(0.02)


async def _check_everything_once(session: aiohttp.ClientSession, url: str, ticket: str,
                                 db: str) -> None:
    async with session.get(f"{url}/api/v1/batches/{ticket}/notifications") as resp:
        text = await resp.text()
    notes = [json.loads(line) for line in text.splitlines()]
    assert [n["line"] for n in notes] == list(range(2, LINES + 2))  # each once, in order
    assert {n["result"] for n in notes} == {"A"}  # a line judged twice would overlap itself
    assert len({n["declarationId"] for n in notes}) == LINES
    store = await open_store(db)
    try:
        employer = await store.find_employer(ENT)
        assert employer is not None
        periods = await store.periods(employer.employer_id, None)
        assert sorted(p.period_id for p in periods) == sorted(n["periodId"] for n in notes)
        assert len(await store.declarations("A")) == LINES
    finally:
        await store.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as client:
        yield client


async def test_sqlite_a_killed_server_is_resumed_by_the_next(
        tmp_path: Path, servers: list[Server], session: aiohttp.ClientSession) -> None:
    db = str(tmp_path / "shared.db")
    registry = _file(tmp_path)
    servers.append(Server(db, tmp_path, *FLAGS, name="first").start())
    await servers[0].ready(session)
    await _import_workers(db, registry)
    body = (tmp_path / "big.csv").read_bytes()
    async with session.post(f"{servers[0].url}/api/v1/batches", data=body,
                            headers={"Content-Type": "text/csv"}) as resp:
        assert resp.status == 202, await resp.text()
        ticket = (await resp.json())["ticket"]
    middle = await _until(session, servers[0].url, ticket, LINES // 20)
    servers[0].kill()
    assert middle["done"] < LINES, "the file was done before the kill: make it longer"
    servers.append(Server(db, tmp_path, *FLAGS, name="second").start())
    await servers[1].ready(session)
    last = await _until(session, servers[1].url, ticket, LINES)
    assert last["status"] == "done" and last["counts"]["A"] == LINES
    await _check_everything_once(session, servers[1].url, ticket, db)


async def _owners(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval(
            "SELECT COUNT(DISTINCT owner) FROM batch_shards WHERE next_line IS NOT NULL"
            " AND owner IS NOT NULL"))
    finally:
        await conn.close()


async def test_postgresql_a_killed_server_is_taken_over_by_the_other(
        tmp_path: Path, servers: list[Server], session: aiohttp.ClientSession) -> None:
    async with pg_schema(pg_dsn()) as db:
        registry = _file(tmp_path)
        servers += [Server(db, tmp_path, *FLAGS, name=n).start() for n in ("a", "b")]
        for server in servers:
            await server.ready(session)
        await _import_workers(db, registry)
        submit = await asyncio.create_subprocess_exec(
            *cli("batch", "submit", str(tmp_path / "big.csv"), "--url", servers[0].url,
                 "--lang", "en"), cwd=ROOT, env=env(), stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        try:
            async with asyncio.timeout(WAIT):  # both servers hold a shard: kill the other
                while True:
                    if await _owners(db) >= 2:
                        break
                    await asyncio.sleep(0.02)
            servers[1].kill()
            async with asyncio.timeout(WAIT):
                out, err = await submit.communicate()
        finally:
            if submit.returncode is None:
                submit.kill()
                await submit.wait()
        assert submit.returncode == 0, out.decode() + err.decode()
        words = out.decode()
        ticket = next(w for w in words.replace(",", " ").split() if w.isdigit() and len(w) == 16)
        count = f"{LINES:,}".replace(",", ".")  # English for Belgium groups with a point
        assert f"{count} declarations: {count} accepted" in words, words
        assert f"Declarations: {LINES}/{LINES}" in err.decode()
        await _check_everything_once(session, servers[0].url, ticket, db)
