"""Stage 1 of the grammar: atoms -- dates, clock times, numbers of hours.

``18h30`` ``18:30`` ``18 Uhr 30`` ``6:30 pm`` ``6 pm`` ``18 Uhr`` -> ``TIME``;
``20 Stunden`` ``20 hours`` -> ``PLANNED``; ``18h`` ``18 uur`` -> ``HOURS``
(clock time or hours: decided later, from context; above 24 it is hours);
``15 décembre`` ``15. Dezember`` ``december 15th`` ``15/12`` ``vendredi 15``
``le 15`` ``1er`` ``vendredi prochain`` ``demain`` -> ``DATE``.
A date that cannot exist (``31/02``) keeps its text as its value.
"""

from __future__ import annotations

import datetime
import re
from typing import Final, cast

from dialogs.understand import dates, times
from dialogs.understand.rules import Findings, Rule, day_of, part, text
from dialogs.understand.tagging import Tok
from dialogs.understand.tags import Tag

__all__ = ["ATOMS"]


def _date_atom(toks: list[Tok], value: datetime.date | None) -> Tok:
    return Tok(Tag.DATE, text(toks), value if value is not None else text(toks))


def _note(ampm: list[Tok]) -> str:
    return ("pm" if ampm[0].value else "am") if ampm else ""


def _time(toks: list[Tok], hour: int, minute: int, ampm: list[Tok], note: str = ""
          ) -> list[Tok] | None:
    value = times.make_time(hour, minute, int(str(ampm[0].value)) if ampm else None)
    return [Tok(Tag.TIME, text(toks), value, _note(ampm) or note)] if value else None


