"""Phone calls: the state of each call between two steps, and the PIN locks of phones."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from core.store.protocols.conversations import HoldStore

__all__ = ["CallStore", "PinLock"]


@dataclass(frozen=True, slots=True)
class PinLock:
    """Wrong PINs counted for a phone, and until when it is locked (None: it is not)."""

    failures: int = 0
    until: datetime.datetime | None = None


class CallStore(HoldStore, Protocol):
    """Call records (JSON text) by call id; holds on ``call:<id>`` keep steps in order."""

    async def load_call(self, call: str) -> str | None: ...
    async def save_call(self, call: str, data: str, updated_at: datetime.datetime) -> None: ...
    async def pin_lock(self, phone: str) -> PinLock: ...
    async def save_pin_lock(self, phone: str, lock: PinLock, updated_at: datetime.datetime
                            ) -> None: ...
