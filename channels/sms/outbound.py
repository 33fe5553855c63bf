"""Outbound SMS (final notifications): an interface, and Kannel's ``sendsms``."""

from __future__ import annotations

from typing import Protocol

import aiohttp

from channels.sms.kannel import KannelSettings
from channels.sms.segments import encoding

__all__ = ["KannelSender", "Sender", "sender_from"]

_TIMEOUT = aiohttp.ClientTimeout(total=10)  # a stuck gateway must not hold the notifier


class Sender(Protocol):
    async def send(self, to: str, text: str) -> None: ...


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


def sender_from(settings: KannelSettings) -> Sender | None:
    """Kannel's ``sendsms`` when it is configured, else nothing goes out."""
    if not (settings.kannel_sendsms_url and settings.kannel_user):
        return None
    password = settings.kannel_password.get_secret_value() if settings.kannel_password else ""
    return KannelSender(settings.kannel_sendsms_url, settings.kannel_user, password,
                        settings.kannel_sender)
