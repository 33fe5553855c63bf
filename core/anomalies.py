"""Anomalies: a stable code, a severity and parameters -- never a sentence.

Codes have the NSSO shape ``ZONE-NUMBER``: the zone is the glossary zone of
the field concerned (00913 = period id, 00024 = NISS, ...) or a functional
block (90017 = quotas, 90374 = characteristics). The official error numbers
known from the reference are reused (``00913-355`` already cancelled,
``90017-369`` student contingent exceeded). Annex 30 of the glossary is not
available, so every other error number is dimona-talk's own, in the 9xx
range. Their words live in ``locales/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

__all__ = ["ZONES", "Anomaly", "Field", "Problem", "Severity", "field_anomaly"]


class Severity(StrEnum):
    ERROR = "error"  # the declaration is refused (B)
    WARNING = "warning"  # accepted with warnings (W)


class Field(StrEnum):
    """A declaration field, named as in the NSSO REST envelope."""

    EMPLOYER = "employer"
    WORKER = "ssin"
    IDENTITY = "identity"
    COMMITTEE = "jointCommissionNumber"
    WORKER_TYPE = "workerType"
    START_DATE = "startDate"
    END_DATE = "endDate"
    START_HOUR = "startHour"
    END_HOUR = "endHour"
    PLANNED_HOURS = "plannedHoursNumber"
    USER_ENTERPRISE = "userEnterpriseNumber"
    USER_COMMITTEE = "userJointCommissionNumber"
    USER_NAME = "userName"
    PERIOD = "periodId"


ZONES: Final[dict[Field, str]] = {
    Field.EMPLOYER: "00014",
    Field.WORKER: "00024",
    Field.IDENTITY: "00025",
    Field.COMMITTEE: "00046",
    Field.WORKER_TYPE: "00655",
    Field.START_DATE: "00910",
    Field.END_DATE: "00911",
    Field.START_HOUR: "00777",
    Field.END_HOUR: "00778",
    Field.PLANNED_HOURS: "01135",
    Field.USER_ENTERPRISE: "00131",
    Field.USER_COMMITTEE: "00153",
    Field.USER_NAME: "00154",
    Field.PERIOD: "00913",
}


class Problem(StrEnum):
    """dimona-talk's own error numbers for problems with one field."""

    MISSING = "901"
    FORBIDDEN = "902"
    FORMAT = "903"
    CHECKSUM = "904"
    RANGE = "905"
    UNKNOWN = "906"
    NOT_ALLOWED = "907"  # worker type not allowed with this committee
    CLOSED = "908"  # period already has an end date (OUT) / type closed
    TOO_LATE = "909"  # cancel after the start date
    OVERLAP = "910"  # overlaps an active period of the same characteristics
    TYPE_CLOSED = "911"  # worker type not valid on that start date
    BEFORE_START = "912"  # end before start
    SAME_DAY = "913"  # must end on its start day (or the next, for a night shift)
    SAME_QUARTER = "914"  # must end in its start's quarter
    TOO_EARLY = "915"  # declared too long before the start
    LATE = "917"  # declared after the start day (warning)
    FROZEN = "918"  # cannot be changed (start of a student period)
    NOTHING = "919"  # an update that changes nothing
    ALREADY_CANCELLED = "355"  # official


#: Quota anomalies (functional block 90017).
STUDENT_QUOTA: Final = "90017-369"  # official; params: excess, quota, year
EXT_WORKER_DAYS: Final = "90017-921"  # params: days, limit, year
EXT_EMPLOYER_DAYS: Final = "90017-922"  # params: days, limit, year
EXT_CONSECUTIVE: Final = "90017-923"  # params: days
#: Same characteristics as an active period (block 90374); params: periodId.
OVERLAP: Final = "90374-910"


@dataclass(frozen=True, slots=True)
class Anomaly:
    code: str
    severity: Severity = Severity.ERROR
    params: dict[str, str | int] = field(default_factory=dict)
    field: Field | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def field_anomaly(fld: Field, problem: Problem, severity: Severity = Severity.ERROR,
                  **params: str | int) -> Anomaly:
    """An anomaly about one field: its zone, then the problem number.

    >>> field_anomaly(Field.PERIOD, Problem.ALREADY_CANCELLED).code
    '00913-355'
    """
    return Anomaly(f"{ZONES[fld]}-{problem.value}", severity, dict(params), fld)
