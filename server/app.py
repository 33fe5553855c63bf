"""The aiohttp application: the store opened once, the parts built, each gateway mounted.

The one place where the service is composed: every component is handed the
narrow store it needs (:mod:`core.store.protocols`), and each gateway is a
sub-application with its own settings slice and guard, listed in
:data:`GATEWAY_ROUTES` (a new gateway: one line there, one slice in
:class:`server.settings.Settings`). A gateway switched off (``--no-kannel``) is not
mounted. Keys resolve to principals through one :class:`Authenticator`
(:func:`authenticator_for`): another kind of key is one more resolver there.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from aiohttp import web

from channels.batch.http import add_batch_routes
from channels.batch.process import Processor
from channels.common.bounds import BODY_LIMIT, WEBHOOK_LIMIT, bounded
from channels.common.principals import Authenticator, Operator, api_keys, operator_token
from channels.common.twilio import TwilioSettings
from channels.feed import Pusher
from channels.rest import api
from channels.rest.api import ApiSettings
from channels.rest.principals import subscriber_keys
from channels.sms import kannel, twilio
from channels.sms.flow import SmsFlow
from channels.sms.kannel import KannelSettings
from channels.sms.notify import resolve_and_notify
from channels.sms.outbound import sender_from
from channels.sms.ratelimit import RateLimit
from channels.voice import twiml, vxml_http
from channels.voice.call import Desk
from channels.voice.config import VoiceConfig
from channels.voice.pins import PinGate
from channels.voice.vxml_http import VoiceXmlSettings
from channels.web.app import setup_web
from channels.web.pages import WebParts
from channels.web.phone import SimulatedPhones, Simulator, Unwatched
from core.clock import Clock, SystemClock
from core.demo import EMPLOYERS as DEMO_EMPLOYERS
from core.demo import load_demo
from core.service import Declarations
from core.store import EnrollmentStore, Store, WatcherStore, open_store
from dialogs.call import CallDialog
from dialogs.engine import Engine
from dialogs.flows import FLOWS, diagram
from server.appkeys import AUTH, BATCHES, DECLARATIONS, DESK, ENGINE, LIMITS, SETTINGS, STORE
from server.observe import counted, metrics_route, observed, ready_route
from server.pauses import pause_at
from server.settings import Gateway, PendingSettings, Settings
from server.upkeep import background, purge_old, running

__all__ = ["GATEWAY_ROUTES", "authenticator_for", "create_app", "declarations_for", "desk_for",
           "engine_for", "paths_of", "processor_for", "sms_flow_for"]


def declarations_for(store: Store, clock: Clock, settings: PendingSettings) -> Declarations:
    """The core's service, with the configured identification delay."""
    return Declarations(store, clock, settings.identification_delay, on_final=counted)


def engine_for(store: Store, clock: Clock, settings: Settings,
               service: Declarations | None = None) -> Engine:
    """The dialog engine: the core's service on the ledger, and the conversations' store."""
    return Engine(service or declarations_for(store, clock, settings), store, clock,
                  transfer=settings.transfer_number,
                  idle=datetime.timedelta(minutes=settings.idle_minutes))


def desk_for(store: Store, engine: Engine, clock: Clock, settings: Settings, *,
             enrollments: EnrollmentStore | None = None,
             watchers: WatcherStore | None = None) -> Desk:
    """The call desk shared by TwiML, VoiceXML and the terminal simulator: the call dialog
    (language, PIN, then the engine) behind it, its PINs gated in the store (the web
    simulator's sees its simulated phones instead of the enrolled ones)."""
    config = VoiceConfig.from_settings(settings)
    phones = enrollments or store
    pins = PinGate(store, phones, clock, tries=config.pin_tries, window=config.lock,
                   pepper=settings.pepper, rehash=enrollments is None)
    calls = CallDialog(engine, phones, pins, transfer=config.transfer)
    return Desk(calls, config, clock, store=store, watchers=watchers or store)


def sms_flow_for(app: web.Application, *, enrollments: EnrollmentStore | None = None,
                 watchers: WatcherStore | None = None) -> SmsFlow:
    """The SMS flow every SMS gateway shares (the web simulator's: on simulated phones)."""
    store = app[STORE]
    return SmsFlow(app[ENGINE], app[DESK].clock, deliveries=store,
                   enrollments=enrollments or store, watchers=watchers or store,
                   limits=app[LIMITS], max_parts=app[SETTINGS].sms_max_parts)


def processor_for(store: Store, service: Declarations, clock: Clock, settings: Settings
                  ) -> Processor:
    """The batch processor of this process: it takes its share of every accepted file."""
    return Processor(store, store, service, clock, chunk=settings.batch_chunk,
                     lease=settings.batch_lease)


