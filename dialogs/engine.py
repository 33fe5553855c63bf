"""The dialog engine: a neutral turn in, a neutral reply out.

Per turn: load the conversation record, understand the utterance, take every
field it carries, let the core say what is wrong and what is still needed,
fire the move on its dialog's shared machine, save it. Turns of one
conversation take turns through the store's hold: in this process (in
arrival order) and across every process sharing the store.

A turn answering a webhook delivery (``Turn.delivery``) saves, with the record,
the delivery id and the record it started from. When its process dies before the
gateway got the reply, the retry (:mod:`channels.common.deliveries`) runs the turn
again: from the record before it when the first run had saved, and its filing, if
it filed, is found by the delivery id (:meth:`core.service.Declarations.submit`).
So the retry says what the first run said, and nothing is filed twice.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from typing import Any

from core.clock import BRUSSELS, Clock
from core.service import Declarations
from core.store import ConversationStore
from dialogs.flows import build_machines
from dialogs.record import Conversation
from dialogs.session import Session
from dialogs.turn import Channel, Reply, Turn
from dialogs.vocabulary import vocabulary
from dialogs.voicing import for_voice

__all__ = ["Engine"]


class Engine:
    """Runs turns for every conversation; one engine per process."""

    def __init__(self, service: Declarations, conversations: ConversationStore, clock: Clock, *,
                 idle: datetime.timedelta = datetime.timedelta(minutes=30),
                 transfer: str | None = None) -> None:
        self.service = service
        self.conversations = conversations
        self.clock = clock
        self.idle = idle
        self.transfer = transfer
        self.machines = build_machines()

    async def handle(self, turn: Turn) -> Reply:
        """Process one turn; turns of one conversation run one at a time, in order."""
        async with self.conversations.hold(turn.key):
            return await self._handle(turn)

    async def language(self, key: str) -> str | None:
        """The language of a stored conversation (None: there is none)."""
        stored = await self.conversations.load_conversation(key)
        return Conversation.from_json(stored).lang if stored else None

    async def set_language(self, key: str, lang: str) -> None:
        """Make ``lang`` the language of a conversation, stored or new."""
        async with self.conversations.hold(key):
            stored = await self.conversations.load_conversation(key)
            conv = Conversation.from_json(stored) if stored else Conversation(key)
            conv.lang = lang
            now = self.clock.now()
            conv.updated = conv.updated or now.isoformat()
            await self.conversations.save_conversation(key, conv.to_json(), now)

    async def _handle(self, turn: Turn) -> Reply:
        now = self.clock.now()
        stored = await self._stored(turn)
        # before the session: the record it runs on shares the stored record's values
        before = Conversation.previous_data(stored) if turn.delivery and stored else ""
        conv, expired = self._load(stored, turn, now)
        session = Session(self, conv, turn, now.astimezone(BRUSSELS).date())
        reply = await session.run(expired)
        conv = session.conv  # a restart replaces the record
        if reply.ended:
            conv = Conversation(turn.key, lang=conv.lang)
        conv.updated = now.isoformat()
        conv.delivery = turn.delivery
        conv.before = before
        await self.conversations.save_conversation(turn.key, conv.to_json(), now)
        reply = replace(reply, language=session.conv.lang)
        if turn.channel is Channel.VOICE:  # worded for the phone, with what may be said
            reply = replace(reply, messages=for_voice(reply.messages))
            reply = replace(reply, vocabulary=vocabulary(reply))
        return reply

    async def _stored(self, turn: Turn) -> dict[str, Any] | None:
        """The record this turn starts from, read from its JSON once: the stored one, or,
        when the stored one was saved by this very delivery (its process died before the
        reply went out), the record before it (None: a new conversation)."""
        stored = await self.conversations.load_conversation(turn.key)
        if stored is None:
            return None
        data: dict[str, Any] = json.loads(stored)
        if turn.delivery is None:
            return data
        last = Conversation.from_data(data)
        if last.delivery != turn.delivery:
            return data
        return json.loads(last.before) if last.before else None

    def _load(self, stored: dict[str, Any] | None, turn: Turn, now: datetime.datetime
              ) -> tuple[Conversation, bool]:
        fresh = Conversation(turn.key, lang=turn.caller.language or "fr")
        if stored is None:
            return fresh, False
        conv = Conversation.from_data(stored)
        if conv.idle_since(now) > self.idle and conv.state not in ("menu", "done"):
            return Conversation(turn.key, lang=conv.lang), True
        return conv, False
