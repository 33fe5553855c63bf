"""REST API ``/api/v1``: the NSSO envelope in, the declaration's result out.

Every request bears a key (:mod:`channels.common.principals`): the operator's token
sees everything; an employer's key declares for and reads its employers only, and
anything else answers 403, the same whether the declaration, period or employer
is someone else's or does not exist. A missing thing is 404 only to the operator.
An institution's key opens the feed's routes only (:mod:`channels.rest.feed`).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, Final

from aiohttp import web
from pydantic import BaseModel, Field, SecretStr

from channels.common.bounds import REFUSE, json_body
from channels.common.principals import (
    Authenticator,
    EmployerKey,
    Operator,
    Principal,
    principal_of,
)
from channels.rest import idempotency
from channels.rest.answers import (
    FLAT,
    NSSO,
    NSSO_MEDIA_TYPE,
    Format,
    declaration_json,
    nsso_json,
    period_json,
)
from channels.rest.answers import error as _error
from channels.rest.answers import language as _language
from channels.rest.envelope import EnvelopeError, parse_envelope
from channels.rest.feed import feed_routes
from channels.rest.openapi import OPENAPI
from core.clock import Clock
from core.errors import NotAllowed
from core.model import Declaration
from core.service import Declarations
from core.store import DeliveryStore, FeedStore
from locales import Message, localize

__all__ = ["PATH", "ApiSettings", "api_app"]

PATH: Final = "/api/v1"
_DECLARATIONS: Final = web.AppKey("declarations", Declarations)
_DELIVERIES: Final = web.AppKey("deliveries", DeliveryStore)
_CLOCK: Final = web.AppKey("clock", Clock)
#: Who the API is for: the operator and employers' keys (other kinds: 403).
ADMITTED: Final = (Operator, EmployerKey)

routes = web.RouteTableDef()


class ApiSettings(BaseModel):
    SECRET: ClassVar[str] = "api_token"
    SWITCH: ClassVar[str] = "api"

    api: bool = Field(True, description="serve /api/v1 (--no-api: not mounted)")
    api_token: SecretStr | None = Field(
        None, description="the operator's bearer token for /api/v1: sees every employer "
                          "(employers get keys of their own: dimona-talk api-keys add)")


def _forbidden(request: web.Request) -> web.HTTPException:
    """Not this key's: the same answer whether the thing is someone else's or missing."""
    return _error(web.HTTPForbidden, _language(request), "api.forbidden")


def _unauthorized(request: web.Request) -> web.HTTPException:
    error = _error(web.HTTPUnauthorized, _language(request), "api.unauthorized")
    error.headers["WWW-Authenticate"] = 'Bearer realm="dimona-talk"'
    return error


_BODY_REFUSALS: Final = {"body_too_large": "api.too_large", "unsupported_charset": "api.charset",
                         "bad_body": "api.malformed", "bad_json": "api.invalid_json",
                         "slow_body": "api.slow"}


def _body_refused(request: web.Request, status: type[web.HTTPException], reason: str,
                  limit: int) -> web.HTTPException:
    """A body refused before any route (channels.common.bounds): as the API's JSON errors."""
    return _error(status, _language(request), _BODY_REFUSALS[reason], limit=limit)


def _missing(request: web.Request, principal: Principal, msg_id: str, **params: object
             ) -> web.HTTPException:
    """404 to a principal who could see it if it existed, 403 to anyone else."""
    if not principal.sees_all:
        return _forbidden(request)
    return _error(web.HTTPNotFound, _language(request), msg_id, None, **params)


def _format(request: web.Request) -> Format:
    """``?format=nsso`` or ``Accept: application/vnd.nsso.dimona+json``: the NSSO envelope."""
    asked = request.query.get("format")
    if asked is not None:
        if asked not in (FLAT, NSSO):
            raise _error(web.HTTPBadRequest, _language(request), "api.format", value=asked)
        return NSSO if asked == NSSO else FLAT
    for part in request.headers.get("Accept", "").split(","):
        media, _, params = part.partition(";")
        refused = params.replace(" ", "").startswith("q=0") and params.strip(" q=0.") == ""
        if media.strip().lower() == NSSO_MEDIA_TYPE and not refused:
            return NSSO
    return FLAT


def _answer(decl: Declaration, form: Format, lang: str, status: int = 200,
            headers: dict[str, str] | None = None) -> idempotency.Answer:
    if form == NSSO:
        return idempotency.Answer(status, NSSO_MEDIA_TYPE, json.dumps(nsso_json(decl)),
                                  headers or {})
    return idempotency.Answer(status, "application/json",
                              json.dumps(declaration_json(decl, lang)), headers or {})


