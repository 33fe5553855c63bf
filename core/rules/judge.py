"""Put the checks together: one request, one snapshot of the file, one verdict."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from core.anomalies import Anomaly, Field, Problem, field_anomaly
from core.ids import nsso, subentity
from core.model import Declaration, Employer, Identity, Kind, Period, PeriodStatus, Request, Result
from core.rules import personnel
from core.rules.fields import check_fields
from core.rules.needs import agency_horeca, needed_fields
from core.rules.shape import check_shape

__all__ = ["Snapshot", "Verdict", "employer_checks", "judge", "judge_identified",
           "refuse_unidentified"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the personnel file and the registries say, read in one transaction."""

    employer: Employer | None = None
    identity_known: bool = False
    target: Period | None = None  # the period an OUT, UPDATE or CANCEL acts on
    worker_periods: tuple[Period, ...] = ()  # every period of the worker, all employers
    #: the days of the year the horeca company has occasional workers: the employer's,
    #: or for agency horeca work the user company's (its own and those placed with it)
    employer_ext_days: frozenset[datetime.date] = field(default_factory=frozenset)
    user_employer_id: int | None = None  # an agency user's own employer id, if registered
    #: an IN without a NISS: the employer's live periods of workers declared without one
    #: around its dates, each with the identity it was declared with
    unidentified: tuple[tuple[Period, Identity], ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    result: Result
    anomalies: tuple[Anomaly, ...]
    period: Period | None = None  # the period to write, as it is after this declaration


def judge(req: Request, snap: Snapshot, today: datetime.date, number: str) -> Verdict:
    """Judge ``req``; ``number`` is its declaration number (an IN's period id)."""
    found = check_fields(req, today)
    found += [field_anomaly(f, Problem.MISSING) for f in needed_fields(req, snap.employer)]
    if req.employer_number and not found and snap.employer is None:
        found.append(field_anomaly(Field.EMPLOYER, Problem.UNKNOWN))
    if snap.employer is not None:
        found += employer_checks(req, snap.employer)
    if _refused(found) or snap.employer is None:
        return Verdict(Result.REFUSED, tuple(found))
    handler = _HANDLERS[req.kind]
    return handler(req, snap, today, number, found)


def employer_checks(req: Request, employer: Employer) -> list[Anomaly]:
    """A closed provisional number, and the sub-entity against the employer's list."""
    found = []
    if req.employer_nsso and req.employer_nsso == employer.provisional_nsso \
            and employer.nsso_number:
        found.append(field_anomaly(Field.EMPLOYER, Problem.CLOSED,
                                   number=nsso.format(employer.nsso_number)))
    if req.kind is Kind.IN and req.sub_entity and subentity.is_valid(req.sub_entity):
        if not employer.sub_entities:
            found.append(field_anomaly(Field.SUB_ENTITY, Problem.FORBIDDEN))
        elif req.sub_entity not in employer.sub_entities:
            found.append(field_anomaly(Field.SUB_ENTITY, Problem.UNKNOWN, value=req.sub_entity))
    return found


def _refused(found: list[Anomaly]) -> bool:
    return any(a.is_error for a in found)


def _verdict(found: list[Anomaly], period: Period, pending: bool = False) -> Verdict:
    if _refused(found):
        return Verdict(Result.REFUSED, tuple(found))
    if pending:
        return Verdict(Result.PENDING, tuple(found), period)
    result = Result.WARNING if found else Result.ACCEPTED
    return Verdict(result, tuple(found), period)


def _company(item: Request, snap: Snapshot) -> personnel.Company:
    """The horeca company a declaration's days count against."""
    assert snap.employer is not None
    if agency_horeca(item):
        return personnel.Company(snap.user_employer_id, item.user_enterprise)
    return personnel.Company(snap.employer.employer_id, snap.employer.enterprise_number)


def _file_checks(req: Request, snap: Snapshot, employer_id: int, own: str | None,
                 today: datetime.date | None) -> list[Anomaly]:
    periods = snap.worker_periods
    found = list(personnel.overlaps(req, employer_id, periods, own)) or list(
        personnel.same_person_overlaps(req, employer_id, snap.unidentified))
    if found:
        return found
    if today is not None:
        found += personnel.late(req, today)
        found += personnel.flexi_late(req, today)
    found += personnel.student_quota(req, periods, own)
    found += personnel.horeca_days(req, _company(req, snap), periods, snap.employer_ext_days,
                                   own)
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
        req.user_committee, PeriodStatus.PENDING if pending else PeriodStatus.ACTIVE,
        req.sub_entity, None if req.user_enterprise else req.user_name)
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
                   user_name=period.user_name, sub_entity=period.sub_entity,
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
    if not _refused(found) and req.end_date is not None:
        found += personnel.late_end(req.end_date, today)
    return _verdict(found, closed)


