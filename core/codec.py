"""Plain-dict forms of the core's records, for storage and logs (not a wire format)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from core.anomalies import Anomaly, Field, Severity
from core.model import Identity, Kind, Request

__all__ = ["anomalies_from", "anomalies_to", "request_from", "request_to"]

_DATES = {"start_date", "end_date"}
_TIMES = {"start_hour", "end_hour"}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


_FIELDS = tuple(f.name for f in dataclasses.fields(Request))


def request_to(req: Request) -> dict[str, Any]:
    """Only the fields that are set, dates and hours as ISO strings."""
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(req, name)
        if value is None or value is False:
            continue
        if isinstance(value, Identity):
            value = {k: _plain(v) for k, v in dataclasses.asdict(value).items() if v}
        out[name] = _plain(value)
    return out


def request_from(data: dict[str, Any]) -> Request:
    values: dict[str, Any] = dict(data)
    values["kind"] = Kind(values["kind"])
    for name in _DATES & values.keys():
        values[name] = datetime.date.fromisoformat(values[name])
    for name in _TIMES & values.keys():
        values[name] = datetime.time.fromisoformat(values[name])
    if "identity" in values:
        ident = dict(values["identity"])
        if ident.get("birth_date"):
            ident["birth_date"] = datetime.date.fromisoformat(ident["birth_date"])
        values["identity"] = Identity(**ident)
    return Request(**values)


def anomalies_to(items: tuple[Anomaly, ...]) -> list[dict[str, Any]]:
    return [{"code": a.code, "severity": a.severity.value, "params": a.params,
             "field": a.field.value if a.field else None} for a in items]


def anomalies_from(items: list[dict[str, Any]]) -> tuple[Anomaly, ...]:
    return tuple(Anomaly(i["code"], Severity(i["severity"]), i["params"],
                         Field(i["field"]) if i.get("field") else None) for i in items)
