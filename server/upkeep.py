"""Upkeep: what the store keeps and for how long, and the service's background work.

A delivery id only matters while a gateway may still retry it (minutes);
an idle conversation expires after 30 minutes and restarts (its language
comes back from the enrolled phone). Both are kept far longer than that,
then forgotten, so the tables do not grow with every message ever received;
calls and PIN locks are kept as long as conversations.

>>> DELIVERIES_KEPT < CONVERSATIONS_KEPT
True
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, Final

from aiohttp import web

from core.store import UpkeepStore

__all__ = ["CONVERSATIONS_KEPT", "DELIVERIES_KEPT", "background", "purge_old", "running"]

DELIVERIES_KEPT: Final = datetime.timedelta(days=2)
CONVERSATIONS_KEPT: Final = datetime.timedelta(days=7)
_PURGE_EVERY: Final = 3600.0  # seconds between two purges, the first one at start


async def purge_old(store: UpkeepStore, now: datetime.datetime) -> int:
    """Forget deliveries and conversations past their keeping time; returns the rows gone."""
    return await store.purge(now - DELIVERIES_KEPT, now - CONVERSATIONS_KEPT)


Work = Callable[[], Awaitable[object]]


def background(notify: Work, purge: Work, every: float = 30.0
               ) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context running ``notify`` every ``every`` seconds (30 by default:
    ``--upkeep-seconds``) and ``purge`` every hour.

    A failure is logged and the next round runs anyway
    (a gateway down must not stop the service).
    """
    purge_rounds = max(1, round(_PURGE_EVERY / every))

    async def loop() -> None:
        rounds = 0
        while True:
            await asyncio.sleep(every)
            try:
                await notify()
                rounds += 1
                if rounds % purge_rounds == 1 or purge_rounds == 1:
                    await purge()
            except Exception:
                logging.getLogger(__name__).exception("background work failed")

    return running(loop)


def running(work: Callable[[], Coroutine[Any, Any, None]]
            ) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context running ``work`` (a loop of its own) for the app's life."""

    async def context(_: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(work())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return context
