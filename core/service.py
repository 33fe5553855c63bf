"""The one entry point every channel uses to declare and to consult."""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Final, Protocol

from core import feed
from core.bulk import horeca_company, load, lock_name
from core.clock import BRUSSELS, Clock
from core.errors import InvalidInput, NotAllowed
from core.ids import enterprise, niss, nsso, period, subentity
from core.model import Declaration, Employer, Identity, Kind, Period, Request, Result
from core.registry import birth_prefix, identify
from core.rules import Snapshot, Verdict, judge, judge_identified, refuse_unidentified
from core.rules.needs import agency_horeca
from core.store import LedgerStore, Unit

__all__ = ["IDENTIFICATION_DELAY", "OPEN_END", "Allowed", "Declarations", "declare",
           "normalized"]


class _Checker(Protocol):
    def validate(self, number: str) -> str: ...
    def __hash__(self) -> int: ...


@functools.lru_cache(maxsize=8192)  # a batch sees the same workers and employers again and again
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


_IDENTIFIERS: Final[tuple[tuple[str, _Checker], ...]] = (
    ("employer_enterprise", enterprise), ("employer_nsso", nsso), ("ssin", niss),
    ("user_enterprise", enterprise), ("period_id", period), ("sub_entity", subentity))


def normalized(req: Request) -> Request:
    """Identifiers in their compact form where they are valid, as typed otherwise;
    an UPDATE's end date ``9999-12-31`` as what it means, removing the end date.

    >>> upd = normalized(Request(Kind.UPDATE, period_id="1000 0000 0162", end_date=OPEN_END))
    >>> upd.period_id, upd.end_date, upd.remove_end_date
    ('100000000162', None, True)
    """
    reopen = req.kind is Kind.UPDATE and req.end_date == OPEN_END
    changes: dict[str, object] = {"end_date": None, "remove_end_date": True} if reopen else {}
    for name, check in _IDENTIFIERS:
        value = getattr(req, name)
        compact = _compact(check, value)
        if compact != value:
            changes[name] = compact
    return replace(req, **changes) if changes else req  # type: ignore[arg-type]


class _Reads(Protocol):
    """What judging one declaration reads and writes: a :class:`~core.store.Unit`, or the
    bulk path's :class:`~core.bulk.LedgerView` of one."""

    async def next_number(self) -> int: ...
    async def employer(self, enterprise: str | None, nsso: str | None) -> Employer | None: ...
    async def identity(self, ssin: str) -> Identity | None: ...
    async def period(self, period_id: str) -> Period | None: ...
    async def worker_periods(self, ssin: str) -> list[Period]: ...
    async def horeca_days(self, employer_id: int | None, enterprise: str | None,
                          year: int) -> frozenset[datetime.date]: ...
    async def save(self, declaration: Declaration, period: Period | None) -> None: ...
    async def record(self, mutation: feed.Mutation) -> int: ...
    async def unidentified_periods(self, employer_id: int, first: datetime.date,
                                   last: datetime.date | None
                                   ) -> list[tuple[Period, Identity]]: ...


async def _horeca(unit: _Reads, req: Request, employer: Employer
                  ) -> tuple[frozenset[datetime.date], int | None]:
    """The days of the horeca company an IN of an occasional worker counts against,
    and, for agency work, the user company's own employer id."""
    agency = agency_horeca(req)
    user = await unit.employer(req.user_enterprise, None) if agency and req.user_enterprise \
        else None
    company = horeca_company(req, employer, user)
    if company is None:
        return frozenset(), None
    days = await unit.horeca_days(company.employer_id, company.enterprise, company.year)
    return days, company.employer_id if agency else None


async def _snapshot(unit: _Reads, req: Request) -> Snapshot:
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
    if req.kind is Kind.IN or not (req.period_id and period.is_valid(req.period_id)):
        return True  # it names no period (none, or a malformed id): the judge refuses it
    return snap.target is not None and allowed(snap.target.employer_id)


