"""Typed application keys shared by the channel sub-apps."""

from __future__ import annotations

from aiohttp import web

from channels.voice.call import Desk
from channels.sms.ratelimit import RateLimit
from server.settings import Settings
from core.service import Declarations
from core.store import Store
from dialogs.engine import Engine

__all__ = ["DECLARATIONS", "DESK", "ENGINE", "LIMITS", "SETTINGS", "STORE"]

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)  # type: ignore[type-abstract]
DECLARATIONS = web.AppKey("declarations", Declarations)
ENGINE = web.AppKey("engine", Engine)
LIMITS = web.AppKey("limits", RateLimit)
DESK = web.AppKey("desk", Desk)  # phone calls (TwiML and VoiceXML)
