"""The issues' contracts spelled exactly as the issues spell them, through real processes.

Each test uses a command line, flag, route or header in the very form an issue
writes it (issue 13: JSON lines under the other names they go by; issue 14:
``subscribers add ... [--employer NUMBER ...] [--committee JC ...]``, ``pause``;
issue 10: ``api-keys add --employer NUMBER [--employer NUMBER ...]``), so a
spelling that only a neighbouring form accepts is caught here.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.processes import Server, run, run_json

BRASSERIE, EETCAFE, GASTHOF = "0403199702", "0852093431", "0202400002"
DEADLINE = 60.0  # a loaded 2-core machine: generous, never a measure


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[tuple[Server, aiohttp.ClientSession]]:
    served = Server(str(tmp_path / "contracts.db"), tmp_path, "--demo").start()
    try:
        async with aiohttp.ClientSession() as session:
            await served.ready(session)
            yield served, session
    finally:
        served.stop()


def _line(ssin: str, day: int) -> str:
    return json.dumps({
        "employer": {"enterpriseNumber": BRASSERIE}, "worker": {"ssin": ssin},
        "dimonaIn": {"features": {"jointCommissionNumber": "302", "workerType": "EXT"},
                     "startDate": f"2026-12-{day}", "endDate": f"2026-12-{day}",
                     "startHour": "1800", "endHour": "2300"}}) + "\n"


async def _done(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    async with asyncio.timeout(DEADLINE):
        while True:
            async with session.get(url) as resp:
                doc: dict[str, Any] = await resp.json()
            if doc["status"] == "done":
                return doc
            await asyncio.sleep(0.1)


@pytest.mark.parametrize("media", ["application/x-ndjson", "application/ndjson",
                                   "application/jsonl", "application/x-jsonlines"])
async def test_a_batch_of_json_lines_under_each_name(
        server: tuple[Server, aiohttp.ClientSession], media: str) -> None:
    served, session = server
    body = _line("85073100130", 15) + _line("92041512230", 16)
    async with session.post(f"{served.url}/api/v1/batches", data=body,
                            headers={"Content-Type": media}) as resp:
        ack = await resp.json()
        assert resp.status == 202, ack
        assert resp.headers["Location"] == f"/api/v1/batches/{ack['ticket']}"
    assert (ack["status"], ack["lines"]) == ("accepted", 2)
    doc = await _done(session, served.url + resp.headers["Location"])
    assert (doc["lines"], doc["done"], doc["counts"]) == (2, 2, {"A": 2, "W": 0, "B": 0,
                                                                "S": 0})
    async with session.get(f"{served.url}/api/v1/batches/{ack['ticket']}/notifications",
                           params={"after": "1"}) as resp:
        notes = [json.loads(line) for line in (await resp.text()).splitlines()]
    assert [(n["line"], n["result"]) for n in notes] == [(2, "A")]
    async with session.post(f"{served.url}/api/v1/batches", data=body,
                            headers={"Content-Type": "application/json"}) as resp:
        assert resp.status == 415  # one JSON document is not a file of lines


async def test_subscribers_take_several_employers_and_committees_after_one_flag(
        tmp_path: Path) -> None:
    db = str(tmp_path / "feed.db")
    await run("api-keys", "list", "--db", db)  # the store, migrated
    added = await run("subscribers", "add", "--db", db, "--name", "Fund",
                      "--deliberation", "CSI/26/001", "--employer", BRASSERIE, EETCAFE,
                      "--committee", "302", "124", "--fields", "ssin,startDate")
    assert "dtf_" in added.stdout
    await run("subscribers", "add", "--db", db, "--name", "Other", "--deliberation",
              "CSI/26/002", "--employer", GASTHOF, "--employer", BRASSERIE)
    listing = await run_json("subscribers", "list", "--db", db, "--json")
    scopes = {s["name"]: (s["employers"], s["committees"]) for s in listing["subscribers"]}
    assert scopes == {"Fund": ([BRASSERIE, EETCAFE], ["124", "302"]),
                      "Other": ([GASTHOF, BRASSERIE], [])}  # in number order


async def test_subscribers_are_named_by_argument_or_by_flag(tmp_path: Path) -> None:
    db = str(tmp_path / "feed.db")
    await run("subscribers", "add", "--db", db, "--name", "Fund", "--deliberation", "CSI/1")

    async def paused() -> bool:
        listing = await run_json("subscribers", "list", "--db", db, "--json")
        return bool(listing["subscribers"][0]["paused"])

    await run("subscribers", "pause", "--db", db, "Fund")
    assert await paused()
    await run("subscribers", "resume", "--db", db, "--name", "Fund")
    assert not await paused()
    nameless = await run("subscribers", "pause", "--db", db, check=False)
    assert nameless.returncode == 2 and "--name" in nameless.stderr
    assert (await run("subscribers", "remove", "Nobody", "--db", db, check=False)
            ).returncode == 1
    await run("subscribers", "remove", "Fund", "--db", db)
    assert (await run_json("subscribers", "list", "--db", db, "--json"))["subscribers"] == []


async def test_api_keys_take_several_employers_after_one_flag(
        server: tuple[Server, aiohttp.ClientSession]) -> None:
    served, session = server
    key = (await run("api-keys", "add", "--db", served.db, "--employer", BRASSERIE, EETCAFE,
                     "--name", "Secretariat")).stdout.strip()
    listed = (await run("api-keys", "list", "--db", served.db)).stdout
    assert BRASSERIE in listed and EETCAFE in listed and GASTHOF not in listed
    bearer = {"Authorization": f"Bearer {key}"}
    for employer, status in ((BRASSERIE, 200), (EETCAFE, 200), (GASTHOF, 403)):
        async with session.get(f"{served.url}/api/v1/periods", params={"employer": employer},
                               headers=bearer) as resp:
            assert resp.status == status, employer
