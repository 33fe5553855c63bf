"""Twilio-compatible platforms (Twilio, SignalWire, Telnyx TeXML): settings and signature.

SMS (:mod:`channels.sms.twilio`) and voice (:mod:`channels.voice.twiml`) share
one account: one auth token, one public URL.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlparse

from aiohttp import web
from aiohttp.typedefs import Middleware
from pydantic import BaseModel, Field, SecretStr
from twilio.request_validator import RequestValidator, add_port, compare, remove_port

from channels.common.webhooks import guard

__all__ = ["TwilioSettings", "twilio_guard", "twilio_signed"]


class TwilioSettings(BaseModel):
    SECRET: ClassVar[str] = "twilio_auth_token"
    SWITCH: ClassVar[str] = "twilio"
    #: Off loopback the signature must be checked against the URL the platform calls.
    NEEDS: ClassVar[tuple[str, ...]] = ("public_url",)

    twilio: bool = Field(
        True, description="serve /sms/twilio and /voice/twilio (--no-twilio: not mounted)")
    public_url: str | None = Field(
        None, description="base URL the gateways call, for signatures (https://PUBLIC)")
    twilio_auth_token: SecretStr | None = Field(
        None, description="check X-Twilio-Signature with this auth token")


async def twilio_signed(request: web.Request, token: str, public_url: str | None) -> bool:
    """``X-Twilio-Signature`` over the public URL the platform called (not the internal one)."""
    base = (public_url or f"{request.scheme}://{request.host}").rstrip("/")
    form = await request.post() if request.method == "POST" else {}
    signature = request.headers.get("X-Twilio-Signature", "")
    return _valid(RequestValidator(token), base + request.path_qs, form, signature)


def _valid(validator: RequestValidator, uri: str, form: Any, signature: str) -> bool:
    """``RequestValidator.validate`` for a form: the signature over the URL without its
    port or with it; the one the URL has tried first, the other only when it fails
    (``validate`` computes both, an HMAC and the sorted parameters each, every request).

    >>> v, url = RequestValidator("t"), "https://example.org/sms/twilio"
    >>> form = {"From": "+32470123456", "Body": "oui"}
    >>> [_valid(v, u, form, v.compute_signature(s, form)) == v.validate(u, form,
    ...  v.compute_signature(s, form)) for u in (url, url.replace(".org", ".org:443"))
    ...  for s in (url, url.replace(".org", ".org:443"), url + "x")]
    [True, True, True, True, True, True]
    """
    parsed = urlparse(uri)
    first, second = (add_port, remove_port) if parsed.port else (remove_port, add_port)
    return any(compare(validator.compute_signature(variant(parsed), form), signature)
               for variant in (first, second))


def twilio_guard(settings: TwilioSettings, open_loopback: bool) -> Middleware:
    """The guard of a Twilio gateway: a valid signature, or 403."""

    async def check(request: web.Request, token: str) -> bool:
        return await twilio_signed(request, token, settings.public_url)

    return guard(settings.twilio_auth_token, open_loopback, check, reason="invalid signature")
