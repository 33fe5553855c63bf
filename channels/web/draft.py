"""A web declaration being filled in: the values typed, screen by screen, and its request.

A :class:`Draft` is a small JSON record kept under ``web:<token>`` in the
conversation store (shared by every process, forgotten like conversations),
bound to the browser that started it. Its values are the form's strings, named
after the core's fields (:class:`core.anomalies.Field` values); :func:`request`
turns them into a :class:`core.model.Request`, and what cannot be read (a date
that is no date) into anomalies on their field, worded by :mod:`locales`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Final, TypeVar

from core.anomalies import IDENTITY_FIELDS, Anomaly, Field, Problem, field_anomaly
from core.ids import is_digits
from core.model import Identity, Kind, Period, Request

__all__ = ["CHANGES", "Draft", "digest", "parse_date", "parse_hour", "request"]

#: What an UPDATE may change, in the order of the form.
CHANGES: Final = (Field.START_DATE, Field.END_DATE, Field.START_HOUR, Field.END_HOUR,
                  Field.PLANNED_HOURS)
#: Form names that are no field of the core.
IDENTIFIED_BY: Final = "identifiedBy"  # enterprise | nsso
WORKER_MODE: Final = "workerMode"  # niss | identity
USER_ADDRESS: Final = "userAddress"
REMOVE_END: Final = "removeEndDate"
PERIOD_TYPED: Final = "periodTyped"  # the period number was typed on the first screen

_DMY: Final = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_HOUR: Final = re.compile(r"(\d{1,2})\s*[:hHu.]?\s*(\d{2})?")
_V = TypeVar("_V")


@dataclass(slots=True)
class Draft:
    """One declaration typed in a browser, before it is confirmed."""

    token: str
    kind: Kind
    browser: str  # a hash of the browser's form cookie: nobody else continues it
    values: dict[str, str] = field(default_factory=dict)
    filed: str | None = None  # the declaration id, once confirmed

    @property
    def key(self) -> str:
        return f"web:{self.token}"

    def get(self, name: str | Field) -> str:
        return self.values.get(str(name), "").strip()

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Draft:
        data = json.loads(text)
        return cls(data["token"], Kind(data["kind"]), data["browser"], dict(data["values"]),
                   data.get("filed"))


def parse_date(text: str) -> datetime.date | None:
    """A date as a browser sends it (ISO) or as a person types it (dd/mm/yyyy).

    >>> parse_date("2026-12-15"), parse_date("15/12/2026"), parse_date("1.2.2027")
    (datetime.date(2026, 12, 15), datetime.date(2026, 12, 15), datetime.date(2027, 2, 1))
    >>> parse_date("31/02/2026") is None, parse_date("tomorrow") is None
    (True, True)
    """
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_hour(text: str) -> datetime.time | None:
    """A time of day: ``18:30`` (what a browser sends), ``18h30``, ``1830``, ``18``.

    >>> parse_hour("18:30"), parse_hour("7h"), parse_hour("2300"), parse_hour("25:00")
    (datetime.time(18, 30), datetime.time(7, 0), datetime.time(23, 0), None)
    """
    match = _HOUR.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return datetime.time(int(match.group(1)), int(match.group(2) or 0))
    except ValueError:
        return None


def _birth_date(text: str) -> str:
    """``dd/mm/yyyy`` (``00/00/yyyy`` when only the year is known) as the core's ISO zone;
    anything else as typed, for the core to refuse on its field.

    >>> _birth_date("05/01/1999"), _birth_date("00/00/1990"), _birth_date("1990-00-00")
    ('1999-01-05', '1990-00-00', '1990-00-00')
    """
    if match := _DMY.fullmatch(text.strip()):
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text.strip()


class _Reader:
    """Reads the draft's strings into typed values, noting what cannot be read."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.problems: list[Anomaly] = []

    def text(self, fld: Field | str) -> str | None:
        return self.draft.get(fld) or None

    def date(self, fld: Field) -> datetime.date | None:
        return self._parsed(fld, parse_date)

    def hour(self, fld: Field) -> datetime.time | None:
        return self._parsed(fld, parse_hour)

    def _parsed(self, fld: Field, parse: Callable[[str], _V | None]) -> _V | None:
        """The field read by ``parse``; a value it cannot read is noted (FORMAT)."""
        raw = self.draft.get(fld)
        value = parse(raw) if raw else None
        if raw and value is None:
            self.problems.append(field_anomaly(fld, Problem.FORMAT))
        return value

    def number(self, fld: Field) -> int | None:
        raw = self.draft.get(fld)
        if raw and not is_digits(raw):
            self.problems.append(field_anomaly(fld, Problem.FORMAT))
            return None
        return int(raw) if raw else None

    def identity(self) -> Identity | None:
        if self.draft.get(WORKER_MODE) != "identity":
            return None
        zones = {f.value: self.draft.get(f) for f in IDENTITY_FIELDS
                 if f not in (Field.LAST_NAME, Field.FIRST_NAME) and self.draft.get(f)}
        born = zones.get(Field.BIRTH_DATE.value)
        if born:
            zones[Field.BIRTH_DATE.value] = _birth_date(born)
        full = parse_date(born) if born and "00" not in born.split("/")[:2] else None
        return Identity(self.draft.get(Field.LAST_NAME), self.draft.get(Field.FIRST_NAME),
                        full, None, zones)


