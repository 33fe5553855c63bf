"""The load generator: a separate process with a lean keep-alive HTTP/1.1 client.

``python bench/load.py PLAN_JSON [ceiling]`` runs every user's conversations
(each user a phone with one keep-alive connection per server port; one request
at a time per user, so concurrency = users), the warm-up ones first for all
users, then the measured ones, and prints one JSON line: requests, seconds,
latencies (p50/p95/p99 in ms), errors. The client is raw asyncio streams with
pre-built, pre-signed requests, so it costs the shared CPUs far less than an
aiohttp client would; the same client loads the ceiling and the real service.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import BODY_LIMIT, Plan, Request, conversations


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def send(self, data: bytes) -> tuple[int, bytes]:
        self.writer.write(data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length > BODY_LIMIT:
            raise ValueError(f"body of {length} bytes")
        return status, await self.reader.readexactly(length)


async def _caller(plan: Plan, user: int, go: asyncio.Event, ready: list[int],
                  latencies: list[float], errors: list[str]) -> None:
    """A voice user: each call's steps signed as the TwiML gives the next URL."""
    import voice
    from twilio.request_validator import RequestValidator
    from workload import TOKEN

    conn = Connection(*await asyncio.open_connection(plan.host, plan.ports[0]))
    validator = RequestValidator(TOKEN)
    for number in range(plan.warmup + plan.conversations):
        if number == plan.warmup:
            ready[0] -= 1
            if ready[0] == 0:
                go.set()
            await go.wait()
        await voice.call(conn, plan, user, number, validator,
                         latencies if number >= plan.warmup else None, errors)
    conn.writer.close()


async def _user(plan: Plan, talks: list[list[Request]], go: asyncio.Event,
                ready: list[int], latencies: list[float], errors: list[str],
                check: bool) -> None:
    conns = {}
    for port in plan.ports:
        conns[port] = Connection(*await asyncio.open_connection(plan.host, port))
    for number, talk in enumerate(talks):
        if number == plan.warmup:
            ready[0] -= 1
            if ready[0] == 0:
                go.set()
            await go.wait()
        for req in talk:
            start = time.perf_counter()
            status, body = await conns[req.port].send(req.data)
            if number >= plan.warmup:
                latencies.append(time.perf_counter() - start)
            if status != 200:
                errors.append(f"{status}: {body[:200]!r}")
            elif check and req.expect and req.expect.encode() not in body:
                errors.append(f"expected {req.expect!r}: {body[:300].decode(errors='replace')}")
    for conn in conns.values():
        conn.writer.close()


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


async def main(plan: Plan, check: bool) -> dict[str, object]:
    go, ready = asyncio.Event(), [plan.users]
    latencies: list[float] = []
    errors: list[str] = []
    if plan.warmup == 0:
        go.set()
    if plan.kind == "voice":
        tasks = [asyncio.create_task(_caller(plan, user, go, ready, latencies, errors))
                 for user in range(plan.users)]
    else:
        talks = [conversations(plan, user) for user in range(plan.users)]
        tasks = [asyncio.create_task(_user(plan, t, go, ready, latencies, errors, check))
                 for t in talks]
    await go.wait()
    start = time.perf_counter()
    await asyncio.gather(*tasks)
    seconds = time.perf_counter() - start
    latencies.sort()
    return {"requests": len(latencies), "seconds": seconds,
            "per_second": len(latencies) / seconds if seconds else 0.0,
            "p50_ms": _percentile(latencies, 0.50) * 1000,
            "p95_ms": _percentile(latencies, 0.95) * 1000,
            "p99_ms": _percentile(latencies, 0.99) * 1000,
            "errors": len(errors), "first_errors": errors[:3]}


if __name__ == "__main__":
    result = asyncio.run(main(Plan.from_json(sys.argv[1]), check=sys.argv[2:] != ["ceiling"]))
    print(json.dumps(result), flush=True)