def authenticator_for(store: Store, settings: Settings) -> Authenticator:
    """The operator's token, employers' keys, institutions' keys; without a token on
    loopback, a request bearing no key is the operator's (open loopback mode)."""
    anonymous = Operator() if settings.api_token is None and settings.open_loopback else None
    return Authenticator([operator_token(settings.api_token), api_keys(store),
                          subscriber_keys(store)], anonymous)


@dataclass(frozen=True, slots=True)
class _Parts:
    """What the gateways are built from."""

    service: Declarations
    store: Store
    flow: SmsFlow
    desk: Desk
    auth: Authenticator
    settings: Settings
    batches: Processor

    @property
    def open_(self) -> bool:
        return self.settings.open_loopback


def _api(p: _Parts) -> web.Application:
    """The REST API, with the batch channel's routes on it (behind the same keys)."""
    rest = api.api_app(p.service, p.store, p.auth, p.desk.clock, p.store)
    add_batch_routes(rest, p.store, p.batches, p.settings, p.desk.clock)
    return rest


#: Each gateway: the settings slice that holds its secret and switch, its exact URL, and
#: how its sub-application is built.
GATEWAY_ROUTES: Final[tuple[tuple[type[Gateway], str, Callable[[_Parts], web.Application]],
                            ...]] = (
    (ApiSettings, api.PATH, _api),
    (TwilioSettings, twilio.PATH, lambda p: twilio.twilio_sms_app(p.flow, p.settings, p.open_)),
    (KannelSettings, kannel.PATH, lambda p: kannel.kannel_sms_app(p.flow, p.settings, p.open_)),
    (TwilioSettings, twiml.PATH,
     lambda p: twiml.twiml_app(p.desk, p.store, p.settings, p.open_)),
    (VoiceXmlSettings, vxml_http.PATH,
     lambda p: vxml_http.vxml_app(p.desk, p.store, p.settings, p.open_)),
)


#: The webhooks' body limit (64 KiB); other routes have their own or the default (1 MiB),
#: see channels/common/bounds.py.
_WEBHOOKS: Final = (twilio.PATH, kannel.PATH, twiml.PATH, vxml_http.PATH)


def paths_of(gateway: type[Gateway]) -> list[str]:
    """The URLs a gateway's settings slice guards."""
    return [path for slice_, path, _ in GATEWAY_ROUTES if slice_ is gateway]


def _gateways(app: web.Application, settings: Settings) -> list[tuple[str, web.Application]]:
    """Each gateway switched on: its exact URL and sub-application."""
    parts = _Parts(app[DECLARATIONS], app[STORE], sms_flow_for(app), app[DESK], app[AUTH],
                   settings, app[BATCHES])
    served = settings.served()
    built = [(path, build(parts)) for slice_, path, build in GATEWAY_ROUTES if slice_ in served]
    for path, gateway in built:
        if path in _WEBHOOKS:
            gateway[BODY_LIMIT] = WEBHOOK_LIMIT
    return built


async def create_app(settings: Settings, clock: Clock | None = None) -> web.Application:
    """Open the store (migrating it), load demo data if asked, mount every gateway."""
    store = await open_store(settings.db)
    if settings.demo:
        await load_demo(store)
    if settings.pause_at and settings.open_loopback:
        pause_at(store, settings.pause_at)
    clock = clock or SystemClock()
    app = web.Application(middlewares=[observed(), bounded(settings.body_timeout)])
    app[SETTINGS], app[STORE] = settings, store
    app[DECLARATIONS] = declarations_for(store, clock, settings)
    app[ENGINE] = engine_for(store, clock, settings, app[DECLARATIONS])
    app[LIMITS] = RateLimit(store, settings.sms_rate)
    app[DESK] = desk_for(store, app[ENGINE], clock, settings)
    app[AUTH] = authenticator_for(store, settings)
    app[BATCHES] = processor_for(store, app[DECLARATIONS], clock, settings)
    for path, gateway in _gateways(app, settings):
        app.add_subapp(path, gateway)
    app.router.add_get("/health", _health)
    token = settings.api_token.get_secret_value() if settings.api_token else None
    app.router.add_routes([ready_route(store), metrics_route(token, settings.open_loopback)])
    setup_web(app, _web_parts(app, settings, clock))

    sender = sender_from(settings)  # one per app: Twilio's holds an HTTP session

    async def close_store(_: web.Application) -> None:
        if sender is not None:
            await sender.close()
        await store.close()

    async def notify() -> int:
        return await resolve_and_notify(app[DECLARATIONS], store, store, sender,
                                        settings.sms_max_parts)

    app.on_cleanup.append(close_store)
    app.cleanup_ctx.append(background(notify, lambda: purge_old(store, clock.now()),
                                      every=settings.upkeep_seconds))
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
    return WebParts(app[DECLARATIONS], store, app[AUTH].admitting(*api.ADMITTED), clock,
                    settings.open_loopback, tuple(e.number for e in DEMO_EMPLOYERS),
                    {"simulator": simulator})


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
