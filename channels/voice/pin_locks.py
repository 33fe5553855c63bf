"""PIN locks of phones: wrong PINs add up across calls; too many lock the phone for a while.

The store has no table for them, so each lock is a small JSON record in its
conversation table, under ``pinlock:<phone>``, written with
``save_conversation``: it survives restarts and is shared by every process.
"""

from __future__ import annotations

import datetime
import json

from core.clock import Clock
from core.store import Store

__all__ = ["PinLocks"]


class PinLocks:
    def __init__(self, store: Store, clock: Clock, tries: int,
                 duration: datetime.timedelta) -> None:
        self.store, self.clock, self.tries, self.duration = store, clock, tries, duration

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    async def _read(self, phone: str) -> tuple[int, datetime.datetime | None]:
        raw = await self.store.load_conversation(f"pinlock:{phone}")
        data = json.loads(raw) if raw else {}
        until = data.get("until")
        return int(data.get("failures") or 0), (
            datetime.datetime.fromisoformat(until) if until else None)

    async def _write(self, phone: str, failures: int, until: datetime.datetime | None) -> None:
        data = {"failures": failures, "until": until.isoformat() if until else None}
        await self.store.save_conversation(f"pinlock:{phone}", json.dumps(data),
                                           self.clock.now())

    async def locked(self, phone: str) -> int:
        """Minutes the phone stays locked (rounded up), 0 if it is not."""
        _, until = await self._read(phone)
        if until is None:
            return 0
        seconds = int((until - self.clock.now()).total_seconds())
        return max(0, -(-seconds // 60))

    async def failed(self, phone: str) -> bool:
        """Count one wrong PIN; True when that locks the phone (the count starts again)."""
        failures, _ = await self._read(phone)
        failures += 1
        if failures < self.tries:
            await self._write(phone, failures, None)
            return False
        await self._write(phone, 0, self.clock.now() + self.duration)
        return True

    async def clear(self, phone: str) -> None:
        """The right PIN: wrong ones are forgotten."""
        await self._write(phone, 0, None)
