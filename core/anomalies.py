"""Anomalies: a stable code, a severity and parameters -- never a sentence.

Codes have the NSSO shape ``ZONE-NUMBER``: the zone is the glossary zone of
the field concerned (00913 = period id, 00024 = NISS, ...) or a functional
block (90017 = quotas, 90374 = characteristics). The official error numbers
known from the reference are reused (``00913-355`` already cancelled,
``90017-369`` student contingent exceeded, ``90017-510`` flexi-job access
conditions not met); :func:`error_id` says which codes are the NSSO's own.
Annex 30 of the glossary is not available, so every other error number is
dimona-talk's own, in the 9xx range. Their words live in ``locales/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

__all__ = ["IDENTITY_FIELDS", "OFFICIAL_ERROR_IDS", "Anomaly", "Field", "Problem", "Severity",
           "ZONES", "error_id", "field_anomaly"]


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
    SUB_ENTITY = "subEntityNbr"
    # The identity zones of a worker declared without a NISS.
    LAST_NAME = "lastName"
    FIRST_NAME = "firstName"
    INITIAL = "initial"
    SEX = "sex"
    BIRTH_DATE = "birthDate"
    BIRTH_PLACE = "birthPlace"
    BIRTH_COUNTRY = "birthPlaceCountry"
    NATIONALITY = "nationality"
    STREET = "street"
    HOUSE_NUMBER = "houseNumber"
    POST_BOX = "postBox"
    ZIP_CODE = "zipCode"
    CITY = "city"
    COUNTRY = "country"


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
    Field.SUB_ENTITY: "00652",
    Field.LAST_NAME: "00025",
    Field.FIRST_NAME: "00026",
    Field.INITIAL: "00027",
    Field.SEX: "00029",
    Field.BIRTH_DATE: "00028",
    Field.BIRTH_PLACE: "00168",
    Field.BIRTH_COUNTRY: "00169",
    Field.NATIONALITY: "00119",
    Field.STREET: "00030",
    Field.HOUSE_NUMBER: "00031",
    Field.POST_BOX: "00032",
    Field.ZIP_CODE: "00033",
    Field.CITY: "00034",
    Field.COUNTRY: "00035",
}

#: The fields that identify a worker without a NISS, in the order of the web form.
IDENTITY_FIELDS: Final = (
    Field.LAST_NAME, Field.FIRST_NAME, Field.INITIAL, Field.SEX, Field.BIRTH_DATE,
    Field.BIRTH_PLACE, Field.BIRTH_COUNTRY, Field.NATIONALITY, Field.STREET,
    Field.HOUSE_NUMBER, Field.POST_BOX, Field.ZIP_CODE, Field.CITY, Field.COUNTRY,
)


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
    LATE = "917"  # declared after its deadline (warning): params deadline, days
    FROZEN = "918"  # cannot be changed (start of a student period, a flexi-job end, ...)
    NOTHING = "919"  # an update that changes nothing
    TOO_LONG = "930"  # more characters than the zone holds: params max
    UNIDENTIFIED = "931"  # the identity registry found no such person (final refusal)
    ALREADY_CANCELLED = "355"  # official


#: Quota anomalies (functional block 90017). Those that advise declaring the worker
#: otherwise name the combination: ``advisedType`` in ``advisedCommittee``.
STUDENT_QUOTA: Final = "90017-369"  # official; params: excess, quota, year
EXT_WORKER_DAYS: Final = "90017-921"  # params: days, limit, year, advice
EXT_EMPLOYER_DAYS: Final = "90017-922"  # params: days, limit, year, advice
EXT_CONSECUTIVE: Final = "90017-923"  # params: days, advice
EXT_USER_DAYS: Final = "90017-924"  # agency days at the user company: days, limit, year, user
#: Flexi-job access conditions not met (official, result W); params: reason, advice.
FLEXI_ACCESS: Final = "90017-510"
#: Same characteristics as an active period (block 90374); params: periodId, start.
OVERLAP: Final = "90374-910"
#: The sender may not declare for this employer (its API key is another's); params: number.
#: Checked by the channel before the rules (the NSSO's REST answers 403 for it).
NOT_MANDATED: Final = "00014-932"

#: The NSSO's own error ids (``errorId``) of the anomalies that have one in the
#: reference; every other code is dimona-talk's, in the same ``NNNNN-NNN`` shape.
OFFICIAL_ERROR_IDS: Final[dict[str, str]] = {
    f"{ZONES[Field.PERIOD]}-{Problem.ALREADY_CANCELLED.value}": "00913-355",
    STUDENT_QUOTA: "90017-369",
    FLEXI_ACCESS: "90017-510",
}


def error_id(code: str) -> str | None:
    """The NSSO ``errorId`` of an anomaly code, where the reference gives one.

    >>> error_id("90017-369"), error_id("00913-355"), error_id("90374-910")
    ('90017-369', '00913-355', None)
    """
    return OFFICIAL_ERROR_IDS.get(code)


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
