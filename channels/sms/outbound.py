"""Outbound SMS (final notifications): an interface, Kannel's ``sendsms`` and Twilio's
Messages API.

Twilio's goes through the ``twilio`` package's REST client (``messages.create_async``)
on an HTTP client whose base URL is a setting (``--twilio-api-url``, Twilio's own by
default), so a test points it at a local stand-in that checks each request as Twilio
does: Basic auth with the account SID and auth token, ``To``, ``From`` (or
``MessagingServiceSid``) and ``Body`` posted to
``/2010-04-01/Accounts/{AccountSid}/Messages.json``.
"""

from __future__ import annotations

import base64
from typing import Any, Final, Protocol

import aiohttp
from pydantic import BaseModel, Field, SecretStr
from twilio.base.exceptions import TwilioException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from channels.sms.segments import encoding

__all__ = ["KannelSender", "Outbound", "SendFailed", "Sender", "TwilioOutboundSettings",
           "TwilioSender", "sender_from"]

_TIMEOUT = aiohttp.ClientTimeout(total=10)  # a stuck gateway must not hold the notifier
_TWILIO_API: Final = "https://api.twilio.com"


class SendFailed(Exception):
    """The gateway did not take the message."""


class Sender(Protocol):
    """Sends SMS; one per process (or command), closed when it is done."""

    async def send(self, to: str, text: str) -> None: ...
    async def close(self) -> None: ...


class TwilioOutboundSettings(BaseModel):
    twilio_account_sid: str | None = Field(
        None, description="Twilio account SID (AC...): final notifications by Twilio's "
                          "Messages API, with --twilio-auth-token")
    twilio_from: str | None = Field(None, description="sender number of Twilio notifications")
    twilio_messaging_service_sid: str | None = Field(
        None, description="or the Twilio messaging service (MG...) that sends them")
    twilio_api_url: str = Field(_TWILIO_API, description="base URL of Twilio's REST API")


class KannelSender:
    """``GET /cgi-bin/sendsms``; UCS-2 (``coding=2``) when accents need it."""

    def __init__(self, url: str, user: str, password: str, sender: str | None = None) -> None:
        self.url, self.user, self.password, self.sender = url, user, password, sender

    async def send(self, to: str, text: str) -> None:
        params = {"username": self.user, "password": self.password, "to": to, "text": text,
                  "charset": "UTF-8"}
        if self.sender:
            params["from"] = self.sender
        if encoding(text) == "ucs2":
            params["coding"] = "2"
        async with (aiohttp.ClientSession(timeout=_TIMEOUT) as session,
                    session.get(self.url, params=params) as r):
            r.raise_for_status()

    async def close(self) -> None:
        """Nothing held: each message has its own session."""


class _Based(AsyncTwilioHttpClient):  # type: ignore[misc]
    """Twilio's asyncio HTTP client, sending to ``base`` instead of Twilio's host; Basic
    auth as a header (aiohttp deprecates its ``auth`` parameter, which the client uses)."""

    def __init__(self, base: str) -> None:
        super().__init__(timeout=10)
        self.base = base.rstrip("/")

    async def request(self, method: str, url: str, *args: Any,
                      auth: tuple[str, str] | None = None, **kwargs: Any) -> Any:
        if url.startswith(_TWILIO_API):
            url = self.base + url.removeprefix(_TWILIO_API)
        if auth is not None:
            basic = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            kwargs["headers"] = {**(kwargs.get("headers") or {}),
                                 "Authorization": f"Basic {basic}"}
        return await super().request(method, url, *args, **kwargs)


class TwilioSender:
    """``POST /2010-04-01/Accounts/{sid}/Messages.json`` through the ``twilio`` client,
    on one pooled HTTP session: build one per process and :meth:`close` it."""

    def __init__(self, account_sid: str, token: str, *, sender: str | None = None,
                 service: str | None = None, api_url: str = _TWILIO_API) -> None:
        self.sender, self.service = sender, service
        self.http = _Based(api_url)
        self.client = Client(account_sid, token, http_client=self.http)

    async def close(self) -> None:
        await self.http.close()

    async def send(self, to: str, text: str) -> None:
        origin: dict[str, str] = ({"messaging_service_sid": self.service} if self.service
                                  else {"from_": self.sender or ""})
        try:
            await self.client.messages.create_async(to=to, body=text, **origin)
        except TwilioException as error:
            raise SendFailed(str(error)) from None


class Outbound(Protocol):
    """The settings :func:`sender_from` reads: Kannel's and Twilio's slices (the server's
    and the registry commands' settings hold both)."""

    @property
    def kannel_sendsms_url(self) -> str | None: ...
    @property
    def kannel_user(self) -> str | None: ...
    @property
    def kannel_password(self) -> SecretStr | None: ...
    @property
    def kannel_sender(self) -> str | None: ...
    @property
    def twilio_auth_token(self) -> SecretStr | None: ...
    @property
    def twilio_account_sid(self) -> str | None: ...
    @property
    def twilio_from(self) -> str | None: ...
    @property
    def twilio_messaging_service_sid(self) -> str | None: ...
    @property
    def twilio_api_url(self) -> str: ...


def sender_from(settings: Outbound) -> Sender | None:
    """Twilio's Messages API when its account, token and sender are set, else Kannel's
    ``sendsms`` when it is configured, else nothing goes out."""
    sid, token = settings.twilio_account_sid, settings.twilio_auth_token
    sender, service = settings.twilio_from, settings.twilio_messaging_service_sid
    if sid and token and (sender or service):
        return TwilioSender(sid, token.get_secret_value(), sender=sender, service=service,
                            api_url=settings.twilio_api_url)
    if not (settings.kannel_sendsms_url and settings.kannel_user):
        return None
    password = settings.kannel_password.get_secret_value() if settings.kannel_password else ""
    return KannelSender(settings.kannel_sendsms_url, settings.kannel_user, password,
                        settings.kannel_sender)
