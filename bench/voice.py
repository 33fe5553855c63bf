"""Voice turns through ``/voice/twilio``: signed Twilio voice webhooks, a whole IN per call.

Each user is a caller on an enrolled phone with a PIN; a call is the language
menu, the PIN, then the IN by keypad, each step posted to the ``action`` URL
the previous TwiML gave (so requests are signed as they go, not beforehand).
Skipped, with a note, when the server has no ``/voice/twilio`` route.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlencode

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

import workload

PATH: Final = "/voice/twilio"
PIN: Final = "1234"
#: Keys typed after the call opens: French, PIN, IN, NISS, horeca, occasional worker,
#: 15/12/2026, 18:00, 23:00, send. The reply to the last one must say "Accept".
KEYS: Final = ("1", PIN, "1", None, "302", "1", "15122026", "1800", "2300", "1")
TURNS_PER_CALL: Final = len(KEYS) + 1
_ACTION = re.compile(rb'<Redirect[^>]*>([^<]+)</Redirect>')


def request(host: str, port: int, path: str, form: dict[str, str], validator: Any) -> bytes:
    url = f"http://{host}:{port}{path}"
    payload = urlencode(form).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Twilio-Signature: {validator.compute_signature(url, form)}\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload


async def call(conn: Any, plan: Any, user: int, number: int, validator: Any,
               latencies: list[float] | None, errors: list[str],
               pace: Callable[[], Awaitable[float]] | None = None) -> None:
    """One call, step by step; latencies of each step appended when measured, from the
    time ``pace`` gives (it waits until the step is due: open loop) or from the send."""
    sid = f"CA{plan.run}{user:04d}{number:04d}"
    base = {"AccountSid": "AC" + "0" * 32, "CallSid": sid, "From": workload.phone(user),
            "To": "+3225550199", "CallStatus": "in-progress", "Direction": "inbound",
            "ApiVersion": "2010-04-01"}
    path, port = PATH, plan.ports[0]
    worker = plan.worker(user, number)
    for step, keys in enumerate((None, *KEYS)):
        form = dict(base)
        if step:
            form["Digits"] = worker if keys is None else keys
        data = request(plan.host, port, path, form, validator)
        start = await pace() if pace else time.perf_counter()
        status, body = await conn.send(data)
        if latencies is not None:
            latencies.append(time.perf_counter() - start)
        if status != 200:
            errors.append(f"step {step}: {status} {body[:200]!r}")
            return
        if step == len(KEYS):
            if b"Accept" not in body:
                errors.append(f"last step: {body[:300].decode(errors='replace')}")
            return
        found = _ACTION.search(body)
        if not found:
            errors.append(f"step {step}: no action in {body[:300].decode(errors='replace')}")
            return
        path = html.unescape(found.group(1).decode())


async def _prepare(location: str, workers: int, phones: int) -> None:
    import run

    from channels.voice.pins import hash_pin

    # one hash for every phone: each call still checks it (PBKDF2) at the same cost
    await run.prepare(location, workers, phones, hash_pin(PIN))


def _has_route(port: int) -> bool:
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{PATH}",
                                                      data=b"", method="POST"), timeout=5)
    except urllib.error.HTTPError as error:
        return error.code != 404
    except OSError:
        return False
    return True


def measure(report: Any, pg: str | None, users: int, quick: bool,
            open_rate: Callable[[dict[str, Any]], float] | None = None) -> None:
    """Calls in a closed loop on each store; then, with ``open_rate`` (the rate to offer,
    from the closed-loop row), as many in an open loop on a fresh store."""

    calls = 1 if quick else 3
    stores = ["SQLite", "PostgreSQL"] if pg else ["SQLite"]
    for name in stores:
        row = _measure(report, name, pg, users, calls, 0.0)
        if row is None:
            return
        if open_rate:
            rate = open_rate(row)
            _measure(report, name, pg, users, max(calls, 3), rate,
                     f"voice {name}, 1 process, open loop at {rate:,.0f} turns/s",
                     closed=row["per_second"])


def _measure(report: Any, name: str, pg: str | None, users: int, calls: int, rate: float,
             label: str | None = None, **extra: Any) -> dict[str, Any] | None:
    import run

    context: Any = run.temporary_folder() if name == "SQLite" else run.pg_schema(pg or "")
    with context as where:
        location = str(Path(where) / "voice.db") if name == "SQLite" else str(where)
        plan = workload.Plan((run.free_port(),), users, calls, run=uuid.uuid4().hex[:6],
                             kind="voice", rate=rate)
        asyncio.run(_prepare(location, plan.workers, users))
        with run.servers([run.serve(location, plan.ports[0])], list(plan.ports)) as pids:
            if not _has_route(plan.ports[0]):
                report.notes.append("voice: skipped, the server has no /voice/twilio route")
                print("  voice: skipped (no /voice/twilio route)", flush=True)
                return None
            result = run.load(plan, pids, turns=TURNS_PER_CALL)
        result["declarations_per_second"] = users * calls / result["seconds"]
        row: dict[str, Any] = report.add(label or f"voice {name}, 1 process", result,
                                         kind="voice", store=name, processes=1,
                                         loop="open" if rate else "closed", **extra)
        return row
