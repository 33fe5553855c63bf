"""What a push hands one mutation to: a webhook or a broker stream."""

from __future__ import annotations

from typing import Protocol

from core.feed import Subscriber

__all__ = ["Sender", "Undelivered"]


class Undelivered(Exception):
    """A mutation not taken: ``reason`` is what the push state shows (``HTTP 500``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Sender(Protocol):
    async def send(self, subscriber: Subscriber, sequence: int, body: bytes) -> None:
        """Hand over one mutation (its JSON ``body``) or raise :class:`Undelivered`."""
        ...
