"""Webhook idempotency: a delivery id is claimed once, atomically, before any work."""

from __future__ import annotations

import datetime
from typing import Protocol

__all__ = ["DeliveryStore"]


class DeliveryStore(Protocol):
    async def claim_delivery(self, delivery: str, now: datetime.datetime) -> bool:
        """True for the first claim of ``delivery`` in every process; False ever after."""
        ...
    async def finish_delivery(self, delivery: str, reply: str) -> None: ...
    async def delivery_reply(self, delivery: str) -> str | None:
        """The reply stored for a claimed delivery; None while it is being worked on."""
        ...
