"""What a voice says: the dialog's messages made speakable, with keypad hints and examples.

The dialog's texts are written for SMS. On the phone a few are said
differently (:data:`VARIANTS`), identifiers are read digit by digit in groups
and dates in full, with the weekday:

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
from collections.abc import Iterable, Sequence
from typing import Final

from babel.dates import format_date, get_date_format

from channels.voice.step import DATE_FIELDS, HOUR_FIELDS
from core.ids import reading_groups
from dialogs.turn import Expect, Input
from locales import LOCALES, Message, localize

__all__ = ["VARIANTS", "example", "group_digits", "hints", "speak", "speakable",
           "spoken_date"]

#: Dialog texts said another way on the phone; None: not said at all.
VARIANTS: Final[dict[str, str | None]] = {
    "confirm.ask": "voice.confirm.ask",
    "confirm.no": "voice.confirm.no",
    "escalate": "voice.escalate",
    "escalate.human": "voice.transfer",
    "ask.workerType": "voice.ask.workerType",
    "example.workerType": None,  # the types are read as a numbered list
    "decline.endHour": "voice.decline.endHour",
}
_NUMBER: Final = re.compile(r"[\d][\d. /-]{7,}[\d]")
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR: Final = re.compile(r"[\s,]*y+\.?")
_COMMITTEES: Final = frozenset({"jointCommissionNumber"})

#: Keypad examples per field: the keys, their groups and what they mean.
_EXAMPLES: Final[dict[str, tuple[str, tuple[int, ...], object]]] = {
    "ssin": ("85073100130", (6, 3, 2), None),
    "employer": ("0403199702", (4, 3, 3), None),
    "userEnterpriseNumber": ("0812345603", (4, 3, 3), None),
    "periodId": ("100000000162", (3, 3, 3, 3), None),
    "jointCommissionNumber": ("302", (3,), None),
    "plannedHoursNumber": ("20", (2,), None),
    "startDate": ("15122026", (2, 2, 4), datetime.date(2026, 12, 15)),
    "endDate": ("16122026", (2, 2, 4), datetime.date(2026, 12, 16)),
    "startHour": ("1830", (2, 2), datetime.time(18, 30)),
    "endHour": ("2300", (2, 2), datetime.time(23, 0)),
}


def _split(digits: str, sizes: Sequence[int]) -> str:
    groups, at = [], 0
    for size in sizes:
        groups.append(" ".join(digits[at:at + size]))
        at += size
    return ", ".join(g for g in groups if g)


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
        return speakable(value, lang, today) or ""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return spoken_date(value, lang, today)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return spoken_date(datetime.date.fromisoformat(value), lang, today)
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return group_digits(value)
    return value


def speakable(message: Message, lang: str, today: datetime.date) -> Message | None:
    """The phone's version of a message; None when the phone does not say it."""
    msg_id = "voice.help" if message.id.startswith("help.") else VARIANTS.get(
        message.id, message.id)
    if msg_id is None:
        return None
    if msg_id.startswith("example."):
        message = example(msg_id.removeprefix("example.")) or message
        msg_id = message.id
    params = {name: _param(value, lang, today) for name, value in message.params.items()}
    return Message(msg_id, params)


def speak(messages: Iterable[Message], lang: str, today: datetime.date) -> list[str]:
    """The sentences to say, in ``lang``."""
    out = []
    for message in messages:
        spoken = speakable(message, lang, today)
        if spoken is not None:
            out.append(localize(spoken, lang))
    return out


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


def example(field: str | None) -> Message | None:
    """A keypad example for a field, with what it stands for when that helps."""
    if field not in _EXAMPLES:
        return None
    keys, sizes, value = _EXAMPLES[field]
    spaced = _split(keys, sizes)
    if value is None:
        return Message("voice.example.digits", {"keys": spaced})
    return Message("voice.example.keys", {"keys": spaced, "value": value})
