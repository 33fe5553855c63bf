"""A phone call around the declaration dialog: its language, the caller's PIN, then the dialog.

The stages of a call are a shared ``transitions`` machine like the dialogs'
(:mod:`dialogs.flows`; ``dimona-talk diagram`` draws it into ``docs/dialogs/call.mmd``):

- ``new``: who calls. A phone no employer enrolled hears why, in the dialled
  number's language or in French, Dutch and German, and the call ends; so does a
  locked phone, or one without a PIN.
- ``language``: the four-language menu (1 FR, 2 NL, 3 DE, 4 EN, each said in its
  own language), by key or by name. A dialled number configured for a language,
  or a phone enrolled with one, skips it: the caller is greeted in that
  language, and *back* at the PIN (the star key) opens the menu for another.
- ``pin``: the PIN typed on the keypad; every attempt goes through the
  :class:`Pins` gate, which counts it across calls and processes before it is
  evaluated; too many wrong ones lock the phone.
- ``dialog``: the declaration dialog (:class:`dialogs.engine.Engine`), whose
  replies pass through; *help* twice puts the caller through to a person.
- ``over``: the call ends, or is put through.

Triggers: ``opened``, ``chosen``, ``back``, ``missed`` (silence or no match; the
third in a row ends the call or puts it through), ``refused`` (a wrong PIN),
``verified``, ``ended``. The call's record (:class:`CallRecord`) is kept by the
channel between two steps, as the dialogs' conversations are by the engine.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Final, Protocol

from core.ids import is_digits
from core.model import Enrollment
from core.store import EnrollmentStore
from dialogs.flows import draw, fire, machine_of, table_of
from dialogs.turn import (
    Caller,
    CallRecord,
    CallTurn,
    Channel,
    Command,
    Expect,
    Input,
    PinVerdict,
    Reply,
    Turn,
)
from dialogs.understand import understand
from dialogs.vocabulary import vocabulary
from locales import LANGUAGES, Message

__all__ = ["PHASES", "TRIGGERS", "CallDialog", "Pins", "diagram", "table"]

#: Every stage, in the order a caller meets them.
PHASES: Final = ("new", "language", "pin", "dialog", "over")
#: Every trigger.
TRIGGERS: Final = ("opened", "chosen", "back", "missed", "refused", "verified", "ended")
_LIVE: Final = ("language", "pin", "dialog")
_MOVES: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    ("opened", ("new",), ("language", "pin", "over")),
    ("chosen", ("language",), ("pin",)),
    ("back", ("pin",), ("language",)),
    ("missed", ("language",), ("language", "over")),
    ("missed", ("pin",), ("pin", "over")),
    ("refused", ("pin",), ("pin", "over")),
    ("verified", ("pin",), ("dialog",)),
    ("ended", _LIVE, ("over",)),
)
_MISSES: Final = 3  # the third silence or miss in a row ends the menu or the PIN
#: Languages an unknown caller is told why in, when the dialled number has none.
_NATIONAL: Final = ("fr", "nl", "de")


def table() -> list[dict[str, Any]]:
    """The transition table of a call's stages."""
    return table_of(_MOVES, PHASES)


def diagram() -> str:
    """A Mermaid ``stateDiagram-v2`` of the call's stages, drawn from the real table."""
    return draw("call", PHASES, table())


class Pins(Protocol):
    """The PIN gate of every call (``channels.voice.pins.PinGate``)."""

    async def locked(self, phone: str) -> int:
        """Minutes the phone stays locked, 0 if it is not."""
        ...

    async def attempt(self, phone: str, pin: str, enrollments: Sequence[Enrollment]
                      ) -> PinVerdict:
        """Count one attempt across every call and process, then evaluate it."""
        ...


class _Dialog(Protocol):
    async def handle(self, turn: Turn) -> Reply: ...


