"""Retention: what the store forgets, and when (see :mod:`server.upkeep`); readiness."""

from __future__ import annotations

import datetime
from typing import Protocol

__all__ = ["UpkeepStore"]


class UpkeepStore(Protocol):
    async def purge(self, deliveries_before: datetime.datetime,
                    conversations_before: datetime.datetime) -> int:
        """Forget deliveries (and the filings' keys, rate counts) made before the first
        time, and conversations, calls and PIN locks last touched before the second.

        Times are compared as stored (ISO text), so to within the hours between
        two UTC offsets: meant for retention counted in days. Returns the rows gone.
        """
        ...
    async def ping(self) -> None:
        """One round trip to the store; raises when it does not answer."""
        ...
