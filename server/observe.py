"""What shows how the service does: every request timed and its log lines bound,
``GET /metrics`` (Prometheus, :mod:`channels.common.metrics`) and ``GET /ready``.

``/ready`` answers 200 while the store answers a ping within 2 s, else 503: a load
balancer takes a process whose database is gone out of rotation (``/health`` says only
that the process runs). ``/metrics`` asks for the operator's token
(``Authorization: Bearer``) when one is set (``--api-token``); without one it is open
on loopback only.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from channels.common.metrics import DECLARATIONS, REGISTRY, REQUEST_SECONDS, child, refused
from channels.rest.answers import error, language
from core.model import Declaration
from core.store import UpkeepStore
from server.logs import bind

__all__ = ["counted", "metrics_route", "observed", "ready_route"]

_PING: Final = 2.0
_REASONS: Final = {401: "unauthorized", 403: "forbidden", 413: "body_too_large"}
_log = logging.getLogger("dimona_talk.http")


def _route(request: web.Request) -> str:
    """The route a request matched, as declared (``/api/v1/declarations/{declaration_id}``):
    never the path itself, which may carry identifiers."""
    info = request.match_info
    if info.http_exception is not None:
        return "unmatched"
    canonical = info.route.resource.canonical if info.route.resource else ""
    return canonical or "unmatched"


def observed() -> Middleware:
    """The outermost middleware: log fields bound, latency measured, refusals counted; an
    error no route handled is logged (masked) and answered 500 without details."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        bind(request)
        started = time.monotonic()
        try:
            return await handler(request)
        except web.HTTPException as refusal:
            if refusal.status in (401, 403):
                refused(_REASONS[refusal.status])
            raise
        except Exception:  # noqa: BLE001 - logged (masked), answered without details
            _log.exception("request failed")
            raise web.HTTPInternalServerError(text="internal error") from None
        finally:
            child(REQUEST_SECONDS, _route(request), request.method).observe(
                time.monotonic() - started)

    return middleware


def counted(decl: Declaration) -> None:
    """A declaration filed, or settled: counted by kind and result."""
    child(DECLARATIONS, decl.request.kind.value, decl.result.value).inc()


def ready_route(store: UpkeepStore) -> web.RouteDef:
    async def ready(_: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(_PING):
                await store.ping()
        except Exception:  # noqa: BLE001 - whatever the store's failure, it is not ready
            return web.json_response({"status": "unavailable"}, status=503)
        return web.json_response({"status": "ready"})

    return web.get("/ready", ready)


def metrics_route(token: str | None, open_loopback: bool) -> web.RouteDef:
    async def metrics(request: web.Request) -> web.Response:
        if token is not None:
            given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(given.encode(), token.encode()):
                refusal = error(web.HTTPUnauthorized, language(request), "api.unauthorized")
                refusal.headers["WWW-Authenticate"] = "Bearer"
                raise refusal
        elif not open_loopback:
            raise error(web.HTTPForbidden, language(request), "metrics.loopback_only")
        return web.Response(body=generate_latest(REGISTRY),
                            headers={"Content-Type": CONTENT_TYPE_LATEST})

    return web.get("/metrics", metrics)
