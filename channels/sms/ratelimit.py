"""A sliding-window limit per phone: too many messages get a clear answer, not silence.

The count lives in the store (:class:`~core.store.RateStore`): every process sharing
it counts against the one limit, and a restart forgets nothing.
"""

from __future__ import annotations

import datetime

from core.store import RateStore

__all__ = ["RateLimit"]


class RateLimit:
    """At most ``limit`` events per ``window`` for each key, in every process."""

    def __init__(self, rates: RateStore, limit: int,
                 window: datetime.timedelta = datetime.timedelta(minutes=1)) -> None:
        self.rates, self.limit, self.window = rates, limit, window

    async def allow(self, key: str, now: datetime.datetime) -> bool:
        return await self.rates.hit(f"sms:{key}", now, self.window, self.limit)
