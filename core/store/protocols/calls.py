"""Phone calls: the state of each call between two steps, and the PIN locks of phones.

A PIN attempt is claimed before it is evaluated (:meth:`CallStore.claim_pin_attempt`,
one atomic step in the store: every call of every process counts against the same
phone), so at most ``tries`` wrong PINs are evaluated per lock window whatever the
concurrency, and none while the phone is locked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from core.store.protocols.conversations import HoldStore

__all__ = ["CallStore", "PinClaim", "PinLock", "claim_pin"]


@dataclass(frozen=True, slots=True)
class PinLock:
    """PIN attempts counted for a phone, and until when it is locked (None: it is not)."""

    failures: int = 0
    until: datetime.datetime | None = None


@dataclass(frozen=True, slots=True)
class PinClaim:
    """Whether one PIN attempt may be evaluated, and until when the phone is locked."""

    granted: bool
    until: datetime.datetime | None = None


def claim_pin(lock: PinLock, now: datetime.datetime, tries: int,
              window: datetime.timedelta) -> tuple[PinLock, PinClaim]:
    """One more PIN attempt for a phone: the lock as it becomes, and the claim.

    The attempt counts before it is evaluated (a crash counts against the guesser);
    the right PIN then clears the count (:meth:`CallStore.save_pin_lock`). The
    attempt that reaches ``tries`` locks the phone for ``window``, and is still
    evaluated; while locked, nothing is.

    >>> t0, window = datetime.datetime(2026, 12, 1, 9, 30), datetime.timedelta(minutes=30)
    >>> lock, claim = claim_pin(PinLock(3), t0, 5, window)
    >>> lock, claim.granted
    (PinLock(failures=4, until=None), True)
    >>> lock, claim = claim_pin(lock, t0, 5, window)
    >>> lock.failures, claim.granted, claim.until == t0 + window
    (5, True, True)
    >>> claim_pin(lock, t0, 5, window)[1].granted  # locked: not even evaluated
    False
    >>> claim_pin(lock, t0 + window, 5, window)  # the lock ran out: a new window
    (PinLock(failures=1, until=None), PinClaim(granted=True, until=None))
    """
    if lock.until is not None and lock.until > now:
        return lock, PinClaim(False, lock.until)
    failures = (0 if lock.until is not None else lock.failures) + 1
    until = now + window if failures >= tries else None
    return PinLock(failures, until), PinClaim(True, until)


class CallStore(HoldStore, Protocol):
    """Call records (JSON text) by call id; holds on ``call:<id>`` keep steps in order."""

    async def load_call(self, call: str) -> str | None: ...
    async def save_call(self, call: str, data: str, updated_at: datetime.datetime) -> None: ...
    async def pin_lock(self, phone: str) -> PinLock: ...
    async def save_pin_lock(self, phone: str, lock: PinLock, updated_at: datetime.datetime
                            ) -> None: ...
    async def claim_pin_attempt(self, phone: str, now: datetime.datetime, tries: int,
                                window: datetime.timedelta) -> PinClaim:
        """:func:`claim_pin` on the phone's lock, read and written in one atomic step."""
        ...
