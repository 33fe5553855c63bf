"""What a voice says: the dialog's messages read aloud, with keypad hints.

The dialog words its replies for the phone (:mod:`dialogs.voicing`); here they
are read: identifiers digit by digit in groups and dates in full, with the
weekday:

>>> group_digits("85073100130"), group_digits("100000000162")
('8 5 0 7 3 1, 0 0 1, 3 0', '1 0 0, 0 0 0, 0 0 0, 1 6 2')
>>> group_digits("85.07.31-001.30"), group_digits("0403199702")
('8 5 0 7 3 1, 0 0 1, 3 0', '0 4 0 3, 1 9 9, 7 0 2')
>>> import datetime
>>> today = datetime.date(2026, 12, 1)
>>> spoken_date(datetime.date(2026, 12, 15), "fr", today)
'mardi 15 décembre'
>>> spoken_date(datetime.date(2027, 1, 5), "de", today)
'Dienstag, 5. Januar 2027'
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Final

from babel.dates import format_date, get_date_format

from channels.voice.step import DATE_FIELDS, HOUR_FIELDS
from core.ids import reading_groups
from dialogs.turn import Expect, Input
from locales import LOCALES, Message, localize

__all__ = ["group_digits", "hints", "speak", "speakable", "spoken_date"]

_NUMBER: Final = re.compile(r"[\d][\d. /-]{7,}[\d]")
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR: Final = re.compile(r"[\s,]*y+\.?")
_COMMITTEES: Final = frozenset({"jointCommissionNumber"})


def group_digits(number: str) -> str:
    """An identifier read digit by digit, in the groups the core reads it in."""
    return ", ".join(" ".join(group) for group in reading_groups(number))


def spoken_date(day: datetime.date, lang: str, today: datetime.date) -> str:
    """A date in full with its weekday; the year only when it is not this year's."""
    locale = LOCALES[lang]
    pattern = get_date_format("full", locale=locale).pattern
    if day.year == today.year:
        pattern = _YEAR.sub("", pattern).strip()
    return format_date(day, pattern, locale=locale)


def _param(value: object, lang: str, today: datetime.date) -> object:
    if isinstance(value, Message):
        return speakable(value, lang, today)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return spoken_date(value, lang, today)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return spoken_date(datetime.date.fromisoformat(value), lang, today)
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return group_digits(value)
    return value


def speakable(message: Message, lang: str, today: datetime.date) -> Message:
    """The message with its parameters as they are said: numbers in groups, dates in full."""
    return Message(message.id, {name: _param(value, lang, today)
                                for name, value in message.params.items()})


def speak(messages: Iterable[Message], lang: str, today: datetime.date) -> list[str]:
    """The sentences to say, in ``lang``."""
    return [localize(speakable(message, lang, today), lang) for message in messages]


def hints(expect: Expect) -> list[Message]:
    """How to answer on the keypad, said after the question."""
    if expect.input is not Input.DIGITS:
        return []
    field = expect.field or ""
    out = []
    if field in DATE_FIELDS:
        out.append(Message("voice.hint.date"))
    elif field in HOUR_FIELDS:
        out.append(Message("voice.hint.time"))
    elif field in _COMMITTEES:
        out.append(Message("voice.hint.committee"))
    if expect.digits is None:
        out.append(Message("voice.hint.hash"))
    return out
