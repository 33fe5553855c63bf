"""Taking what a caller said into the conversation's draft, checked by the core at once.

A wrong field is reported (an anomaly, worded later) and forgotten: nothing
half-understood is kept. :class:`~dialogs.session.Session` builds on this.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Protocol

from transitions import Machine

from core import reference as ref
from core.anomalies import Anomaly, Field, Problem, field_anomaly
from core.ids import employer_scheme, is_digits
from core.model import Employer, Kind, Request
from core.rules import check_draft, derive, needed_fields
from core.rules.needs import FIELD_ATTRS
from core.service import Declarations
from dialogs import prompts
from dialogs.flows import UPDATE_CHANGES
from dialogs.record import Conversation
from dialogs.turn import Turn
from dialogs.understand import Understood
from locales import Message

__all__ = ["Host", "Taking", "plain"]


class Host(Protocol):
    """What a turn needs of the engine running it (:class:`dialogs.engine.Engine`)."""

    @property
    def service(self) -> Declarations: ...
    @property
    def machines(self) -> Mapping[str, Machine]: ...
    @property
    def transfer(self) -> str | None: ...

#: What a change of existing work may carry; the rest of what is said only finds the period.
_CHANGES = frozenset(c for c in UPDATE_CHANGES if isinstance(c, Field))
_NOON = 12


def plain(value: Any) -> Any:
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


_TYPES: dict[Field, type] = {
    Field.START_DATE: datetime.date, Field.END_DATE: datetime.date,
    Field.START_HOUR: datetime.time, Field.END_HOUR: datetime.time, Field.PLANNED_HOURS: int,
}


def _typed(fld: Field, value: Any) -> bool:
    """Whether the understood value has its field's type (a malformed one stays text)."""
    expected = _TYPES.get(fld, str)
    return isinstance(value, expected) and not (expected is int and isinstance(value, bool))


_INSTEAD_FIELDS = (Field.START_DATE, Field.END_DATE, Field.START_HOUR, Field.END_HOUR,
                   Field.PLANNED_HOURS)


def _value(said: Any) -> Any:
    """A value kept in the record (ISO text, or a number) as a date, a time or a number."""
    if isinstance(said, str):
        try:
            return (datetime.time.fromisoformat(said) if ":" in said
                    else datetime.date.fromisoformat(said))
        except ValueError:
            return said
    return said


def _same(old: Any, current: Any) -> bool:
    """Whether what the caller called the old value is the field's current value."""
    if current is None or isinstance(old, str):
        return False
    if isinstance(old, datetime.date | datetime.time):
        return bool(type(old) is type(current) and old == current)
    if isinstance(current, datetime.date):
        return bool(current.day == old)
    if isinstance(current, datetime.time):
        return bool(old <= 24 and current == datetime.time(old % 24))
    return bool(current == old)


def _converted(fld: Field, new: Any, current: Any) -> Any:
    """The new value in the field's type: "le 16" of a date is that month's 16th."""
    if fld in (Field.START_DATE, Field.END_DATE):
        if isinstance(new, datetime.date):
            return new
        if isinstance(new, int) and isinstance(current, datetime.date):
            try:
                return current.replace(day=new)
            except ValueError:
                return None
        return None
    if fld in (Field.START_HOUR, Field.END_HOUR):
        if isinstance(new, datetime.time):
            return new
        return datetime.time(new % 24) if isinstance(new, int) and new <= 24 else None
    return new if isinstance(new, int) else None


def attr_of(fld: Field) -> str | None:
    return "employer_number" if fld is Field.EMPLOYER else FIELD_ATTRS.get(fld)


