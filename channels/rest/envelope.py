"""The NSSO REST envelope (camelCase JSON) to a core :class:`~core.model.Request`.

Only the shape is checked here: JSON types, dates as ``YYYY-MM-DD``, hours as
``HHMM``. Every business rule, check digits included, is the core's, and
comes back as an anomaly with result ``B``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Final

from core.ids import is_digits
from core.model import Identity, Kind, Request

__all__ = ["EnvelopeError", "FieldError", "parse_envelope"]

KINDS: Final = {"dimonaIn": Kind.IN, "dimonaOut": Kind.OUT, "dimonaUpdate": Kind.UPDATE,
                "dimonaCancel": Kind.CANCEL}


@dataclass(frozen=True, slots=True)
class FieldError:
    """One field of the envelope that does not read: where, and what is wrong with it."""

    field: str
    code: str  # api.missing, api.type, api.date, api.hour, api.envelope, api.not_object
    expected: str = ""


class EnvelopeError(ValueError):
    def __init__(self, problems: list[FieldError]) -> None:
        super().__init__(problems)
        self.problems = problems


class _Reader:
    """Reads typed values out of one JSON object, collecting every problem."""

    def __init__(self, data: dict[str, Any], path: str, problems: list[FieldError]) -> None:
        self.data, self.path, self.problems = data, path, problems

    def _bad(self, name: str, code: str, expected: str = "") -> None:
        self.problems.append(FieldError(f"{self.path}.{name}", code, expected))

    def obj(self, name: str, required: bool = False) -> _Reader | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self._bad(name, "api.missing")
            return None
        if not isinstance(value, dict):
            self._bad(name, "api.type", "object")
            return None
        return _Reader(value, f"{self.path}.{name}", self.problems)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None or isinstance(value, str):
            return value.strip() if value else None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        self._bad(name, "api.type", "string")
        return None

    def integer(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        self._bad(name, "api.type", "integer")
        return None

    def date(self, name: str) -> datetime.date | None:
        value = self.data.get(name)
        if value is None:
            return None
        try:
            if isinstance(value, str) and len(value) == 10:
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self._bad(name, "api.date")
        return None

    def hour(self, name: str) -> datetime.time | None:
        value = self.data.get(name)
        if value is None:
            return None
        text = value.replace(":", "") if isinstance(value, str) else ""
        if len(text) == 4 and is_digits(text) and int(text[:2]) < 24 and int(text[2:]) < 60:
            return datetime.time(int(text[:2]), int(text[2:]))
        self._bad(name, "api.hour")
        return None


def _identity(worker: _Reader) -> Identity | None:
    last, first = worker.text("lastName"), worker.text("firstName")
    if not (last or first):
        return None
    extra = {k: str(v) for k, v in worker.data.items()
             if k not in ("ssin", "lastName", "firstName", "birthDate") and v is not None}
    return Identity(last or "", first or "", worker.date("birthDate"), None, extra)


def _kind(root: _Reader) -> tuple[Kind, _Reader] | None:
    present = [name for name in KINDS if name in root.data]
    if len(present) != 1:
        root.problems.append(FieldError("dimona", "api.envelope"))
        return None
    body = root.obj(present[0], required=True)
    return (KINDS[present[0]], body) if body else None


def parse_envelope(data: object) -> Request:
    """Read a declaration envelope, or raise :class:`EnvelopeError` listing every problem."""
    if not isinstance(data, dict):
        raise EnvelopeError([FieldError("", "api.not_object")])
    problems: list[FieldError] = []
    root = _Reader(data, "$", problems)
    employer = root.obj("employer", required=True)
    worker = root.obj("worker")
    found = _kind(root)
    if problems or employer is None or found is None:
        raise EnvelopeError(problems)
    kind, body = found
    req = _request(kind, body, employer, worker)
    if problems:
        raise EnvelopeError(problems)
    return req


def _request(kind: Kind, body: _Reader, employer: _Reader, worker: _Reader | None) -> Request:
    features = body.obj("features") or _Reader({}, body.path + ".features", body.problems)
    return Request(
        kind,
        employer_enterprise=employer.text("enterpriseNumber"),
        employer_nsso=employer.text("nssoNumber"),
        ssin=worker.text("ssin") if worker else None,
        identity=_identity(worker) if worker else None,
        committee=features.text("jointCommissionNumber"),
        worker_type=(features.text("workerType") or "").upper() or None,
        start_date=body.date("startDate"),
        end_date=body.date("endDate"),
        remove_end_date=kind is Kind.UPDATE and "endDate" in body.data
        and body.data["endDate"] is None,
        start_hour=body.hour("startHour"),
        end_hour=body.hour("endHour"),
        planned_hours=body.integer("plannedHoursNumber"),
        user_enterprise=body.text("userEnterpriseNumber"),
        user_committee=body.text("userJointCommissionNumber"),
        user_name=body.text("userName"),
        user_address=body.text("userAddress"),
        period_id=body.text("periodId"),
        sub_entity=body.text("subEntityNbr"),
    )
