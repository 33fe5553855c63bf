"""Rows to records and back, shared by the SQL stores."""

from __future__ import annotations

import datetime
import json
from typing import Any, Protocol

from core import codec
from core.model import Declaration, Employer, Identity, Kind, Period, PeriodStatus, Result
from core.store.protocols.calls import PinLock

__all__ = ["DECLARATION_COLUMNS", "EMPLOYER_COLUMNS", "KEPT_WHILE_TOUCHED", "PERIOD_COLUMNS",
           "declaration_row", "period_row", "pin_lock_row", "to_declaration", "to_employer",
           "to_identity", "to_period", "to_pin_lock"]

PERIOD_COLUMNS = ("period_id, employer_id, ssin, committee, worker_type, start_date, end_date, "
                  "start_hour, end_hour, planned_hours, user_enterprise, user_committee, status")
DECLARATION_COLUMNS = ("declaration_id, kind, result, employer_id, period_id, ssin, request, "
                       "anomalies, created_at")
EMPLOYER_COLUMNS = "employer_id, name, enterprise_number, nsso_number, language"
#: Tables whose rows are forgotten some time after their ``updated_at`` (see UpkeepStore).
KEPT_WHILE_TOUCHED = ("conversations", "calls", "pin_locks")


class Row(Protocol):
    """A row read back: an ``sqlite3`` tuple or an ``asyncpg.Record``."""

    def __getitem__(self, index: int, /) -> Any: ...


def _iso(value: datetime.date | datetime.time | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def period_row(p: Period) -> tuple[Any, ...]:
    return (p.period_id, p.employer_id, p.ssin, p.committee, p.worker_type,
            p.start_date.isoformat(), _iso(p.end_date), _iso(p.start_hour), _iso(p.end_hour),
            p.planned_hours, p.user_enterprise, p.user_committee, p.status.value)


def to_period(row: Row) -> Period:
    start = _date(row[5])
    assert start is not None
    return Period(row[0], row[1], row[2], row[3], row[4], start, _date(row[6]), _time(row[7]),
                  _time(row[8]), row[9], row[10], row[11], PeriodStatus(row[12]))


def declaration_row(d: Declaration) -> tuple[Any, ...]:
    return (d.declaration_id, d.request.kind.value, d.result.value, d.employer_id, d.period_id,
            d.request.ssin, json.dumps(codec.request_to(d.request)),
            json.dumps(codec.anomalies_to(d.anomalies)), d.created_at.isoformat())


def to_declaration(row: Row) -> Declaration:
    request = codec.request_from({**json.loads(row[6]), "kind": Kind(row[1])})
    return Declaration(row[0], request, Result(row[2]), codec.anomalies_from(json.loads(row[7])),
                       datetime.datetime.fromisoformat(row[8]), row[4], row[3])


def to_employer(row: Row) -> Employer:
    return Employer(row[0], row[1], row[2], row[3], row[4])


def to_identity(row: Row) -> Identity:
    return Identity(row[1], row[2], _date(row[3]), row[0])


def pin_lock_row(lock: PinLock) -> tuple[int, str | None]:
    return lock.failures, lock.until.isoformat() if lock.until else None


def to_pin_lock(row: Row) -> PinLock:
    return PinLock(int(row[0] or 0), datetime.datetime.fromisoformat(row[1]) if row[1] else None)
