"""Which fields a declaration still needs: the question every dialog asks."""

from __future__ import annotations

import datetime
from dataclasses import replace

from core import reference as ref
from core.anomalies import IDENTITY_FIELDS, Field
from core.model import Employer, Kind, Period, Request
from core.rules.identity import missing_zones

__all__ = ["FIELD_ATTRS", "agency_horeca", "derive", "needed_fields", "offered_fields",
           "takes_hours"]


def takes_hours(req: Request) -> bool:
    """Start and end hour belong to EXT and to a one-day FLX, to nothing else.

    A one-day flexi-job ends on its start day, or on the next one when its shift
    runs past midnight (it then comes with its hours; a two-day flexi period has none).

    >>> import datetime
    >>> day = datetime.date(2026, 12, 15)
    >>> night = Request(Kind.IN, worker_type="FLX", start_date=day,
    ...                 end_date=day + datetime.timedelta(days=1), start_hour=datetime.time(22))
    >>> takes_hours(night), takes_hours(replace(night, start_hour=None))
    (True, False)
    """
    if req.worker_type == "EXT":
        return True
    if req.worker_type != "FLX" or req.end_date is None or req.start_date is None:
        return False
    days = (req.end_date - req.start_date).days
    return days == 0 or (days == 1 and (req.start_hour or req.end_hour) is not None)


def _end_hour_optional(req: Request) -> bool:
    """A horeca EXT may be declared on a day forfait, without an end hour."""
    return req.worker_type == "EXT" and req.committee == ref.HORECA


def _worker_fields(req: Request) -> list[Field]:
    """The NISS; without one (where a type allows it), every mandatory identity zone."""
    wtype = ref.WORKER_TYPES.get(req.worker_type or "")
    if req.ssin is not None or req.identity is None or (wtype is not None and wtype.niss_required):
        return [Field.WORKER]
    return [Field.WORKER, *missing_zones(req.identity)]


def agency_horeca(req: Request | Period) -> bool:
    """Occasional horeca work through an agency: EXT in 322 with the user in 302."""
    return (req.committee == ref.AGENCY and req.user_committee == ref.HORECA
            and req.worker_type == "EXT")


def _in_fields(req: Request, employer: Employer | None) -> list[Field]:
    fields = [Field.EMPLOYER]
    if employer is not None and employer.sub_entities:
        fields.append(Field.SUB_ENTITY)
    fields += [*_worker_fields(req), Field.COMMITTEE, Field.WORKER_TYPE, Field.START_DATE]
    wtype = ref.WORKER_TYPES.get(req.worker_type or "")
    if wtype is None:
        return fields
    hours = [Field.START_HOUR] + ([] if _end_hour_optional(req) else [Field.END_HOUR])
    if wtype.hours:  # hours first: they tell whether the shift ends the next day
        fields.extend(hours)
    if wtype.end_date or req.committee == ref.AGENCY:
        fields.append(Field.END_DATE)
    if not wtype.hours and takes_hours(req):
        fields.extend(hours)
    if wtype.planned_hours:
        fields.append(Field.PLANNED_HOURS)
    if req.committee == ref.AGENCY:
        # horeca days count against the user's quota: its enterprise number is a must
        if not (req.user_name and req.user_address) or agency_horeca(req):
            fields.append(Field.USER_ENTERPRISE)
        fields.append(Field.USER_COMMITTEE)
    return fields


_REQUIRED = {
    Kind.OUT: [Field.EMPLOYER, Field.PERIOD, Field.END_DATE],
    Kind.UPDATE: [Field.EMPLOYER, Field.PERIOD],
    Kind.CANCEL: [Field.EMPLOYER, Field.PERIOD],
}


