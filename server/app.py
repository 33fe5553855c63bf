"""The aiohttp application: one factory, the store opened once, the channels mounted."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from channels.rest.api import api_app
from channels.voice.call import Desk
from server.appkeys import DECLARATIONS, DESK, ENGINE, LIMITS, SETTINGS, STORE
from channels.sms.ratelimit import RateLimit
from channels.sms.flow import sms_routes
from server.settings import Settings
from server.upkeep import purge_old
from channels.voice.config import VoiceConfig
from channels.voice.twiml import twilio_voice_routes
from channels.voice.vxml_http import vxml_routes
from core.clock import Clock, SystemClock
from core.demo import load_demo
from core.service import Declarations
from dialogs.engine import Engine
from core.store import open_store

__all__ = ["create_app"]

_NOTIFY_EVERY = 30.0  # seconds
_PURGE_EVERY_TICKS = 120  # of _NOTIFY_EVERY: once an hour, the first time at start


async def create_app(settings: Settings, clock: Clock | None = None) -> web.Application:
    """Open the store (migrating it), load demo data if asked, mount every channel."""
    store = await open_store(settings.db)
    if settings.demo:
        await load_demo(store)
    app = web.Application()
    app[SETTINGS] = settings
    app[STORE] = store
    clock = clock or SystemClock()
    app[DECLARATIONS] = Declarations(store, clock)
    app[ENGINE] = Engine(app[DECLARATIONS], clock, transfer=settings.transfer_number,
                         idle=datetime.timedelta(minutes=settings.idle_minutes))
    app[LIMITS] = RateLimit(settings.sms_rate)
    app.add_subapp("/api/v1", api_app(app))
    sms_routes(app)
    app[DESK] = Desk(store, app[ENGINE], VoiceConfig.from_settings(settings), clock)
    twilio_voice_routes(app)
    vxml_routes(app)
    app.router.add_get("/health", _health)

    async def close_store(_: web.Application) -> None:
        await store.close()

    app.on_cleanup.append(close_store)
    app.cleanup_ctx.append(_notifier)
    return app


async def _notifier(app: web.Application) -> AsyncIterator[None]:
    """Resolve pending declarations now and then, and send the final notifications."""
    from server.operator import sender_from
    from channels.sms.notify import resolve_and_notify

    async def loop() -> None:
        ticks = 0
        while True:
            await asyncio.sleep(_NOTIFY_EVERY)
            try:
                await resolve_and_notify(app[DECLARATIONS], sender_from(app[SETTINGS]))
                ticks += 1
                if ticks % _PURGE_EVERY_TICKS == 1:
                    await purge_old(app[STORE], app[ENGINE].clock.now())
            except Exception:  # noqa: BLE001 - a gateway down must not stop the service
                logging.getLogger(__name__).exception("background work failed")

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