def _minutes(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    hour, minute, ampm = part(toks, m, 1)[0], part(toks, m, 2)[0], part(toks, m, 3)
    if len(str(hour.value)) > 2 or len(str(minute.value)) != 2:
        return None
    return _time(toks, int(str(hour.value)), int(str(minute.value)), ampm)


def _o_clock(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    hour, ampm = part(toks, m, 1)[0], part(toks, m, 2)
    if len(str(hour.value)) > 2:
        return None
    note = "bare" if "clock" in toks[-1].text else ""  # "11 o'clock" may be 23:00
    return _time(toks, int(str(hour.value)), 0, ampm, note)


def _spoken(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    """``six thirty p m`` -> 6 30 pm."""
    hour, minute = part(toks, m, 1)[0], part(toks, m, 2)[0]
    if len(str(hour.value)) > 2 or len(str(minute.value)) != 2:
        return None
    return _time(toks, int(str(hour.value)), int(str(minute.value)), part(toks, m, 3))


def _said(toks: list[Tok], hour: int, minute: int) -> list[Tok] | None:
    """A time said in words (half, quarter): a 12-hour clock, maybe an evening one."""
    if not 0 <= hour <= 23:
        return None
    return _time(toks, hour, minute, [], "bare" if hour <= 12 else "")


def _half(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    """``half zeven``, ``halb sieben``: 6:30; ``half past six``: 6:30."""
    hour = int(str(part(toks, m, 2)[0].value))
    return _said(toks, hour if part(toks, m, 1) else hour - 1, 30) if hour <= 24 else None


def _hour_half(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    """``six heures et demie``, ``18h et demie``: 6:30, 18:30."""
    hour = int(str(part(toks, m, 1)[0].value))
    return _said(toks, hour, 30) if hour <= 23 else None


def _quarter(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    """``kwart over zes``, ``Viertel nach sechs``: 6:15; ``quarter to seven``: 6:45."""
    minutes, hour = int(str(toks[0].value)), int(str(part(toks, m, 2)[0].value))
    if part(toks, m, 1)[0].tag is Tag.PAST:
        return _said(toks, hour, minutes)
    return _said(toks, hour - 1, 60 - minutes)


def _said_ampm(toks: list[Tok], _m: re.Match[str], _: Findings) -> list[Tok] | None:
    """``quarter past eleven pm``: a time said in words, then am or pm."""
    time, ampm = toks[0].value, toks[1]
    if toks[0].note != "bare" or not isinstance(time, datetime.time):
        return None
    return _time(toks, time.hour, time.minute, [ampm])


def _three_quarters(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    """``dreiviertel sieben``: 6:45."""
    if toks[0].value != 45:
        return None
    return _said(toks, int(str(part(toks, m, 1)[0].value)) - 1, 45)


def _hour_quarter(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    """``six heures et quart``: 6:15; ``sept heures moins le quart``: 6:45."""
    hour, minutes = int(str(toks[0].value)), int(str(part(toks, m, 3)[0].value))
    if part(toks, m, 2):
        return _said(toks, hour - 1, 60 - minutes)
    return _said(toks, hour, minutes)


def _duration(toks: list[Tok], _m: re.Match[str], _: Findings) -> list[Tok] | None:
    number = str(toks[0].value)
    return [Tok(Tag.PLANNED, text(toks), int(number))] if len(number) <= 3 else None


def _hours(toks: list[Tok], _m: re.Match[str], _: Findings) -> list[Tok] | None:
    number = str(toks[0].value)
    if len(number) > 3:
        return None
    return [Tok(Tag.HOURS if int(number) <= 24 else Tag.PLANNED, text(toks), int(number))]


def _calendar_date(toks: list[Tok], day_tok: Tok, month: Tok, year: list[Tok], found: Findings
                   ) -> list[Tok] | None:
    day = day_of(day_tok)
    if day is None:
        return None
    number = int(str(month.value))
    if year and len(str(year[0].value)) == 4:
        given = int(str(year[0].value))
        return [_date_atom(toks, dates.make_date(found.today, day, number, given))]
    head = toks[:len(toks) - len(year)]
    return [_date_atom(head, dates.next_date(found.today, day, number)), *year]


def _day_month(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    return _calendar_date(toks, part(toks, m, 1)[0], part(toks, m, 2)[0], part(toks, m, 3),
                          found)


def _month_day(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    return _calendar_date(toks, part(toks, m, 2)[0], part(toks, m, 1)[0], part(toks, m, 3),
                          found)


def _numeric(toks: list[Tok], _m: re.Match[str], found: Findings) -> list[Tok] | None:
    day, month, year = cast("tuple[int, int, int | None]", toks[-1].value)
    return [_date_atom(toks, dates.make_date(found.today, day, month, year))]


def _day_only(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    day = day_of(part(toks, m, 1)[0] if m.start(1) >= 0 else part(toks, m, 2)[0])
    if not day:
        return None
    value = dates.next_day(found.today, day)
    if value is not None:
        found.floating[value] = ("day", day)
    return [_date_atom(toks, value)]


def _weekday(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    strictly = any(t.tag is Tag.NEXT for t in toks)
    number = int(str(part(toks, m, 1)[0].value))
    value = dates.weekday(found.today, number, strictly_after=strictly)
    found.floating[value] = ("weekday", number)
    return [_date_atom(toks, value)]


def _relative(toks: list[Tok], _m: re.Match[str], found: Findings) -> list[Tok] | None:
    return [_date_atom(toks, found.today + datetime.timedelta(days=int(str(toks[0].value))))]


def _tonight(toks: list[Tok], _m: re.Match[str], found: Findings) -> list[Tok] | None:
    found.part_of_day = 12
    return [_date_atom(toks, found.today)]


def _named(toks: list[Tok], _m: re.Match[str], _: Findings) -> list[Tok] | None:
    return [Tok(Tag.TIME, toks[0].text, toks[0].value)]


ATOMS: Final[tuple[Rule, ...]] = (
    (r"{HALF}({PAST})?({NUMBER})", _half),
    (r"{QUARTER}([{PAST}{TO}{RANGE}])({NUMBER})", _quarter),
    (r"{QUARTER}({NUMBER})", _three_quarters),
    (r"({NUMBER})[{HOUR_WORD}{CLOCK_WORD}]{HALF}", _hour_half),
    (r"{NUMBER}[{HOUR_WORD}{CLOCK_WORD}](({TO}){ARTICLE}*)?({QUARTER})", _hour_quarter),
    (r"{TIME}{AM_PM}", _said_ampm),
    (r"({NUMBER})({NUMBER})({AM_PM})", _spoken),
    # 18:30, 18h30, 18 Uhr 30, 6:30 pm -- not "18h 23h", not "15.12" before a month
    (r"({NUMBER})(?:[{COLON}{CLOCK_WORD}]|{HOUR_WORD}(?={NUMBER}(?!{HOUR_WORD})))({NUMBER})"
     r"(?!{STOP}?{MONTH})(?:({AM_PM})|[{HOUR_WORD}{CLOCK_WORD}])?", _minutes),
    (r"({NUMBER})({AM_PM})", _o_clock),
    (r"({NUMBER}){CLOCK_WORD}", _o_clock),
    (r"{NUMBER}{DURATION_WORD}", _duration),
    (r"{NUMBER}{HOUR_WORD}", _hours),
    (r"{NAMED_TIME}", _named),
    (r"{WEEKDAY}?{ARTICLE}*([{NUMBER}{ORDINAL}]){STOP}?({MONTH}){STOP}?({NUMBER})?", _day_month),
    (r"{WEEKDAY}?{ARTICLE}*({MONTH})([{NUMBER}{ORDINAL}]){STOP}?({NUMBER})?", _month_day),
    (r"{WEEKDAY}?{NUMERIC_DATE}", _numeric),
    # "vendredi 4", "le 15" -- not "Samstag 18-23 Uhr"
    (r"(?:{WEEKDAY}{ARTICLE}*|{ARTICLE}+)([{NUMBER}{ORDINAL}])(?!{RANGE}[{NUMBER}{TIME}{HOURS}])"
     r"{STOP}?|{WEEKDAY}?({ORDINAL}){STOP}?", _day_only),
    (r"{ARTICLE}*{NEXT}?({WEEKDAY}){NEXT}?", _weekday),
    (r"{RELATIVE_DAY}", _relative),
    (r"{TONIGHT}", _tonight),
)
