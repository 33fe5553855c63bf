"""The prompt of the phase a conversation is in, with what input it expects."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from core.anomalies import Field
from core.model import Kind, Period
from dialogs import prompts
from dialogs.flows import UPDATE_CHANGES
from dialogs.turn import Choice, Expect, Input, Reply
from locales import Message

if TYPE_CHECKING:
    from dialogs.session import Session

__all__ = ["prompt_for"]


async def prompt_for(session: Session) -> Reply:
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


def _offer(session: Session, head: list[Message], choices: list[Choice], field: str | None = None
           ) -> Reply:
    messages = [*head, *(c.label for c in choices)]
    reply = session._reply(messages, Expect(Input.CHOICE, 1, len(choices), field))  # noqa: SLF001
    return replace(reply, offered=tuple(choices))


def _menu(session: Session) -> Reply:
    greeting = not session.conv.greeted and not session.notes  # a first "help" gets the help
    head = [Message("welcome")] if greeting else []
    session.conv.greeted = True
    choices = [Choice(n, Message(f"kind.{kind.value}"), kind.value)
               for n, kind in enumerate(Kind, start=1)]
    reply = session._reply([*head, Message("menu.kind")],  # noqa: SLF001
                           Expect(Input.CHOICE, 1, len(Kind)))
    return replace(reply, offered=tuple(choices), greeting=greeting)


def _choosing(session: Session) -> Reply:
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
    return session._reply([Message("confirm.no")], Expect(Input.TEXT))  # noqa: SLF001


async def _question(session: Session) -> Reply:
    conv = session.conv
    asking = conv.asking
    if asking == "night":
        draft = conv.draft()
        params = {"date": draft.end_date, "start": draft.start_hour, "end": draft.end_hour}
        return session._reply([Message("confirm.night", params)],  # noqa: SLF001
                              Expect(Input.YES_NO, 1))
    fld = Field(asking or Field.EMPLOYER.value)
    if fld is Field.EMPLOYER and session._employer_list():  # noqa: SLF001
        return await _employers(session)
    retries = conv.retries.get(fld.value, 0)
    if fld is Field.WORKER and session.changing:
        messages = [Message("ask.ssin.existing")]
    elif fld is Field.USER_NAME:
        messages = [Message("ask.userName.address")]
    else:
        messages = prompts.ask(fld, retries)
    if session._offered_here() is not None:  # noqa: SLF001
        messages.append(Message(f"decline.{fld.value}"))
    return session._reply(messages, prompts.expect_for(fld))  # noqa: SLF001


async def _employers(session: Session) -> Reply:
    service = session.engine.service
    numbers = session._employer_list()  # noqa: SLF001
    choices = []
    for n, number in enumerate(numbers, start=1):
        employer = await service.employer(number)
        label = Message("pick.employer.item", {"n": str(n),
                                                "name": employer.name if employer else number})
        choices.append(Choice(n, label, number))
    return _offer(session, [Message("pick.employer")], choices)


async def _listed(session: Session) -> list[Period]:
    service = session.engine.service
    employer = await service.employer(session.conv.draft().employer_number or "")
    if employer is None:
        return []
    by_id = {p.period_id: p for p in await service.periods(employer)}
    return [by_id[i] for i in session.conv.choices if i in by_id]


async def _periods(session: Session) -> Reply:
    periods = await _listed(session)
    lines = prompts.period_list(periods)
    choices = [Choice(n, line, p.period_id)
               for n, (line, p) in enumerate(zip(lines[1:], periods, strict=True), start=1)]
    return _offer(session, lines[:1], choices)


async def _summary(session: Session) -> Reply:
    service = session.engine.service
    conv = session.conv
    draft = session._derive()  # noqa: SLF001 - what the core derives is shown too
    kind = conv.kind
    assert kind is not None
    employer = await service.employer(draft.employer_number or "")
    target = None
    if draft.period_id and employer:
        target = next((p for p in await service.periods(employer) if
                       p.period_id == draft.period_id), None)
    ssin = draft.ssin or (target.ssin if target else None)
    worker = await service.identity(ssin) if ssin else None
    summary = prompts.summary(replace(draft, kind=kind), employer, worker, target)
    conv.shown = conv.fingerprint()
    reply = session._reply([*summary.messages, Message("confirm.ask")],  # noqa: SLF001
                           Expect(Input.YES_NO, 1))
    return replace(reply, summary=summary)

