"""Upkeep of the store: what is kept, and for how long.

A delivery id only matters while a gateway may still retry it (minutes);
an idle conversation expires after 30 minutes and restarts (its language
comes back from the enrolled phone). Both are kept far longer than that,
then forgotten, so the tables do not grow with every message ever received.

>>> import datetime
>>> DELIVERIES_KEPT < CONVERSATIONS_KEPT
True
"""

from __future__ import annotations

import datetime
from typing import Final

from core.store import Store

__all__ = ["CONVERSATIONS_KEPT", "DELIVERIES_KEPT", "purge_old"]

DELIVERIES_KEPT: Final = datetime.timedelta(days=2)
CONVERSATIONS_KEPT: Final = datetime.timedelta(days=7)


async def purge_old(store: Store, now: datetime.datetime) -> int:
    """Forget deliveries and conversations past their keeping time; returns the rows gone."""
    return await store.purge(now - DELIVERIES_KEPT, now - CONVERSATIONS_KEPT)
