"""One turn of one conversation: understand, take, check with the core, move on."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from core.anomalies import Anomaly, Field, Problem, field_anomaly
from core.model import Kind, Request
from core.rules import check_draft, derive, needed_fields, offered_fields
from core.rules.needs import FIELD_ATTRS
from dialogs import prompts
from dialogs.flows import FIELD_STEPS, FLOWS, STEP_FIELDS, UPDATE_CHANGES
from dialogs.record import Conversation
from dialogs.turn import Expect, Input, Reply, Turn
from dialogs.understand import Command, Understood, understand
from locales import Message

if TYPE_CHECKING:
    from dialogs.engine import Engine

__all__ = ["Session"]

_ESCALATE_AT = 3
#: Identifier fields: digits that do not make one get that field's format message.
_NUMBERS = frozenset({Field.EMPLOYER, Field.WORKER, Field.PERIOD, Field.USER_ENTERPRISE})


def _digits(turn: Turn) -> str:
    return "".join(c for c in (turn.text or turn.digits or "") if c.isdigit())


class _Cursor:
    """A throw-away model attached to a shared machine for one transition."""

    def __init__(self, state: str, next_step: str) -> None:
        self.state = state
        self.next_step = next_step


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


class Session:
    def __init__(self, engine: Engine, conv: Conversation, turn: Turn,
                 today: datetime.date) -> None:
        self.engine, self.conv, self.turn, self.today = engine, conv, turn, today
        self.notes: list[Message] = []  # said before the prompt: errors, confirmations
        self.took = False

    # -- the turn ---------------------------------------------------------------------

    async def run(self, expired: bool) -> Reply:
        if expired:
            self.notes.append(Message("expired"))
        if self.turn.silent:
            return await self._retry("noinput") if not expired else await self._prompt()
        offered = self._offered_here()
        heard = understand(self.turn.text or self.turn.digits or "", self.conv.lang, self.today,
                           expecting=self._expecting(),
                           expect_answer=self.conv.state == "confirm" or offered is not None)
        if heard.command is not None:
            return await self._command(heard)
        if self.conv.dialog == "menu" and not self._choose_kind(heard):
            return await (self._prompt() if self.conv.state == "start" else self._retry("nomatch"))
        if self.conv.state == "confirm" and not heard.values:
            if heard.answer is True:
                return await self._submit()
            if heard.answer is False:
                return self._ask_correction()
        if offered is not None and heard.answer is False and not heard.values:
            self.conv.asked.append(offered.value)  # declined: not offered again
            return await self._advance()
        await self._take(heard)
        expecting = self._expecting()
        if not self.took and not self.notes and expecting in _NUMBERS and _digits(self.turn):
            kind = {"kind": "enterprise"} if expecting is Field.EMPLOYER else {}
            self._fail(field_anomaly(expecting, Problem.FORMAT, value=_digits(self.turn), **kind))
        if not self.took and not self.notes:
            return await self._retry("nomatch")
        return await self._advance()

    def _offered_here(self) -> Field | None:
        """The optional field this state offers, which the caller may decline."""
        fld = STEP_FIELDS.get(self.conv.state)
        return fld if fld in offered_fields(self.conv.draft()) else None

    def _expecting(self) -> Field | None:
        return STEP_FIELDS.get(self.conv.state) or (
            Field.PERIOD if self.conv.state == "pick_period" else None)

    def _choose_kind(self, heard: Understood) -> bool:
        kind = heard.kind or self.engine.kind_for_choice(heard.choice)
        if kind is None and heard.values:
            kind = Kind.IN
        if kind is None:
            return False
        self.conv.dialog, self.conv.state = kind.value, FLOWS[kind.value][0]
        self.conv.retries.clear()
        self.took = True
        if not self.turn.caller.trusted and len(self.turn.caller.employers) == 1:
            self._set_employer(self.turn.caller.employers[0])
        return True

    # -- taking values ----------------------------------------------------------------

    def _set_employer(self, number: str) -> None:
        scheme = "nsso" if len(number) == 9 or number.startswith("5") else "enterprise"
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
        probe = Request(Kind.IN, employer_enterprise=number) if len(number) == 10 and \
            number[0] in "01" else Request(Kind.IN, employer_nsso=number)
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

    # -- moving on --------------------------------------------------------------------

    async def _next_step(self, req: Request) -> str:
        needed = needed_fields(req)
        kind = self.conv.kind
        if kind is Kind.IN or kind is None:
            needed = needed or [f for f in offered_fields(req) if f.value not in self.conv.asked]
            return FIELD_STEPS[needed[0]] if needed else "confirm"
        if Field.EMPLOYER in needed:
            return FIELD_STEPS[Field.EMPLOYER]
        if Field.PERIOD in needed:
            return "pick_period" if req.ssin else FIELD_STEPS[Field.WORKER]
        if kind is Kind.UPDATE:
            return self._update_step(req)
        return FIELD_STEPS[needed[0]] if needed else "confirm"

    def _update_step(self, req: Request) -> str:
        change = self.conv.change
        if change is None:
            return "pick_change"
        if change != "remove_end_date" and getattr(req, FIELD_ATTRS[Field(change)]) is None:
            return FIELD_STEPS[Field(change)]
        return "confirm"

    def _move(self, event: str, next_step: str = "") -> None:
        machine = self.engine.machines[self.conv.dialog]
        cursor = _Cursor(self.conv.state, next_step)
        machine.add_model(cursor, initial=self.conv.state)
        try:
            getattr(cursor, event)()
        finally:
            machine.remove_model(cursor)
        self.conv.state = cursor.state

    async def _advance(self) -> Reply:
        req = self._derive()
        if self.conv.dialog != "menu":
            self._move("advance", await self._next_step(req))
        return await self._prompt()

    async def _prompt(self) -> Reply:
        from dialogs.asking import prompt_for

        messages, expect = await prompt_for(self)
        return self._escalate(self._reply(messages, expect))

    def _ask_correction(self) -> Reply:
        """From the summary: ask which field to change, nothing else."""
        return self._reply([Message("confirm.no")], Expect(Input.TEXT))

    def _reply(self, messages: list[Message], expect: Expect, ended: bool = False,
               transfer: bool = False) -> Reply:
        return Reply((*self.notes, *messages), expect, ended, self.conv.lang, transfer)

    async def _retry(self, why: str) -> Reply:
        state = self.conv.state
        self.conv.retries[state] = self.conv.retries.get(state, 0) + 1
        self.notes.append(Message(why))
        return await self._prompt()

    def _escalate(self, reply: Reply) -> Reply:
        """From the third failed try at one question: offer help, or a person."""
        if self.conv.retries.get(self.conv.state, 0) < _ESCALATE_AT or reply.ended:
            return reply
        number = self.engine.transfer
        escalate = Message("escalate.human", {"number": number}) if number else Message("escalate")
        return replace(reply, messages=(*reply.messages, escalate), transfer=bool(number))

    async def _submit(self) -> Reply:
        kind = self.conv.kind
        assert kind is not None
        req = replace(self.conv.draft(), kind=kind)
        decl = await self.engine.service.submit(req)
        self._move("submit")
        reply = self._reply(prompts.result_messages(decl), Expect(Input.NONE), ended=True)
        return replace(reply, declaration=decl.declaration_id, result=decl.result.value)

    # -- global commands --------------------------------------------------------------

    async def _command(self, heard: Understood) -> Reply:
        command = heard.command
        if command is Command.CANCEL:
            return self._reply([Message("cancelled")], Expect(Input.NONE), ended=True)
        if command is Command.RESTART:
            self.conv = _restart(self.conv)
            self.notes.append(Message("restarted"))
            return await self._prompt()
        if command is Command.LANGUAGE and heard.language:
            self.conv.lang = heard.language
            self.notes.append(Message("language.switched"))
        elif command is Command.HELP:
            self.notes.append(Message(f"help.{self.conv.dialog}"))
        elif command is Command.BACK:
            self._back()
        elif command is Command.CORRECT:
            return await self._correct(heard)
        if command in (Command.BACK,):
            return await self._advance()
        return await self._prompt()

    def _back(self) -> None:
        """Undo the last answer kept: forget that field, or offer a declined one again."""
        while self.conv.asked:
            fld = Field(self.conv.asked.pop())
            draft = self.conv.draft()
            if fld in offered_fields(draft):
                return
            attr = "employer_number" if fld is Field.EMPLOYER else FIELD_ATTRS.get(fld)
            if attr and getattr(draft, attr) is not None:
                self._forget(fld)
                return
        self.conv.dialog, self.conv.state = "menu", "choose_kind"
        self.conv.fields.clear()

    async def _correct(self, heard: Understood) -> Reply:
        target = getattr(heard, "target", None)
        if target is not None:
            self._forget(target)
        await self._take(heard)
        if target is None and not heard.values:
            return self._ask_correction()
        return await self._advance()


def _restart(conv: Conversation) -> Conversation:
    return Conversation(conv.key, state="choose_kind", lang=conv.lang)
