"""Hostile traffic at length: ``python bench/hostile.py [--requests N] [--seed S]``.

Starts a real ``serve`` process (SQLite, demo data, open loopback) and sends it the
seeded hostile requests of ``tests/test_hostile.py`` (20,000 by default: malformed
bodies, charsets, multipart, deep JSON, lone surrogates, oversized bodies, garbage
headers), 8 at a time; prints one JSON line: requests, requests/s, the answers by
status, the 5xx count, the log lines at error level, tracebacks, and declarations
filed. Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from tests.processes import Server
from tests.test_hostile import hostile_requests, send

_AT_ONCE = 8


async def _run(count: int, seed: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        server = Server(str(Path(folder) / "hostile.db"), Path(folder), "--demo",
                        "--sms-rate", "1000000")
        server.start()
        try:
            statuses: dict[int, int] = {}
            requests = list(hostile_requests(seed, count))
            async with aiohttp.ClientSession(
                    timeout=aiohttp.ClientTimeout(total=60),
                    connector=aiohttp.TCPConnector(limit=_AT_ONCE)) as session:
                await server.ready(session)
                started = time.perf_counter()
                for first in range(0, len(requests), _AT_ONCE):
                    batch = requests[first:first + _AT_ONCE]
                    for status in await asyncio.gather(
                            *(send(session, server.url, r) for r in batch)):
                        statuses[status] = statuses.get(status, 0) + 1
                elapsed = time.perf_counter() - started
        finally:
            server.stop()
        lines = [line for line in server.log.read_text(errors="replace").splitlines()
                 if line.startswith("{")]
        with sqlite3.connect(server.db) as db:
            filed = db.execute("SELECT count(*) FROM declarations").fetchone()[0]
    return {"requests": count, "per_second": round(count / elapsed, 1),
            "statuses": dict(sorted(statuses.items())),
            "5xx": sum(n for status, n in statuses.items() if status >= 500),
            "errors_logged": sum(json.loads(line)["level"] in ("error", "critical")
                                 for line in lines),
            "tracebacks": sum("Traceback" in line for line in lines), "filed": filed,
            "first_error": next((json.loads(line) for line in lines
                                 if json.loads(line)["level"] in ("error", "critical")), None)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(_run(args.requests, args.seed))))


if __name__ == "__main__":
    main()
