"""A phone call, whatever the wire: language menu, caller id and PIN, then the dialog.

:class:`Desk` answers one step of a call at a time: ``await desk.answer(call,
heard, phone=..., called=...)`` gives the :class:`~channels.voice.step.Step`
to play. A call goes through four stages:

1. ``language``: 1 français, 2 Nederlands, 3 Deutsch, 4 English (skipped when
   the dialled number is configured for a language);
2. ``pin``: the caller id must be an enrolled phone, and the PIN typed on the
   keypad must match one of its enrollments (PBKDF2 hashes, see
   :mod:`channels.voice.pins`); too many wrong PINs lock the phone for a while;
3. ``dialog``: the declaration dialog, through :mod:`channels.voice.turns`;
4. ``over``: the call has been put through or hung up.

The call state is a small JSON record in the store's calls (a
:class:`~core.store.CallStore`), beside the PIN locks (:mod:`channels.voice.pin_locks`).
"""

from __future__ import annotations

import asyncio
import datetime
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Final

from channels.common.dialog import Dialog
from channels.common.phones import normalize
from channels.voice.config import VoiceConfig
from channels.voice.pin_locks import PinLocks
from channels.voice.pins import verify_pin
from channels.voice.step import Ask, Collect, Heard, Said, Step
from channels.voice.turns import keypad_command, keypad_text, reply_step
from core.clock import BRUSSELS, Clock
from core.model import Enrollment
from core.store import CallStore, EnrollmentStore, WatcherStore
from dialogs.turn import Caller, Channel, Reply, Turn
from dialogs.understand import Command, understand
from locales import LANGUAGES, Message, localize

__all__ = ["CallState", "Desk"]


def _previous(raw: str) -> str:
    """A stored state as the ``before`` of the next step: without its own ``before``."""
    data = json.loads(raw)
    data.pop("before", None)
    return json.dumps(data)

_MISSES: Final = 3  # the third silence or miss in a row ends the language menu or the PIN
_HELP, _BACK, _STOP = "0", "*", "9"


@dataclass(slots=True)
class CallState:
    call: str
    phone: str | None = None
    called: str | None = None
    stage: str = "new"  # new, language, pin, dialog, over
    lang: str = "fr"
    seq: int = 0  # steps answered so far
    misses: int = 0  # silences and misses in a row, before the dialog
    helps: int = 0  # times 0 was pressed in the dialog
    asked: str | None = None  # the dialog field asked last, to read its keys
    employers: list[str] = field(default_factory=list)
    delivery: str | None = None  # the webhook delivery (call step) answered last
    before: str = ""  # the state (JSON) that step started from: it runs again from there

    @property
    def key(self) -> str:
        """The dialog conversation of this call."""
        return f"voice:{self.call}"


