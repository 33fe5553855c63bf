"""The one entry point every channel uses to declare and to consult."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace
from typing import Final, Protocol

from core import feed
from core.clock import BRUSSELS, Clock
from core.errors import InvalidInput, NotAllowed
from core.ids import enterprise, niss, nsso, period, subentity
from core.model import Declaration, Employer, Identity, Kind, Period, Request, Result
from core.registry import birth_prefix, identify
from core.rules import Snapshot, Verdict, judge, judge_identified, refuse_unidentified
from core.rules.needs import agency_horeca
from core.rules.personnel import is_horeca_occasional
from core.store import LedgerStore, Unit

__all__ = ["IDENTIFICATION_DELAY", "OPEN_END", "Allowed", "Declarations", "normalized"]


class _Checker(Protocol):
    def validate(self, number: str) -> str: ...


def _compact(check: _Checker, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check.validate(value)
    except InvalidInput:
        return value


#: The batch convention for "no end date": in an UPDATE it reopens the period (GLOSS).
OPEN_END: Final = datetime.date(9999, 12, 31)
#: How long a pending IN waits for the identity registry before it is refused.
IDENTIFICATION_DELAY: Final = datetime.timedelta(hours=48)
#: The period id a preview's IN would get: no number is taken for a preview.
_PREVIEW_NUMBER: Final = period.make(0)


def normalized(req: Request) -> Request:
    """Identifiers in their compact form where they are valid, as typed otherwise;
    an UPDATE's end date ``9999-12-31`` as what it means, removing the end date.

    >>> upd = normalized(Request(Kind.UPDATE, period_id="1000 0000 0162", end_date=OPEN_END))
    >>> upd.period_id, upd.end_date, upd.remove_end_date
    ('100000000162', None, True)
    """
    reopen = req.kind is Kind.UPDATE and req.end_date == OPEN_END
    return replace(
        req,
        employer_enterprise=_compact(enterprise, req.employer_enterprise),
        employer_nsso=_compact(nsso, req.employer_nsso),
        ssin=_compact(niss, req.ssin),
        user_enterprise=_compact(enterprise, req.user_enterprise),
        period_id=_compact(period, req.period_id),
        sub_entity=_compact(subentity, req.sub_entity),
        end_date=None if reopen else req.end_date,
        remove_end_date=req.remove_end_date or reopen,
    )


async def _horeca(unit: Unit, req: Request, employer: Employer
                  ) -> tuple[frozenset[datetime.date], int | None]:
    """The days of the horeca company an IN of an occasional worker counts against,
    and, for agency work, the user company's own employer id."""
    if req.kind is not Kind.IN or req.start_date is None or not is_horeca_occasional(req):
        return frozenset(), None
    year = req.start_date.year
    if not agency_horeca(req):
        return await unit.horeca_days(employer.employer_id, employer.enterprise_number,
                                      year), None
    user = await unit.employer(req.user_enterprise, None) if req.user_enterprise else None
    user_id = user.employer_id if user else None
    return await unit.horeca_days(user_id, req.user_enterprise, year), user_id


async def _snapshot(unit: Unit, req: Request) -> Snapshot:
    employer = await unit.employer(req.employer_enterprise, req.employer_nsso)
    target = await unit.period(req.period_id) if req.period_id else None
    ssin = req.ssin or (target.ssin if target else None)
    periods = tuple(await unit.worker_periods(ssin)) if ssin else ()
    known = await unit.identity(ssin) is not None if ssin else False
    days, user_id = await _horeca(unit, req, employer) if employer else (frozenset(), None)
    unidentified: tuple[tuple[Period, Identity], ...] = ()
    if employer and req.kind is Kind.IN and not req.ssin and req.identity and req.start_date:
        unidentified = tuple(await unit.unidentified_periods(
            employer.employer_id, req.start_date, req.end_date))
    return Snapshot(employer, known, target, periods, days, user_id, unidentified)


async def _identify(unit: Unit, req: Request) -> str | None:
    """The NISS the identity registry gives the worker of a pending IN, if it knows it."""
    if req.ssin:
        return req.ssin if await unit.identity(req.ssin) is not None else None
    if req.identity is None:
        return None
    prefix = birth_prefix(req.identity)
    return identify(req.identity, await unit.identities_born(prefix)) if prefix else None


#: Whether the declarant may act for an employer (by id).
Allowed = Callable[[int], bool]


def _permitted(req: Request, snap: Snapshot, allowed: Allowed) -> bool:
    if snap.employer is None or not allowed(snap.employer.employer_id):
        return False
    if req.kind is Kind.IN:
        return True
    return snap.target is not None and allowed(snap.target.employer_id)


def _lock_name(req: Request) -> str | None:
    """What a declaration must hold alone: its worker, else the period it acts on."""
    if req.ssin:
        return f"worker:{req.ssin}"
    return f"period:{req.period_id}" if req.period_id else None


