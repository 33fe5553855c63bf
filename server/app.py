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
from channels.feed import Pusher
from channels.rest import api
from channels.sms import kannel, twilio
from channels.sms.flow import SmsFlow
from channels.sms.notify import resolve_and_notify
from channels.sms.outbound import sender_from
from channels.sms.ratelimit import RateLimit
from channels.voice import twiml, vxml_http
from channels.voice.call import Desk
from channels.voice.config import VoiceConfig
from channels.web.app import setup_web
from channels.web.pages import WebParts
from channels.web.phone import SimulatedPhones, Simulator, Unwatched
from channels.web.rights import operator_keys
from core.clock import Clock, SystemClock
from core.demo import EMPLOYERS as DEMO_EMPLOYERS
from core.demo import load_demo
from core.service import Declarations
from core.store import EnrollmentStore, Store, WatcherStore, open_store
from dialogs.engine import Engine
from dialogs.flows import FLOWS, diagram
from server.appkeys import BATCHES, DECLARATIONS, DESK, ENGINE, LIMITS, SETTINGS, STORE
from server.settings import Settings
from server.upkeep import background, purge_old, running

__all__ = ["create_app", "desk_for", "engine_for", "processor_for", "sms_flow_for"]


def engine_for(store: Store, clock: Clock, settings: Settings,
               service: Declarations | None = None) -> Engine:
    """The dialog engine: the core's service on the ledger, and the conversations' store."""
    return Engine(service or Declarations(store, clock), store, clock,
                  transfer=settings.transfer_number,
                  idle=datetime.timedelta(minutes=settings.idle_minutes))


def desk_for(store: Store, engine: Engine, clock: Clock, settings: Settings, *,
             enrollments: EnrollmentStore | None = None,
             watchers: WatcherStore | None = None) -> Desk:
    """The call desk shared by TwiML, VoiceXML and the terminal simulator (the web
    simulator's sees its simulated phones instead of the enrolled ones)."""
    return Desk(engine, VoiceConfig.from_settings(settings), clock, calls=store,
                enrollments=enrollments or store, watchers=watchers or store)


def sms_flow_for(app: web.Application, *, enrollments: EnrollmentStore | None = None,
                 watchers: WatcherStore | None = None) -> SmsFlow:
    """The SMS flow every SMS gateway shares (the web simulator's: on simulated phones)."""
    store = app[STORE]
    return SmsFlow(app[ENGINE], app[DESK].clock, deliveries=store,
                   enrollments=enrollments or store, watchers=watchers or store,
                   limits=app[LIMITS])


def processor_for(store: Store, service: Declarations, clock: Clock, settings: Settings
                  ) -> Processor:
    """The batch processor of this process: it takes its share of every accepted file."""
    return Processor(store, service, clock, chunk=settings.batch_chunk,
                     lease=settings.batch_lease)


def _gateways(app: web.Application, settings: Settings) -> list[tuple[str, web.Application]]:
    """Each gateway's exact URL and sub-application."""
    store, desk, open_ = app[STORE], app[DESK], settings.open_loopback
    flow = sms_flow_for(app)
    rest = api.api_app(app[DECLARATIONS], settings, open_, feed=store, subscribers=store)
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
    setup_web(app, _web_parts(app, settings, clock))

    async def close_store(_: web.Application) -> None:
        await store.close()

    async def notify() -> int:
        return await resolve_and_notify(app[DECLARATIONS], store, store, sender_from(settings))

    app.on_cleanup.append(close_store)
    app.cleanup_ctx.append(background(notify, lambda: purge_old(store, clock.now())))
    app.cleanup_ctx.append(running(app[BATCHES].run))
    if settings.push:
        app.cleanup_ctx.append(running(Pusher(store, store, settings).run))
    return app


def _web_parts(app: web.Application, settings: Settings, clock: Clock) -> WebParts:
    """What the web pages are handed: the core's service, the drafts' store, the keys,
    and the phone simulator: the gateways' SMS flow and call desk on simulated phones."""
    store = app[STORE]
    phones, unwatched = SimulatedPhones(store, app[DECLARATIONS].employer), Unwatched()
    simulator = Simulator(
        sms_flow_for(app, enrollments=phones, watchers=unwatched),
        desk_for(store, app[ENGINE], clock, settings, enrollments=phones, watchers=unwatched),
        store, {name: diagram(name) for name in FLOWS})
    return WebParts(app[DECLARATIONS], store, operator_keys(settings.api_token), clock,
                    settings.open_loopback, tuple(e.number for e in DEMO_EMPLOYERS),
                    {"simulator": simulator})


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
