"""The dialog part of a call: keys into the dialog's words, its replies into a :class:`Step`.

Keys mean the same at every question: ``*`` back (``**`` repeat), ``9`` stop,
``0`` help (then a human: see :mod:`channels.voice.call`). They reach the dialog as
its commands, in no language:

>>> keypad_command("*", "startDate"), keypad_command("9", "ssin"), keypad_command("**", None)
(<Command.BACK: 'back'>, <Command.CANCEL: 'cancel'>, <Command.REPEAT: 'repeat'>)
>>> keypad_command("9", "plannedHoursNumber") is None  # nine hours, not "stop"
True

Two questions need a keypad the dialog does not offer: the worker type is
asked in words, so the phone reads the four types the question names as a
numbered list; and committee ``XXX`` is typed 9 9 9 (X is on key 9):

>>> keypad_text("2", "workerType"), keypad_text("999", "jointCommissionNumber")
('STU', 'XXX')

Other keys go to the dialog as typed: a lone 2 at an optional question (the
end hour of a horeca extra) is the dialog's "no", as at any yes/no question.
"""

from __future__ import annotations

import datetime
from typing import Final

from channels.voice.speech import example, hints, speak
from channels.voice.step import Ask, Collect, Said, Step
from dialogs.turn import Command, Expect, Input, Reply
from locales import Message, localize

__all__ = ["TYPE_KEYS", "keypad_command", "keypad_text", "reply_step"]

#: The worker types the dialog's question names, in its order: keys 1 to 4.
TYPE_KEYS: Final = ("EXT", "STU", "FLX", "OTH")
_KEYPAD_COMMANDS: Final = {"*": Command.BACK, "**": Command.REPEAT, "9": Command.CANCEL}
_NINE_IS_A_NUMBER: Final = frozenset({"plannedHoursNumber"})
_WORKER_TYPE: Final = "workerType"


def keypad_command(keys: str, asked: str | None) -> Command | None:
    """The dialog command some keys stand for at this question, if any."""
    command = _KEYPAD_COMMANDS.get(keys)
    return None if command is Command.CANCEL and asked in _NINE_IS_A_NUMBER else command


def keypad_text(keys: str, asked: str | None) -> str | None:
    """The words some keys stand for at this question; None: read them as typed."""
    if asked == _WORKER_TYPE and keys.isdigit() and 1 <= int(keys) <= len(TYPE_KEYS):
        return TYPE_KEYS[int(keys) - 1]
    if asked == "jointCommissionNumber" and keys == "999":
        return "XXX"
    return None


def _type_list() -> list[Message]:
    return [Message("voice.choice", {"n": str(n), "label": Message(f"worker_type.{code}")})
            for n, code in enumerate(TYPE_KEYS, start=1)]


def ask_for(expect: Expect) -> tuple[Ask | None, list[Message]]:
    """How to collect what the dialog expects, and what to say after its question."""
    field = expect.field
    if expect.input is Input.NONE:
        return None, []
    if expect.input is Input.YES_NO:
        return Ask(Collect.YES_NO, 1, field), []
    if expect.input is Input.CHOICE:
        return Ask(Collect.CHOICE, 1 if (expect.choices or 0) < 10 else None, field), []
    if expect.input is Input.DIGITS:
        return Ask(Collect.DIGITS, expect.digits, field), hints(expect)
    if field == _WORKER_TYPE:
        return Ask(Collect.CHOICE, 1, field), _type_list()
    return Ask(Collect.TEXT, None, field), []


def said(messages: list[Message], lang: str, today: datetime.date) -> tuple[Said, ...]:
    return tuple(Said(text, lang) for text in speak(messages, lang, today))


def reply_step(reply: Reply, today: datetime.date, transfer: str | None) -> Step:
    """The dialog's reply as a call step: ask next, put through to a human, or hang up."""
    lang, messages = reply.language, list(reply.messages)
    if reply.transfer and transfer:
        return Step(lang, said(messages, lang, today), transfer=transfer)
    if reply.ended or any(m.id == "escalate" for m in messages):
        return Step(lang, said([*messages, Message("voice.goodbye")], lang, today))
    ask, after = ask_for(reply.expect)
    if ask is not None:
        extra = example(ask.field)
        ask = Ask(ask.collect, ask.digits, ask.field,
                  " ".join(speak([extra], lang, today)) if extra else "",
                  any(m.id.startswith("decline.") for m in messages))
    return Step(lang, said([*messages, *after], lang, today), ask,
                noinput=localize(Message("noinput"), lang),
                nomatch=localize(Message("nomatch"), lang))
