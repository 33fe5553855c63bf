"""A phone call, whatever the wire: what was heard into a call turn, its reply into a step.

:class:`Desk` answers one step of a call at a time: ``await desk.answer(call,
heard, phone=..., called=...)`` gives the :class:`~channels.voice.step.Step` to
play. The call itself -- its language, the PIN, the declaration dialog -- is the
call dialog's (:class:`dialogs.call.CallDialog`, handed in); the desk only
translates the wire: keys into commands and words (:mod:`channels.voice.turns`),
the reply into what to say and what to collect, the worker types a page at a time.

Each call's state (:class:`CallState`: the step number, the keys' meaning at the
question asked, and the call dialog's record) is a small JSON record in the
store's calls (a :class:`~core.store.CallStore`), held across processes while a
step runs.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from channels.common.dialog import CallFlow
from channels.common.phones import normalize
from channels.voice.config import VoiceConfig
from channels.voice.step import Heard, Step
from channels.voice.turns import (
    MORE,
    PAGE,
    WORKER_TYPE,
    keyed,
    keypad_command,
    keypad_text,
    page_step,
    reply_step,
)
from core.clock import BRUSSELS, Clock
from core.store import CallStore, WatcherStore
from dialogs.turn import CallRecord, CallTurn, pending

__all__ = ["CallState", "Desk"]


def _previous(raw: str) -> str:
    """A stored state as the ``before`` of the next step: without its own ``before``."""
    data = json.loads(raw)
    data.pop("before", None)
    return json.dumps(data)


@dataclass(slots=True)
class CallState:
    call: str
    phone: str | None = None
    called: str | None = None
    seq: int = 0  # steps answered so far
    asked: str | None = None  # the question asked last, to read its keys
    offered: list[str] = field(default_factory=list)  # the worker types listed, at their keys
    page: int = 0  # the page of them read last
    words: list[tuple[str, list[str]]] = field(default_factory=list)  # their vocabulary
    record: CallRecord = field(default_factory=CallRecord)  # the call dialog's
    delivery: str | None = None  # the webhook delivery (call step) answered last
    before: str = ""  # the state (JSON) that step started from: it runs again from there

    @property
    def key(self) -> str:
        """The dialog conversation of this call."""
        return f"voice:{self.call}"

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> CallState:
        data: dict[str, Any] = json.loads(text)
        record = data.pop("record", None)
        if not isinstance(record, dict):  # a record of before the call dialog: start again
            return cls(str(data["call"]), data.get("phone"), data.get("called"))
        known = {f.name for f in fields(CallRecord)}
        state = cls(**{k: v for k, v in data.items() if k in {f.name for f in fields(cls)}})
        state.record = CallRecord(**{k: v for k, v in record.items() if k in known})
        return state


class Desk:
    """Answers the steps of every call; one per process, whatever the wire."""

    def __init__(self, calls: CallFlow, config: VoiceConfig, clock: Clock, *,
                 store: CallStore, watchers: WatcherStore) -> None:
        self.dialog, self.config, self.clock = calls, config, clock
        self.store, self.watchers = store, watchers

    def configured(self, config: VoiceConfig) -> Desk:
        """The same desk on the same stores, with another configuration."""
        return Desk(self.dialog, config, self.clock, store=self.store, watchers=self.watchers)

    async def answer(self, call: str, heard: Heard, *, phone: str | None = None,
                     called: str | None = None, missed: bool = False,
                     delivery: str | None = None) -> tuple[CallState, Step]:
        """One step of ``call``; steps of one call run one at a time, in every process.

        ``missed``: the voice server gave up on the question itself (a third
        silence or miss, counted on its side): put through to a person or say goodbye.
        ``delivery``: the webhook delivery of this step; run again with it (its first
        run's process died), the step starts again from the state before it, and its
        dialog turn says what it said (:class:`dialogs.engine.Engine`).
        """
        async with self.store.hold(f"call:{call}"):
            raw = await self._before(call, delivery)
            state = CallState.from_json(raw) if raw else CallState(
                call, normalize(phone) if phone else None, called)
            state.delivery = delivery
            step = await self._step(state, heard, missed)
            state.seq += 1
            state.before = _previous(raw) if delivery and raw else ""
            await self.store.save_call(call, state.to_json(), self.clock.now())
            return state, step

    async def _before(self, call: str, delivery: str | None) -> str | None:
        """The stored state, or the one before it when this very delivery saved it."""
        raw = await self.store.load_call(call)
        if raw is None or delivery is None:
            return raw
        last = json.loads(raw)
        return raw if last.get("delivery") != delivery else last.get("before") or None

    async def state(self, call: str) -> CallState | None:
        """The call's state as stored (None: no such call)."""
        raw = await self.store.load_call(call)
        return CallState.from_json(raw) if raw else None

    @property
    def today(self) -> datetime.date:
        return self.clock.now().astimezone(BRUSSELS).date()

    def _turn(self, state: CallState, heard: Heard, missed: bool) -> CallTurn:
        """What was heard, as the call dialog hears it: a command key, words, or keys."""
        base = CallTurn(state.key, state.phone, self.config.language_of(state.called),
                        delivery=state.delivery)
        keys = heard.digits or None
        if missed:
            return CallTurn(base.key, base.phone, base.configured, missed=True,
                            delivery=state.delivery)
        in_dialog = state.record.stage == "dialog"
        asked = state.asked if in_dialog else None
        command = keypad_command(keys, asked) if keys else None
        text = keypad_text(keys, asked, state.offered, state.page) if keys and in_dialog \
            else None
        return CallTurn(base.key, base.phone, base.configured, text or heard.speech,
                        None if command or text else keys, command, delivery=state.delivery)

    async def _step(self, state: CallState, heard: Heard, missed: bool) -> Step:
        if (not missed and state.asked == WORKER_TYPE and heard.digits == MORE
                and len(state.offered) > PAGE):  # the next page of worker types
            state.page = (state.page + 1) % -(-len(state.offered) // PAGE)
            words = tuple((category, tuple(phrases)) for category, phrases in state.words)
            return page_step(state.offered, state.page, state.record.lang, self.today, words)
        reply = await self.dialog.step(state.record, self._turn(state, heard, missed),
                                       self.today)
        filed = pending(reply)
        if filed and state.phone:  # a pending declaration's final result goes out by SMS
            await self.watchers.watch(filed, f"sms:{state.phone}", reply.language)
        state.asked = reply.expect.field
        types = state.asked == WORKER_TYPE
        state.offered = keyed(reply) if types else []
        state.words = [(c, list(p)) for c, p in reply.vocabulary] if types else []
        state.page = 0
        return reply_step(reply, self.today, self.config.transfer)
