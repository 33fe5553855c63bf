"""Finding the period an OUT, UPDATE or CANCEL acts on, from what the caller said of it.

The caller names it the way people do: the worker's NISS or name as it stands
in this employer's personnel file, a day ("l'extra de demain", "Samstag"),
the worker type. Every live period of the employer that fits all of it is a
match; one match is taken (and shown in the summary), several are listed.
The personnel file comes from the core (``Declarations.personnel``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from core.model import Employer, Identity, Kind, Period
from core.service import Declarations
from dialogs.understand import fold_name

__all__ = ["MAX_LISTED", "find", "name_keys", "names_of"]

#: The most periods a numbered list shows, newest first.
MAX_LISTED = 5

Personnel = list[tuple[Period, Identity | None]]


def name_keys(person: Identity) -> set[str]:
    """The ways a worker may be named: first name, last name, both in either order."""
    first, last = fold_name(person.first_name), fold_name(person.last_name)
    return {k for k in (first, last, f"{first} {last}", f"{last} {first}") if k}


def names_of(personnel: Personnel) -> dict[str, set[str]]:
    """Every way of naming a worker of the file -> the NISS numbers it may mean."""
    found: dict[str, set[str]] = {}
    for period, person in personnel:
        if person is None or period.ssin is None:
            continue
        for key in name_keys(person):
            found.setdefault(key, set()).add(period.ssin)
    return found


def _fits(period: Period, refs: Mapping[str, Any], ssins: set[str] | None) -> bool:
    if ssins is not None and period.ssin not in ssins:
        return False
    if refs.get("type") and period.worker_type != refs["type"]:
        return False
    if refs.get("day"):
        day = datetime.date.fromisoformat(refs["day"])
        if not period.start_date <= day <= (period.end_date or datetime.date.max):
            return False
    return True


def _ssins(refs: Mapping[str, Any], ssin: str | None, names: Mapping[str, set[str]]
           ) -> set[str] | None:
    """The workers meant: by NISS, by name (every name said must fit), or anyone."""
    wanted: set[str] | None = {ssin} if ssin else None
    for name in refs.get("names", ()):
        known = names.get(name, set())
        wanted = known if wanted is None else wanted & known
    return wanted


def _open_first(kind: Kind, periods: list[Period]) -> list[Period]:
    """An OUT closes a period without an end; those come first, the others only if none."""
    if kind is not Kind.OUT:
        return periods
    return [p for p in periods if p.end_date is None] or periods


async def find(service: Declarations, employer: Employer, kind: Kind, refs: Mapping[str, Any],
               ssin: str | None) -> tuple[list[Period], Personnel]:
    """The live periods that fit what was said, newest first, and the personnel file."""
    personnel = await service.personnel(employer)
    wanted = _ssins(refs, ssin, names_of(personnel))
    periods = [p for p, _ in personnel if _fits(p, refs, wanted)]
    periods.sort(key=lambda p: (p.start_date, p.period_id), reverse=True)
    return _open_first(kind, periods), personnel


def said(refs: Mapping[str, Any]) -> bool:
    return bool(refs.get("names") or refs.get("day") or refs.get("type"))


def identity(personnel: Iterable[tuple[Period, Identity | None]], ssin: str | None
             ) -> Identity | None:
    return next((person for p, person in personnel if ssin and p.ssin == ssin), None)
