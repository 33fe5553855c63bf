"""Webhook idempotency: a delivery id is claimed once, atomically, before any work.

A claim belongs to the process that made it (its owner) while that process lives.
A claim whose owner died before storing its reply is taken over at once by a
retry (:meth:`DeliveryStore.take_over_delivery`): the retry does the work, and the
work itself makes sure nothing is done twice (a filing is found by its key, see
:meth:`core.service.Declarations.submit`; a conversation replays its turn).
"""

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
    async def take_over_delivery(self, delivery: str) -> bool:
        """Claim ``delivery`` again when it has no reply and its owner is gone (its process
        died, or it gave the claim back): True for one caller only."""
        ...
    async def release_delivery(self, delivery: str) -> None:
        """Give back a claim whose work failed: a retry takes it over at once."""
        ...