class CallDialog:
    """Runs the stages of every call; one per process, whatever the wire."""

    def __init__(self, dialog: _Dialog, enrollments: EnrollmentStore, pins: Pins, *,
                 transfer: str | None = None) -> None:
        self.dialog, self.enrollments, self.pins, self.transfer = dialog, enrollments, pins, \
            transfer
        self.machine = machine_of(PHASES, table())

    async def step(self, record: CallRecord, turn: CallTurn, today: datetime.date) -> Reply:
        """The reply to one step of the call; ``record`` moves on with it."""
        if turn.missed:
            return self._give_up(record)
        if record.stage == "new":
            return await self._open(record, turn)
        if record.stage == "language":
            return self._language(record, turn, today)
        if record.stage == "pin":
            return await self._pin(record, turn)
        if record.stage == "dialog":
            return await self._dialog(record, turn)
        return self._said(record, [Message("voice.goodbye")], ended=True)

    # -- replies ---------------------------------------------------------------------------

    def _fire(self, record: CallRecord, trigger: str, stage: str) -> None:
        record.stage = fire(self.machine, record.stage, trigger, stage)

    @staticmethod
    def _said(record: CallRecord, messages: list[Message], expect: Expect | None = None,
              *, ended: bool = False, transfer: bool = False,
              languages: tuple[str, ...] = ()) -> Reply:
        return Reply(tuple(messages), expect or Expect(Input.NONE), ended, record.lang,
                     transfer, phase=record.stage, languages=languages,
                     asking=expect.field if expect else None)

    def _end(self, record: CallRecord, *messages: Message, transfer: bool = False) -> Reply:
        if record.stage != "over":
            self._fire(record, "opened" if record.stage == "new" else "ended", "over")
        return self._said(record, list(messages), ended=True, transfer=transfer)

    def _give_up(self, record: CallRecord) -> Reply:
        """A third miss, or the voice server gave up: a person, or goodbye."""
        if self.transfer:
            return self._end(record, Message("voice.transfer"), transfer=True)
        return self._end(record, Message("voice.escalate"), Message("voice.goodbye"))

    def _miss(self, record: CallRecord, turn: CallTurn, again: Reply) -> Reply:
        """Say what went wrong and ask again; the third time, a person or goodbye."""
        record.misses += 1
        if record.misses >= _MISSES:
            return self._give_up(record)
        self._fire(record, "missed", record.stage)
        why = Message("noinput" if turn.silent else "nomatch")
        return replace(again, messages=(why, *again.messages))

    def _keys(self, record: CallRecord, turn: CallTurn, again: Reply) -> Reply | None:
        """The command keys before the dialog: repeat, a person, stop."""
        if turn.command in (Command.REPEAT, Command.BACK) and record.stage == "language":
            record.misses = 0
            return again
        if turn.command is Command.HELP and self.transfer:
            return self._give_up(record)
        if turn.command is Command.HELP or turn.command is Command.REPEAT:
            return again
        if turn.command is Command.CANCEL:
            return self._end(record, Message("voice.goodbye"))
        return None

    # -- stages ----------------------------------------------------------------------------

    async def _enrolled(self, turn: CallTurn) -> list[Enrollment]:
        return await self.enrollments.phone_enrollments(turn.phone) if turn.phone else []

    async def _open(self, record: CallRecord, turn: CallTurn) -> Reply:
        enrollments = await self._enrolled(turn)
        if not enrollments:
            langs = (turn.configured,) if turn.configured else _NATIONAL
            record.lang = langs[0]
            return replace(self._end(record, Message("voice.unknown_caller")), languages=langs)
        own = next((e.language for e in enrollments if e.language), None)
        preset = turn.configured or own
        record.lang = preset or enrollments[0].conversation_language
        minutes = await self.pins.locked(turn.phone or "")
        if minutes:
            return self._end(record, Message("voice.pin.locked", {"minutes": minutes}))
        if not any(e.pin for e in enrollments):
            return self._end(record, Message("voice.pin.none"))
        if preset:  # greeted in its language, one key away from another
            self._fire(record, "opened", "pin")
            return self._pin_prompt(record, after=[Message("voice.language.other")])
        self._fire(record, "opened", "language")
        return self._menu(record)

    def _menu(self, record: CallRecord) -> Reply:
        menu = self._said(record, [Message("voice.language_menu")],
                          Expect(Input.CHOICE, 1, len(LANGUAGES), "language"),
                          languages=LANGUAGES)
        return replace(menu, vocabulary=vocabulary(menu))

    @staticmethod
    def _chosen(record: CallRecord, turn: CallTurn, today: datetime.date) -> str | None:
        keys = turn.digits or ""
        if is_digits(keys) and 1 <= int(keys) <= len(LANGUAGES):
            return LANGUAGES[int(keys) - 1]
        if turn.text:
            said = understand(turn.text, record.lang, today, expect_choice=True)
            if said.language:
                return said.language
            if said.choice and said.choice <= len(LANGUAGES):
                return LANGUAGES[said.choice - 1]
        return None

    def _language(self, record: CallRecord, turn: CallTurn, today: datetime.date) -> Reply:
        again = self._menu(record)
        if (reply := self._keys(record, turn, again)) is not None:
            return reply
        lang = self._chosen(record, turn, today)
        if lang is None:
            return self._miss(record, turn, again)
        record.lang, record.misses = lang, 0
        self._fire(record, "chosen", "pin")
        return self._pin_prompt(record)

    def _pin_prompt(self, record: CallRecord, before: Sequence[Message] = (),
                    after: Sequence[Message] = ()) -> Reply:
        return self._said(record, [*before, Message("voice.pin"), *after],
                          Expect(Input.SECRET, field="pin"))

    async def _pin(self, record: CallRecord, turn: CallTurn) -> Reply:
        again = self._pin_prompt(record)
        if turn.command is Command.BACK:  # another language
            record.misses = 0
            self._fire(record, "back", "language")
            return self._menu(record)
        if (reply := self._keys(record, turn, again)) is not None:
            return reply
        pin = turn.digits or ""
        if not is_digits(pin) or turn.text:
            return self._miss(record, turn, again)
        verdict = await self.pins.attempt(turn.phone or "", pin, await self._enrolled(turn))
        if not verdict.evaluated:
            return self._end(record, Message("voice.pin.locked", {"minutes": verdict.locked}))
        if not verdict.matches:
            if verdict.locked:
                return self._end(record, Message("voice.pin.wrong"),
                                 Message("voice.pin.locked", {"minutes": verdict.locked}))
            self._fire(record, "refused", "pin")
            return self._pin_prompt(record, before=[Message("voice.pin.wrong")])
        record.employers = [e.employer.number for e in verdict.matches]
        record.misses = 0
        self._fire(record, "verified", "dialog")
        # the dialog's first prompt: a call opens in silence
        return await self._after(record, await self.dialog.handle(self._turn(record, turn)))

    def _turn(self, record: CallRecord, turn: CallTurn) -> Turn:
        caller = Caller(turn.phone, tuple(record.employers), record.lang)
        return Turn(turn.key, Channel.VOICE, turn.text, turn.digits, caller, turn.command,
                    delivery=turn.delivery)

    async def _dialog(self, record: CallRecord, turn: CallTurn) -> Reply:
        if turn.command is Command.HELP:
            record.helps += 1
            if record.helps > 1 and self.transfer:
                return self._end(record, Message("voice.transfer"), transfer=True)
        return await self._after(record, await self.dialog.handle(self._turn(record, turn)))

    async def _after(self, record: CallRecord, reply: Reply) -> Reply:
        """The dialog's reply, the call ending with it when the conversation does."""
        record.lang = reply.language
        if reply.transfer and self.transfer:
            self._fire(record, "ended", "over")
            return replace(reply, ended=True)
        if reply.ended or reply.escalated:  # nothing more to do by phone
            self._fire(record, "ended", "over")
            return replace(reply, ended=True, messages=(*reply.messages,
                                                        Message("voice.goodbye")))
        return reply
