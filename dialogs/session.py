"""One turn of one conversation: understand, take, check with the core, move on."""

from __future__ import annotations

from dataclasses import replace

from core.anomalies import Field, Problem, Severity, field_anomaly
from core.model import Kind, Request
from core.rules import needed_fields, offered_fields
from core.rules.needs import FIELD_ATTRS
from dialogs import prompts
from dialogs.flows import FIELD_STEPS, FLOWS, STEP_FIELDS
from dialogs.record import Conversation
from dialogs.taking import Taking
from dialogs.turn import Expect, Input, Reply, Turn
from dialogs.understand import Command, Understood, understand
from locales import Message

__all__ = ["Session"]

_ESCALATE_AT = 3
#: Identifier fields: digits that do not make one get that field's format message.
_NUMBERS = frozenset({Field.EMPLOYER, Field.WORKER, Field.PERIOD, Field.USER_ENTERPRISE})


def _digits(turn: Turn) -> str:
    return "".join(c for c in (turn.text or turn.digits or "") if c.isdigit())


class _Cursor:
    """A throw-away model an event of a shared machine is fired on, never attached to it."""

    def __init__(self, state: str, next_step: str) -> None:
        self.state = state
        self.next_step = next_step


class Session(Taking):
    """One turn: understand it, take its values (:class:`Taking`), move the machine, reply."""

    # -- the turn ---------------------------------------------------------------------

    async def run(self, expired: bool) -> Reply:
        if expired:
            self.notes.append(Message("expired"))
        if self.turn.silent:  # a call opens in silence: that is no missed answer
            opening = expired or self.conv.state == "start"
            return await self._prompt() if opening else await self._retry("noinput")
        offered = self._offered_here()
        heard = Understood(command=self.turn.command) if self.turn.command else understand(
            self.turn.text or self.turn.digits or "", self.conv.lang, self.today,
            expecting=self._expecting(),
            expect_answer=self.conv.state == "confirm" or offered is not None,
            expect_choice=self._choosing())
        if heard.command is not None:
            return await self._command(heard)
        if self.conv.dialog == "menu" and not self._choose_kind(heard):
            return await (self._prompt() if self.conv.state == "start" else self._retry("nomatch"))
        if self.conv.state == "confirm" and not heard.values:
            if heard.answer is True:
                return await self._submit()
            if heard.answer is False:
                return self._ask_correction()
        if offered is not None and heard.answer is False and (
                not heard.values or heard.choice is not None):  # a keyed 2 is "no", not 02:00
            self.conv.asked.append(offered.value)  # declined: not offered again
            return await self._advance()
        await self._take(heard)
        expecting, digits = self._expecting(), _digits(self.turn)
        if not self.took and not self.notes and expecting in _NUMBERS and digits:
            kind: dict[str, str | int] = (
                {"kind": "enterprise"} if expecting is Field.EMPLOYER else {})
            self._fail(field_anomaly(expecting, Problem.FORMAT, Severity.ERROR, value=digits,
                                     **kind))
        if not self.took and not self.notes:
            return await self._retry("nomatch")
        return await self._advance()

    def _offered_here(self) -> Field | None:
        """The optional field this state offers, which the caller may decline."""
        fld = STEP_FIELDS.get(self.conv.state)
        return fld if fld in offered_fields(self.conv.draft()) else None

    def _choosing(self) -> bool:
        """Whether the caller is looking at a numbered list."""
        return self.conv.state in ("choose_kind", "pick_period", "pick_change") or bool(
            self.conv.state == FIELD_STEPS[Field.EMPLOYER] and self._employer_list())

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
        """Fire ``event`` on the dialog's shared machine for this conversation.

        The cursor is never attached (``add_model`` costs 17 KB and O(n) per
        model): the event is dispatched to it directly, as transitions allows.
        """
        machine = self.engine.machines[self.conv.dialog]
        cursor = _Cursor(self.conv.state, next_step)
        machine.events[event].trigger(cursor)
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