class Declarations:
    """Submit declarations and read the personnel file, on an injected ledger and clock."""

    def __init__(self, ledger: LedgerStore, clock: Clock,
                 identification_delay: datetime.timedelta = IDENTIFICATION_DELAY) -> None:
        self.ledger = ledger
        self.clock = clock
        self.identification_delay = identification_delay

    async def submit(self, req: Request, allowed: Allowed | None = None) -> Declaration:
        """Judge and record ``req``.

        ``allowed``: the employers (by id) the declarant may act for. When given, a
        request naming another employer, an unknown one, or (OUT, UPDATE, CANCEL) a
        period that is not one of its employers' raises :class:`NotAllowed`, before
        anything is judged or written: a foreign and a missing period are alike.
        """
        req = normalized(req)
        now = self.clock.now()
        async with self.ledger.unit(lock=_lock_name(req)) as unit:
            snap = await _snapshot(unit, req)
            if allowed is not None and not _permitted(req, snap, allowed):
                raise NotAllowed
            number = period.make(await unit.next_number())
            # Dimona days are Belgian days, whatever zone the clock answers in.
            verdict = judge(req, snap, now.astimezone(BRUSSELS).date(), number)
            decl = Declaration(
                number, req, verdict.result, verdict.anomalies, now,
                verdict.period.period_id if verdict.period else None,
                snap.employer.employer_id if snap.employer else None)
            await unit.save(decl, verdict.period)
            mutation = feed.declared(decl, verdict.period)
            if mutation is not None:
                await unit.record(mutation)
        return decl

    async def preview(self, req: Request) -> Verdict:
        """What :meth:`submit` would answer now, with nothing filed: no number is taken
        and nothing is written. A form shows it on its summary before the person confirms
        (the verdict may still differ at submission, if the personnel file changes between)."""
        req = normalized(req)
        today = self.clock.now().astimezone(BRUSSELS).date()
        async with self.ledger.unit(lock=_lock_name(req)) as unit:
            snap = await _snapshot(unit, req)
        return judge(req, snap, today, _PREVIEW_NUMBER)

    async def history(self, employer: Employer) -> list[Declaration]:
        """Every declaration filed under the employer, oldest first (refused ones too)."""
        return await self.ledger.employer_declarations(employer.employer_id)

    async def get(self, declaration_id: str) -> Declaration | None:
        return await self.ledger.declaration(declaration_id)

    async def employer(self, number: str) -> Employer | None:
        for module in (enterprise, nsso):
            try:
                return await self.ledger.find_employer(module.validate(number))
            except InvalidInput:
                continue
        return None

    async def identity(self, ssin: str) -> Identity | None:
        return await self.ledger.find_identity(ssin)

    async def periods(self, employer: Employer, ssin: str | None = None) -> list[Period]:
        return await self.ledger.periods(employer.employer_id, _compact(niss, ssin))

    async def personnel(self, employer: Employer) -> list[tuple[Period, Identity | None]]:
        """The employer's live periods, each with its worker as the registry knows them."""
        live = [p for p in await self.periods(employer) if p.is_live]
        people: dict[str, Identity | None] = {}
        for ssin in {p.ssin for p in live if p.ssin}:
            people[ssin] = await self.identity(ssin)
        return [(p, people.get(p.ssin) if p.ssin else None) for p in live]

    async def resolve_pending(self) -> list[Declaration]:
        """Settle the pending INs the identity registry can settle now; the final ones.

        Positive: the registry knows the worker (by NISS, or by name and birth date for
        one declared without a NISS); the period takes the NISS, result A or W. Negative:
        still unknown ``identification_delay`` after its receipt; result B. Each one is
        claimed inside its unit, so two processes never settle one declaration twice.
        Channels tell whoever watches each declaration returned.
        """
        now = self.clock.now()
        final = []
        for decl in await self.ledger.declarations(Result.PENDING.value):
            settled = await self._settle(decl, now)
            if settled is not None:
                final.append(settled)
        return final

    async def _settle(self, decl: Declaration, now: datetime.datetime) -> Declaration | None:
        async with self.ledger.unit(lock=f"pending:{decl.declaration_id}") as unit:
            target = await unit.period(decl.period_id) if decl.period_id else None
            ssin = await _identify(unit, decl.request)
            if ssin is not None and target is not None:
                periods = tuple(await unit.worker_periods(ssin))
                verdict = judge_identified(decl, target, ssin, Snapshot(worker_periods=periods))
            elif now - decl.created_at >= self.identification_delay:
                verdict = refuse_unidentified()
            else:
                return None
            return await _final(unit, decl, verdict, now)

    async def reject(self, declaration_id: str) -> Declaration | None:
        """The identity registry knows no such person: the pending IN is refused (final).

        None when there is no such declaration or it is no longer pending.
        """
        decl = await self.ledger.declaration(declaration_id)
        if decl is None or decl.result is not Result.PENDING:
            return None
        async with self.ledger.unit(lock=f"pending:{declaration_id}") as unit:
            return await _final(unit, decl, refuse_unidentified(), self.clock.now())


async def _final(unit: Unit, decl: Declaration, verdict: Verdict, now: datetime.datetime
                 ) -> Declaration | None:
    """Write a pending declaration's final verdict, unless another unit settled it first;
    a positive one enters the institutions' feed."""
    final = replace(decl, result=verdict.result, anomalies=verdict.anomalies,
                    period_id=verdict.period.period_id if verdict.period else None)
    if not await unit.resolve(final, verdict.period):
        return None
    mutation = feed.resolved(final, verdict.period, now)
    if mutation is not None:
        await unit.record(mutation)
    return final
