"""The declaration as sent, the period as stored, and the registries' records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from core.anomalies import Anomaly

__all__ = [
    "Declaration", "Employer", "Enrollment", "Identity", "Kind", "Period", "PeriodStatus", "Request",
    "Result",
]


class Kind(StrEnum):
    IN = "IN"
    OUT = "OUT"
    UPDATE = "UPDATE"
    CANCEL = "CANCEL"


class Result(StrEnum):
    ACCEPTED = "A"
    WARNING = "W"
    REFUSED = "B"
    PENDING = "S"


class PeriodStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Identity:
    """A worker as the identity registry knows it, or as given without a NISS.

    Without a NISS, the other identity zones of the glossary travel in
    ``extra``, keyed by the :class:`core.anomalies.Field` value of each zone
    (``sex``, ``birthPlace``, ``street``, ...); see :mod:`core.rules.identity`.
    ``extra["birthDate"]`` may hold a partly unknown birth date (``1990-00-00``).
    """

    last_name: str
    first_name: str
    birth_date: datetime.date | None = None
    ssin: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # sex, address, ...

    def zone(self, name: str) -> str | None:
        """One identity zone as text, by its field value; None when not given.

        >>> Identity("Peeters", " Lien ", datetime.date(1999, 1, 5), extra={"sex": "2"}).zone("firstName")
        'Lien'
        >>> Identity("Peeters", "Lien", None, extra={"birthDate": "1999-00-00"}).zone("birthDate")
        '1999-00-00'
        """
        if name == "lastName":
            value: str | None = self.last_name
        elif name == "firstName":
            value = self.first_name
        elif name == "birthDate" and self.birth_date is not None:
            value = self.birth_date.isoformat()
        else:
            value = self.extra.get(name)
        return value.strip() or None if value is not None else None


@dataclass(frozen=True, slots=True)
class Employer:
    """An employer of the registry.

    ``sub_entities``: the sub-entity numbers it declares under (public employers
    such as PersoPoint members under 0009354-67); empty for everyone else.
    ``provisional_nsso``: the provisional NSSO number it used until its
    definitive one arrived; closed, it no longer declares nor consults.
    """

    employer_id: int
    name: str
    enterprise_number: str | None = None
    nsso_number: str | None = None
    language: str = "fr"
    sub_entities: tuple[str, ...] = ()
    provisional_nsso: str | None = None

    @property
    def number(self) -> str:
        """The number it declares with: its enterprise number, else its NSSO number."""
        return self.enterprise_number or self.nsso_number or ""


@dataclass(frozen=True, slots=True)
class Enrollment:
    """A phone allowed to declare for an employer."""

    phone: str  # E.164
    employer: Employer
    language: str | None = None
    pin: str | None = None  # a salted hash, never the PIN itself

    @property
    def conversation_language(self) -> str:
        """The language this phone is spoken to in: its own, else its employer's."""
        return self.language or self.employer.language


@dataclass(frozen=True, slots=True)
class Request:
    """A declaration as the employer sends it. Every field may still be missing.

    Dialogs fill one in turn by turn; the REST API builds one from JSON.
    """

    kind: Kind
    employer_enterprise: str | None = None
    employer_nsso: str | None = None
    ssin: str | None = None
    identity: Identity | None = None
    committee: str | None = None
    worker_type: str | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    remove_end_date: bool = False  # UPDATE only: reopen the period
    start_hour: datetime.time | None = None
    end_hour: datetime.time | None = None
    planned_hours: int | None = None
    user_enterprise: str | None = None
    user_committee: str | None = None
    user_name: str | None = None
    user_address: str | None = None
    period_id: str | None = None
    sub_entity: str | None = None

    @property
    def employer_number(self) -> str | None:
        return self.employer_nsso or self.employer_enterprise

    @property
    def user(self) -> str | None:
        """The temporary-agency user: its enterprise number, else its name."""
        return self.user_enterprise or self.user_name


@dataclass(frozen=True, slots=True)
class Period:
    """A Dimona period in the personnel file."""

    period_id: str
    employer_id: int
    ssin: str | None
    committee: str
    worker_type: str
    start_date: datetime.date
    end_date: datetime.date | None = None
    start_hour: datetime.time | None = None
    end_hour: datetime.time | None = None
    planned_hours: int | None = None
    user_enterprise: str | None = None
    user_committee: str | None = None
    status: PeriodStatus = PeriodStatus.ACTIVE
    sub_entity: str | None = None
    user_name: str | None = None  # a foreign user, without an enterprise number

    @property
    def is_live(self) -> bool:
        return self.status is not PeriodStatus.CANCELLED

    @property
    def user(self) -> str | None:
        """The temporary-agency user: its enterprise number, else its name."""
        return self.user_enterprise or self.user_name


@dataclass(frozen=True, slots=True)
class Declaration:
    """A declaration once numbered and judged; refused ones are kept too."""

    declaration_id: str
    request: Request
    result: Result
    anomalies: tuple[Anomaly, ...]
    created_at: datetime.datetime
    period_id: str | None = None
    employer_id: int | None = None
