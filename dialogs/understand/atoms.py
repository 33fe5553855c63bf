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


def _minutes(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    hour, minute, ampm = part(toks, m, 1)[0], part(toks, m, 2)[0], part(toks, m, 3)
    if len(str(hour.value)) > 2 or len(str(minute.value)) != 2:
        return None
    value = times.make_time(int(str(hour.value)), int(str(minute.value)),
                            int(str(ampm[0].value)) if ampm else None)
    return [Tok(Tag.TIME, text(toks), value)] if value else None


def _o_clock(toks: list[Tok], m: re.Match[str], _: Findings) -> list[Tok] | None:
    hour, ampm = part(toks, m, 1)[0], part(toks, m, 2)
    if len(str(hour.value)) > 2:
        return None
    value = times.make_time(int(str(hour.value)), 0, int(str(ampm[0].value)) if ampm else None)
    return [Tok(Tag.TIME, text(toks), value)] if value else None


def _duration(toks: list[Tok], _m: re.Match[str], _: Findings) -> list[Tok] | None:
    number = str(toks[0].value)
    return [Tok(Tag.PLANNED, text(toks), int(number))] if len(number) <= 3 else None


def _hours(toks: list[Tok], _m: re.Match[str], _: Findings) -> list[Tok] | None:
    number = str(toks[0].value)
    if len(number) > 3:
        return None
    return [Tok(Tag.HOURS if int(number) <= 24 else Tag.PLANNED, text(toks), int(number))]


def _calendar_date(toks: list[Tok], day_tok: Tok, month: Tok, year: list[Tok], draft: Findings
                   ) -> list[Tok] | None:
    day = day_of(day_tok)
    if day is None:
        return None
    number = int(str(month.value))
    if year and len(str(year[0].value)) == 4:
        given = int(str(year[0].value))
        return [_date_atom(toks, dates.make_date(draft.today, day, number, given))]
    head = toks[:len(toks) - len(year)]
    return [_date_atom(head, dates.next_date(draft.today, day, number)), *year]


def _day_month(toks: list[Tok], m: re.Match[str], draft: Findings) -> list[Tok] | None:
    return _calendar_date(toks, part(toks, m, 1)[0], part(toks, m, 2)[0], part(toks, m, 3),
                          draft)


def _month_day(toks: list[Tok], m: re.Match[str], draft: Findings) -> list[Tok] | None:
    return _calendar_date(toks, part(toks, m, 2)[0], part(toks, m, 1)[0], part(toks, m, 3),
                          draft)


def _numeric(toks: list[Tok], _m: re.Match[str], draft: Findings) -> list[Tok] | None:
    day, month, year = cast("tuple[int, int, int | None]", toks[-1].value)
    return [_date_atom(toks, dates.make_date(draft.today, day, month, year))]


def _day_only(toks: list[Tok], m: re.Match[str], draft: Findings) -> list[Tok] | None:
    day = day_of(part(toks, m, 1)[0] if m.start(1) >= 0 else part(toks, m, 2)[0])
    return [_date_atom(toks, dates.next_day(draft.today, day))] if day else None


def _weekday(toks: list[Tok], m: re.Match[str], draft: Findings) -> list[Tok] | None:
    strictly = any(t.tag is Tag.NEXT for t in toks)
    number = int(str(part(toks, m, 1)[0].value))
    return [_date_atom(toks, dates.weekday(draft.today, number, strictly_after=strictly))]


def _relative(toks: list[Tok], _m: re.Match[str], draft: Findings) -> list[Tok] | None:
    return [_date_atom(toks, draft.today + datetime.timedelta(days=int(str(toks[0].value))))]


def _named(toks: list[Tok], _m: re.Match[str], _: Findings) -> list[Tok] | None:
    return [Tok(Tag.TIME, toks[0].text, toks[0].value)]


ATOMS: Final[tuple[Rule, ...]] = (
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
    (r"(?:{WEEKDAY}{ARTICLE}*|{ARTICLE}+)([{NUMBER}{ORDINAL}]){STOP}?|{WEEKDAY}?({ORDINAL}){STOP}?",
     _day_only),
    (r"{ARTICLE}*{NEXT}?({WEEKDAY}){NEXT}?", _weekday),
    (r"{RELATIVE_DAY}", _relative),
)
