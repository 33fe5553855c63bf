"""Checks against the personnel file: overlaps, quotas, lateness, deadlines."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from core import anomalies as codes
from core import reference as ref
from core.anomalies import Anomaly, Field, Problem, Severity, field_anomaly
from core.model import Period, Request

__all__ = ["horeca_days", "late", "overlaps", "student_quota"]

_DAY = datetime.timedelta(days=1)
_WARN = Severity.WARNING


def _span(item: Request | Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The time a period covers; whole days unless it carries hours."""
    assert item.start_date is not None
    start = datetime.datetime.combine(item.start_date, item.start_hour or datetime.time.min)
    if item.end_date is None:
        return start, datetime.datetime.max
    end_day = datetime.datetime.combine(item.end_date, datetime.time.min)
    end = end_day + (datetime.timedelta(hours=item.end_hour.hour, minutes=item.end_hour.minute)
                     if item.end_hour and item.start_hour else _DAY)
    return start, end


def overlaps(req: Request, employer_id: int, periods: Iterable[Period],
             own: str | None = None) -> Iterator[Anomaly]:
    """A live period of the same employer, worker, committee and type that overlaps."""
    start, end = _span(req)
    for period in periods:
        if (period.period_id == own or not period.is_live or period.employer_id != employer_id
                or period.committee != req.committee or period.worker_type != req.worker_type):
            continue
        other_start, other_end = _span(period)
        if start < other_end and other_start < end:
            yield Anomaly(codes.OVERLAP, params={"periodId": period.period_id},
                          field=Field.START_DATE)
            return


def late(req: Request, today: datetime.date) -> Iterator[Anomaly]:
    if req.start_date is not None and req.start_date < today:
        yield field_anomaly(Field.START_DATE, Problem.LATE, _WARN,
                            start=req.start_date.isoformat())


def student_quota(req: Request, periods: Iterable[Period], own: str | None = None
                  ) -> Iterator[Anomaly]:
    """Student hours over the year's contingent, all employers together."""
    if req.worker_type != "STU" or req.start_date is None or not req.planned_hours:
        return
    year = req.start_date.year
    used = sum(p.planned_hours or 0 for p in periods
               if p.is_live and p.worker_type == "STU" and p.start_date.year == year
               and p.period_id != own)
    quota = ref.student_quota(year)
    excess = min(req.planned_hours, used + req.planned_hours - quota)
    if excess > 0:
        yield Anomaly(codes.STUDENT_QUOTA, _WARN, {"excess": excess, "quota": quota, "year": year},
                      Field.PLANNED_HOURS)


def _is_horeca_ext(item: Request | Period) -> bool:
    return item.worker_type == "EXT" and item.committee == ref.HORECA


def horeca_days(req: Request, employer_id: int, periods: Iterable[Period],
                employer_days: frozenset[datetime.date], own: str | None = None
                ) -> Iterator[Anomaly]:
    """Horeca occasional workers: 50 days a worker, 200 an employer, 2 in a row."""
    if not _is_horeca_ext(req) or req.start_date is None:
        return
    day, year = req.start_date, req.start_date.year
    mine = [p for p in periods if p.is_live and _is_horeca_ext(p) and p.period_id != own]
    worker_days = {p.start_date for p in mine if p.start_date.year == year} | {day}
    if len(worker_days) > ref.EXT_DAYS_PER_WORKER:
        yield Anomaly(codes.EXT_WORKER_DAYS, _WARN, {"days": len(worker_days),
                      "limit": ref.EXT_DAYS_PER_WORKER, "year": year}, Field.START_DATE)
    all_days = {d for d in employer_days if d.year == year} | {day}
    if len(all_days) > ref.EXT_DAYS_PER_EMPLOYER:
        yield Anomaly(codes.EXT_EMPLOYER_DAYS, _WARN, {"days": len(all_days),
                      "limit": ref.EXT_DAYS_PER_EMPLOYER, "year": year}, Field.START_DATE)
    with_employer = {p.start_date for p in mine if p.employer_id == employer_id} | {day}
    if _run_length(day, with_employer) > ref.EXT_CONSECUTIVE_DAYS:
        yield Anomaly(codes.EXT_CONSECUTIVE, _WARN, {"days": _run_length(day, with_employer)},
                      Field.START_DATE)


def _run_length(day: datetime.date, days: set[datetime.date]) -> int:
    """How many consecutive days the run through ``day`` lasts.

    >>> d = datetime.date(2026, 12, 15)
    >>> _run_length(d, {d, d - _DAY, d + _DAY, d + 3 * _DAY})
    3
    """
    before = after = 0
    while day - (before + 1) * _DAY in days:
        before += 1
    while day + (after + 1) * _DAY in days:
        after += 1
    return before + after + 1
