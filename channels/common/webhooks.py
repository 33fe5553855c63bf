"""What every webhook needs from a request: Twilio's signature, and its parameters."""

from __future__ import annotations

import hmac
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy
from twilio.request_validator import RequestValidator

from server.appkeys import SETTINGS

__all__ = ["check_secret", "params", "twilio_signed"]


def twilio_signed(request: web.Request, form: MultiDictProxy[str | bytes | Any]) -> bool:
    """``X-Twilio-Signature`` over the public URL the platform called (not the internal one).

    Without a configured auth token, every request passes.
    """
    settings = request.app[SETTINGS]
    if not settings.twilio_auth_token:
        return True
    base = (settings.public_url or f"{request.scheme}://{request.host}").rstrip("/")
    signature = request.headers.get("X-Twilio-Signature", "")
    return bool(RequestValidator(settings.twilio_auth_token).validate(
        base + request.path_qs, form, signature))


def check_secret(expected: str | None, found: dict[str, str]) -> None:
    """A shared ``secret=`` parameter, when one is configured (compared in constant time)."""
    if expected and not hmac.compare_digest(found.get("secret", "").encode(), expected.encode()):
        raise web.HTTPForbidden(text="invalid secret")


async def params(request: web.Request) -> dict[str, str]:
    """The query string, and for a POST its form on top (Kannel and VoiceXML send either)."""
    found = dict(request.query)
    if request.method == "POST":
        found.update({k: str(v) for k, v in (await request.post()).items()})
    return found
