"""Put the checks together: one request, one snapshot of the file, one verdict."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from core.anomalies import Anomaly, Field, Problem, field_anomaly
from core.model import Employer, Identity, Kind, Period, PeriodStatus, Request, Result
from core.rules import personnel
from core.rules.fields import check_fields
from core.rules.needs import needed_fields
from core.rules.shape import check_shape

__all__ = ["Snapshot", "Verdict", "judge"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the personnel file and the registries say, read in one transaction."""

    employer: Employer | None = None
    identity_known: bool = False
    target: Period | None = None  # the period an OUT, UPDATE or CANCEL acts on
    worker_periods: tuple[Period, ...] = ()  # every period of the worker, all employers
    employer_ext_days: frozenset[datetime.date] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Verdict:
    result: Result
    anomalies: tuple[Anomaly, ...]
    period: Period | None = None  # the period to write, as it is after this declaration


def judge(req: Request, snap: Snapshot, today: datetime.date, number: str) -> Verdict:
    """Judge ``req``; ``number`` is its declaration number (an IN's period id)."""
    found = check_fields(req, today)
    found += [field_anomaly(f, Problem.MISSING) for f in needed_fields(req)]
    if req.employer_number and not found and snap.employer is None:
        found.append(field_anomaly(Field.EMPLOYER, Problem.UNKNOWN))
    if _refused(found) or snap.employer is None:
        return Verdict(Result.REFUSED, tuple(found))
    handler = _HANDLERS[req.kind]
    return handler(req, snap, today, number, found)


def _refused(found: list[Anomaly]) -> bool:
    return any(a.is_error for a in found)


def _verdict(found: list[Anomaly], period: Period, pending: bool = False) -> Verdict:
    if _refused(found):
        return Verdict(Result.REFUSED, tuple(found))
    if pending:
        return Verdict(Result.PENDING, tuple(found), period)
    result = Result.WARNING if found else Result.ACCEPTED
    return Verdict(result, tuple(found), period)


def _file_checks(req: Request, snap: Snapshot, employer_id: int, own: str | None,
                 today: datetime.date | None) -> list[Anomaly]:
    periods = snap.worker_periods
    found = list(personnel.overlaps(req, employer_id, periods, own))
    if found:
        return found
    if today is not None:
        found += personnel.late(req, today)
    found += personnel.student_quota(req, periods, own)
    found += personnel.horeca_days(req, employer_id, periods, snap.employer_ext_days, own)
    return found


def _judge_in(req: Request, snap: Snapshot, today: datetime.date, number: str,
              found: list[Anomaly]) -> Verdict:
    assert snap.employer is not None and req.start_date and req.committee and req.worker_type
    found += check_shape(req, today)
    if _refused(found):
        return Verdict(Result.REFUSED, tuple(found))
    employer_id = snap.employer.employer_id
    found += _file_checks(req, snap, employer_id, None, today)
    pending = not snap.identity_known
    period = Period(
        number, employer_id, req.ssin, req.committee, req.worker_type, req.start_date,
        req.end_date, req.start_hour, req.end_hour, req.planned_hours, req.user_enterprise,
        req.user_committee, PeriodStatus.PENDING if pending else PeriodStatus.ACTIVE)
    return _verdict(found, period, pending)


def _target(req: Request, snap: Snapshot, found: list[Anomaly]) -> Period | None:
    target = snap.target
    assert snap.employer is not None
    if target is None or target.employer_id != snap.employer.employer_id:
        found.append(field_anomaly(Field.PERIOD, Problem.UNKNOWN, periodId=req.period_id or ""))
        return None
    if not target.is_live:
        found.append(field_anomaly(Field.PERIOD, Problem.ALREADY_CANCELLED,
                                   periodId=target.period_id))
        return None
    return target


def _as_request(period: Period) -> Request:
    """The period as an IN would carry it; its worker counts as given even without a NISS."""
    anonymous = Identity("", "") if period.ssin is None else None
    return Request(Kind.IN, ssin=period.ssin, identity=anonymous, committee=period.committee,
                   worker_type=period.worker_type, start_date=period.start_date,
                   end_date=period.end_date, start_hour=period.start_hour,
                   end_hour=period.end_hour, planned_hours=period.planned_hours,
                   user_enterprise=period.user_enterprise, user_committee=period.user_committee,
                   employer_enterprise="-")


def _judge_out(req: Request, snap: Snapshot, today: datetime.date, number: str,
               found: list[Anomaly]) -> Verdict:
    target = _target(req, snap, found)
    if target is None:
        return Verdict(Result.REFUSED, tuple(found))
    if target.end_date is not None:
        found.append(field_anomaly(Field.PERIOD, Problem.CLOSED, periodId=target.period_id,
                                   end=target.end_date.isoformat()))
    closed = replace(target, end_date=req.end_date)
    found += check_shape(_as_request(closed), today, advance=False)
    return _verdict(found, closed)


_CHANGES = ("start_date", "end_date", "start_hour", "end_hour", "planned_hours")


def _judge_update(req: Request, snap: Snapshot, today: datetime.date, number: str,
                  found: list[Anomaly]) -> Verdict:
    target = _target(req, snap, found)
    if target is None:
        return Verdict(Result.REFUSED, tuple(found))
    # Committee and worker type are characteristics: an UPDATE cannot change them.
    for fld, value, current in ((Field.COMMITTEE, req.committee, target.committee),
                                (Field.WORKER_TYPE, req.worker_type, target.worker_type)):
        if value is not None and value != current:
            found.append(field_anomaly(fld, Problem.FORBIDDEN, periodId=target.period_id))
    changes = {name: getattr(req, name) for name in _CHANGES if getattr(req, name) is not None}
    if req.remove_end_date:
        changes["end_date"] = None
    if target.worker_type == "STU" and changes.get("start_date", target.start_date) != target.start_date:
        found.append(field_anomaly(Field.START_DATE, Problem.FROZEN, type="STU"))
    changed = replace(target, **changes)
    if changed == target:
        found.append(field_anomaly(Field.PERIOD, Problem.NOTHING, periodId=target.period_id))
    merged = _as_request(changed)
    found += [field_anomaly(f, Problem.MISSING) for f in needed_fields(merged)]
    found += check_shape(merged, today, advance=False)
    if not _refused(found):
        found += _file_checks(merged, snap, target.employer_id, target.period_id, None)
    return _verdict(found, changed)


def _judge_cancel(req: Request, snap: Snapshot, today: datetime.date, number: str,
                  found: list[Anomaly]) -> Verdict:
    target = _target(req, snap, found)
    if target is None:
        return Verdict(Result.REFUSED, tuple(found))
    if today > target.start_date:
        found.append(field_anomaly(Field.PERIOD, Problem.TOO_LATE, periodId=target.period_id,
                                   start=target.start_date.isoformat()))
    return _verdict(found, replace(target, status=PeriodStatus.CANCELLED))


_HANDLERS = {Kind.IN: _judge_in, Kind.OUT: _judge_out, Kind.UPDATE: _judge_update,
             Kind.CANCEL: _judge_cancel}
