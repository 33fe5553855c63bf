"""Redeliveries: a webhook request seen before gets the very reply of the first one.

Every channel claims a delivery id (Twilio ``MessageSid``, Kannel ``%I``, a call
step, an ``Idempotency-Key``) in the store before any work, and stores its reply
when done; a redelivery arriving meanwhile waits here for that reply. When the
process working on it died (killed mid-turn), or its work failed, the waiting
redelivery takes the claim over and does the work itself, at once: the work is
safe to run again (a filing is found by the delivery id,
:meth:`core.service.Declarations.submit`; a conversation replays its turn from the
record before it, :class:`dialogs.engine.Engine`), so the retry gets the real
answer, within the gateway's 15 s, and nothing is filed twice.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime
import time
from collections.abc import Awaitable, Callable
from typing import Final

from channels.common.metrics import REDELIVERIES, TURN_SECONDS, TURNS, channel_of, child
from core.store import DeliveryStore

__all__ = ["CONTEXT", "answer_once"]

_WAIT: Final = 12.0  # seconds; gateways give up after about 15
_POLL: Final = 0.05

#: What every log line of a request carries (the delivery being answered, its channel):
#: set by :mod:`server.observe` per request, filled here.
CONTEXT: Final[contextvars.ContextVar[dict[str, str] | None]] = contextvars.ContextVar(
    "dimona_log_context", default=None)


def _bind(delivery: str) -> None:
    found = CONTEXT.get()
    if found is not None:
        found.update({"delivery": delivery, "channel": channel_of(delivery)})


async def _wait(deliveries: DeliveryStore, delivery: str,
                work: Callable[[], Awaitable[str]]) -> tuple[str | None, str]:
    """The first delivery's reply, waited for up to 12 s, or ``work()``'s when the claim's
    owner is gone; and the outcome: replayed, taken_over or unanswered."""
    deadline = time.monotonic() + _WAIT
    while True:
        reply = await deliveries.delivery_reply(delivery)
        if reply is not None:
            return reply, "replayed"
        if await deliveries.take_over_delivery(delivery):
            return await _run(deliveries, delivery, work), "taken_over"
        if time.monotonic() >= deadline:
            return None, "unanswered"
        await asyncio.sleep(_POLL)


async def _run(deliveries: DeliveryStore, delivery: str,
               work: Callable[[], Awaitable[str]]) -> str:
    """``work()`` for a claimed delivery, its reply stored; a failure gives the claim back."""
    started = time.monotonic()
    try:
        reply = await work()
    except BaseException:
        child(TURNS, channel_of(delivery), "failed").inc()
        await deliveries.release_delivery(delivery)
        raise
    await deliveries.finish_delivery(delivery, reply)
    child(TURN_SECONDS, channel_of(delivery)).observe(time.monotonic() - started)
    return reply


async def answer_once(deliveries: DeliveryStore, delivery: str, now: datetime.datetime,
                      work: Callable[[], Awaitable[str]]) -> str | None:
    """``work()`` for the first delivery of ``delivery``, its stored reply for the others;
    a redelivery whose first delivery's process died (or failed) does the work instead.

    None: a redelivery whose first delivery is still being worked on after 12 s, by a
    process that lives.
    """
    _bind(delivery)
    channel = channel_of(delivery)
    if await deliveries.claim_delivery(delivery, now):
        reply = await _run(deliveries, delivery, work)
        child(TURNS, channel, "answered").inc()
        return reply
    child(REDELIVERIES, channel).inc()
    found, outcome = await _wait(deliveries, delivery, work)
    child(TURNS, channel, outcome).inc()
    return found
