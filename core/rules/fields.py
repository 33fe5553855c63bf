"""Checks of one field at a time: what a dialog can reprompt for at once."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterator

from core import reference as ref
from core.anomalies import IDENTITY_FIELDS, Anomaly, Field, Problem, field_anomaly
from core.errors import InvalidInput
from core.ids import enterprise, niss, nsso, period, subentity
from core.model import Request
from core.rules.identity import check_zone

__all__ = ["check_field", "check_fields"]

_PROBLEM = {
    "format": Problem.FORMAT,
    "length": Problem.FORMAT,
    "checksum": Problem.CHECKSUM,
    "component": Problem.RANGE,
}


def _identifier(fld: Field, check: Callable[[str], str], value: str) -> Iterator[Anomaly]:
    yield from _identifier_problems(fld, check, value)


@functools.lru_cache(maxsize=4096)  # a conversation checks its numbers at every turn
def _identifier_problems(fld: Field, check: Callable[[str], str], value: str
                         ) -> tuple[Anomaly, ...]:
    try:
        check(value)
    except InvalidInput as error:
        return (field_anomaly(fld, _PROBLEM[error.kind], kind=error.subject),)
    return ()


def _date_range(fld: Field, value: datetime.date, first: datetime.date,
                today: datetime.date) -> Iterator[Anomaly]:
    last = datetime.date(today.year + ref.YEARS_AHEAD - 1, 12, 31)
    if not first <= value <= last:
        yield field_anomaly(fld, Problem.RANGE, first=first.isoformat(), last=last.isoformat())


def _choice(fld: Field, value: str, allowed: tuple[str, ...]) -> Iterator[Anomaly]:
    if value not in allowed:
        yield field_anomaly(fld, Problem.RANGE, value=value)


def check_field(fld: Field, req: Request, today: datetime.date) -> list[Anomaly]:
    """Anomalies of one field of ``req`` taken alone; empty when fine or absent."""
    return list(_check(fld, req, today))


def _check(fld: Field, req: Request, today: datetime.date) -> Iterator[Anomaly]:  # noqa: C901
    if fld is Field.EMPLOYER:
        if req.employer_nsso:
            yield from _identifier(fld, nsso.validate, req.employer_nsso)
        elif req.employer_enterprise:
            yield from _identifier(fld, enterprise.validate, req.employer_enterprise)
    elif fld is Field.WORKER and req.ssin:
        yield from _identifier(fld, niss.validate, req.ssin)
    elif fld is Field.COMMITTEE and req.committee:
        yield from _choice(fld, req.committee, ref.COMMITTEES)
    elif fld is Field.WORKER_TYPE and req.worker_type:
        yield from _choice(fld, req.worker_type, tuple(ref.WORKER_TYPES))
    elif fld is Field.START_DATE and req.start_date:
        yield from _date_range(fld, req.start_date, ref.FIRST_START_DATE, today)
    elif fld is Field.END_DATE and req.end_date:
        yield from _date_range(fld, req.end_date, ref.FIRST_END_DATE, today)
    elif fld is Field.PLANNED_HOURS and req.planned_hours is not None:
        low, high = ref.PLANNED_HOURS_RANGE
        if not low <= req.planned_hours <= high:
            yield field_anomaly(fld, Problem.RANGE, first=low, last=high)
    elif fld is Field.USER_ENTERPRISE and req.user_enterprise:
        yield from _identifier(fld, enterprise.validate, req.user_enterprise)
    elif fld is Field.USER_COMMITTEE and req.user_committee:
        yield from _choice(fld, req.user_committee, ref.USER_COMMITTEES)
    elif fld is Field.PERIOD and req.period_id:
        yield from _identifier(fld, period.validate, req.period_id)
    elif fld is Field.SUB_ENTITY and req.sub_entity:
        yield from _identifier(fld, subentity.validate, req.sub_entity)
    elif fld in IDENTITY_FIELDS and req.identity is not None and req.ssin is None:
        yield from check_zone(fld, req.identity, today)


#: The fields checked for a worker with a NISS (or none at all): not the identity zones.
_NOT_IDENTITY = tuple(f for f in Field if f not in IDENTITY_FIELDS)


def check_fields(req: Request, today: datetime.date) -> list[Anomaly]:
    """Anomalies of every field present in ``req``, each taken alone."""
    fields = Field if req.identity is not None and req.ssin is None else _NOT_IDENTITY
    return [a for fld in fields for a in _check(fld, req, today)]
