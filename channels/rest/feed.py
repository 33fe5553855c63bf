"""The institutions' routes: ``GET /mutations`` (the feed, long-polled) and ``GET /relations``.

Both admit only the subscriber whose key the request bears (``@admits(Institution)``,
see :mod:`channels.rest.principals`), and serve it through its scope: its employers and
committees, its fields, and its deliberation reference on every answer.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from channels.common.principals import admits
from channels.rest.answers import error, language
from channels.rest.principals import Institution, institution
from core.errors import InvalidInput
from core.feed import mutation_record, relation_record, relations
from core.feed.pull import MAX_WAIT, wait_page
from core.ids import niss
from core.service import Declarations
from core.store import FeedStore

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "feed_routes"]

DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 1000
_FEED: Final = web.AppKey("feed", FeedStore)
_SERVICE: Final = web.AppKey("feed_service", Declarations)

routes = web.RouteTableDef()


def _number(request: web.Request, name: str, default: float, top: float) -> float:
    """A query parameter: a number from 0, at most ``top`` (larger ones are taken as it)."""
    text = request.query.get(name)
    if text is None or text == "":
        return default
    try:
        value = float(text) if name == "wait" else int(text)
    except ValueError:
        value = -1
    if value < 0 or value != value:  # negative, or not a number
        raise error(web.HTTPBadRequest, language(request), "api.bad_parameter", field=name,
                    value=text)
    return min(value, top)


@routes.get("/mutations", name="feed.mutations")
@admits(Institution)
async def get_mutations(request: web.Request) -> web.Response:
    subscriber = institution(request)
    after = int(_number(request, "after", 0, 2**62))
    limit = max(1, int(_number(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)))
    wait = _number(request, "wait", 0, MAX_WAIT)
    found, cursor = await wait_page(request.app[_FEED], subscriber.scope, after, limit, wait)
    scope, ref = subscriber.scope, subscriber.deliberation
    body = {"deliberation": ref, "cursor": cursor,
            "next": f"{request.path}?after={cursor}&limit={limit}",
            "mutations": [scope.view(mutation_record(m, ref)) for m in found]}
    return web.json_response(body, headers={"Cache-Control": "no-store"})


@routes.get("/relations", name="feed.relations")
@admits(Institution)
async def get_relations(request: web.Request) -> web.Response:
    subscriber, lang = institution(request), language(request)
    scope = subscriber.scope
    number, ssin = request.query.get("employer") or None, request.query.get("ssin") or None
    if number is None and ssin is None:
        raise error(web.HTTPBadRequest, lang, "api.missing", field="ssin")
    if ssin is not None:
        if not scope.shows("ssin"):
            raise error(web.HTTPForbidden, lang, "api.forbidden")
        try:
            ssin = niss.validate(ssin)
        except InvalidInput:
            raise error(web.HTTPBadRequest, lang, "api.bad_parameter", field="ssin",
                        value=ssin) from None
    employer_id = None
    if number is not None:
        employer = await request.app[_SERVICE].employer(number)
        if employer is None or not scope.admits_employer(employer):
            # a scoped institution does not learn whether an employer outside it exists
            if scope.employers:
                raise error(web.HTTPForbidden, lang, "api.forbidden")
            raise error(web.HTTPNotFound, lang, "api.unknown_employer", number=number)
        employer_id = employer.employer_id
    found = relations(await request.app[_FEED].relations(employer_id, ssin), scope)
    return web.json_response({"deliberation": subscriber.deliberation,
                              "relations": [relation_record(r, scope) for r in found]},
                             headers={"Cache-Control": "no-store"})


def feed_routes(app: web.Application, service: Declarations, feed: FeedStore
                ) -> web.RouteTableDef:
    """The routes, their store and service set on ``app`` (the API's application)."""
    app[_FEED], app[_SERVICE] = feed, service
    return routes
