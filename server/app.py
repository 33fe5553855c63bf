"""The aiohttp application: the store opened once, the parts built, each gateway mounted.

The one place where the service is composed: every component is handed the
narrow store it needs (:mod:`core.store.protocols`), and each gateway is a
sub-application with its own settings slice and guard, listed in
:func:`_gateways` (a new gateway: one line there, one slice in
:class:`server.settings.Settings`).
"""

from __future__ import annotations

import datetime

from aiohttp import web

from channels.batch.http import add_batch_routes
from channels.batch.process import Processor
from channels.rest import api
from channels.sms import kannel, twilio
from channels.sms.flow import SmsFlow
from channels.sms.notify import resolve_and_notify
from channels.sms.outbound import sender_from
from channels.sms.ratelimit import RateLimit
from channels.voice import twiml, vxml_http
from channels.voice.call import Desk
from channels.voice.config import VoiceConfig
from core.clock import Clock, SystemClock
from core.demo import load_demo
from core.service import Declarations
from core.store import Store, open_store
from dialogs.engine import Engine
from server.appkeys import BATCHES, DECLARATIONS, DESK, ENGINE, LIMITS, SETTINGS, STORE
from server.settings import Settings
from server.upkeep import background, purge_old, running

__all__ = ["create_app", "desk_for", "engine_for", "processor_for"]


def engine_for(store: Store, clock: Clock, settings: Settings,
               service: Declarations | None = None) -> Engine:
    """The dialog engine: the core's service on the ledger, and the conversations' store."""
    return Engine(service or Declarations(store, clock), store, clock,
                  transfer=settings.transfer_number,
                  idle=datetime.timedelta(minutes=settings.idle_minutes))


def desk_for(store: Store, engine: Engine, clock: Clock, settings: Settings) -> Desk:
    """The call desk shared by TwiML, VoiceXML and the terminal simulator."""
    return Desk(engine, VoiceConfig.from_settings(settings), clock, calls=store,
                enrollments=store, watchers=store)


def processor_for(store: Store, service: Declarations, clock: Clock, settings: Settings
                  ) -> Processor:
    """The batch processor of this process: it takes its share of every accepted file."""
    return Processor(store, service, clock, chunk=settings.batch_chunk,
                     lease=settings.batch_lease)


def _gateways(app: web.Application, settings: Settings) -> list[tuple[str, web.Application]]:
    """Each gateway's exact URL and sub-application."""
    store, desk, open_ = app[STORE], app[DESK], settings.open_loopback
    flow = SmsFlow(app[ENGINE], desk.clock, deliveries=store, enrollments=store,
                   watchers=store, limits=app[LIMITS])
    rest = api.api_app(app[DECLARATIONS], settings, open_)
    add_batch_routes(rest, store, app[BATCHES], settings, desk.clock)
    return [
        (api.PATH, rest),
        (twilio.PATH, twilio.twilio_sms_app(flow, settings, open_)),
        (kannel.PATH, kannel.kannel_sms_app(flow, settings, open_)),
        (twiml.PATH, twiml.twiml_app(desk, store, settings, open_)),
        (vxml_http.PATH, vxml_http.vxml_app(desk, store, settings, open_)),
    ]


async def create_app(settings: Settings, clock: Clock | None = None) -> web.Application:
    """Open the store (migrating it), load demo data if asked, mount every gateway."""
    store = await open_store(settings.db)
    if settings.demo:
        await load_demo(store)
    clock = clock or SystemClock()
    app = web.Application()
    app[SETTINGS], app[STORE] = settings, store
    app[DECLARATIONS] = Declarations(store, clock)
    app[ENGINE] = engine_for(store, clock, settings, app[DECLARATIONS])
    app[LIMITS] = RateLimit(settings.sms_rate)
    app[DESK] = desk_for(store, app[ENGINE], clock, settings)
    app[BATCHES] = processor_for(store, app[DECLARATIONS], clock, settings)
    for path, gateway in _gateways(app, settings):
        app.add_subapp(path, gateway)
    app.router.add_get("/health", _health)

    async def close_store(_: web.Application) -> None:
        await store.close()

    async def notify() -> int:
        return await resolve_and_notify(app[DECLARATIONS], store, store, sender_from(settings))

    app.on_cleanup.append(close_store)
    app.cleanup_ctx.append(background(notify, lambda: purge_old(store, clock.now())))
    app.cleanup_ctx.append(running(app[BATCHES].run))
    return app


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