class Taking:
    """The draft side of a turn: set, check, forget and derive fields."""

    def __init__(self, engine: Host, conv: Conversation, turn: Turn,
                 today: datetime.date) -> None:
        self.engine, self.conv, self.turn, self.today = engine, conv, turn, today
        self.notes: list[Message] = []  # said before the prompt: errors, confirmations
        self.took = False
        self.refused_employer: str | None = None  # an employer this phone may not declare for
        self.ambiguous: tuple[object, list[Field]] | None = None  # a value for one of two fields
        self.leftover: list[str] = []  # words of the turn nothing was made of
        self._employers: dict[str, Employer | None] = {}

    async def employer(self) -> Employer | None:
        """The draft's employer in the registry (read once a turn), None when not known."""
        number = self.conv.draft().employer_number
        return await self.employer_of(number) if number else None

    async def employer_of(self, number: str) -> Employer | None:
        """The employer of ``number`` in the registry (read once a turn), None when not known."""
        if number not in self._employers:
            self._employers[number] = await self.engine.service.employer(number)
        return self._employers[number]

    def _set_employer(self, number: str) -> None:
        scheme = employer_scheme(number)
        self.conv.fields.pop("employer_enterprise", None)
        self.conv.fields.pop("employer_nsso", None)
        self.conv.fields[f"employer_{scheme}"] = number

    def name_user(self, name: str, address: str) -> None:
        """The user company of agency work by its name and address (it has no number)."""
        self.conv.fields["user_name"] = name
        self.conv.fields["user_address"] = address
        self.conv.asked.append(Field.USER_NAME.value)
        self.conv.refs.pop("user_named", None)

    @property
    def changing(self) -> bool:
        """Whether the dialog acts on existing work (OUT, UPDATE, CANCEL)."""
        return self.conv.kind not in (None, Kind.IN)

    async def _take(self, heard: Understood, correcting: bool = False) -> None:
        """Take every value heard.

        ``correcting``: at the summary, a lone value must say which field it is for.
        """
        values = dict(heard.values)
        if self.changing:
            values = self._references(heard, values)
        elif heard.day and Field.START_DATE not in values:
            values[Field.START_DATE] = heard.day
        if heard.same_day:
            values.setdefault(Field.END_DATE, values.get(Field.START_DATE) or self._start())
        if heard.instead:
            self.conv.refs["instead"] = [[plain(new), plain(old)] for new, old in heard.instead]
            self.took = True
        if heard.user_company:
            self.name_user(*heard.user_company)
            self.took = True
        elif heard.no_user_number:
            self._no_number()
        self._evening(heard, values)
        if correcting or (self.conv.kind is Kind.UPDATE and not self.conv.change):
            values = self._placed(heard, values)  # a lone time: the start or the end?
        for fld, value in values.items():
            if value is not None:
                await self._set(fld, value)
        self.leftover = self._planned_leftover(heard)
        if self.took:
            self._drop_derived()  # derived again from what is kept
        self._implied_committee()
        await self._check()
        kept = self.conv.draft()
        for fld in values:
            attr = attr_of(fld)
            if attr and getattr(kept, attr) is not None:
                self.conv.retries.pop(fld.value, None)

    def _no_number(self) -> None:
        """"Pas de numéro": asked for the employer's, it is told of WIDE identification
        (the NSSO's words); else it is the agency user company that has none."""
        self.took = True
        draft = self.conv.draft()
        if self.conv.asking == Field.EMPLOYER.value and not (
                draft.employer_enterprise or draft.employer_nsso):
            self._fail(field_anomaly(Field.EMPLOYER, Problem.MISSING))
        elif not self.conv.fields.get("user_name"):  # named already: its number is needed
            self.conv.refs["user_named"] = True

    def _planned_leftover(self, heard: Understood) -> list[str]:
        """One number left over beside other values: the planned hours if still needed."""
        rest = heard.rest.split()
        numbers = [w for w in rest if is_digits(w)]
        if len(numbers) == 1 and heard.values and not self.changing and \
                Field.PLANNED_HOURS in needed_fields(derive(self.conv.draft())):
            self.conv.fields[FIELD_ATTRS[Field.PLANNED_HOURS]] = int(numbers[0])
            self.took = True
            rest.remove(numbers[0])
        return rest

    async def _resolve_instead(self, current: Request) -> None:
        """``60h au lieu de 40``: the field whose value is the old one gets the new one."""
        for new, old in self.conv.refs.pop("instead", []):
            fields = [f for f in _INSTEAD_FIELDS
                      if _same(_value(old), getattr(current, FIELD_ATTRS[f]))]
            value = _converted(fields[0], _value(new), getattr(current, FIELD_ATTRS[fields[0]])
                               ) if len(fields) == 1 else None
            if value is None:
                self.notes.append(Message("instead.unknown", {"old": old}))
                continue
            await self._set(fields[0], value)
        await self._check()

    def _start(self) -> datetime.date | None:
        return self.conv.draft().start_date

    def _references(self, heard: Understood, values: dict[Field, object]) -> dict[Field, object]:
        """OUT, UPDATE, CANCEL: what finds the period goes to the references, the rest stays."""
        refs = self.conv.refs
        if heard.names:
            refs["names"] = list(heard.names)
        if heard.day:
            refs["day"] = heard.day.isoformat()
        wtype = values.pop(Field.WORKER_TYPE, None)
        values.pop(Field.COMMITTEE, None)
        if isinstance(wtype, str):
            refs["type"] = wtype
        day_said = False
        if self.conv.kind is Kind.CANCEL or self.conv.state == "picking":
            for fld in (Field.START_DATE, Field.END_DATE):  # "which period?" "tomorrow's"
                day = values.pop(fld, None)
                if isinstance(day, datetime.date):
                    refs["day"] = day.isoformat()
                    day_said = True
        if heard.names or heard.day or wtype or Field.WORKER in values or day_said:
            self.took = True
            self.conv.fields.pop("period_id", None)
        keep = {Field.EMPLOYER, Field.WORKER, Field.PERIOD} | (
            {Field.END_DATE} if self.conv.kind is Kind.OUT else set())
        if self.conv.kind is Kind.UPDATE:
            keep |= _CHANGES
        return {f: v for f, v in values.items() if f in keep}

    def _evening(self, heard: Understood, values: dict[Field, object]) -> None:
        """``till 11`` after ``from 6pm``: the afternoon carries over from the start said before."""
        end = values.get(Field.END_HOUR)
        start = values.get(Field.START_HOUR) or self.conv.draft().start_hour
        if (Field.END_HOUR in heard.twelve and isinstance(end, datetime.time)
                and isinstance(start, datetime.time) and start.hour >= _NOON
                and end.hour < _NOON and end < start
                and datetime.time(end.hour + _NOON, end.minute) > start):
            values[Field.END_HOUR] = datetime.time(end.hour + _NOON, end.minute)

    def _placed(self, heard: Understood, values: dict[Field, object]) -> dict[Field, object]:
        """At the summary a lone date or time said without its field is for the caller to place.

        Two of a pair said together go by their order (``18h 23h``); an OUT has one
        date only, and an UPDATE whose change is chosen takes the value for it.
        """
        if heard.target is not None or self.conv.kind is Kind.OUT or (
                self.conv.kind is Kind.UPDATE and self.conv.change):
            return values
        for pair in ((Field.START_DATE, Field.END_DATE), (Field.START_HOUR, Field.END_HOUR)):
            here = [f for f in pair if f in values and f not in heard.explicit]
            if len(here) == 1 and not any(f in heard.explicit for f in pair):
                self.ambiguous = (values.pop(here[0]), list(pair))
                self.took = True
        return values

    async def _set(self, fld: Field, value: Any) -> None:
        self.took = True
        if fld is Field.EMPLOYER:
            number = value[1] if isinstance(value, tuple) else str(value)
            if await self._employer_allowed(number):
                self._set_employer(number)
        elif not _typed(fld, value):
            self._fail(field_anomaly(fld, Problem.FORMAT, value=str(value)))
        elif fld in FIELD_ATTRS:
            self.conv.fields[FIELD_ATTRS[fld]] = plain(value)
            if fld in (Field.START_HOUR, Field.END_HOUR, Field.START_DATE, Field.END_DATE):
                self.conv.night = False  # a new time: a shift past midnight is asked again
            if self.conv.kind is Kind.UPDATE and fld in _CHANGES:
                self.conv.change = self.conv.change or fld.value
        if fld.value not in self.conv.asked:
            self.conv.asked.append(fld.value)

    def employer_list(self) -> tuple[str, ...]:
        caller = self.turn.caller
        return () if caller.trusted or len(caller.employers) < 2 else caller.employers

    async def _employer_allowed(self, number: str) -> bool:
        caller = self.turn.caller
        if not caller.trusted and number not in caller.employers:
            self.refused_employer = number
            self._forget(Field.EMPLOYER)
            return False
        if not self._valid_employer(number):
            return False
        if await self.employer_of(number) is None:
            self._fail(field_anomaly(Field.EMPLOYER, Problem.UNKNOWN, number=number))
            return False
        return True

    def _valid_employer(self, number: str) -> bool:
        nsso = employer_scheme(number) == "nsso"
        probe = Request(Kind.IN, employer_nsso=number if nsso else None,
                        employer_enterprise=None if nsso else number)
        problems = [a for a in check_draft(probe, self.today) if a.field is Field.EMPLOYER]
        for anomaly in problems:
            self._fail(anomaly)
        return not problems

    def _implied_committee(self) -> None:
        """A worker type only one committee accepts (a construction worker: 124) brings it."""
        draft = self.conv.draft()
        if self.changing or draft.committee or not draft.worker_type:
            return
        committees = [c for c in ref.COMMITTEES if draft.worker_type in ref.allowed_types(c)]
        if len(committees) == 1:
            self.conv.fields["committee"] = committees[0]

    def _fail(self, anomaly: Anomaly) -> None:
        """Report a wrong field and forget it: nothing half-understood is kept."""
        assert anomaly.field is not None
        self.conv.retries[anomaly.field.value] = self.conv.retries.get(anomaly.field.value, 0) + 1
        self.notes.append(prompts.anomaly_message(anomaly))
        self._forget(anomaly.field)

    def _forget(self, fld: Field) -> None:
        names = ("employer_enterprise", "employer_nsso") if fld is Field.EMPLOYER else (
            FIELD_ATTRS.get(fld),)
        for name in names:
            if name:
                self.conv.fields.pop(name, None)
        if fld is Field.USER_ENTERPRISE:
            self.conv.fields.pop("user_address", None)

    async def _check(self) -> None:
        draft = self.conv.draft()
        for anomaly in check_draft(draft, self.today, await self.employer()):
            if anomaly.is_error and anomaly.field is not None:
                self._fail(anomaly)

    def _drop_derived(self) -> None:
        for name in self.conv.derived:
            self.conv.fields.pop(name, None)
        self.conv.derived = []
