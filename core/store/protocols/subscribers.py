"""Institutions subscribed to the feed, their keys (hashed), and the state of their pushes.

A push (one subscriber, one :class:`~core.feed.Target`) is delivered by one
process at a time: the one holding its lease. Every write of a push's state
names the owner and succeeds only while the owner holds the lease, so a
deliverer that lost it (paused, killed, too slow) cannot move the cursor.
Lease times are seconds since the epoch, from the processes' wall clocks.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from core.feed import NewSubscriber, PushState, Subscriber, Target

__all__ = ["SubscriberStore"]


class SubscriberStore(Protocol):
    async def add_subscriber(self, new: NewSubscriber, key_hash: str,
                             at: datetime.datetime) -> Subscriber | None:
        """Register ``new`` with its pushes at the start of the feed; None if the name is
        taken."""
        ...

    async def subscriber(self, name: str) -> Subscriber | None: ...
    async def subscriber_by_key(self, key_hash: str) -> Subscriber | None: ...
    async def subscribers(self) -> list[Subscriber]: ...
    async def remove_subscriber(self, name: str) -> bool: ...
    async def pause_subscriber(self, name: str, paused: bool) -> bool: ...
    async def push_states(self, subscriber_id: int | None = None) -> list[PushState]:
        """Every push (of one subscriber), paused subscribers' too."""
        ...

    async def claim_push(self, subscriber_id: int, target: Target, owner: str,
                         now: float, until: float) -> bool:
        """Take or renew the push's lease until ``until``: True when ``owner`` holds it
        (it was free, ran out before ``now``, or was already its own) and the subscriber
        is not paused."""
        ...

    async def release_push(self, subscriber_id: int, target: Target, owner: str) -> None: ...

    async def pushed(self, subscriber_id: int, target: Target, owner: str, sequence: int,
                     at: datetime.datetime | None) -> bool:
        """Move the cursor to ``sequence`` (delivered at ``at``; None: passed over, out of
        scope) and clear the failures; False when ``owner`` no longer holds the lease."""
        ...

    async def push_failed(self, subscriber_id: int, target: Target, owner: str, error: str,
                          at: datetime.datetime, retry_at: datetime.datetime) -> int:
        """Count a failed attempt; the failures in a row (0: the lease was lost)."""
        ...
