"""Registries of employers and identities, imported from CSV all or nothing.

Every row is checked first; a file with one bad row imports nothing, and each
problem comes back as a :class:`RowProblem` (line number, code, parameters).
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

from core.errors import InvalidInput, InvalidLength
from core.ids import enterprise, niss, nsso, subentity
from core.model import Employer, Identity

__all__ = ["EMPLOYER_HEADER", "EMPLOYER_OPTIONAL", "WORKER_HEADER", "ImportReport", "RowProblem",
           "birth_prefix", "identify", "parse_employers", "parse_workers", "same_person"]

EMPLOYER_HEADER: Final = ("enterprise_number", "nsso_number", "name", "language")
#: Optional employer columns: the provisional NSSO number an employer used until the
#: definitive one in ``nsso_number`` (its declarations move over, the number closes),
#: and the sub-entity numbers it declares under, separated by spaces or semicolons.
EMPLOYER_OPTIONAL: Final = ("provisional_nsso_number", "sub_entities")
WORKER_HEADER: Final = ("ssin", "last_name", "first_name", "birth_date")
LANGUAGES: Final = ("fr", "nl", "de", "en")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    # missing, enterprise, nsso, no_number, provisional, definitive, sub_entity, language,
    # ssin, date, duplicate, header
    code: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportReport(Generic[T]):
    records: list[T]
    problems: list[RowProblem]


class _Row:
    """One CSV row being checked; problems pile up instead of stopping at the first."""

    def __init__(self, line: int, values: dict[str, str]) -> None:
        self.line, self.values, self.problems = line, values, list[RowProblem]()

    def text(self, column: str, required: bool = True) -> str | None:
        value = (self.values.get(column) or "").strip()
        if not value and required:
            self.problems.append(RowProblem(self.line, "missing", {"column": column}))
        return value or None

    def number(self, column: str, check: Callable[[str], str], code: str) -> str | None:
        value = self.text(column, required=False)
        if value is None:
            return None
        try:
            return check(value)
        except InvalidInput:
            self.problems.append(RowProblem(self.line, code, {"value": value}))
            return None


def _header_ok(found: list[str], header: tuple[str, ...], optional: tuple[str, ...]) -> bool:
    """The required columns in their order, then any of the optional ones."""
    head, rest = tuple(found[:len(header)]), found[len(header):]
    return head == header and len(set(rest)) == len(rest) and set(rest) <= set(optional)


def _rows(data: bytes, header: tuple[str, ...], optional: tuple[str, ...] = ()
          ) -> Iterator[_Row] | RowProblem:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return RowProblem(0, "encoding")
    reader = csv.DictReader(io.StringIO(text))
    if not _header_ok([h.strip() for h in reader.fieldnames or ()], header, optional):
        shown = ",".join(header) + "".join(f"[,{name}]" for name in optional)
        return RowProblem(1, "header", {"header": shown})
    return (_Row(reader.line_num, {k.strip(): v for k, v in row.items() if k})
            for row in reader if any((v or "").strip() for v in row.values()))


def _duplicates(keys: list[tuple[int, str | None]]) -> list[RowProblem]:
    seen: set[str] = set()
    found = []
    for line, key in keys:
        if key is not None and key in seen:
            found.append(RowProblem(line, "duplicate", {"value": key}))
        seen.add(key or "")
    return found


def _provisional(value: str) -> str:
    """A provisional NSSO number (10 digits), not a definitive one."""
    number = nsso.validate(value)
    if not nsso.is_provisional(number):
        raise InvalidLength(nsso.SUBJECT, length=len(number))
    return number


def _sub_entities(row: _Row) -> tuple[str, ...]:
    found = []
    for value in (row.text("sub_entities", required=False) or "").replace(";", " ").split():
        try:
            found.append(subentity.validate(value))
        except InvalidInput:
            row.problems.append(RowProblem(row.line, "sub_entity", {"value": value}))
    return tuple(sorted(set(found)))


def _employer(row: _Row) -> Employer:
    ent = row.number("enterprise_number", enterprise.validate, "enterprise")
    num = row.number("nsso_number", nsso.validate, "nsso")
    if not row.values.get("enterprise_number", "").strip() and \
            not row.values.get("nsso_number", "").strip():
        row.problems.append(RowProblem(row.line, "no_number"))
    provisional = row.number("provisional_nsso_number", _provisional, "provisional")
    if provisional and not (num and not nsso.is_provisional(num)):
        row.problems.append(RowProblem(row.line, "definitive", {"value": provisional}))
    name = row.text("name")
    lang = (row.text("language") or "").lower()
    if lang and lang not in LANGUAGES:
        row.problems.append(RowProblem(row.line, "language", {"value": lang}))
    return Employer(0, name or "", ent, num, lang or "fr", _sub_entities(row), provisional)


def parse_employers(data: bytes) -> ImportReport[Employer]:
    """Employers from ``enterprise_number,nsso_number,name,language``, optionally followed
    by ``provisional_nsso_number`` and ``sub_entities`` (see :data:`EMPLOYER_OPTIONAL`)."""
    rows = _rows(data, EMPLOYER_HEADER, EMPLOYER_OPTIONAL)
    if isinstance(rows, RowProblem):
        return ImportReport([], [rows])
    records, problems, keys = [], [], []
    for row in rows:
        employer = _employer(row)
        keys += [(row.line, employer.enterprise_number), (row.line, employer.nsso_number),
                 (row.line, employer.provisional_nsso)]
        problems += row.problems
        records.append(employer)
    problems += _duplicates(keys)
    return ImportReport(records, sorted(problems, key=lambda p: p.line))


def _birth_date(row: _Row) -> datetime.date | None:
    value = row.text("birth_date", required=False)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        row.problems.append(RowProblem(row.line, "date", {"value": value}))
        return None


def _fold(name: str) -> str:
    """A name as compared: case, accents, hyphens and spacing do not count.

    >>> _fold(" De  Smet-Van Aelst "), _fold("Chloé"), _fold("CHLOE")
    ('de smet van aelst', 'chloe', 'chloe')
    """
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


def birth_prefix(identity: Identity) -> str | None:
    """What a birth date says to look identities up by: the date, or the year alone.

    >>> birth_prefix(Identity("A", "B", datetime.date(1990, 2, 15)))
    '1990-02-15'
    >>> birth_prefix(Identity("A", "B", None, extra={"birthDate": "1990-00-00"}))
    '1990-'
    >>> birth_prefix(Identity("A", "B")) is None
    True
    """
    born = identity.zone("birthDate")
    if born is None or len(born) != 10:
        return None
    return f"{born[:4]}-" if born.endswith("-00-00") else born


def same_person(one: Identity, other: Identity) -> bool:
    """Two workers declared without a NISS are one when their surname, first name and
    birth date are (names compared as :func:`_fold` does; the birth date as given).

    >>> born = {"birthDate": "1999-00-00"}
    >>> same_person(Identity("Peeters", "Lien", extra=born),
    ...             Identity("PEETERS", "lien", extra=born))
    True
    >>> same_person(Identity("Peeters", "Lien", datetime.date(1999, 1, 5)),
    ...             Identity("Peeters", "Lien", datetime.date(1999, 1, 6)))
    False
    """
    born = one.zone("birthDate")
    return (born is not None and born == other.zone("birthDate")
            and _fold(one.last_name) == _fold(other.last_name)
            and _fold(one.first_name) == _fold(other.first_name))


def identify(declared: Identity, candidates: list[Identity]) -> str | None:
    """The NISS of the one registered person who is ``declared`` (same surname, first
    name and birth date); None when nobody matches, or several do.

    >>> known = [Identity("Peeters", "Lien", datetime.date(1999, 1, 5), "99010512345"),
    ...          Identity("Peeters", "Jan", datetime.date(1999, 1, 5), "99010512254")]
    >>> identify(Identity("PEETERS", "lien", datetime.date(1999, 1, 5)), known)
    '99010512345'
    >>> identify(Identity("Peeters", "Lien", datetime.date(1999, 1, 6)), known) is None
    True
    """
    prefix = birth_prefix(declared)
    names = (_fold(declared.last_name), _fold(declared.first_name))
    found = {c.ssin for c in candidates
             if (_fold(c.last_name), _fold(c.first_name)) == names and c.ssin
             and prefix is not None and (c.birth_date.isoformat() if c.birth_date else "")
             .startswith(prefix)}
    return found.pop() if len(found) == 1 else None


def parse_workers(data: bytes) -> ImportReport[Identity]:
    """Identities from ``ssin,last_name,first_name,birth_date`` (ISO date)."""
    rows = _rows(data, WORKER_HEADER)
    if isinstance(rows, RowProblem):
        return ImportReport([], [rows])
    records, problems, keys = [], [], []
    for row in rows:
        ssin = row.number("ssin", niss.validate, "ssin")
        if not row.values.get("ssin", "").strip():
            row.problems.append(RowProblem(row.line, "missing", {"column": "ssin"}))
        last, first = row.text("last_name"), row.text("first_name")
        born = _birth_date(row)
        keys.append((row.line, ssin))
        problems += row.problems
        records.append(Identity(last or "", first or "", born, ssin))
    problems += _duplicates(keys)
    return ImportReport(records, sorted(problems, key=lambda p: p.line))
