"""The core alone, and memory per open conversation.

``python bench/core_alone.py [--quick] [--pg DSN]``.

Prints one JSON line (``bench/run.py`` runs it in a process of its own, so
memory figures start from a clean interpreter):

* ``judge``: declarations validated per second by the rules alone (identifiers
  normalized, then ``judge`` against an in-memory snapshot of the file);
* ``batch``: a batch of declarations (100,000 lines; 10,000 with ``--quick``)
  checked and stored through ``Declarations.submit``, one unit per line, on
  SQLite and on PostgreSQL (8 submitters at once there, as several requests of
  a server would be);
* ``bulk``: the same lines through ``Declarations.submit_many``, 500 a unit (the
  bulk path of the batch channel), in one process;
* ``memory``: 100,000 conversations (10,000 with ``--quick``) opened through the
  dialog engine (one turn each, left waiting for the worker's NISS); the
  process's resident memory growth and the bytes the store keeps per
  conversation.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import gc
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

import workload

from core.clock import BRUSSELS, FixedClock
from core.demo import load_demo
from core.model import Employer, Identity, Kind, Period, PeriodStatus, Request
from core.rules import Snapshot, judge
from core.service import Declarations, normalized
from core.store import Store, open_store

NOW = datetime.datetime.fromisoformat(workload.NOW)
TODAY = NOW.astimezone(BRUSSELS).date()
D, T = datetime.date, datetime.time


EMPLOYERS = 100  # a batch from a social secretariat: many employers


def line(n: int, workers: int) -> Request:
    """The ``n``-th line of a batch: each worker once a day, horeca and other sectors."""
    day = D(2026, 12, 10) + datetime.timedelta(days=n // workers)
    ssin = workload.niss(n % workers)
    number = workload.employer(n % EMPLOYERS)
    if n % 2:
        return Request(Kind.IN, employer_enterprise=number, ssin=ssin,
                       committee="302", worker_type="EXT", start_date=day, end_date=day,
                       start_hour=T(18), end_hour=T(23))
    return Request(Kind.IN, employer_enterprise=f"{number[:4]}.{number[4:7]}.{number[7:]}",
                   ssin=ssin, committee="XXX", worker_type="OTH", start_date=day, end_date=day)


def bench_judge(count: int) -> dict[str, Any]:
    """Validated per second: normalize + judge, the snapshot already read."""
    employer = Employer(1, "Bench 0", workload.employer(0))
    history = tuple(Period(f"9{n:09d}", 1, None, "302", "EXT", D(2026, 11, 1 + n),
                           D(2026, 11, 1 + n), T(18), T(23), status=PeriodStatus.ACTIVE)
                    for n in range(5))
    days = frozenset(D(2026, 11, 1) + datetime.timedelta(days=n) for n in range(60))
    cases = []
    for n in range(count):
        req = line(n, 1000)
        cases.append((req, Snapshot(employer, True, None, history if n % 3 == 0 else (), days)))
    results: Counter[str] = Counter()
    start = time.perf_counter()
    for n, (req, snap) in enumerate(cases):
        verdict = judge(normalized(req), snap, TODAY, f"{2_000_000_000 + n}")
        results[verdict.result.value] += 1
    seconds = time.perf_counter() - start
    return {"declarations": count, "seconds": round(seconds, 3),
            "per_second": round(count / seconds), "results": dict(results)}


async def _filled(location: str, workers: int) -> Store:
    store = await open_store(location)
    await load_demo(store)
    await store.put_identities(Identity("Bench", f"W{n}", None, workload.niss(n))
                               for n in range(workers))
    await store.put_employers(Employer(0, f"Bench {n}", workload.employer(n), None, "fr")
                              for n in range(EMPLOYERS))
    return store


async def bench_bulk(location: str, lines: int, chunk: int = 500) -> dict[str, Any]:
    """``lines`` declarations through ``Declarations.submit_many``, ``chunk`` at a time."""
    workers = max(1, lines // 10)
    store = await _filled(location, workers)
    service = Declarations(store, FixedClock(NOW))
    results: Counter[str] = Counter()
    try:
        start = time.perf_counter()
        for first in range(0, lines, chunk):
            batch = [line(n, workers) for n in range(first, min(lines, first + chunk))]
            results.update(d.result.value for d in await service.submit_many(batch))
        seconds = time.perf_counter() - start
    finally:
        await store.close()
    return {"lines": lines, "chunk": chunk, "seconds": round(seconds, 2),
            "per_second": round(lines / seconds), "results": dict(results)}


async def bench_batch(location: str, lines: int, submitters: int) -> dict[str, Any]:
    """``lines`` declarations checked and stored, ``submitters`` at a time."""
    workers = max(1, lines // 10)
    store = await _filled(location, workers)
    service = Declarations(store, FixedClock(NOW))
    results: Counter[str] = Counter()
    queue = iter(range(lines))

    async def submitter() -> None:
        for n in queue:
            results[(await service.submit(line(n, workers))).result.value] += 1

    try:
        start = time.perf_counter()
        await asyncio.gather(*(submitter() for _ in range(submitters)))
        seconds = time.perf_counter() - start
    finally:
        await store.close()
    return {"lines": lines, "submitters": submitters, "seconds": round(seconds, 2),
            "per_second": round(lines / seconds), "results": dict(results)}


def _rss() -> int:
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) * 1024
    return 0


async def bench_memory(location: str, count: int, pg: bool) -> dict[str, Any]:
    """RSS growth and stored bytes per conversation, ``count`` conversations open."""
    from dialogs.engine import Engine
    from dialogs.turn import Caller, Channel, Turn

    store = await _filled(location, 10)
    engine = Engine(Declarations(store, FixedClock(NOW)), store, FixedClock(NOW))
    caller = Caller(workload.phone(0), (workload.employer(0),), "fr", False)
    try:
        for n in range(200):  # warm every cache (machines, catalogs, understanding)
            await engine.handle(Turn(f"warm:{n}", Channel.SMS, text="1", caller=caller))
        gc.collect()
        before, start = _rss(), time.perf_counter()
        for n in range(count):
            reply = await engine.handle(Turn(f"sms:{workload.phone(n)}", Channel.SMS, text="1",
                                             caller=caller))
        seconds = time.perf_counter() - start
        gc.collect()
        grown = _rss() - before
        stored = await _stored_bytes(store, location, pg)
        sample = await store.load_conversation(f"sms:{workload.phone(count - 1)}")
    finally:
        await store.close()
    return {"conversations": count, "turns_per_second": round(count / seconds),
            "rss_growth_bytes": grown, "rss_bytes_per_conversation": round(grown / count, 1),
            "stored_bytes_per_conversation": round(stored / count, 1),
            "record_bytes": len(sample or ""), "last_prompt": str(reply.messages[-1].id)
            if reply.messages else ""}


async def _stored_bytes(store: Store, location: str, pg: bool) -> int:
    if pg:
        import asyncpg

        conn = await asyncpg.connect(location)
        try:
            return int(await conn.fetchval("SELECT pg_total_relation_size('conversations')"))
        finally:
            await conn.close()
    import sqlite3

    lite = sqlite3.connect(location)
    try:
        # every page of the table and its primary-key index (dbstat is compiled in Debian's)
        with contextlib.suppress(sqlite3.OperationalError):
            return int(lite.execute("SELECT SUM(pgsize) FROM dbstat WHERE name IN"
                                    " ('conversations', 'sqlite_autoindex_conversations_1')"
                                    ).fetchone()[0])
        return int(lite.execute("SELECT SUM(LENGTH(key) + LENGTH(data) + LENGTH(updated_at))"
                                " FROM conversations").fetchone()[0])
    finally:
        lite.close()


async def main(quick: bool, pg: str | None) -> dict[str, Any]:
    import run

    lines = 10_000 if quick else 100_000
    out: dict[str, Any] = {"judge": bench_judge(20_000 if quick else 100_000)}
    with tempfile.TemporaryDirectory(prefix="dimona-core-") as tmp:
        out["batch_sqlite"] = await bench_batch(str(Path(tmp) / "batch.db"), lines, 1)
        out["bulk_sqlite"] = await bench_bulk(str(Path(tmp) / "bulk.db"), lines)
        out["memory_sqlite"] = await bench_memory(str(Path(tmp) / "memory.db"), lines, False)
    if pg:
        async with run.apg_schema(pg) as location:
            out["batch_postgresql"] = await bench_batch(location, lines, 8)
        async with run.apg_schema(pg) as location:
            out["bulk_postgresql"] = await bench_bulk(location, lines)
        async with run.apg_schema(pg) as location:
            out["memory_postgresql"] = await bench_memory(location, lines // 10, True)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pg")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.quick, args.pg))), flush=True)
