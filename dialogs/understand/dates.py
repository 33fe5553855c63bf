"""Calendar arithmetic for the date grammar: no parsing of words here.

Rules (``today`` always comes from the caller, never from the clock):

- a day and month without a year is the next such date on or after today
  (in December, ``15/01`` is next January; ``29/02`` waits for a leap year),
  unless that day passed less than a quarter ago: on 1 December, ``25/11`` is
  last week (a late IN, an OUT after the fact), not next November;
- a day alone (``le 15``) is the next 15th on or after today;
- a weekday is the next such day, today included (on a Tuesday, "mardi" is
  today); after a "next" word (``mardi prochain``) it is strictly after today;
- a two-digit year is 20xx;
- an impossible date (``31/02``) gives ``None``: the caller keeps the raw text.

>>> today = datetime.date(2026, 12, 1)  # a Tuesday
>>> next_date(today, 15, 12), next_date(today, 15, 1), next_date(today, 31, 2)
(datetime.date(2026, 12, 15), datetime.date(2027, 1, 15), None)
>>> next_date(today, 25, 11), next_date(today, 2, 9), next_date(today, 1, 9)
(datetime.date(2026, 11, 25), datetime.date(2026, 9, 2), datetime.date(2027, 9, 1))
>>> make_date(today, 15, 12, 26), next_day(today, 1), next_day(today, 31)
(datetime.date(2026, 12, 15), datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
>>> last_day(datetime.date(2027, 1, 5), 25), last_day(datetime.date(2026, 12, 20), 1)
(datetime.date(2026, 12, 25), datetime.date(2026, 12, 1))
>>> weekday(today, 1), weekday(today, 1, strictly_after=True), weekday(today, 4)
(datetime.date(2026, 12, 1), datetime.date(2026, 12, 8), datetime.date(2026, 12, 4))
>>> numeric("15.12."), numeric("15/12/2026"), numeric("2026-12-15"), numeric("0403.199.702")
((15, 12, None), (15, 12, 2026), (15, 12, 2026), None)
>>> keyed(today, "15122026"), keyed(today, "1512"), keyed(today, "3102")
(datetime.date(2026, 12, 15), datetime.date(2026, 12, 15), None)
"""

from __future__ import annotations

import datetime
import re
from typing import Final

__all__ = ["keyed", "last_day", "make_date", "next_date", "next_day", "numeric", "weekday"]

_DMY: Final = re.compile(r"(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?", re.ASCII)
_YMD: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_LEAP_CYCLE: Final = 8  # years to look ahead for a 29 February
_RECENT: Final = datetime.timedelta(days=91)  # a day and month this recent is in the past


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def make_date(today: datetime.date, day: int, month: int,
              year: int | None = None) -> datetime.date | None:
    """The date for a day and month, with an optional (two- or four-digit) year."""
    if year is None:
        return next_date(today, day, month)
    return _date(2000 + year if year < 100 else year, month, day)


def next_date(today: datetime.date, day: int, month: int) -> datetime.date | None:
    """The next ``day``/``month`` on or after today, or a recent one (less than a quarter ago)."""
    for year in (today.year - 1, today.year):
        found = _date(year, month, day)
        if found and today - _RECENT < found < today:
            return found
    for year in range(today.year, today.year + _LEAP_CYCLE + 1):
        found = _date(year, month, day)
        if found and found >= today:
            return found
    return None


def next_day(today: datetime.date, day: int) -> datetime.date | None:
    """The next day ``day`` of a month, on or after today."""
    year, month = today.year, today.month
    for _ in range(13):
        found = _date(year, month, day)
        if found and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def last_day(end: datetime.date, day: int) -> datetime.date | None:
    """The last day ``day`` of a month on or before ``end`` (``du 25 au 5/1``)."""
    year, month = end.year, end.month
    for _ in range(13):
        found = _date(year, month, day)
        if found and found <= end:
            return found
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return None


def weekday(today: datetime.date, number: int, *, strictly_after: bool = False
            ) -> datetime.date:
    """The next weekday ``number`` (0 = Monday), today included unless told otherwise."""
    ahead = (number - today.weekday()) % 7
    return today + datetime.timedelta(days=ahead or (7 if strictly_after else 0))


def numeric(text: str) -> tuple[int, int, int | None] | None:
    """Day, month and year of a date written with digits, if it has that shape."""
    if match := _YMD.fullmatch(text):
        return int(match[3]), int(match[2]), int(match[1])
    match = _DMY.fullmatch(text)
    if not match:
        return None
    day, month = int(match[1]), int(match[3])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return day, month, int(match[4]) if match[4] else None


def keyed(today: datetime.date, digits: str) -> datetime.date | None:
    """A date typed on a keypad: DD, DDMM, DDMMYY or DDMMYYYY."""
    if len(digits) <= 2:
        return next_day(today, int(digits))
    if len(digits) not in (4, 6, 8):
        return None
    year = int(digits[4:]) if len(digits) > 4 else None
    return make_date(today, int(digits[:2]), int(digits[2:4]), year)
