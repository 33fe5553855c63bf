"""SMS webhooks: Twilio-compatible (TwiML) and Kannel (text/plain), one flow behind both.

Each gateway only translates its wire format: the phone, the text and the
delivery id go to :func:`answer_sms`, which claims the delivery, finds who
may declare, runs the dialog and composes a reply that fits two SMS parts.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web
from twilio.twiml.messaging_response import MessagingResponse

from server.appkeys import ENGINE, LIMITS, SETTINGS, STORE
from channels.common.phones import normalize
from channels.common.deliveries import first_reply
from channels.common.webhooks import check_secret, params, twilio_signed
from channels.sms.segments import compose, encoding
from dialogs.turn import Caller, Channel, Reply, Turn
from locales import Message, localize

__all__ = ["answer_sms", "sms_routes"]

#: An unknown phone is told how to enroll in the three national languages.
_UNKNOWN_LANGUAGES: Final = ("fr", "nl", "de")


async def _caller(app: web.Application, phone: str) -> Caller | None:
    enrollments = await app[STORE].phone_enrollments(phone)
    if not enrollments:
        return None
    numbers = tuple(e.employer.number for e in enrollments)
    return Caller(phone, numbers, enrollments[0].conversation_language)


def _unknown_phone() -> str:
    """How to enroll, in the three national languages: nothing about anyone."""
    return compose([localize(Message("sms.unknown_phone"), lang) for lang in _UNKNOWN_LANGUAGES])


def _text(reply: Reply) -> str:
    return compose([localize(m, reply.language) for m in reply.messages])


async def _dialog(app: web.Application, phone: str, text: str) -> str:
    caller = await _caller(app, phone)
    if caller is None:
        return _unknown_phone()
    if not app[LIMITS].allow(phone, app[ENGINE].clock.now()):
        return localize(Message("sms.slow_down"), caller.language or "fr")
    reply = await app[ENGINE].handle(Turn(f"sms:{phone}", Channel.SMS, text=text, caller=caller))
    if reply.result == "S" and reply.declaration:
        await app[STORE].watch(reply.declaration, f"sms:{phone}")
    return _text(reply)


async def answer_sms(app: web.Application, sender: str, text: str, delivery: str | None) -> str:
    """The reply to one incoming SMS; the same delivery id never counts twice."""
    store, key = app[STORE], f"sms:{delivery}" if delivery else None
    if key and not await store.claim_delivery(key, app[ENGINE].clock.now()):
        return await first_reply(app[STORE], key) or ""
    phone = normalize(sender)
    reply = await _dialog(app, phone, text) if phone else _unknown_phone()
    if key:
        await store.finish_delivery(key, reply)
    return reply


# -- Twilio ---------------------------------------------------------------------------


async def twilio_sms(request: web.Request) -> web.Response:
    form = await request.post()
    if not twilio_signed(request, form):
        raise web.HTTPForbidden(text="invalid signature")
    sid = str(form.get("MessageSid") or form.get("SmsSid") or "") or None
    text = await answer_sms(request.app, str(form.get("From", "")), str(form.get("Body", "")),
                            f"twilio:{sid}" if sid else None)
    twiml = MessagingResponse()
    if text:
        twiml.message(text)
    return web.Response(text=str(twiml), content_type="application/xml")


# -- Kannel ---------------------------------------------------------------------------


async def kannel_sms(request: web.Request) -> web.Response:
    found = await params(request)
    check_secret(request.app[SETTINGS].kannel_secret, found)
    delivery = found.get("id")
    text = await answer_sms(request.app, found.get("from", ""), found.get("text", ""),
                            f"kannel:{delivery}" if delivery else None)
    headers = {"X-Kannel-Coding": "2"} if encoding(text) == "ucs2" else {}
    return web.Response(text=text, content_type="text/plain", charset="utf-8", headers=headers)


def sms_routes(app: web.Application) -> None:
    app.router.add_post("/sms/twilio", twilio_sms)
    app.router.add_get("/sms/kannel", kannel_sms)
    app.router.add_post("/sms/kannel", kannel_sms)