class Desk:
    """Answers the steps of every call; one per process, whatever the wire."""

    def __init__(self, dialog: Dialog, config: VoiceConfig, clock: Clock, *, calls: CallStore,
                 enrollments: EnrollmentStore, watchers: WatcherStore) -> None:
        self.dialog, self.config, self.clock = dialog, config, clock
        self.calls, self.enrollments, self.watchers = calls, enrollments, watchers
        self.locks = PinLocks(calls, clock, config.pin_tries, config.lock)

    def configured(self, config: VoiceConfig) -> Desk:
        """The same desk on the same stores, with another configuration."""
        return Desk(self.dialog, config, self.clock, calls=self.calls,
                    enrollments=self.enrollments, watchers=self.watchers)

    async def answer(self, call: str, heard: Heard, *, phone: str | None = None,
                     called: str | None = None, missed: bool = False,
                     delivery: str | None = None) -> tuple[CallState, Step]:
        """One step of ``call``; steps of one call run one at a time, in every process.

        ``missed``: the voice server gave up on the question itself (a third
        silence or miss, counted on its side): put through to a human or say goodbye.
        ``delivery``: the webhook delivery of this step; run again with it (its first
        run's process died), the step starts again from the state before it, and its
        dialog turn says what it said (:class:`dialogs.engine.Engine`).
        """
        async with self.calls.hold(f"call:{call}"):
            raw = await self._before(call, delivery)
            state = CallState(**json.loads(raw)) if raw else CallState(
                call, normalize(phone) if phone else None, called)
            state.delivery = delivery
            step = self._give_up(state) if missed else await self._step(state, heard)
            state.seq += 1
            state.before = _previous(raw) if delivery and raw else ""
            await self.calls.save_call(call, json.dumps(asdict(state)), self.clock.now())
            return state, step

    async def _before(self, call: str, delivery: str | None) -> str | None:
        """The stored state, or the one before it when this very delivery saved it."""
        raw = await self.calls.load_call(call)
        if raw is None or delivery is None:
            return raw
        last = json.loads(raw)
        return raw if last.get("delivery") != delivery else last.get("before") or None

    async def state(self, call: str) -> CallState | None:
        """The call's state as stored (None: no such call)."""
        raw = await self.calls.load_call(call)
        return CallState(**json.loads(raw)) if raw else None

    # -- helpers ------------------------------------------------------------------------

    @property
    def today(self) -> datetime.date:
        return self.clock.now().astimezone(BRUSSELS).date()

    def _say(self, lang: str, *messages: Message) -> tuple[Said, ...]:
        return tuple(Said(localize(m, lang), lang) for m in messages)

    def _end(self, state: CallState, *messages: Message, transfer: str | None = None) -> Step:
        state.stage = "over"
        return Step(state.lang, self._say(state.lang, *messages), transfer=transfer)

    def _ask(self, state: CallState, ask: Ask, *messages: Message,
             said: tuple[Said, ...] = ()) -> Step:
        lang = state.lang
        return Step(lang, (*said, *self._say(lang, *messages)), ask,
                    noinput=localize(Message("noinput"), lang),
                    nomatch=localize(Message("nomatch"), lang))

    def _miss(self, state: CallState, heard: Heard, again: Step) -> Step:
        """Say what went wrong and ask again; the third time, a human or goodbye."""
        state.misses += 1
        if state.misses >= _MISSES:
            return self._give_up(state)
        why = Said(again.noinput if heard.silent else again.nomatch, state.lang)
        return replace(again, said=(why, *again.said))

    def _give_up(self, state: CallState) -> Step:
        if self.config.transfer:
            return self._end(state, Message("voice.transfer"), transfer=self.config.transfer)
        return self._end(state, Message("voice.escalate"), Message("voice.goodbye"))

    def _keypad(self, state: CallState, heard: Heard, again: Step) -> Step | None:
        """The command keys of the keypad before the dialog: repeat, a human, stop."""
        if heard.digits == _BACK:
            state.misses = 0
            return again
        if heard.digits == _HELP and self.config.transfer:
            return self._give_up(state)
        if heard.digits == _STOP:
            return self._end(state, Message("voice.goodbye"))
        return None

    # -- stages -------------------------------------------------------------------------

    async def _step(self, state: CallState, heard: Heard) -> Step:
        if state.stage == "new":
            return await self._open(state)
        if state.stage == "language":
            return self._language(state, heard)
        if state.stage == "pin":
            return await self._pin(state, heard)
        if state.stage == "dialog":
            return await self._dialog(state, heard)
        return self._end(state, Message("voice.goodbye"))

    async def _enrollments(self, state: CallState) -> list[Enrollment]:
        return await self.enrollments.phone_enrollments(state.phone) if state.phone else []

    async def _open(self, state: CallState) -> Step:
        enrollments = await self._enrollments(state)
        configured = self.config.language_of(state.called)
        if not enrollments:
            langs = (configured,) if configured else ("fr", "nl", "de")
            state.stage, state.lang = "over", langs[0]
            said = tuple(s for lang in langs
                         for s in self._say(lang, Message("voice.unknown_caller")))
            return Step(state.lang, said)
        state.lang = configured or enrollments[0].conversation_language
        minutes = await self.locks.locked(state.phone) if state.phone else 0
        if minutes:
            return self._end(state, Message("voice.pin.locked", {"minutes": minutes}))
        if not any(e.pin for e in enrollments):
            return self._end(state, Message("voice.pin.none"))
        if configured:
            state.stage = "pin"
            return self._pin_prompt(state)
        state.stage = "language"
        return self._menu(state)

    def _menu(self, state: CallState) -> Step:
        said = tuple(s for lang in LANGUAGES
                     for s in self._say(lang, Message("voice.language_menu")))
        return self._ask(state, Ask(Collect.CHOICE, 1, "language"), said=said)

    def _chosen(self, state: CallState, heard: Heard) -> str | None:
        keys = heard.digits or ""
        if keys.isdigit() and 1 <= int(keys) <= len(LANGUAGES):
            return LANGUAGES[int(keys) - 1]
        if heard.speech:
            said = understand(heard.speech, state.lang, self.today)
            if said.language:
                return said.language
            if said.choice and said.choice <= len(LANGUAGES):
                return LANGUAGES[said.choice - 1]
        return None

    def _language(self, state: CallState, heard: Heard) -> Step:
        again = self._menu(state)
        if (step := self._keypad(state, heard, again)) is not None:
            return step
        lang = self._chosen(state, heard)
        if lang is None:
            return self._miss(state, heard, again)
        state.lang, state.stage, state.misses = lang, "pin", 0
        return self._pin_prompt(state)

    def _pin_prompt(self, state: CallState, *before: Message) -> Step:
        return self._ask(state, Ask(Collect.PIN), *before, Message("voice.pin"))

    async def _pin(self, state: CallState, heard: Heard) -> Step:
        again = self._pin_prompt(state)
        if (step := self._keypad(state, heard, again)) is not None:
            return step
        pin = heard.digits or ""
        if not pin.isdigit():
            return self._miss(state, heard, again)
        enrollments = await self._enrollments(state)
        matches = await asyncio.to_thread(  # PBKDF2: slow on purpose, off the loop
            lambda: [e for e in enrollments if verify_pin(pin, e.pin)])
        if not matches:
            return await self._wrong_pin(state)
        await self.locks.clear(state.phone or "")
        state.employers = [e.employer.number for e in matches]
        state.stage, state.misses = "dialog", 0
        return await self._open_dialog(state)

    async def _wrong_pin(self, state: CallState) -> Step:
        assert state.phone is not None
        if not await self.locks.failed(state.phone):
            return self._pin_prompt(state, Message("voice.pin.wrong"))
        return self._end(state, Message("voice.pin.wrong"),
                         Message("voice.pin.locked", {"minutes": self.locks.minutes}))

    # -- the dialog ---------------------------------------------------------------------

    def _caller(self, state: CallState) -> Caller:
        return Caller(state.phone, tuple(state.employers), state.lang)

    async def _open_dialog(self, state: CallState) -> Step:
        """The dialog's first prompt (a call opens in silence), keys said once."""
        reply = await self.dialog.handle(
            Turn(state.key, Channel.VOICE, caller=self._caller(state), delivery=state.delivery))
        at = next((n + 1 for n, m in enumerate(reply.messages) if m.id == "welcome"), 0)
        messages = (*reply.messages[:at], Message("voice.keys"), *reply.messages[at:])
        return await self._after(state, replace(reply, messages=messages))

    async def _dialog(self, state: CallState, heard: Heard) -> Step:
        keys = heard.digits or None
        if keys == _HELP:
            state.helps += 1
            if state.helps > 1 and self.config.transfer:
                return self._end(state, Message("voice.transfer"), transfer=self.config.transfer)
            return await self._help(state)
        command = keypad_command(keys, state.asked) if keys else None
        text = keypad_text(keys, state.asked) if keys else heard.speech
        turn = Turn(state.key, Channel.VOICE, caller=self._caller(state), command=command,
                    text=text, digits=None if command or text else keys, delivery=state.delivery)
        return await self._after(state, await self.dialog.handle(turn))

    async def _help(self, state: CallState) -> Step:
        reply = await self.dialog.handle(
            Turn(state.key, Channel.VOICE, caller=self._caller(state), command=Command.HELP,
                 delivery=state.delivery))
        if self.config.transfer:
            at = next((n + 1 for n, m in enumerate(reply.messages)
                       if m.id.startswith("help.")), 0)
            reply = replace(reply, messages=(*reply.messages[:at], Message("voice.help.human"),
                                             *reply.messages[at:]))
        return await self._after(state, reply)

    async def _after(self, state: CallState, reply: Reply) -> Step:
        state.lang = reply.language
        if reply.result == "S" and reply.declaration and state.phone:
            # a pending declaration's final result goes to the phone by SMS
            await self.watchers.watch(reply.declaration, f"sms:{state.phone}")
        step = reply_step(reply, self.today, self.config.transfer)
        state.asked = step.ask.field if step.ask else None
        if step.hangup or step.transfer:
            state.stage = "over"
        return step
