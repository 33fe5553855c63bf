"""Typed keys of the root application: what the server built, for its own tasks and tests.

Gateways keep keys of their own, private to their sub-application, and are given
their parts when they are built (:mod:`server.app`): none of them reads these.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from channels.batch.process import Processor
from channels.common.principals import Authenticator
from channels.sms.ratelimit import RateLimit
from channels.voice.call import Desk
from core.service import Declarations
from core.store import Store
from dialogs.engine import Engine
from server.settings import Settings

__all__ = ["AUTH", "BATCHES", "DECLARATIONS", "DESK", "ENGINE", "LIMITS", "SETTINGS", "STORE"]

SETTINGS: Final = web.AppKey("settings", Settings)
STORE: Final = web.AppKey("store", Store)
DECLARATIONS: Final = web.AppKey("declarations", Declarations)
ENGINE: Final = web.AppKey("engine", Engine)
LIMITS: Final = web.AppKey("limits", RateLimit)
DESK: Final = web.AppKey("desk", Desk)  # phone calls (TwiML and VoiceXML)
BATCHES: Final = web.AppKey("batches", Processor)  # this process's batch processor
AUTH: Final = web.AppKey("auth", Authenticator)  # bearer keys to principals (API, pages)
