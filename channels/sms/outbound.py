"""Outbound SMS (final notifications): an interface, and Kannel's ``sendsms``."""

from __future__ import annotations

from typing import Protocol

import aiohttp

from channels.sms.segments import encoding

__all__ = ["KannelSender", "Sender"]

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
        async with aiohttp.ClientSession(timeout=_TIMEOUT) as session, session.get(self.url, params=params) as r:
            r.raise_for_status()
