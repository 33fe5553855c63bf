"""Checks of the fields against each other and against the worker type."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from core import reference as ref
from core.anomalies import Anomaly, Field, Problem, field_anomaly
from core.model import Request
from core.rules.needs import takes_hours

__all__ = ["check_shape", "quarter"]

def quarter(day: datetime.date) -> tuple[int, int]:
    """(year, quarter) of a date.

    >>> quarter(datetime.date(2026, 12, 15))
    (2026, 4)
    """
    return day.year, (day.month - 1) // 3 + 1


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * (quarter(day)[1] - 1) + 1, 1)


def check_shape(req: Request, today: datetime.date, advance: bool = True) -> list[Anomaly]:
    """Relations between fields; run on an IN or on a period after OUT/UPDATE.

    ``advance`` also checks how long before its start the period is declared.
    """
    wtype = ref.WORKER_TYPES.get(req.worker_type or "")
    if wtype is None or req.committee not in ref.COMMITTEES:
        return []
    return [
        *_committee(req),
        *_validity(req, wtype),
        *_dates(req, wtype),
        *_hours(req),
        *_planned(req, wtype),
        *_user(req),
        *(_advance(req, wtype, today) if advance else ()),
    ]


def _committee(req: Request) -> Iterator[Anomaly]:
    assert req.committee is not None and req.worker_type is not None
    if req.worker_type not in ref.allowed_types(req.committee):
        yield field_anomaly(Field.WORKER_TYPE, Problem.NOT_ALLOWED,
                            type=req.worker_type, committee=req.committee)


def _validity(req: Request, wtype: ref.WorkerType) -> Iterator[Anomaly]:
    if req.start_date and not ref.type_open_on(wtype.code, req.start_date):
        limit = wtype.valid_from or wtype.valid_until
        assert limit is not None
        yield field_anomaly(Field.WORKER_TYPE, Problem.TYPE_CLOSED, type=wtype.code,
                            since=(wtype.valid_from or datetime.date.min).isoformat(),
                            until=(wtype.valid_until or datetime.date.max).isoformat())


def _dates(req: Request, wtype: ref.WorkerType) -> Iterator[Anomaly]:
    start, end = req.start_date, req.end_date
    if start is None or end is None:
        return
    if end < start:
        yield field_anomaly(Field.END_DATE, Problem.BEFORE_START, start=start.isoformat())
    elif wtype.same_day and end != start:
        yield field_anomaly(Field.END_DATE, Problem.SAME_DAY, start=start.isoformat())
    elif wtype.code == "EXT" and (end - start).days > 1:
        yield field_anomaly(Field.END_DATE, Problem.SAME_DAY, start=start.isoformat())
    elif wtype.same_quarter and quarter(end) != quarter(start):
        yield field_anomaly(Field.END_DATE, Problem.SAME_QUARTER, start=start.isoformat())


def _hours(req: Request) -> Iterator[Anomaly]:
    if req.worker_type == "FLX" and req.end_date is None:
        return  # a one-day flexi-job takes hours: wait for the end date (needed anyway)
    if not takes_hours(req):
        for fld, value in ((Field.START_HOUR, req.start_hour), (Field.END_HOUR, req.end_hour)):
            if value is not None:
                yield field_anomaly(fld, Problem.FORBIDDEN, type=req.worker_type or "")
        return
    if req.start_hour is None or req.end_hour is None or req.start_date is None:
        return
    if req.end_date == req.start_date and req.end_hour <= req.start_hour:
        yield field_anomaly(Field.END_HOUR, Problem.BEFORE_START,
                            start=req.start_hour.strftime("%H:%M"))


def _planned(req: Request, wtype: ref.WorkerType) -> Iterator[Anomaly]:
    if req.planned_hours is not None and not wtype.planned_hours:
        yield field_anomaly(Field.PLANNED_HOURS, Problem.FORBIDDEN, type=wtype.code)


def _user(req: Request) -> Iterator[Anomaly]:
    if req.committee == ref.AGENCY:
        return
    for fld, value in ((Field.USER_ENTERPRISE, req.user_enterprise),
                       (Field.USER_COMMITTEE, req.user_committee),
                       (Field.USER_NAME, req.user_name)):
        if value is not None:
            yield field_anomaly(fld, Problem.FORBIDDEN, committee=req.committee or "")


def _advance(req: Request, wtype: ref.WorkerType, today: datetime.date) -> Iterator[Anomaly]:
    """Some types may not be declared too long before they start."""
    if req.start_date is None:
        return
    if wtype.max_days_ahead is not None and (req.start_date - today).days > wtype.max_days_ahead:
        yield field_anomaly(Field.START_DATE, Problem.TOO_EARLY, days=wtype.max_days_ahead)
    # every flexi-job Dimona, daily or for a period (GLOSS 00910)
    if wtype.code == "FLX" and (_quarter_start(req.start_date) - today).days > \
            ref.FLX_DAYS_BEFORE_QUARTER:
        yield field_anomaly(Field.START_DATE, Problem.TOO_EARLY, days=ref.FLX_DAYS_BEFORE_QUARTER)
