"""``/api/v1/batches``: send a file, read its status and its notifications.

The routes are the REST API's (mounted on its sub-application, behind its bearer
token, described in its OpenAPI document):

- ``POST /batches`` (``text/csv`` or ``application/x-ndjson``; ``Idempotency-Key``):
  ``202`` with the ticket and a ``Location`` when the file reads, ``422`` with its
  errors when it does not; either way before any declaration is judged;
- ``GET /batches/{ticket}``: status, lines done, counts by result;
- ``GET /batches/{ticket}/notifications?after=SEQ[&limit=N]``: JSON lines.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Final

from aiohttp import web

from channels.batch import BatchSettings
from channels.batch.notices import acknowledgement_json, notices, status
from channels.batch.process import Processor
from channels.batch.reader import FORMATS, MEDIA_TYPES
from channels.batch.receive import InProgress, KeyReused, receive
from channels.batch.rights import may_read
from channels.common.bounds import STREAMED, body_limit
from channels.common.principals import principal_of
from channels.rest import idempotency
from channels.rest.answers import error, language
from channels.rest.api import PATH
from core.clock import Clock
from core.ids import is_digits
from core.store import BatchStore
from core.store.protocols.batches import Batch

__all__ = ["add_batch_routes"]

_STORE: Final = web.AppKey("batch_store", BatchStore)
_PROCESSOR: Final = web.AppKey("batch_processor", Processor)
_SETTINGS: Final = web.AppKey("batch_settings", BatchSettings)
_CLOCK: Final = web.AppKey("batch_clock", Clock)
_READ: Final = 64 * 1024

routes = web.RouteTableDef()


async def _chunks(request: web.Request) -> AsyncIterator[bytes]:
    async for data in request.content.iter_chunked(_READ):
        yield data


@routes.post("/batches")
@body_limit(STREAMED, stream=True)  # read as it comes; receive() enforces --batch-max-bytes
async def post_batch(request: web.Request) -> web.Response:
    lang = language(request)
    fmt = MEDIA_TYPES.get(request.content_type)
    if fmt is None:
        raise error(web.HTTPUnsupportedMediaType, lang, "batch.media",
                        types=", ".join(FORMATS))
    key = request.headers.get(idempotency.HEADER)
    if key is not None and not idempotency.valid_key(key):
        raise error(web.HTTPBadRequest, lang, "api.idempotency_key")
    app = request.app
    clock = app[_CLOCK]
    try:
        ack = await receive(app[_STORE], _chunks(request), fmt, principal_of(request), key,
                            app[_SETTINGS].batch_max_bytes, clock.now, request.content_length)
    except InProgress:
        raise error(web.HTTPConflict, lang, "batch.in_progress") from None
    except KeyReused:
        raise error(web.HTTPConflict, lang, "batch.key_reused") from None
    body = acknowledgement_json(ack, lang)
    if ack.batch.status == "refused":
        return web.json_response(body, status=422)
    app[_PROCESSOR].wake.set()
    return web.json_response(body, status=202,
                             headers={"Location": f"{PATH}/batches/{ack.batch.ticket}"})


async def _batch(request: web.Request) -> Batch:
    found = await request.app[_STORE].batch(request.match_info["ticket"])
    if found is None or found.status == "receiving" or \
            not may_read(principal_of(request), found.principal):
        raise error(web.HTTPNotFound, language(request), "batch.unknown",
                        ticket=request.match_info["ticket"])
    return found


@routes.get("/batches/{ticket}")
async def get_batch(request: web.Request) -> web.Response:
    batch = await _batch(request)
    return web.json_response((await status(request.app[_STORE], batch)).json(
        language(request)))


def _number(request: web.Request, name: str, default: int | None) -> int | None:
    text = request.query.get(name)
    if text is None:
        return default
    if not is_digits(text) or len(text) > 18:  # past a bigint
        raise error(web.HTTPBadRequest, language(request), "batch.query", name=name)
    return int(text)


@routes.get("/batches/{ticket}/notifications")
async def get_notifications(request: web.Request) -> web.StreamResponse:
    batch = await _batch(request)
    after = _number(request, "after", 0) or 0
    limit = _number(request, "limit", None)
    response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson; charset=utf-8"})
    await response.prepare(request)
    async for data in notices(request.app[_STORE], batch, after, language(request), limit):
        await response.write(data)
    await response.write_eof()
    return response


def add_batch_routes(api: web.Application, store: BatchStore, processor: Processor,
                     settings: BatchSettings, clock: Clock) -> None:
    """Mount the batch routes on the API's sub-application."""
    api[_STORE], api[_PROCESSOR], api[_SETTINGS], api[_CLOCK] = store, processor, settings, clock
    api.add_routes(routes)
