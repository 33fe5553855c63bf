"""REST API ``/api/v1``: the NSSO envelope in, the declaration's result out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, ClassVar, Final

from aiohttp import web
from pydantic import BaseModel, Field, SecretStr

from channels.rest.answers import error as _error
from channels.rest.answers import language as _language
from channels.rest.envelope import EnvelopeError, parse_envelope
from channels.rest.feed import feed_routes
from channels.rest.openapi import OPENAPI
from channels.rest.principals import principals
from core.anomalies import Anomaly
from core.model import Declaration, Period
from core.service import Declarations
from core.store import FeedStore, SubscriberStore
from locales import Message, describe, localize

__all__ = ["PATH", "ApiSettings", "anomalies_json", "api_app"]

PATH: Final = "/api/v1"
_DECLARATIONS: Final = web.AppKey("declarations", Declarations)

routes = web.RouteTableDef()


def _hour(value: Any) -> str | None:
    return value.strftime("%H%M") if value is not None else None


def anomalies_json(anomalies: Iterable[Anomaly], lang: str) -> list[dict[str, Any]]:
    """Anomalies as the API gives them: code, severity, parameters, field, message."""
    return [{"code": a.code, "severity": a.severity.value, "params": a.params,
             "field": a.field.value if a.field else None, "message": describe(a, lang)}
            for a in anomalies]


def declaration_json(decl: Declaration, lang: str) -> dict[str, Any]:
    return {
        "declarationId": decl.declaration_id,
        "type": decl.request.kind.value,
        "result": decl.result.value,
        "periodId": decl.period_id,
        "createdAt": decl.created_at.isoformat(),
        "anomalies": anomalies_json(decl.anomalies, lang),
    }


def period_json(period: Period) -> dict[str, Any]:
    return {
        "periodId": period.period_id,
        "ssin": period.ssin,
        "jointCommissionNumber": period.committee,
        "workerType": period.worker_type,
        "startDate": period.start_date.isoformat(),
        "endDate": period.end_date.isoformat() if period.end_date else None,
        "startHour": _hour(period.start_hour),
        "endHour": _hour(period.end_hour),
        "plannedHoursNumber": period.planned_hours,
        "userEnterpriseNumber": period.user_enterprise,
        "userJointCommissionNumber": period.user_committee,
        "status": period.status.value,
    }


@routes.post("/declarations")
async def post_declaration(request: web.Request) -> web.Response:
    lang = _language(request)
    try:
        data = json.loads(await request.text())
    except ValueError:
        raise _error(web.HTTPBadRequest, lang, "api.invalid_json") from None
    try:
        req = parse_envelope(data)
    except EnvelopeError as error:
        details = [{"field": p.field, "code": p.code,
                    "message": localize(Message(p.code, {"field": p.field,
                                                         "expected": p.expected}), lang)}
                   for p in error.problems]
        raise _error(web.HTTPBadRequest, lang, "api.invalid", details) from None
    decl = await request.app[_DECLARATIONS].submit(req)
    location = f"{PATH}/declarations/{decl.declaration_id}"
    return web.json_response(declaration_json(decl, lang), status=201,
                             headers={"Location": location})


@routes.get("/declarations/{declaration_id}")
async def get_declaration(request: web.Request) -> web.Response:
    lang = _language(request)
    decl = await request.app[_DECLARATIONS].get(request.match_info["declaration_id"])
    if decl is None:
        raise _error(web.HTTPNotFound, lang, "api.not_found")
    return web.json_response(declaration_json(decl, lang))


@routes.get("/periods")
async def get_periods(request: web.Request) -> web.Response:
    lang = _language(request)
    number = request.query.get("employer", "")
    if not number:
        raise _error(web.HTTPBadRequest, lang, "api.missing", field="employer")
    service = request.app[_DECLARATIONS]
    employer = await service.employer(number)
    if employer is None:
        raise _error(web.HTTPNotFound, lang, "api.unknown_employer", number=number)
    periods = await service.periods(employer, request.query.get("ssin") or None)
    return web.json_response({"periods": [period_json(p) for p in periods]})


@routes.get("/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    return web.json_response(OPENAPI)


class ApiSettings(BaseModel):
    SECRET: ClassVar[str] = "api_token"

    api_token: SecretStr | None = Field(
        None, description="bearer token required by /api/v1 (Authorization: Bearer T)")


def api_app(service: Declarations, settings: ApiSettings, open_loopback: bool,
            feed: FeedStore, subscribers: SubscriberStore) -> web.Application:
    """The API, to mount at :data:`PATH`. With a token, every request must bear it (401);
    the feed's routes take an institution's key instead (:mod:`channels.rest.principals`)."""
    app = web.Application(middlewares=[principals(settings.api_token, open_loopback,
                                                  subscribers)])
    app[_DECLARATIONS] = service
    app.add_routes(routes)
    app.add_routes(feed_routes(app, service, feed))
    return app
