"""Waking whoever waits for new mutations: at once in this process, soon in the others.

A unit that recorded mutations rings the bell after its commit (in-process).
Other processes are heard by watching: while anyone waits, one task per store
reads the last sequence every ``every`` seconds and rings when it moved
(SQLite has nothing better; PostgreSQL also rings on ``LISTEN``, and keeps the
watch as a safety net). However many wait, a store polls once per period.

A waiter takes the bell's next ring (:meth:`Bell.armed`) *before* it looks at
the store, so a ring between its look and its wait is not lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

__all__ = ["Bell"]


class Bell:
    def __init__(self, probe: Callable[[], Awaitable[int]], every: float) -> None:
        self._probe, self._every = probe, every
        self._rung = asyncio.Event()
        self._waiting = 0
        self._last = 0
        self._watch: asyncio.Task[None] | None = None

    def ring(self) -> None:
        """Wake every waiter now."""
        rung, self._rung = self._rung, asyncio.Event()
        rung.set()

    def armed(self) -> asyncio.Event:
        """The event the next ring sets."""
        return self._rung

    async def wait(self, rung: asyncio.Event, within: float, known: int) -> None:
        """Until ``rung`` is set, at most ``within`` seconds; ``known``: the last
        sequence the waiter saw (the watch rings when the store is past it)."""
        self._waiting += 1
        if self._watch is None or self._watch.done():
            self._last = known
            self._watch = asyncio.create_task(self._watching())
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(within):
                    await rung.wait()
        finally:
            self._waiting -= 1

    async def past(self, after: int, within: float) -> bool:
        """Whether the store is past sequence ``after`` within ``within`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            rung = self._rung
            seen = await self._probe()
            if seen > after:
                return True
            left = deadline - loop.time()
            if left <= 0:
                return False
            await self.wait(rung, left, seen)

    async def _watching(self) -> None:
        while self._waiting:
            try:
                seen = await self._probe()
            except Exception:  # a store busy or closing: try again next period
                logging.getLogger(__name__).debug("feed watch failed", exc_info=True)
                seen = self._last
            if seen != self._last:
                self._last = seen
                self.ring()
            await asyncio.sleep(self._every)

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
