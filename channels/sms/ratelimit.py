"""A sliding-window limit per phone: too many messages get a clear answer, not silence."""

from __future__ import annotations

import datetime
from collections import defaultdict, deque

__all__ = ["RateLimit"]


class RateLimit:
    """At most ``limit`` events per ``window`` for each key (in this process).

    >>> t0 = datetime.datetime(2026, 12, 1, 9, 0)
    >>> limit = RateLimit(2)
    >>> [limit.allow("+32470", t0 + datetime.timedelta(seconds=s)) for s in (0, 1, 2, 61)]
    [True, True, False, True]
    """

    def __init__(self, limit: int, window: datetime.timedelta = datetime.timedelta(minutes=1)
                 ) -> None:
        self.limit, self.window = limit, window
        self._seen: defaultdict[str, deque[datetime.datetime]] = defaultdict(deque)

    def allow(self, key: str, now: datetime.datetime) -> bool:
        seen = self._seen[key]
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        return True
