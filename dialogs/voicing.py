"""The phone's words: the dialog's messages as a call says them.

The dialog's texts are written for SMS; on the phone a few are worded for the
keypad and the ear (:data:`VARIANTS`): "answer YES (1)" becomes "press 1 or
say yes", examples are keys to press, the worker types are read as a list.
The dialog words its replies for the channel of the turn; a channel then only
renders them (``channels.voice.speech`` reads numbers and dates aloud).

>>> [m.id for m in for_voice([Message("confirm.ask"), Message("help.IN")])]
['voice.confirm.ask', 'voice.help']
>>> for_voice([Message("example.startDate")])[0].params["keys"]
'1 5, 1 2, 2 0 2 6'
>>> for_voice([Message("example.workerType")])
()
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Final

from locales import Message

__all__ = ["VARIANTS", "example", "for_voice"]

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
_HELP: Final = "help."
_EXAMPLE: Final = "example."

#: Keypad examples per field: the keys, their groups and what they mean.
_EXAMPLES: Final[dict[str, tuple[str, tuple[int, ...], object]]] = {
    "ssin": ("85073100130", (6, 3, 2), None),
    "employer": ("0403199702", (4, 3, 3), None),
    "userEnterpriseNumber": ("0812345603", (4, 3, 3), None),
    "subEntityNbr": ("0000522001", (4, 3, 3), None),
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


def example(field: str | None) -> Message | None:
    """A keypad example for a field, with what it stands for when that helps.

    >>> example("startHour").params["keys"], example("workerType") is None
    ('1 8, 3 0', True)
    """
    if field not in _EXAMPLES:
        return None
    keys, sizes, value = _EXAMPLES[field]
    spaced = _split(keys, sizes)
    if value is None:
        return Message("voice.example.digits", {"keys": spaced})
    return Message("voice.example.keys", {"keys": spaced, "value": value})


def _voiced(message: Message) -> Message | None:
    if message.id.startswith(_HELP):
        return Message("voice.help")
    if message.id in VARIANTS:
        variant = VARIANTS[message.id]
        return None if variant is None else Message(variant, message.params)
    if message.id.startswith(_EXAMPLE):
        return example(message.id.removeprefix(_EXAMPLE)) or message
    return message


def for_voice(messages: Iterable[Message]) -> tuple[Message, ...]:
    """The messages as a phone call says them, in order; some are not said at all."""
    return tuple(m for m in map(_voiced, messages) if m is not None)