def _present(fld: Field, req: Request) -> bool:
    if fld is Field.EMPLOYER:
        return req.employer_number is not None
    if fld is Field.WORKER:
        needs_niss = ref.WORKER_TYPES.get(req.worker_type or "")
        if needs_niss is not None and needs_niss.niss_required:
            return req.ssin is not None
        return req.ssin is not None or req.identity is not None
    if fld in IDENTITY_FIELDS:
        return req.identity is not None and req.identity.zone(fld.value) is not None
    attr = FIELD_ATTRS[fld]
    return getattr(req, attr) is not None


FIELD_ATTRS = {
    Field.WORKER: "ssin",
    Field.COMMITTEE: "committee", Field.WORKER_TYPE: "worker_type",
    Field.START_DATE: "start_date", Field.END_DATE: "end_date",
    Field.START_HOUR: "start_hour", Field.END_HOUR: "end_hour",
    Field.PLANNED_HOURS: "planned_hours", Field.USER_ENTERPRISE: "user_enterprise",
    Field.USER_COMMITTEE: "user_committee", Field.PERIOD: "period_id",
    Field.USER_NAME: "user_name", Field.IDENTITY: "identity", Field.SUB_ENTITY: "sub_entity",
}


def needed_fields(req: Request, employer: Employer | None = None) -> list[Field]:
    """The fields still missing, in the order a person would be asked them.

    ``employer``, when known, adds what its kind of employer must give: the
    sub-entity of a public employer with sub-entities.

    >>> from core.model import Kind, Request
    >>> needed_fields(Request(Kind.IN))
    [<Field.EMPLOYER: 'employer'>, <Field.WORKER: 'ssin'>, <Field.COMMITTEE: 'jointCommissionNumber'>, <Field.WORKER_TYPE: 'workerType'>, <Field.START_DATE: 'startDate'>]
    >>> [f.value for f in needed_fields(Request(Kind.IN, employer_enterprise="0403199702",
    ...     ssin="85073100130", committee="XXX", worker_type="STU"))]
    ['startDate', 'endDate', 'plannedHoursNumber']
    >>> [f.value for f in needed_fields(Request(Kind.CANCEL, employer_enterprise="0403199702"))]
    ['periodId']
    """
    required = _in_fields(req, employer) if req.kind is Kind.IN else _REQUIRED[req.kind]
    return [fld for fld in required if not _present(fld, req)]


def offered_fields(req: Request) -> list[Field]:
    """Optional fields worth offering once the needed ones are there, each may be declined.

    A horeca extra may be declared on a day forfait, without an end hour; most
    are declared with one, so a dialog offers it.

    >>> import datetime
    >>> from core.model import Kind, Request
    >>> [f.value for f in offered_fields(Request(Kind.IN, committee="302", worker_type="EXT",
    ...     start_hour=datetime.time(18)))]
    ['endHour']
    >>> offered_fields(Request(Kind.IN, committee="302", worker_type="FLX"))
    []
    """
    if req.kind is Kind.IN and _end_hour_optional(req) and req.end_hour is None:
        return [Field.END_HOUR]
    return []


def derive(req: Request) -> Request:
    """Fill what follows from the rest: the end date of a one-day type.

    Dialogs use it so a horeca extra is not asked for an end date that can
    only be the start date (or the next day, for a night shift).

    >>> import datetime
    >>> r = derive(Request(Kind.IN, worker_type="EXT", start_date=datetime.date(2026, 12, 15),
    ...     start_hour=datetime.time(22), end_hour=datetime.time(2)))
    >>> r.end_date
    datetime.date(2026, 12, 16)
    """
    wtype = ref.WORKER_TYPES.get(req.worker_type or "")
    if req.kind is not Kind.IN or wtype is None or req.end_date or not req.start_date:
        return req
    if wtype.same_day:
        return replace(req, end_date=req.start_date)
    if wtype.code == "EXT" and req.start_hour is not None:
        night = req.end_hour is not None and req.end_hour <= req.start_hour
        return replace(req, end_date=req.start_date + datetime.timedelta(days=night))
    return req
