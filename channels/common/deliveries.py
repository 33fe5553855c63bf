"""Redeliveries: a webhook request seen before gets the very reply of the first one.

Every channel claims a delivery id (Twilio ``MessageSid``, Kannel ``%I``, a call
step) in the store before any work, and stores its reply when done; a
redelivery arriving meanwhile waits here for that reply.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Awaitable, Callable
from typing import Final

from core.store import DeliveryStore

__all__ = ["answer_once", "first_reply"]

_WAIT: Final = 12.0  # seconds; gateways give up after about 15
_POLL: Final = 0.05


async def first_reply(deliveries: DeliveryStore, delivery: str) -> str | None:
    """The reply stored for ``delivery``, waited for up to 12 s; None if it never came."""
    for _ in range(int(_WAIT / _POLL)):
        reply = await deliveries.delivery_reply(delivery)
        if reply is not None:
            return reply
        await asyncio.sleep(_POLL)
    return None


async def answer_once(deliveries: DeliveryStore, delivery: str, now: datetime.datetime,
                      work: Callable[[], Awaitable[str]]) -> str | None:
    """``work()`` for the first delivery of ``delivery``, its stored reply for the others.

    None: a redelivery whose first delivery never finished (within 12 s).
    """
    if not await deliveries.claim_delivery(delivery, now):
        return await first_reply(deliveries, delivery)
    reply = await work()
    await deliveries.finish_delivery(delivery, reply)
    return reply
