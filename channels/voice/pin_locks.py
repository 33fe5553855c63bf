"""PIN locks of phones: wrong PINs add up across calls; too many lock the phone for a while.

Each phone's count and lock live in the store's PIN locks (a
:class:`~core.store.CallStore`): they survive restarts and are shared by every process.
"""

from __future__ import annotations

import datetime

from core.clock import Clock
from core.store import CallStore, PinLock

__all__ = ["PinLocks"]


class PinLocks:
    def __init__(self, calls: CallStore, clock: Clock, tries: int,
                 duration: datetime.timedelta) -> None:
        self.calls, self.clock, self.tries, self.duration = calls, clock, tries, duration

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    async def _write(self, phone: str, lock: PinLock) -> None:
        await self.calls.save_pin_lock(phone, lock, self.clock.now())

    async def locked(self, phone: str) -> int:
        """Minutes the phone stays locked (rounded up), 0 if it is not."""
        until = (await self.calls.pin_lock(phone)).until
        if until is None:
            return 0
        seconds = int((until - self.clock.now()).total_seconds())
        return max(0, -(-seconds // 60))

    async def failed(self, phone: str) -> bool:
        """Count one wrong PIN; True when that locks the phone (the count starts again)."""
        failures = (await self.calls.pin_lock(phone)).failures + 1
        if failures < self.tries:
            await self._write(phone, PinLock(failures))
            return False
        await self._write(phone, PinLock(0, self.clock.now() + self.duration))
        return True

    async def clear(self, phone: str) -> None:
        """The right PIN: wrong ones are forgotten."""
        await self._write(phone, PinLock())
