"""Registries of employers and identities, imported from CSV all or nothing.

Every row is checked first; a file with one bad row imports nothing, and each
problem comes back as a :class:`RowProblem` (line number, code, parameters).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

from core.errors import InvalidInput
from core.ids import enterprise, niss, nsso
from core.model import Employer, Identity

__all__ = ["EMPLOYER_HEADER", "WORKER_HEADER", "ImportReport", "RowProblem", "parse_employers",
           "parse_workers"]

EMPLOYER_HEADER: Final = ("enterprise_number", "nsso_number", "name", "language")
WORKER_HEADER: Final = ("ssin", "last_name", "first_name", "birth_date")
LANGUAGES: Final = ("fr", "nl", "de", "en")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    code: str  # missing, enterprise, nsso, no_number, language, ssin, date, duplicate, header
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


def _rows(data: bytes, header: tuple[str, ...]) -> Iterator[_Row] | RowProblem:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return RowProblem(0, "encoding")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(h.strip() for h in reader.fieldnames or ()) != header:
        return RowProblem(1, "header", {"header": ",".join(header)})
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


def parse_employers(data: bytes) -> ImportReport[Employer]:
    """Employers from ``enterprise_number,nsso_number,name,language``."""
    rows = _rows(data, EMPLOYER_HEADER)
    if isinstance(rows, RowProblem):
        return ImportReport([], [rows])
    records, problems, keys = [], [], []
    for row in rows:
        ent = row.number("enterprise_number", enterprise.validate, "enterprise")
        num = row.number("nsso_number", nsso.validate, "nsso")
        if not row.values.get("enterprise_number", "").strip() and \
                not row.values.get("nsso_number", "").strip():
            row.problems.append(RowProblem(row.line, "no_number"))
        name = row.text("name")
        lang = (row.text("language") or "").lower()
        if lang and lang not in LANGUAGES:
            row.problems.append(RowProblem(row.line, "language", {"value": lang}))
        keys += [(row.line, ent), (row.line, num)]
        problems += row.problems
        records.append(Employer(0, name or "", ent, num, lang or "fr"))
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
