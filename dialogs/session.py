"""One turn of one conversation: understand, take, check with the core, move on.

The phase moves on the dialog's shared machine (:mod:`dialogs.flows`) by a
named trigger; the question asked is data, from the core's ``needed_fields``.
"Yes" files only the draft whose summary was shown last: anything that
changes it shows the summary again first.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Final

from core.anomalies import Field, Problem, field_anomaly
from core.model import Kind, Request
from core.rules import derive, needed_fields, offered_fields
from core.rules.needs import FIELD_ATTRS
from dialogs import final, finding
from dialogs.asking import prompt_for
from dialogs.flows import UPDATE_CHANGES, fire
from dialogs.record import Conversation
from dialogs.taking import Host, Taking, attr_of, plain
from dialogs.turn import Channel, Expect, Input, Reply, Turn
from dialogs.understand import Command, Understood, name_and_address, understand
from locales import Message

__all__ = ["Session"]

#: The core's answer to an UPDATE that changes nothing.
_NOTHING: Final = field_anomaly(Field.PERIOD, Problem.NOTHING).code

_ESCALATE_AT = 3
#: Identifier fields: digits that do not make one get that field's format message.
_NUMBERS = frozenset({Field.EMPLOYER, Field.WORKER, Field.PERIOD, Field.USER_ENTERPRISE})
NIGHT = "night"  # the question whether a shift runs past midnight


def kind_for_choice(choice: int | None) -> Kind | None:
    """The kind of declaration a number of the menu stands for."""
    kinds = list(Kind)
    return kinds[choice - 1] if choice and 1 <= choice <= len(kinds) else None


def _digits(turn: Turn) -> str:
    return "".join(c for c in (turn.text or turn.digits or "") if c.isdigit())


class Session(Taking):
    """One turn: understand it, take its values (:class:`Taking`), move the machine, reply."""

    def __init__(self, engine: Host, conv: Conversation, turn: Turn,
                 today: datetime.date) -> None:
        super().__init__(engine, conv, turn, today)
        self.names: dict[str, set[str]] = {}
        self.replied = False

    # -- the turn ---------------------------------------------------------------------

    async def run(self, expired: bool) -> Reply:
        if expired:
            self.notes.append(Message("expired"))
        if self.turn.silent:  # a call opens in silence: that is no missed answer
            opening = expired or (self.conv.state == "menu" and not self.conv.greeted)
            return await self._prompt() if opening else await self._retry("noinput")
        heard = await self._hear(self.turn.text or self.turn.digits or "")
        return await self._answer(heard)

    async def _hear(self, text: str) -> Understood:
        if self.turn.command:
            return Understood(command=self.turn.command)
        heard = self._understand(text)
        words = any(w.isalpha() for w in heard.rest.split())
        if words and self.conv.kind is not Kind.IN and heard.kind is not Kind.IN:
            await self._load_names()  # words left over: maybe the name of a worker of the file
            if self.names:
                heard = self._understand(text)
        return heard

    def _understand(self, text: str) -> Understood:
        offered = self.offered_here()
        return understand(
            text, self.conv.lang, self.today, expecting=self._expecting(),
            expect_answer=self.conv.state == "confirming" or offered is not None
            or self.conv.asking == NIGHT,
            expect_choice=self._choosing(), names=self.names,
            start=self.conv.draft().start_date if self.conv.kind is Kind.IN else None)

    async def _load_names(self) -> None:
        """The workers of this employer's file, by name; before a phone enrolled for several
        employers has said which, those of all their files (the period is found once the
        employer is chosen)."""
        number = self.conv.draft().employer_number
        for each in (number,) if number else self.turn.caller.employers:
            employer = await self.employer_of(each)
            if employer is not None:
                for name, ssins in finding.names_of(
                        await self.engine.service.personnel(employer)).items():
                    self.names.setdefault(name, set()).update(ssins)

    async def _answer(self, heard: Understood) -> Reply:
        if heard.command is not None:
            return await self._command(heard)
        if self.conv.dialog == "menu":
            reply = await self._at_menu(heard)
            if reply is not None:
                return reply
        reply = await self._particular(heard)
        if reply is not None:
            return reply
        offered = self.offered_here()
        if offered is not None and heard.answer is False and (
                not heard.values or heard.choice is not None):  # a keyed 2 is "no", not 02:00
            self.conv.asked.append(offered.value)  # declined: not offered again
            return await self._move_on("declined")
        if await self._without(heard):
            return await self._move_on("answered")
        return await self._take_answer(heard)

    async def _without(self, heard: Understood) -> bool:
        """"No" to an optional field asked again after it was said to be wrong ("la date de
        fin est fausse", then "non"): it stays empty."""
        reask = self.conv.refs.get("reask")
        if not (reask and self.conv.asking == reask and heard.answer is False
                and not heard.values):
            return False
        if Field(reask) in needed_fields(self.derived_draft(), await self.employer()):
            return False
        self.conv.refs.pop("reask")
        return True

    async def _at_menu(self, heard: Understood) -> Reply | None:
        """The kind of declaration, from what was said; None when the turn goes on."""
        if not self._choose_kind(heard):
            if heard.values or heard.names or heard.day:  # understood, but which kind?
                self.conv.refs["said"] = self.turn.text or ""
                return await self._retry("menu.which")
            # a first "hello" gets the greeting, no reproach
            return await (self._retry("nomatch") if self.conv.greeted else self._prompt())
        said = self.conv.refs.pop("said", None)
        if heard.kind is None and heard.choice is not None:
            if said:  # what was said before the kind was chosen, read again for it
                return await self._answer(await self._hear(said))
            return await self._move_on("answered")
        return None

    async def _particular(self, heard: Understood) -> Reply | None:
        """Questions answered their own way: the night shift, a user's name and address,
        yes or no at the summary, where a lone value goes."""
        if self.conv.asking == NIGHT:
            return await self._night(heard)
        if self.conv.asking == Field.USER_NAME.value and heard.command is None:
            return await self._user_named()
        if self.conv.state == "confirming":
            reply = await self._at_summary(heard)
            if reply is not None:
                return reply
        if self.conv.state == "choosing" and self.conv.refs.get("pending"):
            return await self._place(heard)
        return None

    async def _take_answer(self, heard: Understood) -> Reply:
        """Take what was said into the draft, and move on (or say what was wrong)."""
        self._choose(heard)
        correcting = self.conv.state in ("confirming", "choosing")
        await self._take(heard, correcting=correcting)
        if self.refused_employer:
            return await self._not_allowed()
        if self.ambiguous:
            return await self._ask_place()
        expecting, digits = self._expecting(), _digits(self.turn)
        if not self.took and not self.notes and expecting in _NUMBERS and digits:
            self._fail(field_anomaly(expecting, Problem.FORMAT, value=digits, kind="enterprise")
                       if expecting is Field.EMPLOYER else
                       field_anomaly(expecting, Problem.FORMAT, value=digits))
        if self.leftover and self.took:
            self.notes.append(Message("nomatch.part", {"text": " ".join(self.leftover)}))
        if not self.took and not self.notes:
            return await self._retry("nomatch")
        return await self._move_on("correct" if correcting else "answered")

    def offered_here(self) -> Field | None:
        """The optional field this question offers, which the caller may decline."""
        if self.conv.state != "collecting" or self.conv.asking in (None, NIGHT):
            return None
        fld = Field(self.conv.asking)
        return fld if fld in offered_fields(self.conv.draft()) else None

    def _choosing(self) -> bool:
        """Whether the caller is looking at a numbered list."""
        return self.conv.state in ("menu", "picking", "choosing") or bool(
            self.conv.asking == Field.EMPLOYER.value and self.employer_list())

    def _expecting(self) -> Field | None:
        if self.conv.state == "picking":
            return Field.PERIOD
        if self.conv.state == "collecting" and self.conv.asking not in (None, NIGHT):
            return Field(self.conv.asking)
        return None

    def _choose_kind(self, heard: Understood) -> bool:
        kind = heard.kind or kind_for_choice(heard.choice)
        if kind is None and heard.instead:
            kind = Kind.UPDATE  # "60h au lieu de 40": a change of existing work
        elif kind is None and (heard.names or heard.day) and self._one_change(heard):
            kind = Kind.UPDATE  # "l'extra de demain finit à 23h30"
        elif kind is None and heard.values and not (heard.names or heard.day):
            kind = Kind.IN  # new work said without a kind word is an IN
        if kind is None:
            return False
        self.conv.dialog = kind.value
        self.conv.retries.clear()
        self.took = True
        if not self.turn.caller.trusted and len(self.turn.caller.employers) == 1:
            self._set_employer(self.turn.caller.employers[0])
        return True

    @staticmethod
    def _one_change(heard: Understood) -> bool:
        """One start or end said with its word, and nothing new to declare beside it."""
        changes = set(heard.values) & set(UPDATE_CHANGES)
        others = set(heard.values) - changes - {Field.WORKER_TYPE, Field.WORKER}
        return len(changes) == 1 and changes <= heard.explicit and not others

    def _choose(self, heard: Understood) -> None:
        """A number (or a field named) in a list: the period, the change, the employer."""
        choice, state = heard.choice, self.conv.state
        if state == "picking" and choice and choice <= len(self.conv.choices):
            self.conv.fields["period_id"] = self.conv.choices[choice - 1]
            self.took = True
        if state == "choosing" and self.conv.kind is Kind.UPDATE and not self.conv.change:
            if choice and choice <= len(UPDATE_CHANGES):
                self._choose_change(UPDATE_CHANGES[choice - 1])
            elif heard.target in UPDATE_CHANGES and not heard.values:
                self._choose_change(heard.target)
        employers = self.employer_list()
        if choice and self.conv.asking == Field.EMPLOYER.value and 0 < choice <= len(employers):
            self._set_employer(employers[choice - 1])
            self.took = True

    def _choose_change(self, change: Field | str) -> None:
        self.took = True
        self.conv.change = change if isinstance(change, str) else change.value
        if change == "remove_end_date":
            self.conv.fields["remove_end_date"] = True

    # -- at the summary -----------------------------------------------------------------

    async def _at_summary(self, heard: Understood) -> Reply | None:
        if heard.values or heard.instead or heard.same_day or heard.day:
            return None  # corrections: taken like any answer, the summary comes again
        if heard.answer is True:
            if self.conv.fingerprint() == self.conv.shown:
                return await self._submit()
            self.notes.append(Message("confirm.changed"))
            return await self._move_on("answered")
        if heard.answer is False:
            self._fire("declined", "choosing")
            return self._ask_correction()
        return None

    def _ask_correction(self) -> Reply:
        """From the summary: ask which field to change, nothing else."""
        return self.respond([Message("confirm.no")], Expect(Input.TEXT))

    async def _ask_place(self) -> Reply:
        value, fields = self.ambiguous or (None, [])
        self.conv.refs["pending"] = {"value": plain(value), "fields": [f.value for f in fields]}
        self._fire("answered" if self.conv.state == "menu" else "correct", "choosing")
        return await self._prompt()

    async def _place(self, heard: Understood) -> Reply:
        pending = self.conv.refs.get("pending") or {}
        fields = [Field(f) for f in pending.get("fields", ())]
        chosen = None
        if heard.choice and heard.choice <= len(fields):
            chosen = fields[heard.choice - 1]
        elif heard.target in fields:
            chosen = heard.target
        if chosen is None:
            return await self._retry("nomatch")
        self.conv.refs.pop("pending", None)
        value = pending["value"]
        typed = (datetime.time.fromisoformat(value) if chosen in (Field.START_HOUR, Field.END_HOUR)
                 else datetime.date.fromisoformat(value))
        await self._take(Understood(values={chosen: typed}, explicit=frozenset({chosen})))
        return await self._move_on("correct")

    async def _night(self, heard: Understood) -> Reply:
        """Yes: the shift runs past midnight, as the core allows; no: the end time again."""
        if heard.answer is True and not heard.values:
            self.conv.night = True
            return await self._move_on("answered")
        if heard.answer is False or heard.values:
            self._forget(Field.END_HOUR)
            if Field.END_HOUR.value in self.conv.asked:  # asked again, even where optional
                self.conv.asked.remove(Field.END_HOUR.value)
            self._drop_derived()
            if heard.values:
                await self._take(heard)
            return await self._move_on("answered")
        return await self._retry("nomatch")

    async def _user_named(self) -> Reply:
        """A user company without a number: its name, then its address (after a comma, or
        from its street word on)."""
        named = name_and_address(self.turn.text or "")
        if named is None:
            return await self._retry("nomatch")
        self.name_user(*named)
        return await self._move_on("answered")

    async def _not_allowed(self) -> Reply:
        """An employer this phone may not declare for: ask again among its own, or stop."""
        number = self.refused_employer or ""
        employers = self.employer_list()
        if employers:
            self.notes.append(Message("employer.not_enrolled", {"number": number}))
            self.conv.asking = Field.EMPLOYER.value
            self._fire("answered", "collecting")
            return await self._prompt()
        own = await self.employer_of(self.turn.caller.employers[0]) \
            if self.turn.caller.employers else None
        name = own.name if own else (self.turn.caller.employers or ("-",))[0]
        self._fire("cancel", "done")
        return self.respond([Message("employer.not_allowed", {"number": number, "name": name})],
                           Expect(Input.NONE), ended=True)

    # -- moving on --------------------------------------------------------------------

    async def _next(self) -> tuple[str, str | None]:
        """The next phase and the question it asks, from what the core still needs."""
        reask = self.conv.refs.get("reask")
        if reask and self.conv.fields.get(attr_of(Field(reask)) or "") is None:
            return "collecting", reask  # said to be wrong: asked, even if optional or derived
        self.conv.refs.pop("reask", None)
        req = self.derived_draft()
        kind = self.conv.kind
        if self.conv.refs.get("instead") and (kind is Kind.IN or req.period_id):
            await self._resolve_instead(req if kind is Kind.IN else await self._target(req))
            req = self.derived_draft()
        needed = needed_fields(req, await self.employer())
        if kind is Kind.IN:
            if needed and needed[0] is Field.USER_ENTERPRISE and self.conv.refs.get("user_named"):
                return "collecting", Field.USER_NAME.value
            if needed:
                return "collecting", needed[0].value
            if self._night_to_confirm(req):
                return "collecting", NIGHT
            offered = [f for f in offered_fields(req) if f.value not in self.conv.asked]
            return ("collecting", offered[0].value) if offered else ("confirming", None)
        if Field.EMPLOYER in needed:
            return "collecting", Field.EMPLOYER.value
        if Field.PERIOD in needed:
            return await self._period_step(req)
        if kind is Kind.UPDATE:
            step = self._update_step(req)
            if step[0] == "confirming" and await self._changes_nothing(req):
                return "choosing", None  # "am 15.12." of a period from the 15th: no change
            return step
        return ("collecting", needed[0].value) if needed else ("confirming", None)

    async def _changes_nothing(self, req: Request) -> bool:
        """The core finds that the UPDATE changes nothing (its change is the value the period
        already has: anomaly 00913-919 in its preview): the change is forgotten,
        the caller told so and asked what to change (never a summary that would be refused)."""
        change = self.conv.change
        if change in (None, "remove_end_date"):
            return False
        verdict = await self.engine.service.preview(req)  # the core says what changes
        if not any(a.code == _NOTHING for a in verdict.anomalies):
            return False
        self.notes.append(Message("update.same", {"field": change}))
        self._forget(Field(change))
        self.conv.change = None
        return True

    async def _target(self, req: Request) -> Request:
        """The period acted on, as a request: its values are what "instead of" refers to."""
        employer = await self.employer()
        period = await self.engine.service.period(employer, req.period_id) \
            if employer and req.period_id else None
        if period is None:
            return req
        return Request(Kind.IN, start_date=period.start_date, end_date=period.end_date,
                       start_hour=period.start_hour, end_hour=period.end_hour,
                       planned_hours=period.planned_hours)

    def _night_to_confirm(self, req: Request) -> bool:
        """An end the core put on the next day because the end time is before the start."""
        return bool(not self.conv.night and "end_date" in self.conv.derived and req.start_hour
                    and req.end_hour and req.end_hour <= req.start_hour)

    async def _period_step(self, req: Request) -> tuple[str, str | None]:
        refs, ssin = self.conv.refs, req.ssin
        if not (ssin or finding.said(refs)):
            return "collecting", Field.WORKER.value
        employer = await self.employer()
        assert employer is not None and self.conv.kind is not None
        periods, _ = await finding.find(self.engine.service, employer, self.conv.kind, refs, ssin)
        if len(periods) == 1:
            self.conv.fields["period_id"] = periods[0].period_id
            if periods[0].ssin:
                self.conv.fields["ssin"] = periods[0].ssin
            return await self._next()
        if not periods:
            self.notes.append(Message("pick.period.none" if ssin and not finding.said(refs)
                                      else "pick.period.nomatch"))
            self.conv.refs = {}
            self.conv.fields.pop("ssin", None)
            return "collecting", Field.WORKER.value
        self.conv.choices = [p.period_id for p in periods[:finding.MAX_LISTED]]
        return "picking", None

    def _update_step(self, req: Request) -> tuple[str, str | None]:
        change = self.conv.change
        if change is None:
            return "choosing", None
        if change != "remove_end_date" and getattr(req, FIELD_ATTRS[Field(change)]) is None:
            return "collecting", change
        return "confirming", None

    def _fire(self, trigger: str, next_phase: str) -> None:
        """Fire ``trigger`` on the dialog's shared machine for this conversation."""
        self.conv.state = fire(self.engine.machines[self.conv.dialog], self.conv.state, trigger,
                               next_phase)

    async def _move_on(self, trigger: str) -> Reply:
        if self.conv.dialog != "menu":
            phase, asking = await self._next()
            self._fire(trigger, phase)
            self.conv.asking = asking if phase == "collecting" else None
        return await self._prompt()

    async def _prompt(self) -> Reply:
        return self._escalate(await prompt_for(self))

    def respond(self, messages: list[Message], expect: Expect, ended: bool = False,
               transfer: bool = False) -> Reply:
        return Reply((*self.notes, *messages), expect, ended, self.conv.lang, transfer,
                     phase=self.conv.state, asking=self.conv.asking)

    def _question(self) -> str:
        return self.conv.asking or self.conv.state

    async def _retry(self, why: str) -> Reply:
        question = self._question()
        self.conv.retries[question] = self.conv.retries.get(question, 0) + 1
        self.notes.append(Message(why))
        return await self._prompt()

    def _escalate(self, reply: Reply) -> Reply:
        """From the third failed try at one question: offer help, or a person."""
        if self.conv.retries.get(self._question(), 0) < _ESCALATE_AT or reply.ended:
            return reply
        number = self.engine.transfer
        escalate = Message("escalate.human", {"number": number}) if number else Message("escalate")
        return replace(reply, messages=(*reply.messages, escalate), transfer=bool(number),
                       escalated=True)

    async def _submit(self) -> Reply:
        kind = self.conv.kind
        assert kind is not None
        req = replace(self.conv.draft(), kind=kind)
        decl = await self.engine.service.submit(req, key=self.turn.delivery)
        self._fire("confirmed", "done")
        reply = await final.result_reply(self.engine.service, decl, self.conv.lang)
        return replace(reply, messages=(*self.notes, *reply.messages), phase=self.conv.state,
                       asking=self.conv.asking)

    def derived_draft(self) -> Request:
        before = self.conv.draft()
        after = derive(before)
        fresh = [n for n in ("end_date",) if getattr(after, n) != getattr(before, n)]
        self.conv.derived = sorted({*self.conv.derived, *fresh})  # still derived until dropped
        self.conv.keep(after)
        return after

    # -- global commands --------------------------------------------------------------

    async def _command(self, heard: Understood) -> Reply:
        command = heard.command
        if command is Command.CANCEL:
            if self._refers_to_work(heard):
                return await self._answer(replace(heard, command=None, kind=Kind.CANCEL))
            if self.conv.dialog != "menu" or self.conv.state != "menu":
                self._fire("cancel", "done")
            return self.respond([Message("cancelled")], Expect(Input.NONE), ended=True)
        if command is Command.RESTART:
            self.conv = _restart(self.conv)
            self.notes.append(Message("restarted"))
            return await self._prompt()
        if command is Command.LANGUAGE and heard.language:
            self.conv.lang = heard.language
            self.notes.append(Message("language.switched"))
        elif command is Command.HELP:
            self.notes.append(Message(f"help.{self.conv.dialog}"))
            if self.turn.channel is Channel.VOICE and self.engine.transfer:
                self.notes.append(Message("voice.help.human"))  # 0 again: a person
        elif command is Command.BACK:
            return await self._back()
        elif command is Command.CORRECT:
            if self._refers_to_work(heard) and self.conv.dialog == "menu":
                # "corrige l'heure de fin de marie hier": nothing to correct yet, work to change
                return await self._answer(replace(heard, command=None, kind=Kind.UPDATE))
            return await self._correct(heard)
        return await self._prompt()

    def _refers_to_work(self, heard: Understood) -> bool:
        """``annuler Peeters``: a cancel word with a worker of the file is a CANCEL of work
        (a correct word, at the menu, an UPDATE)."""
        return bool(heard.names) and self.conv.dialog in ("menu", Kind.CANCEL.value)

    async def _back(self) -> Reply:
        """Undo the last answer kept: forget that field, or offer a declined one again."""
        while self.conv.asked:
            fld = Field(self.conv.asked.pop())
            draft = self.conv.draft()
            if fld in offered_fields(draft):
                return await self._move_on("back")
            attr = attr_of(fld)
            if attr and getattr(draft, attr) is not None:
                self._forget(fld)
                return await self._move_on("back")
        if self.conv.state != "menu":
            self._fire("back", "menu")
        self.conv = Conversation(self.conv.key, lang=self.conv.lang, greeted=True)
        return await self._prompt()

    async def _correct(self, heard: Understood) -> Reply:
        target = heard.target
        if target is not None:
            self._forget(target)
            if not heard.values and attr_of(target):  # "la date de fin est fausse": ask it
                self.conv.refs["reask"] = target.value
                self.conv.derived = [n for n in self.conv.derived if n != attr_of(target)]
            if target is Field.WORKER and self.changing:
                self.conv.refs = {}
                self.conv.fields.pop("period_id", None)
        await self._take(heard)
        if target is None and not heard.values:
            return self._ask_correction()
        return await self._move_on("correct")


def _restart(conv: Conversation) -> Conversation:
    return Conversation(conv.key, state="menu", lang=conv.lang, greeted=True)
