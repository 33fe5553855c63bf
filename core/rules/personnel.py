"""Checks against the personnel file: overlaps, quotas, lateness, deadlines."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from core import anomalies as codes
from core import reference as ref
from core.anomalies import Anomaly, Field, Problem, Severity, field_anomaly
from core.model import Identity, Kind, Period, Request
from core.registry import same_person
from core.rules.needs import agency_horeca
from core.workdays import first_working_day_after

__all__ = ["Company", "characteristics", "flexi_late", "horeca_days", "is_horeca_occasional", "late", "late_change", "late_end", "overlaps",
           "same_person_overlaps", "student_quota"]

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


def characteristics(item: Request | Period) -> tuple[str | None, ...]:
    """The four characteristics of a period (SEED1): joint committee, worker type,
    sub-entity and user. Periods of one worker and employer whose characteristics
    differ may coexist; the same four may not overlap."""
    return (item.committee, item.worker_type, item.sub_entity, item.user)


def overlaps(req: Request, employer_id: int, periods: Iterable[Period],
             own: str | None = None) -> Iterator[Anomaly]:
    """A live period of the same employer, worker and characteristics that overlaps."""
    start, end = _span(req)
    mine = characteristics(req)
    for period in periods:
        if (period.period_id == own or not period.is_live or period.employer_id != employer_id
                or characteristics(period) != mine):
            continue
        other_start, other_end = _span(period)
        if start < other_end and other_start < end:
            yield Anomaly(codes.OVERLAP, params={"periodId": period.period_id,
                                                 "start": period.start_date.isoformat()},
                          field=Field.START_DATE)
            return


def same_person_overlaps(req: Request, employer_id: int,
                         unidentified: Iterable[tuple[Period, Identity]]) -> Iterator[Anomaly]:
    """Without a NISS the worker is who the identity zones say (surname, first name, birth
    date): a second IN for the same person and employer that overlaps a live period of
    the same characteristics is a duplicate like any other (a client that retries files
    once), refused naming the period; ``unidentified`` are the employer's periods of
    workers declared without a NISS, each with the identity it was declared with."""
    if req.ssin is not None or req.identity is None:
        return
    person = req.identity
    yield from overlaps(req, employer_id,
                        (p for p, who in unidentified if same_person(who, person)))


def _late(fld: Field, deadline: datetime.date, today: datetime.date, **params: str
          ) -> Iterator[Anomaly]:
    if today > deadline:
        yield field_anomaly(fld, Problem.LATE, _WARN, deadline=deadline.isoformat(),
                            days=(today - deadline).days, **params)


def late(req: Request, today: datetime.date) -> Iterator[Anomaly]:
    """An IN is due when the work starts: at the latest on its start day."""
    if req.start_date is not None:
        yield from _late(Field.START_DATE, req.start_date, today, start=req.start_date.isoformat())


def late_end(end: datetime.date, today: datetime.date) -> Iterator[Anomaly]:
    """An end (an OUT, or an end moved earlier) is due on the first working day after it."""
    yield from _late(Field.END_DATE, first_working_day_after(end), today, end=end.isoformat())


def late_change(before: Period, after: Period, today: datetime.date) -> Iterator[Anomaly]:
    """The deadlines of an UPDATE (WHEN-NL/DE).

    - start moved earlier: due when the work starts, the new start day;
    - end set or moved earlier: as an OUT, the first working day after the new end;
    - end moved later (or removed): the first working day after the end on file.
    """
    if after.start_date < before.start_date:
        yield from late(Request(Kind.IN, start_date=after.start_date), today)
    if after.end_date == before.end_date:
        return
    if after.end_date is not None and (before.end_date is None or after.end_date < before.end_date):
        yield from late_end(after.end_date, today)
    elif before.end_date is not None:
        yield from _late(Field.END_DATE, first_working_day_after(before.end_date), today,
                         end=(after.end_date or before.end_date).isoformat())


def flexi_late(req: Request, today: datetime.date) -> Iterator[Anomaly]:
    """A flexi-job Dimona sent after the work started does not meet the flexi-job
    conditions ("Dimona tardive", FLX-FR): accepted, with the official warning."""
    if req.worker_type == "FLX" and req.start_date is not None and req.committee is not None \
            and req.start_date < today:
        yield Anomaly(codes.FLEXI_ACCESS, _WARN, {"reason": "late", **_advice(req.committee)},
                      Field.WORKER_TYPE)


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


def is_horeca_occasional(item: Request | Period) -> bool:
    """Occasional horeca work: EXT in 302, or EXT through an agency with the user in 302."""
    return item.worker_type == "EXT" and (item.committee == ref.HORECA or agency_horeca(item))


@dataclass(frozen=True, slots=True)
class Company:
    """The horeca company whose quota a day counts against: the employer itself, or the
    user company of an agency placement (HORECA-NL; SEED2 on agency horeca work)."""

    employer_id: int | None  # its own EXT in 302, when it is a registered employer
    enterprise: str | None  # the agency EXT placed with it as user

    def has(self, period: Period) -> bool:
        if agency_horeca(period):
            return self.enterprise is not None and period.user_enterprise == self.enterprise
        return self.employer_id is not None and period.employer_id == self.employer_id


def horeca_days(req: Request, company: Company, periods: Iterable[Period],
                company_days: frozenset[datetime.date], own: str | None = None
                ) -> Iterator[Anomaly]:
    """Horeca occasional workers: 50 days a worker, 200 a company, 2 in a row with one company.

    Agency days count for the worker and against the user company, not the agency.
    Beyond a limit the advice names a combination the rules accept: ordinary staff
    (:func:`core.reference.ordinary_staff`).
    """
    if not is_horeca_occasional(req) or req.start_date is None or req.committee is None:
        return
    day, year = req.start_date, req.start_date.year
    advice = _advice(req.committee)
    mine = [p for p in periods if p.is_live and is_horeca_occasional(p) and p.period_id != own]
    worker_days = {p.start_date for p in mine if p.start_date.year == year} | {day}
    if len(worker_days) > ref.EXT_DAYS_PER_WORKER:
        yield Anomaly(codes.EXT_WORKER_DAYS, _WARN, {"days": len(worker_days),
                      "limit": ref.EXT_DAYS_PER_WORKER, "year": year, **advice}, Field.START_DATE)
    all_days = {d for d in company_days if d.year == year} | {day}
    if len(all_days) > ref.EXT_DAYS_PER_EMPLOYER:
        yield _company_quota(req, len(all_days), year, advice)
    with_company = {p.start_date for p in mine if company.has(p)} | {day}
    if _run_length(day, with_company) > ref.EXT_CONSECUTIVE_DAYS:
        yield Anomaly(codes.EXT_CONSECUTIVE, _WARN,
                      {"days": _run_length(day, with_company), **advice}, Field.START_DATE)


def _advice(committee: str) -> dict[str, str | int]:
    advised_committee, advised_type = ref.ordinary_staff(committee)
    return {"advisedCommittee": advised_committee, "advisedType": advised_type}


def _company_quota(req: Request, days: int, year: int, advice: dict[str, str | int]) -> Anomaly:
    params: dict[str, str | int] = {"days": days, "limit": ref.EXT_DAYS_PER_EMPLOYER,
                                    "year": year, **advice}
    if agency_horeca(req):
        return Anomaly(codes.EXT_USER_DAYS, _WARN, {**params, "user": req.user_enterprise or ""},
                       Field.USER_ENTERPRISE)
    return Anomaly(codes.EXT_EMPLOYER_DAYS, _WARN, params, Field.START_DATE)


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
