"""The prompt of the state a conversation is in, with what input it expects."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from core.anomalies import Field
from core.model import Kind, Period
from dialogs import prompts
from dialogs.flows import FIELD_STEPS, STEP_FIELDS, UPDATE_CHANGES
from dialogs.turn import Expect, Input
from locales import Message

if TYPE_CHECKING:
    from dialogs.session import Session

__all__ = ["prompt_for"]

_MAX_PERIODS = 5

Prompt = tuple[list[Message], Expect]


async def prompt_for(session: Session) -> Prompt:
    state = session.conv.state
    if state in ("start", "choose_kind"):
        if state == "start":
            if not session.notes:  # a first "help" gets the help, not the greeting
                session.notes.append(Message("welcome"))
            session._move("advance", "choose_kind")  # noqa: SLF001
        return [Message("menu.kind")], Expect(Input.CHOICE, 1, len(Kind))
    if state == "pick_period":
        return await _periods(session)
    if state == "pick_change":
        items = [Message("pick.change.item", {"n": str(n), "field": str(c)})
                 for n, c in enumerate(UPDATE_CHANGES, start=1)]
        return [Message("pick.change"), *items], Expect(Input.CHOICE, 1, len(UPDATE_CHANGES))
    if state == "confirm":
        return await _summary(session), Expect(Input.YES_NO, 1)
    if state == FIELD_STEPS[Field.EMPLOYER] and session._employer_list():  # noqa: SLF001
        return await _employers(session)
    fld = STEP_FIELDS[state]
    messages = prompts.ask(fld, session.conv.retries.get(state, 0))
    if session._offered_here() is not None:  # noqa: SLF001
        messages.append(Message(f"decline.{fld.value}"))
    return messages, prompts.expect_for(fld)


async def _employers(session: Session) -> Prompt:
    service = session.engine.service
    numbers = session._employer_list()  # noqa: SLF001
    items = []
    for n, number in enumerate(numbers, start=1):
        employer = await service.employer(number)
        items.append(Message("pick.employer.item", {"n": str(n),
                                                    "name": employer.name if employer else number}))
    return [Message("pick.employer"), *items], Expect(Input.CHOICE, 1, len(numbers))


async def _worker_periods(session: Session) -> list[Period]:
    draft = session.conv.draft()
    service = session.engine.service
    employer = await service.employer(draft.employer_number or "")
    if employer is None or not draft.ssin:
        return []
    periods = [p for p in await service.periods(employer, draft.ssin) if p.is_live]
    return sorted(periods, key=lambda p: (p.start_date, p.period_id), reverse=True)[:_MAX_PERIODS]


async def _periods(session: Session) -> Prompt:
    periods = await _worker_periods(session)
    if not periods:
        session.notes.append(Message("pick.period.none"))
        session.conv.fields.pop("ssin", None)
        session._move("advance", FIELD_STEPS[Field.WORKER])  # noqa: SLF001
        return prompts.ask(Field.WORKER), prompts.expect_for(Field.WORKER)
    session.conv.choices = [p.period_id for p in periods]
    return prompts.period_list(periods), Expect(Input.CHOICE, 1, len(periods))


async def _summary(session: Session) -> list[Message]:
    service = session.engine.service
    draft = session.conv.draft()
    kind = session.conv.kind
    assert kind is not None
    employer = await service.employer(draft.employer_number or "")
    target = None
    if draft.period_id and employer:
        target = next((p for p in await service.periods(employer) if
                       p.period_id == draft.period_id), None)
    ssin = draft.ssin or (target.ssin if target else None)
    worker = await service.identity(ssin) if ssin else None
    return prompts.summary(replace(draft, kind=kind), employer, worker, target)
