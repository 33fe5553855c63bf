"""Redeliveries: a webhook request seen before gets the very reply of the first one.

Every channel claims a delivery key (Twilio ``MessageSid``, Kannel ``%I``, a
call step) in the store before any work, and stores its reply when done; a
redelivery arriving meanwhile waits here for that reply.
"""

from __future__ import annotations

import asyncio
from typing import Final

from core.store import Store

__all__ = ["first_reply"]

_WAIT: Final = 12.0  # seconds; gateways give up after about 15
_POLL: Final = 0.05


async def first_reply(store: Store, key: str) -> str | None:
    """The reply stored for ``key``, waited for up to 12 s; None if it never came."""
    for _ in range(int(_WAIT / _POLL)):
        reply = await store.delivery_reply(key)
        if reply is not None:
            return reply
        await asyncio.sleep(_POLL)
    return None
