"""The VoiceXML endpoint, ``GET``/``POST /voice/vxml``: a call starts, then submits come back.

A voice server starts a call with ``?from=CALLER&to=CALLED&call=CALLID`` (and
``secret=`` when ``vxml_secret`` is set) and gets the first document. The
server answers with a new call token, unguessable; every later ``<submit>``
carries it with the step number, which make the delivery key: a submit
delivered twice gets the same document back and counts once.
"""

from __future__ import annotations

import secrets
from typing import ClassVar, Final

from aiohttp import web
from pydantic import BaseModel, Field, SecretStr

from channels.common.deliveries import answer_once
from channels.common.webhooks import guard, secret_matches
from channels.common.webhooks import params as request_params
from channels.voice.call import Desk
from channels.voice.step import DATE_FIELDS, HOUR_FIELDS, Heard
from channels.voice.vxml import PATH, render_vxml
from core.ids import is_digits
from core.store import DeliveryStore

__all__ = ["PATH", "VoiceXmlSettings", "heard_from_submit", "vxml_app"]

_DESK: Final = web.AppKey("desk", Desk)
_DELIVERIES: Final = web.AppKey("deliveries", DeliveryStore)
CONTENT_TYPE: Final = "application/voicexml+xml"
_MISSES: Final = frozenset({"noinput", "nomatch"})
_KEYS: Final = frozenset("0123456789*")


def _spoken_date(value: str) -> str:
    """The builtin date grammar's ``yyyymmdd`` (``????`` for no year) as the dialog writes it."""
    day, month, year = value[6:8], value[4:6], value[:4]
    return f"{day}/{month}" if "?" in year else f"{day}/{month}/{year}"


def _spoken_time(value: str) -> str:
    """The builtin time grammar's ``hhmm`` + a, p, h or ? as ``HH:MM``."""
    hours, minutes, suffix = int(value[:2]), value[2:4], value[4:5]
    if suffix == "p" and hours < 12:
        hours += 12
    return f"{hours:02d}:{minutes}"


def heard_from_submit(params: dict[str, str]) -> Heard:
    """What a submit carries, as the desk hears it.

    >>> heard_from_submit({"answer": "20261215", "mode": "voice", "field": "startDate"})
    Heard(digits=None, speech='15/12/2026')
    >>> heard_from_submit({"answer": "0630p", "mode": "voice", "field": "endHour"})
    Heard(digits=None, speech='18:30')
    >>> heard_from_submit({"answer": "true", "mode": "voice"}), heard_from_submit({"answer": "*"})
    (Heard(digits='1', speech=None), Heard(digits='*', speech=None))
    >>> heard_from_submit({"answer": "999", "mode": "voice", "field": "jointCommissionNumber"})
    Heard(digits='999', speech=None)
    """
    answer = (params.get("answer") or "").strip()
    field = params.get("field")
    if not answer or answer == "undefined":
        return Heard()
    if answer in ("true", "false"):
        return Heard(digits="1" if answer == "true" else "2")
    voice = params.get("mode") == "voice"
    if voice and field in DATE_FIELDS and len(answer) == 8:
        return Heard(speech=_spoken_date(answer))
    if voice and field in HOUR_FIELDS and len(answer) >= 4 and is_digits(answer[:4]):
        return Heard(speech=_spoken_time(answer))
    keys = answer.replace(" ", "")
    if set(keys) <= _KEYS:  # the digits grammar said or typed: keys either way
        return Heard(digits=keys)
    return Heard(speech=answer)


class VoiceXmlSettings(BaseModel):
    SECRET: ClassVar[str] = "vxml_secret"
    SWITCH: ClassVar[str] = "vxml"

    vxml: bool = Field(True, description="serve /voice/vxml (--no-vxml: not mounted)")
    vxml_secret: SecretStr | None = Field(
        None, description="required as secret=... to start a VoiceXML call")


async def _may_call(request: web.Request, secret: str) -> bool:
    """A call starts with the shared secret; its submits carry the call's own token."""
    found = await request_params(request)
    return "token" in found or secret_matches(found, secret)


def _document(text: str | None) -> web.Response:
    if text is None:
        raise web.HTTPServiceUnavailable(text="the first delivery of this step is not done")
    return web.Response(text=text, content_type=CONTENT_TYPE, charset="utf-8")


async def vxml(request: web.Request) -> web.Response:
    params = await request_params(request)
    desk = request.app[_DESK]
    token = params.get("token")
    if token is None:
        delivery = f"voice:vxml:start:{params.get('call') or secrets.token_hex(8)}"
    else:
        if await desk.state(f"vxml:{token}") is None:
            raise web.HTTPNotFound(text="no such call")
        delivery = f"voice:vxml:{token}:{params.get('step', '')}"

    async def work() -> str:
        if token is None:
            call = secrets.token_urlsafe(16)
            state, step = await desk.answer(f"vxml:{call}", Heard(), phone=params.get("from"),
                                            called=params.get("to"))
        else:
            call = token
            state, step = await desk.answer(f"vxml:{call}", heard_from_submit(params),
                                            missed=params.get("mode") in _MISSES,
                                            delivery=delivery)
        return render_vxml(step, call, state.seq, desk.config).decode()

    return _document(await answer_once(request.app[_DELIVERIES], delivery, desk.clock.now(),
                                       work))


def vxml_app(desk: Desk, deliveries: DeliveryStore, settings: VoiceXmlSettings,
             open_loopback: bool) -> web.Application:
    """The gateway, to mount at :data:`PATH`; a call starts with ``secret=``, or 403."""
    app = web.Application(middlewares=[guard(settings.vxml_secret, open_loopback, _may_call)])
    app[_DESK], app[_DELIVERIES] = desk, deliveries
    app.router.add_get("", vxml)
    app.router.add_post("", vxml)
    return app
