"""Reference tables: joint committees, worker types and the fields each needs.

This is the one place to add a committee or a worker type. Sources are in
../shared/reference/dimona-rules.md (sections 4 and 5); where the seeds and
the reference disagree the reference wins (S17 = sport, O17 = socio-cultural,
STU takes planned hours and no times, NISS mandatory for EXT).

The committee x worker-type matrix is not published by the NSSO; the one here
is derived from the type definitions (EXT only with 144 145 302 320 322; BCW
and RTA only with 124; QUA only with 144 145 322).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

__all__ = [
    "COMMITTEES",
    "HORECA",
    "STUDENT_QUOTA",
    "WORKER_TYPES",
    "WorkerType",
    "allowed_types",
    "ordinary_staff",
    "student_quota",
]

_D = datetime.date

#: Joint committees a Dimona accepts (three characters, no sub-committees).
COMMITTEES: Final = ("XXX", "124", "140", "144", "145", "149", "302", "320", "322")

#: The temporary-agency committee: it needs the user's data.
AGENCY: Final = "322"
#: The horeca committee whose occasional workers have day quotas.
HORECA: Final = "302"


@dataclass(frozen=True, slots=True)
class WorkerType:
    """A worker type and what it asks of an IN."""

    code: str
    valid_from: datetime.date | None = None  # first start date allowed
    valid_until: datetime.date | None = None  # last start date allowed
    end_date: bool = False  # end date mandatory on the IN
    same_day: bool = False  # end date = start date
    same_quarter: bool = False  # end date in the start's quarter
    planned_hours: bool = False  # planned hours 1-999 mandatory (else forbidden)
    hours: bool = False  # start and end hour mandatory (else forbidden)
    niss_required: bool = False
    max_days_ahead: int | None = None  # declared at most N days before start


WORKER_TYPES: Final[dict[str, WorkerType]] = {
    t.code: t
    for t in (
        WorkerType("OTH"),
        WorkerType("STU", end_date=True, same_quarter=True, planned_hours=True),
        WorkerType("EXT", end_date=True, hours=True, niss_required=True),
        # FLX: one day with hours, or a period of at most one quarter without.
        WorkerType("FLX", end_date=True, same_quarter=True),
        WorkerType("DWD"),
        WorkerType("BCW"),
        WorkerType("RTA"),
        WorkerType("ALT", valid_from=_D(2023, 9, 1)),
        WorkerType("IVT", end_date=True),
        WorkerType("TRI", end_date=True),
        WorkerType("STG", end_date=True),
        WorkerType("A17", valid_until=_D(2021, 12, 31), end_date=True, same_day=True),
        WorkerType("O17", valid_from=_D(2022, 1, 1), end_date=True, same_quarter=True,
                   planned_hours=True, max_days_ahead=15),
        WorkerType("S17", valid_from=_D(2022, 1, 1), end_date=True, same_quarter=True,
                   planned_hours=True, max_days_ahead=15),
        WorkerType("T17", valid_from=_D(2022, 1, 1), end_date=True, same_day=True,
                   max_days_ahead=15),
        WorkerType("PMP"),
        WorkerType("TEA", valid_until=_D(2021, 12, 31)),
        WorkerType("QUA", valid_until=_D(2022, 12, 31), end_date=True, same_day=True),
        WorkerType("STX", valid_until=_D(2013, 12, 31)),
    )
}

_GENERAL: Final = frozenset(
    {"OTH", "STU", "FLX", "DWD", "ALT", "IVT", "TRI", "STG", "A17", "O17", "S17", "T17",
     "PMP", "TEA", "STX"}
)
_ALLOWED: Final[dict[str, frozenset[str]]] = {
    "XXX": _GENERAL,
    "124": frozenset({"BCW", "RTA", "STU", "DWD", "IVT", "TRI", "STG"}),
    "140": _GENERAL,
    "144": frozenset({"EXT", "QUA"}),
    "145": frozenset({"EXT", "QUA"}),
    "149": _GENERAL,
    "302": frozenset({"EXT", "FLX"}),
    "320": frozenset({"EXT", "FLX"}),
    "322": frozenset({"EXT", "STU", "OTH", "FLX", "DWD", "QUA"}),
}

#: Committees a temporary-agency user may belong to.
USER_COMMITTEES: Final = tuple(c for c in COMMITTEES if c != AGENCY)

#: Student contingent in hours per calendar year, by first year in force.
STUDENT_QUOTA: Final = ((2017, 475), (2023, 600), (2025, 650))

#: Horeca occasional workers (EXT in 302): days a year and consecutive days.
EXT_DAYS_PER_WORKER: Final = 50
EXT_DAYS_PER_EMPLOYER: Final = 200
EXT_CONSECUTIVE_DAYS: Final = 2

#: A flexi-job Dimona is sent at most this many days before the quarter it starts in.
FLX_DAYS_BEFORE_QUARTER: Final = 31

#: Planned hours and date limits (glossary zones).
PLANNED_HOURS_RANGE: Final = (1, 999)
FIRST_START_DATE: Final = _D(1920, 1, 1)
FIRST_END_DATE: Final = _D(1999, 1, 1)
YEARS_AHEAD: Final = 10


def allowed_types(committee: str) -> frozenset[str]:
    """Worker types a committee accepts.

    >>> sorted(allowed_types("302"))
    ['EXT', 'FLX']
    >>> "EXT" in allowed_types("XXX")
    False
    """
    return _ALLOWED.get(committee, frozenset())


def ordinary_staff(committee: str) -> tuple[str, str]:
    """Where to declare as ordinary staff someone who cannot stay occasional or flexi.

    Committees 302 and 320 take only occasional workers and flexi-jobs in a
    Dimona: their ordinary staff is declared under XXX. The (committee, type)
    returned is always a combination :func:`allowed_types` accepts.

    >>> ordinary_staff("302"), ordinary_staff("322"), ordinary_staff("140")
    (('XXX', 'OTH'), ('322', 'OTH'), ('140', 'OTH'))
    """
    return (committee if "OTH" in allowed_types(committee) else "XXX"), "OTH"


def student_quota(year: int) -> int:
    """Hours a student may work in a year at the solidarity rate.

    >>> student_quota(2026), student_quota(2024), student_quota(2019)
    (650, 600, 475)
    """
    hours = STUDENT_QUOTA[0][1]
    for first_year, value in STUDENT_QUOTA:
        if year >= first_year:
            hours = value
    return hours


def type_open_on(code: str, start: datetime.date) -> bool:
    """Whether a worker type may be used for a period starting on ``start``.

    >>> type_open_on("A17", datetime.date(2021, 5, 1)), type_open_on("A17", datetime.date(2022, 1, 1))
    (True, False)
    >>> type_open_on("ALT", datetime.date(2023, 8, 31))
    False
    """
    wtype = WORKER_TYPES[code]
    if wtype.valid_from and start < wtype.valid_from:
        return False
    return not (wtype.valid_until and start > wtype.valid_until)
