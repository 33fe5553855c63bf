"""REST API ``/api/v1``: the NSSO envelope in, the declaration's result out."""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from typing import Any, ClassVar, Final

from aiohttp import web
from pydantic import BaseModel, Field, SecretStr

from channels.common.webhooks import guard
from channels.rest.envelope import EnvelopeError, parse_envelope
from channels.rest.openapi import OPENAPI
from core.anomalies import Anomaly
from core.model import Declaration, Period
from core.service import Declarations
from locales import LANGUAGES, Message, describe, localize

__all__ = ["PATH", "ApiSettings", "anomalies_json", "api_app", "api_error", "language"]

PATH: Final = "/api/v1"
_DECLARATIONS: Final = web.AppKey("declarations", Declarations)

routes = web.RouteTableDef()


def language(request: web.Request) -> str:
    """The first supported language of ``Accept-Language``, French by default."""
    header = request.headers.get("Accept-Language", "")
    ranked = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            ranked.append((float(q or 1), tag.split("-")[0].strip().lower()))
        except ValueError:
            continue
    for _, lang in sorted(ranked, key=lambda item: -item[0]):
        if lang in LANGUAGES:
            return lang
    return "fr"


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


def api_error(status: type[web.HTTPException], lang: str, msg_id: str,
               errors: list[dict[str, str]] | None = None, **params: object) -> web.HTTPException:
    body = {"status": status.status_code, "code": msg_id,
            "message": localize(Message(msg_id, params), lang), "errors": errors or []}
    return status(text=json.dumps(body), content_type="application/json")


@routes.post("/declarations")
async def post_declaration(request: web.Request) -> web.Response:
    lang = language(request)
    try:
        data = json.loads(await request.text())
    except ValueError:
        raise api_error(web.HTTPBadRequest, lang, "api.invalid_json") from None
    try:
        req = parse_envelope(data)
    except EnvelopeError as error:
        details = [{"field": p.field, "code": p.code,
                    "message": localize(Message(p.code, {"field": p.field,
                                                         "expected": p.expected}), lang)}
                   for p in error.problems]
        raise api_error(web.HTTPBadRequest, lang, "api.invalid", details) from None
    decl = await request.app[_DECLARATIONS].submit(req)
    location = f"{PATH}/declarations/{decl.declaration_id}"
    return web.json_response(declaration_json(decl, lang), status=201,
                             headers={"Location": location})


@routes.get("/declarations/{declaration_id}")
async def get_declaration(request: web.Request) -> web.Response:
    lang = language(request)
    decl = await request.app[_DECLARATIONS].get(request.match_info["declaration_id"])
    if decl is None:
        raise api_error(web.HTTPNotFound, lang, "api.not_found")
    return web.json_response(declaration_json(decl, lang))


@routes.get("/periods")
async def get_periods(request: web.Request) -> web.Response:
    lang = language(request)
    number = request.query.get("employer", "")
    if not number:
        raise api_error(web.HTTPBadRequest, lang, "api.missing", field="employer")
    service = request.app[_DECLARATIONS]
    employer = await service.employer(number)
    if employer is None:
        raise api_error(web.HTTPNotFound, lang, "api.unknown_employer", number=number)
    periods = await service.periods(employer, request.query.get("ssin") or None)
    return web.json_response({"periods": [period_json(p) for p in periods]})


@routes.get("/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    return web.json_response(OPENAPI)


class ApiSettings(BaseModel):
    SECRET: ClassVar[str] = "api_token"

    api_token: SecretStr | None = Field(
        None, description="bearer token required by /api/v1 (Authorization: Bearer T)")


async def _bearer(request: web.Request, token: str) -> bool:
    found = request.headers.get("Authorization", "").encode()
    return hmac.compare_digest(found, f"Bearer {token}".encode())


def _unauthorized(request: web.Request, _: str) -> web.HTTPException:
    error = api_error(web.HTTPUnauthorized, language(request), "api.unauthorized")
    error.headers["WWW-Authenticate"] = 'Bearer realm="dimona-talk"'
    return error


def api_app(service: Declarations, settings: ApiSettings, open_loopback: bool
            ) -> web.Application:
    """The API, to mount at :data:`PATH`; with a token, every request must bear it (401)."""
    app = web.Application(middlewares=[guard(settings.api_token, open_loopback, _bearer,
                                             refuse=_unauthorized)])
    app[_DECLARATIONS] = service
    app.add_routes(routes)
    return app
