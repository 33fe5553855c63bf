"""The Twilio-compatible SMS webhook, ``POST /sms/twilio``: form in, TwiML ``<Message>`` out."""

from __future__ import annotations

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
    twiml = MessagingResponse()
    if text:
        twiml.message(text)
    return web.Response(text=str(twiml), content_type="application/xml")


def twilio_sms_app(flow: SmsFlow, settings: TwilioSettings, open_loopback: bool
                   ) -> web.Application:
    """The gateway, to mount at :data:`PATH`; every request signed, or 403."""
    app = web.Application(middlewares=[twilio_guard(settings, open_loopback)])
    app[_FLOW] = flow
    app.router.add_post("", twilio_sms)
    return app
