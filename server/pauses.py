"""Testing only: stop a turn for good at a chosen point, so a test can kill the process
there (``kill -9``) and prove what its retry does.

``--pause-at POINT`` (``DIMONA_PAUSE_AT``; honoured on loopback only) wraps the store's
methods in place: the first time this process reaches the point, it logs
``paused`` (with the point) and waits forever, holding what it holds (the delivery's
claim, the conversation's hold, a transaction it has not committed).

* ``claimed``: a delivery just claimed, nothing done yet;
* ``filed``: a declaration just committed under its delivery's key (the reply not
  composed, the conversation not saved);
* ``saved``: a conversation record just saved by a delivery's turn (the reply not
  stored);
* ``answered``: the reply composed, not stored yet.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Literal

from pydantic import BaseModel, Field

from core.store import Store

__all__ = ["PauseSettings", "pause_at"]

Point = Literal["claimed", "filed", "saved", "answered"]
_log = logging.getLogger("dimona_talk.pause")


class PauseSettings(BaseModel):
    pause_at: Point | None = Field(
        None, description="testing only (loopback): stop a turn for good at this point "
                          "(claimed, filed, saved, answered) so a test can kill the process")


class _Pause:
    def __init__(self, point: Point) -> None:
        self.point, self.done = point, False

    async def __call__(self, point: Point) -> None:
        if point != self.point or self.done:
            return
        self.done = True
        _log.warning("paused", extra={"fields": {"point": point}})
        await asyncio.Event().wait()


def _after(method: Callable[..., Awaitable[Any]], when: Callable[..., bool],
           pause: Callable[[], Awaitable[None]]) -> Callable[..., Awaitable[Any]]:
    async def wrapped(*args: Any) -> Any:
        result = await method(*args)
        if when(result, *args):
            await pause()
        return result

    return wrapped


def pause_at(store: Store, point: Point) -> None:
    """Make ``store`` stop the first turn that reaches ``point``, for good."""
    pause = _Pause(point)
    wrapped: dict[str, object] = {}
    if point == "claimed":
        wrapped["claim_delivery"] = _after(store.claim_delivery, lambda ok, *_: ok,
                                           lambda: pause("claimed"))
    elif point == "saved":
        wrapped["save_conversation"] = _after(
            store.save_conversation, lambda _, key, data, *__: '"delivery":null' not in data,
            lambda: pause("saved"))
    elif point == "answered":
        finish = store.finish_delivery

        async def finishing(delivery: str, reply: str) -> None:
            await pause("answered")
            await finish(delivery, reply)

        wrapped["finish_delivery"] = finishing
    else:
        unit = store.unit

        @asynccontextmanager
        async def filing(lock: str | None = None) -> AsyncIterator[Any]:
            kept: list[str] = []
            async with unit(lock) as opened:
                keep = opened.keep_key

                async def keep_key(key: str, *args: Any) -> None:
                    kept.append(key)
                    await keep(key, *args)

                opened.keep_key = keep_key  # type: ignore[method-assign,assignment]
                yield opened
            if kept:
                await pause("filed")

        wrapped["unit"] = filing
    for name, method in wrapped.items():
        setattr(store, name, method)
