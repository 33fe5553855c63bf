"""The Kannel SMS webhook, ``GET``/``POST /sms/kannel``: an sms-service's ``get-url``.

Kannel passes ``from=%p&to=%P&text=%a&id=%I&secret=S``; the reply is the body
(``text/plain``), with ``X-Kannel-Coding: 2`` when it needs UCS-2.
"""

from __future__ import annotations

from typing import ClassVar, Final

from aiohttp import web
from pydantic import BaseModel, Field, SecretStr

from channels.common.webhooks import guard, params, secret_matches
from channels.sms.flow import SmsFlow
from channels.sms.segments import encoding

__all__ = ["PATH", "KannelSettings", "kannel_sms_app"]

PATH: Final = "/sms/kannel"
_FLOW: Final = web.AppKey("sms_flow", SmsFlow)


class KannelSettings(BaseModel):
    SECRET: ClassVar[str] = "kannel_secret"
    SWITCH: ClassVar[str] = "kannel"

    kannel: bool = Field(True, description="serve /sms/kannel (--no-kannel: not mounted)")
    kannel_secret: SecretStr | None = Field(None, description="require secret=... on /sms/kannel")
    kannel_sendsms_url: str | None = Field(
        None, description="Kannel sendsms URL for notifications "
                          "(e.g. http://127.0.0.1:13013/cgi-bin/sendsms)")
    kannel_user: str | None = Field(None, description="Kannel sendsms user")
    kannel_password: SecretStr | None = Field(None, description="Kannel sendsms password")
    kannel_sender: str | None = Field(None, description="sender number of notifications")


async def _has_secret(request: web.Request, secret: str) -> bool:
    return secret_matches(await params(request), secret)


async def kannel_sms(request: web.Request) -> web.Response:
    found = await params(request)
    delivery = found.get("id")
    text = await request.app[_FLOW].answer(found.get("from", ""), found.get("text", ""),
                                           f"kannel:{delivery}" if delivery else None)
    headers = {"X-Kannel-Coding": "2"} if encoding(text) == "ucs2" else {}
    return web.Response(text=text, content_type="text/plain", charset="utf-8", headers=headers)


def kannel_sms_app(flow: SmsFlow, settings: KannelSettings, open_loopback: bool
                   ) -> web.Application:
    """The gateway, to mount at :data:`PATH`; ``secret=`` must match, or 403."""
    app = web.Application(middlewares=[guard(settings.kannel_secret, open_loopback, _has_secret)])
    app[_FLOW] = flow
    app.router.add_get("", kannel_sms)
    app.router.add_post("", kannel_sms)
    return app
