"""The prompt of the phase a conversation is in, with what input it expects."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Protocol

from core import reference as ref
from core.anomalies import Field
from core.model import Employer, Kind, Period, Request
from dialogs import prompts
from dialogs.flows import UPDATE_CHANGES
from dialogs.record import Conversation
from dialogs.taking import Host
from dialogs.turn import Channel, Choice, Expect, Input, Reply, Turn
from locales import Message

__all__ = ["Asker", "prompt_for", "worker_types"]


class Asker(Protocol):
    """The turn a prompt is built for (:class:`dialogs.session.Session`)."""

    @property
    def engine(self) -> Host: ...
    @property
    def conv(self) -> Conversation: ...
    @property
    def notes(self) -> list[Message]: ...
    @property
    def changing(self) -> bool: ...
    @property
    def today(self) -> datetime.date: ...
    @property
    def turn(self) -> Turn: ...

    def respond(self, messages: list[Message], expect: Expect, ended: bool = False,
                transfer: bool = False) -> Reply: ...
    def employer_list(self) -> tuple[str, ...]: ...
    def offered_here(self) -> Field | None: ...
    def derived_draft(self) -> Request: ...
    async def employer(self) -> Employer | None: ...
    async def employer_of(self, number: str) -> Employer | None: ...


async def prompt_for(session: Asker) -> Reply:
    conv = session.conv
    phase = conv.state
    if phase == "menu" or conv.dialog == "menu":
        return _menu(session)
    if phase == "picking":
        return await _periods(session)
    if phase == "choosing":
        return _choosing(session)
    if phase == "confirming":
        return await _summary(session)
    return await _question(session)


def _offer(session: Asker, head: list[Message], choices: list[Choice], field: str | None = None
           ) -> Reply:
    messages = [*head, *(c.label for c in choices)]
    reply = session.respond(messages, Expect(Input.CHOICE, 1, len(choices), field))
    return replace(reply, offered=tuple(choices))


def _menu(session: Asker) -> Reply:
    greeting = not session.conv.greeted and not session.notes  # a first "help" gets the help
    head = [Message("welcome")] if greeting else []
    if greeting and session.turn.channel is Channel.VOICE:  # the keys, once, on the phone
        head.append(Message("voice.keys"))
    session.conv.greeted = True
    choices = [Choice(n, Message(f"kind.{kind.value}"), kind.value)
               for n, kind in enumerate(Kind, start=1)]
    reply = session.respond([*head, Message("menu.kind")],
                           Expect(Input.CHOICE, 1, len(Kind)))
    return replace(reply, offered=tuple(choices), greeting=greeting)


def _choosing(session: Asker) -> Reply:
    conv = session.conv
    pending = conv.refs.get("pending")
    if pending:
        fields = [Field(f) for f in pending["fields"]]
        choices = [Choice(n, Message("pick.change.item", {"n": str(n), "field": f.value}), f.value)
                   for n, f in enumerate(fields, start=1)]
        return _offer(session, [Message("pick.which", {"value": pending["value"]})], choices)
    if conv.kind is Kind.UPDATE and not conv.change:
        choices = [Choice(n, Message("pick.change.item", {"n": str(n), "field": str(c)}), str(c))
                   for n, c in enumerate(UPDATE_CHANGES, start=1)]
        return _offer(session, [Message("pick.change")], choices)
    return session.respond([Message("confirm.no")], Expect(Input.TEXT))


async def _question(session: Asker) -> Reply:
    conv = session.conv
    asking = conv.asking
    if asking == "night":
        draft = conv.draft()
        params = {"date": draft.end_date, "start": draft.start_hour, "end": draft.end_hour}
        return session.respond([Message("confirm.night", params)],
                              Expect(Input.YES_NO, 1))
    fld = Field(asking or Field.EMPLOYER.value)
    if fld is Field.EMPLOYER and session.employer_list():
        return await _employers(session)
    retries = conv.retries.get(fld.value, 0)
    if fld is Field.WORKER and session.changing:
        messages = [Message("ask.ssin.existing")]
    elif fld is Field.USER_NAME:
        messages = [Message("ask.userName.address")]
    elif fld is Field.USER_ENTERPRISE and conv.draft().user_name:  # named, yet in horeca
        messages = [Message("ask.userEnterpriseNumber.horeca")]
    else:
        messages = prompts.ask(fld, retries)
    expect = prompts.expect_for(fld)
    if session.offered_here() is not None:
        messages.append(Message(f"decline.{fld.value}"))
        expect = replace(expect, declinable=True)
    reply = session.respond(messages, expect)
    if fld is Field.WORKER_TYPE:  # the types the committee takes, for a keypad to list
        return replace(reply, offered=worker_types(conv.draft().committee, session.today))
    return reply


#: The worker types the question names first (ask.workerType's examples): each keeps its
#: number in every list (on a keypad: the same key whatever the committee).
_COMMON_TYPES = ("EXT", "STU", "FLX", "OTH")


def worker_types(committee: str | None, today: datetime.date) -> tuple[Choice, ...]:
    """Every worker type the committee allows (all of them when it is not known yet): the
    ones the question names first, at their own numbers (1 to 4; missing where the
    committee does not take them), then the others from 5; those closed today come last.

    >>> [(c.n, c.value) for c in worker_types("302", datetime.date(2026, 12, 1))]
    [(1, 'EXT'), (3, 'FLX')]
    >>> [(c.n, c.value) for c in worker_types("XXX", datetime.date(2026, 12, 1))][:5]
    [(2, 'STU'), (3, 'FLX'), (4, 'OTH'), (5, 'DWD'), (6, 'ALT')]
    >>> codes = [c.value for c in worker_types(None, datetime.date(2026, 12, 1))]
    >>> codes[-4:], len(codes) == len(ref.WORKER_TYPES)
    (['A17', 'TEA', 'QUA', 'STX'], True)
    """
    allowed = ref.allowed_types(committee) if committee else frozenset(ref.WORKER_TYPES)
    common = [(_COMMON_TYPES.index(code) + 1, code) for code in _COMMON_TYPES if code in allowed]
    others = sorted(allowed - set(_COMMON_TYPES),
                    key=lambda code: (not ref.type_open_on(code, today),
                                      list(ref.WORKER_TYPES).index(code)))
    numbered = [*common, *enumerate(others, start=len(_COMMON_TYPES) + 1)]
    return tuple(Choice(n, Message(f"worker_type.{code}"), code) for n, code in numbered)


async def _employers(session: Asker) -> Reply:
    numbers = session.employer_list()
    choices = []
    for n, number in enumerate(numbers, start=1):
        employer = await session.employer_of(number)
        label = Message("pick.employer.item", {"n": str(n),
                                                "name": employer.name if employer else number})
        choices.append(Choice(n, label, number))
    return _offer(session, [Message("pick.employer")], choices)


async def _listed(session: Asker) -> list[Period]:
    service = session.engine.service
    employer = await session.employer()
    if employer is None:
        return []
    found = [await service.period(employer, i) for i in session.conv.choices]
    return [p for p in found if p is not None]


async def _periods(session: Asker) -> Reply:
    periods = await _listed(session)
    lines = prompts.period_list(periods)
    choices = [Choice(n, line, p.period_id)
               for n, (line, p) in enumerate(zip(lines[1:], periods, strict=True), start=1)]
    return _offer(session, lines[:1], choices)


async def _summary(session: Asker) -> Reply:
    service = session.engine.service
    conv = session.conv
    draft = session.derived_draft()  # what the core derives is shown too
    kind = conv.kind
    assert kind is not None
    employer = await session.employer()
    target = None
    if draft.period_id and employer:
        target = await service.period(employer, draft.period_id)
    ssin = draft.ssin or (target.ssin if target else None)
    worker = await service.identity(ssin) if ssin else None
    summary = prompts.summary(replace(draft, kind=kind), employer, worker, target)
    conv.shown = conv.fingerprint()
    reply = session.respond([*summary.messages, Message("confirm.ask")],
                           Expect(Input.YES_NO, 1))
    return replace(reply, summary=summary)

