"""Stages 2 to 4 of the grammar, after the atoms (:mod:`~dialogs.understand.atoms`).

2. field labels and names with their value (``niss: 85...``, ``pc 302``,
   ``date 16/12``, ``heure de fin 23h``);
3. ranges: ``du 15/12 22h au 16/12 6h``, ``du 1 au 20/12``, ``18h-23h``,
   ``von 18 bis 23 Uhr``, ``entre 18h et 23h``;
4. start and end labels (``début: 15/12 18h``, ``fin 20/12``, ``vanaf 18u``,
   ``bis 20.12.``).

A label's value is taken for the labelled field even when its length fits
another one (``niss 0403199702``): the caller said so, and the core will say
what is wrong. A field *name* followed by its value and nothing else
(``date 16/12``, ``heure de fin 23h``) is a correction of that field, unless
the dialog asked for that very field. Fields named are noted in
``Findings.named``: with a correct or update verb they are what the caller wants
to change (see :mod:`~dialogs.understand.parse`).

What is left is read in :mod:`~dialogs.understand.parse`.
"""

from __future__ import annotations

import datetime
import re
from typing import Final, cast

from core.anomalies import Field
from dialogs.understand import dates, numerals
from dialogs.understand.atoms import ATOMS
from dialogs.understand.phrases import PHRASES
from dialogs.understand.result import Command
from dialogs.understand.rules import (
    Findings,
    Handler,
    Rule,
    bare,
    clock,
    day_of,
    part,
    rewrite,
    text,
)
from dialogs.understand.tagging import Tok
from dialogs.understand.tags import Tag, pattern

__all__ = ["Findings", "apply"]

_DATES: Final = (Field.START_DATE, Field.END_DATE)
_HOURS: Final = (Field.START_HOUR, Field.END_HOUR)


# -- 2. labels ----------------------------------------------------------------------------


def _label_value(fld: Field, value: list[Tok]) -> tuple[object, list[Tok]] | None:
    """The value a label's field takes from the tokens after it, and what is left."""
    first = value[0]
    if fld in _DATES and first.tag is Tag.DATE:
        return first.value, []
    if fld in _HOURS and first.tag in (Tag.TIME, Tag.HOURS):
        return clock(first), []
    if fld is Field.PLANNED_HOURS and first.tag in (Tag.PLANNED, Tag.HOURS, Tag.NUMBER):
        return (int(str(first.value)), []) if len(str(first.value)) <= 3 else None
    if fld in (Field.COMMITTEE, Field.USER_COMMITTEE) and first.tag in (Tag.NUMBER,
                                                                        Tag.COMMITTEE):
        return first.value, value[1:]
    if fld is Field.WORKER_TYPE and first.tag is Tag.WORKER_TYPE:
        return first.value, []
    if fld is Field.SUB_ENTITY and first.tag is Tag.NUMBER:
        return first.value, value[1:]
    if (fld in numerals.ID_FIELDS or fld is Field.USER_ENTERPRISE) and first.tag is Tag.NUMBER:
        head, *tail = numerals.segment([str(t.value) for t in value])
        number = numerals.employer(head) if fld is Field.EMPLOYER else (
            numerals.employer(head)[1] if fld is Field.USER_ENTERPRISE else head)
        return number, [Tok(Tag.NUMBER, n, n) for n in tail]  # the label wins over the length
    return None


#: Asked for the agency's user company, its labels are the user's, not the employer's.
_USER_FIELDS: Final = {Field.COMMITTEE: Field.USER_COMMITTEE, Field.EMPLOYER: Field.USER_ENTERPRISE}


