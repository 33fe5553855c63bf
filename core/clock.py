"""The injected clock: no rule reads the wall clock itself."""

from __future__ import annotations

import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

__all__ = ["BRUSSELS", "Clock", "FixedClock", "SystemClock"]

#: Dimona deadlines are days in Belgium.
BRUSSELS = ZoneInfo("Europe/Brussels")


class Clock(Protocol):
    def now(self) -> datetime.datetime:
        """The current time, aware, in Europe/Brussels."""
        ...


class SystemClock:
    def now(self) -> datetime.datetime:
        return datetime.datetime.now(BRUSSELS)


class FixedClock:
    """A clock that only moves when told to (tests, demos, replays).

    >>> clock = FixedClock(datetime.datetime(2026, 12, 1, 9, 30))
    >>> clock.now().isoformat()
    '2026-12-01T09:30:00+01:00'
    >>> clock.advance(minutes=45).now().time()
    datetime.time(10, 15)
    """

    def __init__(self, at: datetime.datetime) -> None:
        self._now = at if at.tzinfo else at.replace(tzinfo=BRUSSELS)

    def now(self) -> datetime.datetime:
        return self._now

    def set(self, at: datetime.datetime) -> FixedClock:
        self._now = at if at.tzinfo else at.replace(tzinfo=BRUSSELS)
        return self

    def advance(self, **delta: float) -> FixedClock:
        self._now += datetime.timedelta(**delta)
        return self
