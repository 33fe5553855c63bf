"""The one entry point every channel uses to declare and to consult."""

from __future__ import annotations

import datetime
from dataclasses import replace

from core import reference as ref
from core.clock import BRUSSELS, Clock
from core.errors import InvalidInput
from core.ids import enterprise, niss, nsso, period
from core.model import Declaration, Employer, Identity, Kind, Period, PeriodStatus, Request, Result
from core.rules import Snapshot, judge
from core.store import Store, Unit

__all__ = ["Declarations", "normalized"]


def _compact(check: object, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check.validate(value)  # type: ignore[attr-defined,no-any-return]
    except InvalidInput:
        return value


def normalized(req: Request) -> Request:
    """Identifiers in their compact form where they are valid, as typed otherwise."""
    return replace(
        req,
        employer_enterprise=_compact(enterprise, req.employer_enterprise),
        employer_nsso=_compact(nsso, req.employer_nsso),
        ssin=_compact(niss, req.ssin),
        user_enterprise=_compact(enterprise, req.user_enterprise),
        period_id=_compact(period, req.period_id),
    )


async def _snapshot(unit: Unit, req: Request) -> Snapshot:
    employer = await unit.employer(req.employer_enterprise, req.employer_nsso)
    target = await unit.period(req.period_id) if req.period_id else None
    ssin = req.ssin or (target.ssin if target else None)
    periods = tuple(await unit.worker_periods(ssin)) if ssin else ()
    known = bool(ssin) and await unit.identity(ssin) is not None  # type: ignore[arg-type]
    days: frozenset[datetime.date] = frozenset()
    if employer and req.kind is Kind.IN and req.start_date and req.committee == ref.HORECA:
        days = await unit.employer_days(employer.employer_id, ref.HORECA, "EXT",
                                        req.start_date.year)
    return Snapshot(employer, known, target, periods, days)


def _lock_key(req: Request) -> str | None:
    """What a declaration must hold alone: its worker, else the period it acts on."""
    if req.ssin:
        return f"worker:{req.ssin}"
    return f"period:{req.period_id}" if req.period_id else None


class Declarations:
    """Submit declarations and read the personnel file, on an injected store and clock."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def submit(self, req: Request) -> Declaration:
        req = normalized(req)
        now = self.clock.now()
        async with self.store.unit(lock=_lock_key(req)) as unit:
            number = period.make(await unit.next_number())
            snap = await _snapshot(unit, req)
            # Dimona days are Belgian days, whatever zone the clock answers in.
            verdict = judge(req, snap, now.astimezone(BRUSSELS).date(), number)
            decl = Declaration(
                number, req, verdict.result, verdict.anomalies, now,
                verdict.period.period_id if verdict.period else None,
                snap.employer.employer_id if snap.employer else None)
            await unit.save(decl, verdict.period)
        return decl

    async def get(self, declaration_id: str) -> Declaration | None:
        return await self.store.declaration(declaration_id)

    async def employer(self, number: str) -> Employer | None:
        for module in (enterprise, nsso):
            try:
                return await self.store.find_employer(module.validate(number))
            except InvalidInput:
                continue
        return None

    async def identity(self, ssin: str) -> Identity | None:
        return await self.store.find_identity(ssin)

    async def periods(self, employer: Employer, ssin: str | None = None) -> list[Period]:
        return await self.store.periods(employer.employer_id, _compact(niss, ssin))

    async def personnel(self, employer: Employer) -> list[tuple[Period, Identity | None]]:
        """The employer's live periods, each with its worker as the registry knows them."""
        live = [p for p in await self.periods(employer) if p.is_live]
        people: dict[str, Identity | None] = {}
        for ssin in {p.ssin for p in live if p.ssin}:
            people[ssin] = await self.identity(ssin)
        return [(p, people.get(p.ssin) if p.ssin else None) for p in live]

    async def resolve_pending(self) -> list[Declaration]:
        """Turn pending INs whose worker is now known into accepted ones."""
        resolved = []
        for decl in await self.store.declarations(Result.PENDING.value):
            async with self.store.unit() as unit:
                target = await unit.period(decl.period_id) if decl.period_id else None
                ssin = decl.request.ssin
                if ssin is None or await unit.identity(ssin) is None:
                    continue
                final = replace(decl, result=Result.WARNING if decl.anomalies else Result.ACCEPTED)
                live = (replace(target, status=PeriodStatus.ACTIVE)
                        if target and target.status is PeriodStatus.PENDING else None)
                await unit.resolve(final, live)
            resolved.append(final)
        return resolved
