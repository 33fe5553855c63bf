"""The Twilio-compatible SMS webhook, ``POST /sms/twilio``: form in, TwiML ``<Message>`` out."""

from __future__ import annotations

import functools
from typing import Final

from aiohttp import web
from twilio.twiml.messaging_response import MessagingResponse

from channels.common.twilio import TwilioSettings, twilio_guard
from channels.sms.flow import SmsFlow

__all__ = ["PATH", "twilio_sms_app"]

PATH: Final = "/sms/twilio"
_FLOW: Final = web.AppKey("sms_flow", SmsFlow)


async def twilio_sms(request: web.Request) -> web.Response:
    form = await request.post()
    sid = str(form.get("MessageSid") or form.get("SmsSid") or "") or None
    text = await request.app[_FLOW].answer(str(form.get("From", "")), str(form.get("Body", "")),
                                           f"twilio:{sid}" if sid else None)
    return web.Response(text=_twiml(text), content_type="application/xml")


@functools.lru_cache(maxsize=1024)  # most replies are the same few questions
def _twiml(text: str) -> str:
    """The TwiML answering with ``text`` (none when it is empty)."""
    twiml = MessagingResponse()
    if text:
        twiml.message(text)
    return str(twiml)


def twilio_sms_app(flow: SmsFlow, settings: TwilioSettings, open_loopback: bool
                   ) -> web.Application:
    """The gateway, to mount at :data:`PATH`; every request signed, or 403."""
    app = web.Application(middlewares=[twilio_guard(settings, open_loopback)])
    app[_FLOW] = flow
    app.router.add_post("", twilio_sms)
    return app
