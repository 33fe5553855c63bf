"""Mutations and periods as institutions read them: public names, dates in ISO form.

One record for every way out (pull, webhook, broker, relations): the scope's
:meth:`~core.feed.scope.Scope.view` then keeps what the deliberation allows.
"""

from __future__ import annotations

import datetime

from core.feed.mutation import Mutation
from core.model import Period

__all__ = ["mutation_record", "period_record"]


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _hour(value: datetime.time | None) -> str | None:
    return value.strftime("%H%M") if value is not None else None


def period_record(p: Period) -> dict[str, object]:
    return {
        "periodId": p.period_id, "ssin": p.ssin, "jointCommissionNumber": p.committee,
        "workerType": p.worker_type, "subEntityNbr": p.sub_entity,
        "startDate": p.start_date.isoformat(), "endDate": _iso(p.end_date),
        "startHour": _hour(p.start_hour), "endHour": _hour(p.end_hour),
        "plannedHoursNumber": p.planned_hours, "userEnterpriseNumber": p.user_enterprise,
        "userJointCommissionNumber": p.user_committee, "userName": p.user_name,
        "status": p.status.value,
    }


def mutation_record(m: Mutation, deliberation: str) -> dict[str, object]:
    """Every field of ``m``, with the deliberation it is delivered under."""
    return {
        "sequence": m.sequence, "time": m.time.isoformat(), "kind": m.kind.value,
        "deliberation": deliberation,
        "result": m.result.value if m.result else None, "declarationId": m.declaration_id,
        "enterpriseNumber": m.enterprise_number, "nssoNumber": m.nsso_number,
        "provisionalNssoNumber": m.provisional_nsso, **period_record(m.period),
    }
