"""The load generator: a separate process with a lean keep-alive HTTP/1.1 client.

``python bench/load.py PLAN_JSON [ceiling]`` runs every user's conversations
(each user a phone with one keep-alive connection per server port; one request
at a time per user, so concurrency = users), the warm-up ones first for all
users, then the measured ones, and prints one JSON line: requests, seconds,
latencies (p50/p95/p99 in ms), errors. The client is raw asyncio streams with
pre-built, pre-signed requests, so it costs the shared CPUs far less than an
aiohttp client would; the same client loads the ceiling and the real service.

With ``plan.rate`` set (turns/s, all users together) the load is an *open loop*:
each user's measured requests arrive as a Poisson process of ``rate / users``,
whenever the server answers; a request due while the user's previous one is still
waiting is sent as soon as that one is answered, and its latency counts from when
it was due (so a slow answer is not hidden by the requests it held back:
coordinated omission). A request not held back counts from when it went out (the
client's own timer lateness is not the server's; ``lag_p99_ms`` says how late the
timer was). Closed loop (``rate`` 0): each user sends the next request when the
previous one is answered, and its p99 restates the throughput (Little's law).
"""

from __future__ import annotations

import asyncio
import json
import random
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


class Pacer:
    """When a user's next request goes out, and from when its latency counts.

    Open loop: the arrivals of all users together are one Poisson process of
    ``plan.rate``, dealt out in turn (user ``u`` takes arrivals ``u``, ``u + users``, ...),
    so every user keeps sending until the end and the last seconds are not left to a few.
    """

    def __init__(self, plan: Plan, user: int, arrivals: list[float], lags: list[float]) -> None:
        self.rate = plan.rate
        self.offsets = arrivals[user::plan.users]
        self.taken, self.due, self.start = 0, 0.0, 0.0
        self.lags = lags

    def begin(self, at: float) -> None:
        self.start = self.due = at

    async def next(self) -> float:
        """Wait until the next request is due (open loop); the time its latency counts from."""
        now = time.perf_counter()
        if not self.rate:
            return now
        self.due = self.start + self.offsets[self.taken]
        self.taken += 1
        if self.due <= now:  # held back by the previous answer: counted from when it was due
            return self.due
        await asyncio.sleep(self.due - now)
        sent = time.perf_counter()
        self.lags.append(sent - self.due)
        return sent


def arrivals(plan: Plan, requests: int) -> list[float]:
    """Open loop: the seconds after the start at which ``requests`` a user arrive, for all
    users, in order (seeded by the run: the same plan draws the same times)."""
    draws = random.Random(plan.run)
    times, at = [], 0.0
    for _ in range(plan.users * requests if plan.rate else 0):
        at += draws.expovariate(plan.rate)
        times.append(at)
    return times


async def _measured(go: asyncio.Event, ready: list[int], pacer: Pacer, start: list[float]
                    ) -> None:
    """The warm-up is over for this user: wait for every user, then start the clock."""
    ready[0] -= 1
    if ready[0] == 0:
        start[0] = time.perf_counter()
        go.set()
    await go.wait()
    pacer.begin(start[0])


async def _caller(plan: Plan, user: int, go: asyncio.Event, ready: list[int],
                  latencies: list[float], errors: list[str], pacer: Pacer,
                  start: list[float]) -> None:
    """A voice user: each call's steps signed as the TwiML gives the next URL."""
    import voice
    from twilio.request_validator import RequestValidator
    from workload import TOKEN

    conn = Connection(*await asyncio.open_connection(plan.host, plan.ports[0]))
    validator = RequestValidator(TOKEN)
    for number in range(plan.warmup + plan.conversations):
        measured = number >= plan.warmup
        if number == plan.warmup:
            await _measured(go, ready, pacer, start)
        await voice.call(conn, plan, user, number, validator,
                         latencies if measured else None, errors,
                         pacer.next if measured else None)
    conn.writer.close()


async def _user(plan: Plan, talks: list[list[Request]], go: asyncio.Event,
                ready: list[int], latencies: list[float], errors: list[str],
                check: bool, pacer: Pacer, start: list[float]) -> None:
    conns = {}
    for port in plan.ports:
        conns[port] = Connection(*await asyncio.open_connection(plan.host, port))
    for number, talk in enumerate(talks):
        measured = number >= plan.warmup
        if number == plan.warmup:
            await _measured(go, ready, pacer, start)
        for req in talk:
            since = await pacer.next() if measured else time.perf_counter()
            status, body = await conns[req.port].send(req.data)
            if measured:
                latencies.append(time.perf_counter() - since)
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
    go, ready, start = asyncio.Event(), [plan.users], [time.perf_counter()]
    latencies: list[float] = []
    lags: list[float] = []
    errors: list[str] = []
    if plan.kind == "voice":
        import voice

        requests = plan.conversations * voice.TURNS_PER_CALL
    else:
        talks = [conversations(plan, user) for user in range(plan.users)]
        requests = max(sum(len(t) for t in talk[plan.warmup:]) for talk in talks)
    times = arrivals(plan, requests)
    pacers = [Pacer(plan, user, times, lags) for user in range(plan.users)]
    if plan.warmup == 0:
        go.set()
        for pacer in pacers:
            pacer.begin(start[0])
    if plan.kind == "voice":
        tasks = [asyncio.create_task(_caller(plan, user, go, ready, latencies, errors,
                                             pacers[user], start))
                 for user in range(plan.users)]
    else:
        tasks = [asyncio.create_task(_user(plan, t, go, ready, latencies, errors, check,
                                           pacers[user], start))
                 for user, t in enumerate(talks)]
    await go.wait()
    await asyncio.gather(*tasks)
    seconds = time.perf_counter() - start[0]
    latencies.sort()
    lags.sort()
    span = max(p.due for p in pacers) - start[0]  # open loop: the last arrival drawn
    return {"requests": len(latencies), "seconds": seconds, "rate": plan.rate,
            "arrivals_per_second": len(latencies) / span if plan.rate and span > 0 else 0.0,
            "lag_p99_ms": _percentile(lags, 0.99) * 1000 if lags else 0.0,
            "per_second": len(latencies) / seconds if seconds else 0.0,
            "p50_ms": _percentile(latencies, 0.50) * 1000,
            "p95_ms": _percentile(latencies, 0.95) * 1000,
            "p99_ms": _percentile(latencies, 0.99) * 1000,
            "errors": len(errors), "first_errors": errors[:3]}


if __name__ == "__main__":
    result = asyncio.run(main(Plan.from_json(sys.argv[1]), check=sys.argv[2:] != ["ceiling"]))
    print(json.dumps(result), flush=True)
