"""The dialog part of a call: keys into the dialog's words, its replies into a :class:`Step`.

Keys mean the same at every question: ``*`` back (``**`` repeat), ``9`` stop,
``0`` help (twice: a person). They reach the dialogs as their commands, in no
language:

>>> keypad_command("*", "startDate"), keypad_command("9", "ssin"), keypad_command("**", None)
(<Command.BACK: 'back'>, <Command.CANCEL: 'cancel'>, <Command.REPEAT: 'repeat'>)
>>> keypad_command("9", "plannedHoursNumber") is None  # nine hours, not "stop"
True

Two questions need a keypad the dialog does not offer: the worker type is
asked in words, so the phone reads the types the dialog offers (those the
committee allows, :attr:`~dialogs.turn.Reply.offered`, each on the key of its
number) as a list, seven keys a page, 8 for the next page; and committee ``XXX``
is typed 9 9 9 (X is on key 9):

>>> types = ["", "STU", "FLX", "OTH", "DWD", "ALT", "IVT", "TRI", "STG"]
>>> keypad_text("2", "workerType", types), keypad_text("2", "workerType", types, page=1)
('STU', 'STG')
>>> keypad_text("1", "workerType", types) is None  # no type on key 1 here
True
>>> keypad_text("999", "jointCommissionNumber", [])
'XXX'

Other keys go to the dialog as typed: a lone 2 at an optional question (the
end hour of a horeca extra) is the dialog's "no", as at any yes/no question.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Final

from channels.voice.speech import hints, speak
from channels.voice.step import Ask, Collect, Said, Step
from core.ids import is_digits
from dialogs.turn import Command, Expect, Input, Reply, Vocabulary
from dialogs.voicing import example
from locales import Message, localize

__all__ = ["MORE", "PAGE", "keyed", "keypad_command", "keypad_text", "page_step", "reply_step"]

#: Worker types read per page, on keys 1 to 7; key 8 reads the next page.
PAGE: Final = 7
MORE: Final = "8"
_KEYPAD_COMMANDS: Final = {"*": Command.BACK, "**": Command.REPEAT, "9": Command.CANCEL,
                           "0": Command.HELP}
_NINE_IS_A_NUMBER: Final = frozenset({"plannedHoursNumber"})
WORKER_TYPE: Final = "workerType"


def keypad_command(keys: str, asked: str | None) -> Command | None:
    """The command some keys stand for at this question, if any."""
    command = _KEYPAD_COMMANDS.get(keys)
    return None if command is Command.CANCEL and asked in _NINE_IS_A_NUMBER else command


def keypad_text(keys: str, asked: str | None, offered: Sequence[str], page: int = 0
                ) -> str | None:
    """The words some keys stand for at this question; None: read them as typed."""
    if asked == WORKER_TYPE and len(keys) == 1 and is_digits(keys) and 1 <= int(keys) <= PAGE:
        at = page * PAGE + int(keys) - 1
        return (offered[at] or None) if at < len(offered) else None
    if asked == "jointCommissionNumber" and keys == "999":
        return "XXX"
    return None


def keyed(reply: Reply) -> list[str]:
    """The worker types a reply offers, at their keys: position n-1 holds choice n's."""
    slots = [""] * max((c.n for c in reply.offered), default=0)
    for choice in reply.offered:
        slots[choice.n - 1] = choice.value
    return slots


def _type_page(offered: Sequence[str], page: int) -> list[Message]:
    """One page of the worker types offered, and how to reach the next one."""
    items = offered[page * PAGE:(page + 1) * PAGE]
    said = [Message("voice.choice.type", {"n": str(n), "type": code})
            for n, code in enumerate(items, start=1) if code]
    return said + ([Message("voice.types.more")] if len(offered) > PAGE else [])


def ask_for(expect: Expect, offered: Sequence[str]) -> tuple[Ask | None, list[Message]]:
    """How to collect what the dialog expects, and what to say after its question."""
    field = expect.field
    if expect.input is Input.NONE:
        return None, []
    if expect.input is Input.SECRET:
        return Ask(Collect.PIN, None, field), []
    if expect.input is Input.YES_NO:
        return Ask(Collect.YES_NO, 1, field), []
    if expect.input is Input.CHOICE:
        return Ask(Collect.CHOICE, 1 if (expect.choices or 0) < 10 else None, field), []
    if expect.input is Input.DIGITS:
        return Ask(Collect.DIGITS, expect.digits, field), hints(expect)
    if field == WORKER_TYPE and offered:
        return Ask(Collect.CHOICE, 1, field), _type_page(offered, 0)
    return Ask(Collect.TEXT, None, field), []


def said(messages: Sequence[Message], lang: str, today: datetime.date) -> tuple[Said, ...]:
    return tuple(Said(text, lang) for text in speak(messages, lang, today))


def _step(lang: str, words: tuple[Said, ...], ask: Ask | None, today: datetime.date,
          vocabulary: Vocabulary = ()) -> Step:
    if ask is not None and (extra := example(ask.field)) is not None:
        ask = Ask(ask.collect, ask.digits, ask.field, " ".join(speak([extra], lang, today)),
                  ask.declinable)
    return Step(lang, words, ask, noinput=localize(Message("noinput"), lang),
                nomatch=localize(Message("nomatch"), lang),
                vocabulary=vocabulary if ask is not None and ask.speech else ())


def reply_step(reply: Reply, today: datetime.date, transfer: str | None) -> Step:
    """The reply as a call step: ask next, put through to a person, or hang up."""
    lang, messages = reply.language, list(reply.messages)
    if reply.languages:  # said once in each language, each in its own
        words = tuple(s for each in reply.languages for s in said(messages, each, today))
    else:
        words = said(messages, lang, today)
    if reply.transfer and transfer:
        return Step(lang, words, transfer=transfer)
    if reply.ended:
        return Step(lang, words)
    offered = keyed(reply) if reply.expect.field == WORKER_TYPE else []
    ask, after = ask_for(reply.expect, offered)
    if ask is not None and reply.expect.declinable:
        ask = Ask(ask.collect, ask.digits, ask.field, declinable=True)
    return _step(lang, (*words, *said(after, lang, today)), ask, today, reply.vocabulary)


def page_step(offered: Sequence[str], page: int, lang: str, today: datetime.date,
              vocabulary: Vocabulary = ()) -> Step:
    """The next page of worker types (key 8), asked like the first."""
    return _step(lang, said(_type_page(offered, page), lang, today),
                 Ask(Collect.CHOICE, 1, WORKER_TYPE), today, vocabulary)