class Declarations:
    """Submit declarations and read the personnel file, on an injected ledger and clock."""

    def __init__(self, ledger: LedgerStore, clock: Clock,
                 identification_delay: datetime.timedelta = IDENTIFICATION_DELAY, *,
                 on_final: Callable[[Declaration], None] | None = None) -> None:
        self.ledger = ledger
        self.clock = clock
        self.identification_delay = identification_delay
        #: Told of every declaration filed with its result, and of every pending one
        #: settled (metrics); called after the unit committed.
        self.on_final = on_final or (lambda _: None)

    async def submit(self, req: Request, allowed: Allowed | None = None, *,
                     key: str | None = None) -> Declaration:
        """Judge and record ``req``.

        ``allowed``: the employers (by id) the declarant may act for. When given, a
        request naming another employer, an unknown one, or (OUT, UPDATE, CANCEL) a
        period that is not one of its employers' raises :class:`NotAllowed`, before
        anything is judged or written: a foreign and a missing period are alike.

        ``key``: what makes this request once (a webhook's delivery id, an
        Idempotency-Key with its scope). The key is written in the declaration's own
        unit; a request submitted again with it, however often and whenever its first
        run died, gets the declaration the first filed, and nothing more is filed.
        """
        req = normalized(req)
        now = self.clock.now()
        async with self.ledger.unit(lock=lock_name(req)) as unit:
            before = await unit.filed(key) if key else None
            if before is not None:
                found = await unit.declaration(before)
                assert found is not None, f"filing {key} without its declaration"
                return found
            decl = await declare(unit, req, now, allowed)
            if key:
                await unit.keep_key(key, decl.declaration_id, now)
        self.on_final(decl)
        return decl

    async def submit_many(self, reqs: Sequence[Request],
                          received: datetime.datetime | None = None) -> list[Declaration]:
        """Declarations judged as :meth:`submit` judges each, one after the other, in one
        unit: the same results, anomalies, numbers and personnel file."""
        # a name of its own: held with the others' shared, not alone (core.store.postgres)
        async with self.ledger.unit(lock=f"bulk:{uuid.uuid4().hex}") as unit:
            decls = await self.submit_within(unit, reqs, received)
        filed = [d for d in decls if d is not None]
        for decl in filed:
            self.on_final(decl)
        return filed

    async def submit_within(self, unit: Unit, reqs: Sequence[Request],
                            received: datetime.datetime | None = None,
                            allowed: Allowed | None = None) -> list[Declaration | None]:
        """:meth:`submit_many` inside a unit the caller holds (a batch channel writes its
        progress in it too). ``received``: the time of receipt (a batch file's), else now.
        ``allowed`` as for :meth:`submit`: a line it does not allow is None (nothing judged,
        nothing written, no number taken), the others go on.

        What the declarations may read is locked and loaded at once (:func:`core.bulk.load`),
        then each is judged by :func:`declare`, in order, against that view, which each
        one updates; everything is written in one go at the end, the feed's mutations in
        line order.
        """
        reqs = [normalized(r) for r in reqs]
        now = received or self.clock.now()
        view = await load(unit, reqs)
        decls: list[Declaration | None] = []
        for req in reqs:
            try:
                decls.append(await declare(view, req, now, allowed))
            except NotAllowed:
                decls.append(None)
        numbers = {d.declaration_id for d in decls if d}  # an IN's period id is its number
        written = view.written.values()
        await unit.save_many([d for d in decls if d],
                             [p for p in written if p.period_id in numbers],
                             [p for p in written if p.period_id not in numbers])
        await unit.record_many(view.mutations)
        return decls

    async def preview(self, req: Request) -> Verdict:
        """What :meth:`submit` would answer now, with nothing filed: no number is taken
        and nothing is written. A form shows it on its summary before the person confirms
        (the verdict may still differ at submission, if the personnel file changes between)."""
        req = normalized(req)
        today = self.clock.now().astimezone(BRUSSELS).date()
        async with self.ledger.unit(lock=lock_name(req)) as unit:
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

    async def period(self, employer: Employer, period_id: str) -> Period | None:
        """One of ``employer``'s periods by its id (``None`` for another employer's): read
        alone, never by listing the personnel file."""
        found = await self.ledger.find_period(period_id)
        return found if found is not None and found.employer_id == employer.employer_id \
            else None

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
        read again and claimed inside its unit, so two processes never settle one
        declaration twice. Channels tell whoever watches each declaration returned.
        """
        now = self.clock.now()
        final = []
        for listed in await self.ledger.declarations(Result.PENDING.value):
            settled = await self._settle(listed.declaration_id, now)
            if settled is not None:
                final.append(settled)
                self.on_final(settled)
        return final

    async def _settle(self, declaration_id: str, now: datetime.datetime) -> Declaration | None:
        async with self.ledger.unit(lock=f"pending:{declaration_id}") as unit:
            decl = await unit.declaration(declaration_id)
            if decl is None or decl.result is not Result.PENDING:
                return None  # settled meanwhile, elsewhere
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
        async with self.ledger.unit(lock=f"pending:{declaration_id}") as unit:
            decl = await unit.declaration(declaration_id)
            if decl is None or decl.result is not Result.PENDING:
                return None
            final = await _final(unit, decl, refuse_unidentified(), self.clock.now())
        if final is not None:
            self.on_final(final)
        return final


async def declare(unit: _Reads, req: Request, now: datetime.datetime,
                  allowed: Allowed | None = None) -> Declaration:
    """Number, judge and save one normalized declaration received at ``now``; raise
    :class:`NotAllowed` first (nothing numbered nor written) when ``allowed`` refuses it."""
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