def _base(reader: _Reader, kind: Kind) -> Request:
    """A request of ``kind`` for the employer typed, by enterprise or NSSO number."""
    number = reader.text(Field.EMPLOYER)
    nsso = reader.draft.get(IDENTIFIED_BY) == "nsso"
    return Request(kind, employer_enterprise=None if nsso else number,
                   employer_nsso=number if nsso else None)


def request(draft: Draft, target: Period | None = None) -> tuple[Request, list[Anomaly]]:
    """The request the draft's values make, and the values that could not be read.

    An UPDATE carries only what differs from ``target``, the period it changes.
    """
    read = _Reader(draft)
    base = _base(read, draft.kind)
    if draft.kind is Kind.IN:
        identity = read.identity()
        req = replace(
            base, ssin=None if identity else read.text(Field.WORKER),
            identity=identity, committee=read.text(Field.COMMITTEE),
            worker_type=read.text(Field.WORKER_TYPE), start_date=read.date(Field.START_DATE),
            end_date=read.date(Field.END_DATE), start_hour=read.hour(Field.START_HOUR),
            end_hour=read.hour(Field.END_HOUR), planned_hours=read.number(Field.PLANNED_HOURS),
            user_enterprise=read.text(Field.USER_ENTERPRISE),
            user_committee=read.text(Field.USER_COMMITTEE),
            user_name=read.text(Field.USER_NAME), user_address=read.text(USER_ADDRESS),
            sub_entity=read.text(Field.SUB_ENTITY))
        return req, read.problems
    period_id = read.text(Field.PERIOD)
    if draft.kind is Kind.OUT:
        return replace(base, period_id=period_id, end_date=read.date(Field.END_DATE)), \
            read.problems
    if draft.kind is Kind.CANCEL:
        return replace(base, period_id=period_id), read.problems
    changes: dict[str, Any] = {
        "start_date": read.date(Field.START_DATE), "end_date": read.date(Field.END_DATE),
        "start_hour": read.hour(Field.START_HOUR), "end_hour": read.hour(Field.END_HOUR),
        "planned_hours": read.number(Field.PLANNED_HOURS)}
    remove = draft.get(REMOVE_END) == "1"
    if remove:
        changes["end_date"] = None
    if target is not None:  # what stays as it is, is no change
        changes = {k: v for k, v in changes.items() if v != getattr(target, k)}
    given = {k: v for k, v in changes.items() if v is not None}
    return replace(base, period_id=period_id, remove_end_date=remove, **given), read.problems


def digest(req: Request) -> str:
    """A short fingerprint of a request: what the summary shown is confirmed against.

    >>> a = Request(Kind.CANCEL, employer_enterprise="0403199702", period_id="100000000162")
    >>> digest(a) == digest(Request(Kind.CANCEL, "0403199702", period_id="100000000162"))
    True
    >>> digest(a) == digest(Request(Kind.CANCEL, "0403199702", period_id="100000000263"))
    False
    """
    text = json.dumps(asdict(req), default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