def _label(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    fld, is_name = cast("tuple[Field, bool]", toks[0].value)
    if found.expecting in (Field.USER_COMMITTEE, Field.USER_ENTERPRISE) and fld in _USER_FIELDS:
        fld = _USER_FIELDS[fld]
    taken = _label_value(fld, part(toks, m, 1))
    if taken is None or taken[0] is None or not found.put(fld, taken[0], explicit=True):
        return None
    found.named.append(fld)
    alone = m.start() == 0 and m.end() == len(m.string)
    if is_name and alone and found.expecting is not fld:
        found.command, found.target = Command.CORRECT, fld
    return [Tok(Tag.SPENT, text(toks[:len(toks) - len(taken[1])])), *taken[1]]


# -- 3. ranges, 4. start and end labels -------------------------------------------------

def _ranged(toks: list[Tok]) -> bool:
    """``et``/``en``/``und``/``and`` joins a range only after a from word."""
    return toks[0].tag is Tag.FROM or all(t.tag is not Tag.AND for t in toks)


def _put_pair(found: Findings, fields: tuple[Field, Field], start: object, end: object) -> None:
    found.put(fields[0], start, explicit=True)
    found.put(fields[1], end, explicit=True)


def _date_time_range(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    start, start_hour, end, end_hour = (part(toks, m, g)[0] for g in (1, 2, 3, 4))
    hours = clock(start_hour), clock(end_hour)
    if not _ranged(toks) or None in hours:
        return None
    _put_pair(found, _DATES, start.value, end.value)
    _put_pair(found, _HOURS, *hours)
    return [Tok(Tag.SPENT, text(toks))]


def _date_range(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    first, end = part(toks, m, 1)[0], part(toks, m, 2)[0]
    start = first.value
    if first.tag is not Tag.DATE:
        day = day_of(first)
        if day is None or not isinstance(end.value, datetime.date):
            return None
        start = dates.last_day(end.value, day) or first.text
    if not _ranged(toks):
        return None
    _put_pair(found, _DATES, start, end.value)
    return [Tok(Tag.SPENT, text(toks))]


def _time_range(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    start, end = part(toks, m, 1)[0], part(toks, m, 2)[0]
    first, last = clock(start), clock(end)
    both_numbers = start.tag is end.tag is Tag.NUMBER
    if not _ranged(toks) or first is None or last is None or (
            both_numbers and not (found.expecting in _HOURS or _dated(m)
                                  or found.part_of_day is not None)):
        return None
    _put_pair(found, _HOURS, *_afternoon(start, first, end, last))
    return [Tok(Tag.SPENT, text(toks))]


def _dated(m: re.Match[str]) -> bool:
    """``11-15`` is a time range in a sentence that has its date already."""
    return Tag.DATE in m.string


def _afternoon(start: Tok, first: datetime.time, end: Tok, last: datetime.time
               ) -> tuple[datetime.time, datetime.time]:
    """``6-11pm``: 18-23; ``6pm till 11``: 18-23 (the afternoon carries over)."""
    if end.note == "pm" and bare(start) and first.hour + 12 < last.hour:
        first = datetime.time(first.hour + 12, first.minute)
    if (start.note == "pm" or first.hour >= 12) and bare(end) and last < first \
            and datetime.time(last.hour + 12, last.minute) > first:
        last = datetime.time(last.hour + 12, last.minute)
    return first, last


#: Until words after which a bare number is a day of the month, not an hour.
_DAY_UNTIL: Final = frozenset({"au", "jusqu au", "tot en met", "t/m", "bis zum", "through"})


def _side(fields: tuple[Field, Field]) -> Handler:
    def handler(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
        day, hour = part(toks, m, 1), part(toks, m, 2)
        if hour and hour[0].tag is Tag.NUMBER and (
                day or toks[0].text in _DAY_UNTIL or int(str(hour[0].value)) > 24
                or Tag.DATE in m.string):
            return None  # "jusqu'au 15", "bis zum 20": a day; "till 11": an hour
        if not (day or hour):
            return None
        if day:
            found.put(fields[0], day[0].value, explicit=True)
        if hour and (time := clock(hour[0])):
            found.put(fields[1], time, explicit=True)
            if bare(hour[0]):
                found.twelve.add(fields[1])
        return [Tok(Tag.SPENT, text(toks))]
    return handler


_LATER: Final[tuple[Rule, ...]] = (
    (r"{LABEL}[{COLON}{RANGE}{UNTIL}{AT}]?{ARTICLE}*"
     r"({NUMBER}+|[{DATE}{TIME}{HOURS}{PLANNED}{COMMITTEE}{WORKER_TYPE}])", _label),
    (r"{FROM}?({DATE}){AT}?([{TIME}{HOURS}])[{RANGE}{UNTIL}{AND}{AT}]({DATE}){AT}?([{TIME}{HOURS}])",
     _date_time_range),
    (r"{FROM}?([{DATE}{NUMBER}{ORDINAL}]){STOP}?[{RANGE}{UNTIL}{AND}]({DATE})", _date_range),
    (r"{FROM}?([{TIME}{HOURS}{NUMBER}])[{RANGE}{UNTIL}{AND}{AT}]([{TIME}{HOURS}{NUMBER}])",
     _time_range),
    (r"[{START}{FROM}]{COLON}?{ARTICLE}*({DATE})?{AT}?{ARTICLE}*([{TIME}{HOURS}])?",
     _side((Field.START_DATE, Field.START_HOUR))),
    (r"[{END}{UNTIL}]{COLON}?{ARTICLE}*({DATE})?{AT}?{ARTICLE}*([{TIME}{HOURS}{NUMBER}])?"
     r"(?!{STOP}?[{MONTH}{NUMBER}])", _side((Field.END_DATE, Field.END_HOUR))),
)
_RULES: Final = tuple((pattern(p), h) for p, h in (*ATOMS, *PHRASES, *_LATER))


def apply(toks: list[Tok], found: Findings) -> list[Tok]:
    """Run every rule in order; values go into ``found``, the rest is returned."""
    for compiled, handler in _RULES:
        toks = rewrite(toks, compiled, handler, found)
    return toks