_CHANGES = ("start_date", "end_date", "start_hour", "end_hour", "planned_hours")
#: What an UPDATE may not change, and the problem it gets: the characteristics of the
#: period (committee, type, sub-entity, user), which only a CANCEL and a new IN change.
_FIXED = ((Field.COMMITTEE, "committee", Problem.FORBIDDEN),
          (Field.WORKER_TYPE, "worker_type", Problem.FORBIDDEN),
          (Field.SUB_ENTITY, "sub_entity", Problem.FROZEN),
          (Field.USER_ENTERPRISE, "user_enterprise", Problem.FROZEN),
          (Field.USER_COMMITTEE, "user_committee", Problem.FROZEN),
          (Field.USER_NAME, "user_name", Problem.FROZEN))


def _fixed(req: Request, target: Period) -> list[Anomaly]:
    return [field_anomaly(fld, problem, periodId=target.period_id)
            for fld, attr, problem in _FIXED
            if getattr(req, attr) is not None and getattr(req, attr) != getattr(target, attr)]


def _frozen(target: Period, changes: dict[str, object]) -> list[Anomaly]:
    """A student period keeps its start; a flexi-job period's end never moves later."""
    found = []
    if target.worker_type == "STU" and changes.get("start_date", target.start_date) != \
            target.start_date:
        found.append(field_anomaly(Field.START_DATE, Problem.FROZEN, type="STU"))
    if target.worker_type == "FLX" and target.end_date is not None and "end_date" in changes:
        end = changes["end_date"]
        if not isinstance(end, datetime.date) or end > target.end_date:
            found.append(field_anomaly(Field.END_DATE, Problem.FROZEN, type="FLX",
                                       end=target.end_date.isoformat()))
    return found


def _judge_update(req: Request, snap: Snapshot, today: datetime.date, number: str,
                  found: list[Anomaly]) -> Verdict:
    target = _target(req, snap, found)
    if target is None:
        return Verdict(Result.REFUSED, tuple(found))
    found += _fixed(req, target)
    changes = {name: getattr(req, name) for name in _CHANGES if getattr(req, name) is not None}
    if req.remove_end_date:
        changes["end_date"] = None
    found += _frozen(target, changes)
    changed = replace(target, **changes)
    if changed == target:
        found.append(field_anomaly(Field.PERIOD, Problem.NOTHING, periodId=target.period_id))
    merged = _as_request(changed)
    found += [field_anomaly(f, Problem.MISSING) for f in needed_fields(merged)]
    found += check_shape(merged, today, advance=False)
    if not _refused(found):
        found += _file_checks(merged, snap, target.employer_id, target.period_id, None)
    if not _refused(found):
        found += personnel.late_change(target, changed, today)
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


# ================================================================ the pending path


def judge_identified(decl: Declaration, period: Period, ssin: str, snap: Snapshot) -> Verdict:
    """The final verdict of a pending IN whose worker the identity registry now knows.

    The period takes the NISS. A worker declared by identity data alone had no
    personnel file to check against: its overlaps and student hours are checked
    now, against ``snap.worker_periods`` (read under the worker's lock). The
    warnings of the submission stay.
    """
    found = list(decl.anomalies)
    live = PeriodStatus.ACTIVE if period.status is PeriodStatus.PENDING else period.status
    identified = replace(period, ssin=ssin, status=live)  # a cancelled one stays so
    if period.ssin is None:
        req = _as_request(identified)
        clash = list(personnel.overlaps(req, period.employer_id, snap.worker_periods,
                                        period.period_id))
        if clash:
            return Verdict(Result.REFUSED, tuple(found + clash))
        known = {a.code for a in found}
        found += [a for a in personnel.student_quota(req, snap.worker_periods, period.period_id)
                  if a.code not in known]
    return _verdict(found, identified)


def refuse_unidentified() -> Verdict:
    """The final refusal of a pending IN whose worker could not be identified: no
    such person after the identification delay, or a rejection by the registry."""
    return Verdict(Result.REFUSED, (field_anomaly(Field.WORKER, Problem.UNIDENTIFIED),))
