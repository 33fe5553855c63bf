"""Belgian working days, for the deadlines counted in them.

A working day (jour ouvrable, werkdag) is taken here as Monday to Friday
except the Belgian public holidays: the ten legal holidays, from the
``holidays`` package (Easter Monday, Ascension and Whit Monday move every
year). The Dimona texts do not define the word; see docs/rules.md.

>>> first_working_day_after(datetime.date(2026, 12, 4))   # a Friday
datetime.date(2026, 12, 7)
>>> first_working_day_after(datetime.date(2026, 12, 24))  # Christmas is a Friday
datetime.date(2026, 12, 28)
>>> first_working_day_after(datetime.date(2026, 4, 3))    # Easter Monday 2026-04-06
datetime.date(2026, 4, 7)
"""

from __future__ import annotations

import datetime
import functools

import holidays

__all__ = ["first_working_day_after", "is_working_day"]

_DAY = datetime.timedelta(days=1)


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[datetime.date]:
    # Easter and Whit Sundays are listed too: Sundays anyway.
    return frozenset(holidays.country_holidays("BE", years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a Belgian public holiday.

    >>> is_working_day(datetime.date(2026, 7, 21)), is_working_day(datetime.date(2026, 7, 22))
    (False, True)
    """
    return day.weekday() < 5 and day not in _holidays(day.year)


def first_working_day_after(day: datetime.date) -> datetime.date:
    """The first working day strictly after ``day``."""
    nxt = day + _DAY
    while not is_working_day(nxt):
        nxt += _DAY
    return nxt