def _response(answer: idempotency.Answer) -> web.Response:
    return web.Response(status=answer.status, text=answer.body,
                        content_type=answer.content_type, headers=answer.headers)


def _read(request: web.Request, text: str, lang: str) -> Any:
    """The body as JSON (read once: :func:`~channels.common.bounds.json_body`): 400 when it
    is not JSON, nests too deep or holds a lone surrogate (``"\\ud800"``: no UTF-8 for it)."""
    try:
        return json_body(request, text)
    except ValueError:
        raise _error(web.HTTPBadRequest, lang, "api.invalid_json") from None


def _envelope(data: Any, lang: str) -> Any:
    try:
        return parse_envelope(data)
    except EnvelopeError as error:
        details = [{"field": p.field, "code": p.code,
                    "message": localize(Message(p.code, {"field": p.field,
                                                         "expected": p.expected}), lang)}
                   for p in error.problems]
        raise _error(web.HTTPBadRequest, lang, "api.invalid", details) from None


@routes.post("/declarations")
async def post_declaration(request: web.Request) -> web.Response:
    lang, form, principal = _language(request), _format(request), principal_of(request)
    key = request.headers.get(idempotency.HEADER)
    if key is not None and not idempotency.valid_key(key):
        raise _error(web.HTTPBadRequest, lang, "api.idempotency_key")
    try:
        text = (await request.read()).decode(request.charset or "utf-8")
    except (UnicodeError, LookupError):  # a body sent as bytes that are not its text
        raise _error(web.HTTPBadRequest, lang, "api.malformed") from None
    data = _read(request, text, lang)
    req = _envelope(data, lang)
    service = request.app[_DECLARATIONS]

    filing = idempotency.delivery(principal.id, key) if key is not None else None

    async def work() -> idempotency.Answer:
        allowed = None if principal.sees_all else principal.may_act_for
        try:
            decl = await service.submit(req, allowed, key=filing)
        except NotAllowed:
            refusal = _forbidden(request)
            return idempotency.Answer(refusal.status, "application/json", refusal.text or "")
        location = f"{PATH}/declarations/{decl.declaration_id}"
        return _answer(decl, form, lang, 201, {"Location": location})

    if key is None:
        return _response(await work())
    found = await idempotency.once(request.app[_DELIVERIES], principal.id, key,
                                   idempotency.fingerprint(data),
                                   request.app[_CLOCK].now(), work)
    if found is idempotency.Refused.MISMATCH:
        raise _error(web.HTTPUnprocessableEntity, lang, "api.idempotency_mismatch")
    if found is idempotency.Refused.BUSY:
        raise _error(web.HTTPConflict, lang, "api.idempotency_busy")
    return _response(found)


@routes.get("/declarations/{declaration_id}")
async def get_declaration(request: web.Request) -> web.Response:
    lang, form, principal = _language(request), _format(request), principal_of(request)
    decl = await request.app[_DECLARATIONS].get(request.match_info["declaration_id"])
    if decl is None:
        raise _missing(request, principal, "api.not_found")
    if not principal.sees_all and (decl.employer_id is None
                                   or not principal.may_act_for(decl.employer_id)):
        raise _forbidden(request)
    return _response(_answer(decl, form, lang))


@routes.get("/periods")
async def get_periods(request: web.Request) -> web.Response:
    lang, principal = _language(request), principal_of(request)
    number = request.query.get("employer", "")
    if not number:
        raise _error(web.HTTPBadRequest, lang, "api.missing", field="employer")
    service = request.app[_DECLARATIONS]
    employer = await service.employer(number)
    if employer is None:
        raise _missing(request, principal, "api.unknown_employer", number=number)
    if not principal.may_act_for(employer.employer_id):
        raise _forbidden(request)
    periods = await service.periods(employer, request.query.get("ssin") or None)
    return web.json_response({"periods": [period_json(p) for p in periods]})


@routes.get("/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    return web.json_response(OPENAPI)


def api_app(service: Declarations, deliveries: DeliveryStore, auth: Authenticator,
            clock: Clock, feed: FeedStore) -> web.Application:
    """The API, to mount at :data:`PATH`: every request bears a key (401), the operator's or
    an employer's (403 for other kinds); the feed's routes take an institution's key
    instead (:mod:`channels.rest.feed`)."""
    app = web.Application(middlewares=[auth.middleware(
        ADMITTED, unauthenticated=_unauthorized, forbidden=_forbidden)])
    app[_DECLARATIONS], app[_DELIVERIES], app[_CLOCK] = service, deliveries, clock
    app[REFUSE] = _body_refused
    app.add_routes(routes)
    app.add_routes(feed_routes(app, service, feed))
    return app
