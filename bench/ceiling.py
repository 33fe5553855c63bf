"""The ceiling: a bare aiohttp handler that checks a Twilio signature and returns TwiML.

``python bench/ceiling.py PORT`` serves ``POST /sms/twilio`` exactly as the real
webhook's outer shell does (``await request.post()``, ``RequestValidator`` on
the request URL, ``MessagingResponse`` with a reply of realistic length), and
nothing else: no store, no dialog. Whatever the service does above this is ours.
"""

from __future__ import annotations

import sys

from aiohttp import web
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

TOKEN = "bench-auth-token"
REPLY = ("Quelle commission paritaire ? 124, 140, 144, 145, 149, 302 (horeca), 320, 322, "
         "ou XXX pour tout autre secteur.")


async def sms(request: web.Request) -> web.Response:
    form = await request.post()
    url = f"{request.scheme}://{request.host}{request.path_qs}"
    if not RequestValidator(TOKEN).validate(url, form, request.headers.get("X-Twilio-Signature",
                                                                           "")):
        raise web.HTTPForbidden(text="invalid signature")
    twiml = MessagingResponse()
    twiml.message(REPLY)
    return web.Response(text=str(twiml), content_type="application/xml")


async def health(request: web.Request) -> web.Response:
    return web.Response(text="ok")


def main() -> None:
    app = web.Application()
    app.router.add_post("/sms/twilio", sms)
    app.router.add_get("/health", health)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)


if __name__ == "__main__":
    main()
