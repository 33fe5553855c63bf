"""One SMS flow behind every SMS gateway: claim the delivery, find who may declare, talk.

Each gateway (:mod:`channels.sms.twilio`, :mod:`channels.sms.kannel`) only
translates its wire format: the phone, the text and the delivery id go to
:meth:`SmsFlow.answer`, which claims the delivery, finds who may declare, runs
the dialog and renders its reply as one SMS (:mod:`channels.sms.render`): whole, within
the parts allowed (``--sms-max-parts``) when it can be.
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, Field

from channels.common.deliveries import answer_once
from channels.common.dialog import Dialog
from channels.common.metrics import refused
from channels.common.phones import normalize
from channels.sms.ratelimit import RateLimit
from channels.sms.render import sms_text
from channels.sms.segments import MAX_SEGMENTS, compose
from core.clock import Clock
from core.model import Result
from core.store import DeliveryStore, EnrollmentStore, WatcherStore
from dialogs.turn import Caller, Channel, Turn
from locales import Message, localize

__all__ = ["SmsFlow", "SmsPartsSettings", "SmsSettings"]

#: An unknown phone is told how to enroll in the three national languages.
_UNKNOWN_LANGUAGES: Final = ("fr", "nl", "de")
#: The longest text read (Twilio's own limit for one message, ten parts): longer ones are
#: answered that they are too long, and never understood (it would cost seconds of CPU).
LONGEST: Final = 1600


class SmsPartsSettings(BaseModel):
    """How long an SMS may be: every command that sends one reads it (serve, registry)."""

    sms_max_parts: int = Field(
        MAX_SEGMENTS, ge=1, le=10,
        description="SMS parts a reply may use (Twilio takes 1,600 characters: 10 parts; "
                    "set Kannel's max-messages to at least this); a summary that does not "
                    "fit is written compact, and nothing is ever cut")


class SmsSettings(SmsPartsSettings):
    sms_rate: int = Field(10, ge=1, description="messages a phone may send per minute")


def _unknown_phone(max_parts: int) -> str:
    """How to enroll, in the three national languages: nothing about anyone."""
    return compose([localize(Message("sms.unknown_phone"), lang) for lang in _UNKNOWN_LANGUAGES],
                   max_parts)


class SmsFlow:
    """Answers incoming SMS, whatever the gateway; one per process."""

    def __init__(self, dialog: Dialog, clock: Clock, *, deliveries: DeliveryStore,
                 enrollments: EnrollmentStore, watchers: WatcherStore, limits: RateLimit,
                 max_parts: int) -> None:
        self.dialog, self.clock, self.limits, self.max_parts = dialog, clock, limits, max_parts
        self.deliveries, self.enrollments, self.watchers = deliveries, enrollments, watchers

    async def answer(self, sender: str, text: str, delivery: str | None) -> str:
        """The reply to one incoming SMS; the same delivery id never counts twice."""

        key = f"sms:{delivery}" if delivery is not None else None

        async def work() -> str:
            phone = normalize(sender)
            return await self._dialog(phone, text, key) if phone \
                else _unknown_phone(self.max_parts)

        if key is None:
            return await work()
        return await answer_once(self.deliveries, key, self.clock.now(), work) or ""

    async def _caller(self, phone: str) -> Caller | None:
        enrollments = await self.enrollments.phone_enrollments(phone)
        if not enrollments:
            return None
        numbers = tuple(e.employer.number for e in enrollments)
        return Caller(phone, numbers, enrollments[0].conversation_language)

    async def _say(self, key: str, caller: Caller, message: Message) -> str:
        """A refusal in the conversation's language (the phone's before there is one)."""
        lang = await self.dialog.language(key) or caller.language or "fr"
        return compose([localize(message, lang)], self.max_parts)

    async def _dialog(self, phone: str, text: str, delivery: str | None) -> str:
        caller = await self._caller(phone)
        if caller is None:
            return _unknown_phone(self.max_parts)
        key = f"sms:{phone}"
        if not await self.limits.allow(phone, self.clock.now()):
            refused("rate_limited")
            return await self._say(key, caller, Message("sms.slow_down"))
        if len(text) > LONGEST:
            refused("sms_too_long")
            return await self._say(key, caller, Message("sms.too_long", {"limit": LONGEST}))
        reply = await self.dialog.handle(
            Turn(key, Channel.SMS, text=text, caller=caller, delivery=delivery))
        if reply.outcome is Result.PENDING and reply.filed is not None:
            await self.watchers.watch(reply.filed.declaration_id, f"sms:{phone}",
                                      reply.language)
        return sms_text(reply, self.max_parts)
