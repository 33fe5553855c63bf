"""Clock times: hours and minutes as said or typed, checked for range.

``24h`` is midnight (00:00). A 12-hour time takes ``am``/``pm`` (12 am is
midnight, 12 pm noon).

>>> make_time(18), make_time(18, 30), make_time(24), make_time(25)
(datetime.time(18, 0), datetime.time(18, 30), datetime.time(0, 0), None)
>>> make_time(6, 0, 12), make_time(12, 0, 0), make_time(12, 0, 12)
(datetime.time(18, 0), datetime.time(0, 0), datetime.time(12, 0))
>>> keyed("1830"), keyed("830"), keyed("18"), keyed("1875")
(datetime.time(18, 30), datetime.time(8, 30), datetime.time(18, 0), None)
"""

from __future__ import annotations

import datetime

from core.ids import is_digits

__all__ = ["keyed", "make_time"]


def make_time(hour: int, minute: int = 0, am_pm: int | None = None) -> datetime.time | None:
    """A time of day, or None when out of range; ``am_pm`` is 0 (am) or 12 (pm)."""
    if am_pm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + am_pm
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return datetime.time(hour, minute)


def keyed(digits: str) -> datetime.time | None:
    """A time typed on a keypad: H, HH, HMM or HHMM."""
    if not is_digits(digits) or len(digits) > 4:
        return None
    if len(digits) <= 2:
        return make_time(int(digits))
    return make_time(int(digits[:-2]), int(digits[-2:]))
