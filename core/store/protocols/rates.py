"""Rate limits counted in the store: every process sharing it counts against one limit,
and the count survives restarts."""

from __future__ import annotations

import datetime
from typing import Protocol

__all__ = ["RateStore"]


class RateStore(Protocol):
    async def hit(self, key: str, now: datetime.datetime, window: datetime.timedelta,
                  limit: int) -> bool:
        """Count one event of ``key`` at ``now`` unless ``limit`` events were counted in the
        ``window`` before it: True when counted (allowed), atomically in every process."""
        ...
