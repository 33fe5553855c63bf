"""A subscriber's scope: the employers, joint committees and fields its deliberation allows.

An empty set of employers or committees allows every one; ``fields`` None
allows every field. Each dimension given narrows the others: a subscriber for
committee 302 and employer X sees X's horeca periods only. An employer is named
by any of its numbers (enterprise, NSSO, a provisional NSSO one).

>>> scope = scope_from(["0403.199.702"], ["302"], "ssin,startDate")
>>> sorted(scope.employers), sorted(scope.committees), sorted(scope.fields or ())
(['0403199702'], ['302'], ['ssin', 'startDate'])
>>> scope.shows("ssin"), scope.shows("endDate"), scope.shows("sequence")
(True, False, True)
>>> scope_from([], ["303"], None)
Traceback (most recent call last):
    ...
core.feed.scope.ScopeError: committee
>>> scope_from([], [], "ssin,salary")
Traceback (most recent call last):
    ...
core.feed.scope.ScopeError: field
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from core import reference as ref
from core.errors import InvalidInput
from core.feed.mutation import Mutation
from core.ids import enterprise, nsso
from core.model import Employer

__all__ = ["ALWAYS", "FIELDS", "PERIOD_FIELDS", "Scope", "ScopeError", "scope_from"]

#: What every mutation carries, whatever the deliberation: where it is in the feed.
ALWAYS: Final = ("sequence", "time", "kind", "deliberation")
#: A period's fields, by their public names (those of the REST API).
PERIOD_FIELDS: Final = (
    "periodId", "ssin", "jointCommissionNumber", "workerType", "subEntityNbr", "startDate",
    "endDate", "startHour", "endHour", "plannedHoursNumber", "userEnterpriseNumber",
    "userJointCommissionNumber", "userName", "status")
#: The employer's numbers.
EMPLOYER_FIELDS: Final = ("enterpriseNumber", "nssoNumber", "provisionalNssoNumber")
#: Every field a deliberation may allow (``--fields``).
FIELDS: Final = ("result", "declarationId", *EMPLOYER_FIELDS, *PERIOD_FIELDS)


class ScopeError(ValueError):
    """A scope that cannot be: ``code`` (employer, committee, field) and the ``value``."""

    def __init__(self, code: str, value: str) -> None:
        super().__init__(code)
        self.code, self.value = code, value


def _employer_number(value: str) -> str:
    for validate in (enterprise.validate, nsso.validate):
        try:
            return validate(value)
        except InvalidInput:
            continue
    raise ScopeError("employer", value)


def _committee(value: str) -> str:
    code = value.strip().upper()
    if code not in ref.COMMITTEES:
        raise ScopeError("committee", value)
    return code


def _fields(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    names = frozenset(name.strip() for name in text.split(",") if name.strip())
    for name in sorted(names):
        if name not in FIELDS and name not in ALWAYS:
            raise ScopeError("field", name)
    return names - set(ALWAYS)


def scope_from(employers: Iterable[str], committees: Iterable[str], fields: str | None
               ) -> Scope:
    """A scope from what an operator types; :class:`ScopeError` names what is wrong."""
    return Scope(frozenset(_employer_number(e) for e in employers),
                 frozenset(_committee(c) for c in committees), _fields(fields))


@dataclass(frozen=True, slots=True)
class Scope:
    employers: frozenset[str] = field(default_factory=frozenset)
    committees: frozenset[str] = field(default_factory=frozenset)
    fields: frozenset[str] | None = None

    def admits_numbers(self, *numbers: str | None) -> bool:
        """Whether an employer known by ``numbers`` is in scope."""
        return not self.employers or any(n in self.employers for n in numbers if n)

    def admits_employer(self, employer: Employer) -> bool:
        return self.admits_numbers(employer.enterprise_number, employer.nsso_number,
                                   employer.provisional_nsso)

    def admits_committee(self, committee: str) -> bool:
        return not self.committees or committee in self.committees

    def admits(self, m: Mutation) -> bool:
        return (self.admits_numbers(m.enterprise_number, m.nsso_number, m.provisional_nsso)
                and self.admits_committee(m.period.committee))

    def shows(self, name: str) -> bool:
        return name in ALWAYS or self.fields is None or name in self.fields

    def view(self, record: dict[str, object]) -> dict[str, object]:
        """``record`` with only the fields this scope shows."""
        return {k: v for k, v in record.items() if self.shows(k)}
