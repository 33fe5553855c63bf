"""What the API answers: the caller's language and JSON errors (every ``/api/v1`` route),
a declaration flat (the default) or in the NSSO's envelope, a period.

The NSSO envelope (``Accept: application/vnd.nsso.dimona+json`` or ``?format=nsso``)
is the answer of the NSSO's REST service (reference §8): ``declarationStatus`` with
``dimonaDeclarationId``, ``result``, ``period.id`` (also as ``dimonaPeriodId``) and
``anomalies`` carrying ``errorId`` and the labels in French and Dutch. Both forms
carry the time of receipt, ``createdAt``.

``errorId`` is the NSSO's own id where the reference gives one
(:func:`core.anomalies.error_id`); every other code is dimona-talk's, in the same
``NNNNN-NNN`` form (docs/rules.md).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any, Final, Literal

from aiohttp import web

from channels.common.languages import accept_language
from core.anomalies import Anomaly, error_id
from core.model import Declaration, Period
from locales import Message, describe, localize, nsso_anomaly

__all__ = ["FLAT", "NSSO", "NSSO_MEDIA_TYPE", "Format", "anomalies_json", "declaration_json",
           "error", "language", "nsso_json", "period_json"]

NSSO_MEDIA_TYPE: Final = "application/vnd.nsso.dimona+json"
Format = Literal["flat", "nsso"]
FLAT: Final[Format] = "flat"
NSSO: Final[Format] = "nsso"


def language(request: web.Request) -> str:
    """The first supported language of ``Accept-Language``, French by default."""
    return accept_language(request.headers.get("Accept-Language", ""))


def error(status: type[web.HTTPException], lang: str, msg_id: str,
          errors: list[dict[str, str]] | None = None, **params: object) -> web.HTTPException:
    """A refusal as JSON: ``status``, ``code``, ``message`` in ``lang``, ``errors``."""
    body = {"status": status.status_code, "code": msg_id,
            "message": localize(Message(msg_id, params), lang), "errors": errors or []}
    return status(text=json.dumps(body), content_type="application/json")


def _hour(value: datetime.time | None) -> str | None:
    return value.strftime("%H%M") if value is not None else None


def _anomaly(a: Anomaly, lang: str) -> dict[str, Any]:
    return {"code": a.code, "severity": a.severity.value, "params": a.params,
            "field": a.field.value if a.field else None, "message": describe(a, lang)}


def anomalies_json(anomalies: Iterable[Anomaly], lang: str) -> list[dict[str, Any]]:
    """Anomalies as the flat answer gives them (a batch file's notifications too)."""
    return [_anomaly(a, lang) for a in anomalies]


def declaration_json(decl: Declaration, lang: str) -> dict[str, Any]:
    """The flat answer: messages in ``lang``."""
    return {
        "declarationId": decl.declaration_id,
        "type": decl.request.kind.value,
        "result": decl.result.value,
        "periodId": decl.period_id,
        "createdAt": decl.created_at.isoformat(),
        "anomalies": [_anomaly(a, lang) for a in decl.anomalies],
    }


def _nsso_anomaly(a: Anomaly) -> dict[str, Any]:
    labels = nsso_anomaly(a)
    return {"errorId": error_id(a.code) or a.code, "severity": a.severity.value,
            "field": a.field.value if a.field else None,
            "labelFr": labels["labelFr"], "labelNl": labels["labelNl"]}


def nsso_json(decl: Declaration) -> dict[str, Any]:
    """The NSSO envelope: numbers as numbers, labels in French and Dutch.

    >>> from core.model import Kind, Request, Result
    >>> at = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
    >>> status = nsso_json(Declaration("100000000162", Request(Kind.IN), Result.ACCEPTED, (),
    ...                                at, "100000000162"))["declarationStatus"]
    >>> status["dimonaDeclarationId"], status["period"], status["result"]
    (100000000162, {'id': 100000000162}, 'A')
    """
    period_id = int(decl.period_id) if decl.period_id else None
    return {"declarationStatus": {
        "dimonaDeclarationId": int(decl.declaration_id),
        "declarationType": decl.request.kind.value,
        "result": decl.result.value,
        "period": {"id": period_id} if period_id is not None else None,
        "dimonaPeriodId": period_id,
        "createdAt": decl.created_at.isoformat(),
        "anomalies": [_nsso_anomaly(a) for a in decl.anomalies],
    }}


def period_json(period: Period) -> dict[str, Any]:
    """A period of the personnel file; the user's name and the sub-entity where set."""
    found: dict[str, Any] = {
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
    if period.user_name:
        found["userName"] = period.user_name
    if period.sub_entity:
        found["subEntityNbr"] = period.sub_entity
    return found
