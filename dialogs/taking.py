"""Taking what a caller said into the conversation's draft, checked by the core at once.

A wrong field is reported (an anomaly, worded later) and forgotten: nothing
half-understood is kept. :class:`~dialogs.session.Session` builds on this.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.anomalies import Anomaly, Field, Problem, field_anomaly
from core.ids import employer_scheme
from core.model import Kind, Request
from core.rules import check_draft, derive, needed_fields
from core.rules.needs import FIELD_ATTRS
from dialogs import prompts
from dialogs.flows import FIELD_STEPS, UPDATE_CHANGES
from dialogs.record import Conversation
from dialogs.turn import Turn
from dialogs.understand import Understood
from locales import Message

if TYPE_CHECKING:
    from dialogs.engine import Engine

__all__ = ["Taking"]


def _plain(value: Any) -> Any:
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


class Taking:
    """The draft side of a turn: set, check, forget and derive fields."""

    def __init__(self, engine: Engine, conv: Conversation, turn: Turn,
                 today: datetime.date) -> None:
        self.engine, self.conv, self.turn, self.today = engine, conv, turn, today
        self.notes: list[Message] = []  # said before the prompt: errors, confirmations
        self.took = False

    def _set_employer(self, number: str) -> None:
        scheme = employer_scheme(number)
        self.conv.fields.pop("employer_enterprise", None)
        self.conv.fields.pop("employer_nsso", None)
        self.conv.fields[f"employer_{scheme}"] = number

    async def _take(self, heard: Understood) -> None:
        values = dict(heard.values)
        state, choice = self.conv.state, heard.choice
        if choice and state == "pick_period" and choice <= len(self.conv.choices):
            values[Field.PERIOD] = self.conv.choices[choice - 1]
        if choice and state == "pick_change" and choice <= len(UPDATE_CHANGES):
            self._choose_change(UPDATE_CHANGES[choice - 1])
        elif state == "pick_change" and heard.target in UPDATE_CHANGES and not values:
            self._choose_change(heard.target)
        if choice and state == FIELD_STEPS[Field.EMPLOYER] and self._employer_list():
            if choice <= len(self._employer_list()):
                values[Field.EMPLOYER] = ("", self._employer_list()[choice - 1])
        for fld, value in values.items():
            await self._set(fld, value)
        self._leftover(heard)
        self._drop_derived()
        self._check()
        kept = self.conv.draft()
        for fld in values:
            attr = "employer_number" if fld is Field.EMPLOYER else FIELD_ATTRS.get(fld)
            if attr and getattr(kept, attr) is not None:
                self.conv.retries.pop(FIELD_STEPS[fld], None)

    def _leftover(self, heard: Understood) -> None:
        """Numbers left over: planned hours if the declaration needs them, else said back."""
        numbers = [w for w in heard.rest.split() if w.isdigit()]
        if not numbers:
            return
        needed = needed_fields(derive(self.conv.draft()))
        if len(numbers) == 1 and Field.PLANNED_HOURS in needed and heard.values:
            self.conv.fields[FIELD_ATTRS[Field.PLANNED_HOURS]] = int(numbers[0])
            self.took = True
        elif heard.values:
            self.notes.append(Message("nomatch.part", {"text": " ".join(numbers)}))

    def _choose_change(self, change: Field | str) -> None:
        self.took = True
        self.conv.change = change if isinstance(change, str) else change.value
        if change == "remove_end_date":
            self.conv.fields["remove_end_date"] = True

    async def _set(self, fld: Field, value: Any) -> None:
        self.took = True
        if fld is Field.EMPLOYER:
            number = value[1] if isinstance(value, tuple) else str(value)
            if await self._employer_allowed(number):
                self._set_employer(number)
        elif not _typed(fld, value):
            self._fail(field_anomaly(fld, Problem.FORMAT, value=str(value)))
        elif fld in FIELD_ATTRS:
            self.conv.fields[FIELD_ATTRS[fld]] = _plain(value)
            if self.conv.dialog == Kind.UPDATE.value and fld.value in [
                    c.value for c in UPDATE_CHANGES if isinstance(c, Field)]:
                self.conv.change = self.conv.change or fld.value
        if fld.value not in self.conv.asked:
            self.conv.asked.append(fld.value)

    def _employer_list(self) -> tuple[str, ...]:
        caller = self.turn.caller
        return () if caller.trusted or len(caller.employers) < 2 else caller.employers

    async def _employer_allowed(self, number: str) -> bool:
        caller = self.turn.caller
        if not caller.trusted and number not in caller.employers:
            self.notes.append(Message("employer.not_enrolled"))
            return False
        if not self._valid_employer(number):
            return False
        if await self.engine.service.employer(number) is None:
            self._fail(field_anomaly(Field.EMPLOYER, Problem.UNKNOWN, number=number))
            return False
        return True

    def _valid_employer(self, number: str) -> bool:
        enterprise = employer_scheme(number) == "enterprise"
        probe = Request(Kind.IN, employer_enterprise=number if enterprise else None,
                        employer_nsso=None if enterprise else number)
        problems = [a for a in check_draft(probe, self.today) if a.field is Field.EMPLOYER]
        for anomaly in problems:
            self._fail(anomaly)
        return not problems

    def _fail(self, anomaly: Anomaly) -> None:
        """Report a wrong field and forget it: nothing half-understood is kept."""
        assert anomaly.field is not None
        step = FIELD_STEPS[anomaly.field]
        self.conv.retries[step] = self.conv.retries.get(step, 0) + 1
        self.notes.append(prompts.anomaly_message(anomaly))
        self._forget(anomaly.field)

    def _forget(self, fld: Field) -> None:
        names = ("employer_enterprise", "employer_nsso") if fld is Field.EMPLOYER else (
            FIELD_ATTRS.get(fld),)
        for name in names:
            if name:
                self.conv.fields.pop(name, None)

    def _check(self) -> None:
        draft = self.conv.draft()
        for anomaly in check_draft(draft, self.today):
            if anomaly.is_error and anomaly.field is not None:
                self._fail(anomaly)

    def _drop_derived(self) -> None:
        for name in self.conv.derived:
            self.conv.fields.pop(name, None)
        self.conv.derived = []

    def _derive(self) -> Request:
        before = self.conv.draft()
        after = derive(before)
        fresh = [n for n in ("end_date",) if getattr(after, n) != getattr(before, n)]
        self.conv.derived = sorted({*self.conv.derived, *fresh})  # still derived until dropped
        self.conv.keep(after)
        return after
