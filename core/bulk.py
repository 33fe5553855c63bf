"""The bulk path's view of the ledger: what a unit would read, for many declarations at once.

:meth:`core.service.Declarations.submit_within` judges many declarations in one
unit with the very code that judges one (:func:`core.service.declare`), against
a :class:`LedgerView` instead of the unit: everything those declarations may
read is loaded beforehand in a few queries (:func:`load`), each declaration
judged is applied to the view at once (its period, the days it adds to a horeca
company), so the next one reads what it would have read from the store after
the previous one's commit; everything is written at the end in one go
(:meth:`~core.store.Unit.save_many`). The locks the single reads take on their
way (worker, horeca company) are taken first, for all lines, in the store's
order (:meth:`~core.store.Unit.lock`).
"""

from __future__ import annotations

import datetime
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core import reference as ref
from core.feed import Mutation
from core.model import Declaration, Employer, Identity, Kind, Period, Request
from core.rules.needs import agency_horeca
from core.rules.personnel import is_horeca_occasional
from core.store import HorecaCount, Unit, horeca_lock

__all__ = ["Company", "LedgerView", "horeca_company", "load", "lock_name", "shared_with"]


@dataclass(frozen=True, slots=True)
class Company:
    """A horeca company and year whose occasional-work days a declaration counts against:
    its own EXT in 302 (``employer_id``) and the agency EXT placed with it (``enterprise``)."""

    employer_id: int | None
    enterprise: str | None
    year: int

    def counts(self, p: Period) -> bool:
        """Whether ``p`` is one of this company's horeca days (as ``rows.HORECA_DAYS``)."""
        if not p.is_live or p.worker_type != "EXT" or p.start_date.year != self.year:
            return False
        own = self.employer_id is not None and p.employer_id == self.employer_id \
            and p.committee == ref.HORECA
        placed = self.enterprise is not None and p.user_enterprise == self.enterprise \
            and p.committee == ref.AGENCY and p.user_committee == ref.HORECA
        return own or placed


def horeca_company(req: Request, employer: Employer, user: Employer | None) -> Company | None:
    """The company an IN of an occasional horeca worker counts against: the employer, or
    for agency work the user company (``user``: its registered record, if any)."""
    if req.kind is not Kind.IN or req.start_date is None or not is_horeca_occasional(req):
        return None
    year = req.start_date.year
    if not agency_horeca(req):
        return Company(employer.employer_id, employer.enterprise_number, year)
    return Company(user.employer_id if user else None, req.user_enterprise, year)


def shared_with(req: Request) -> str | None:
    """What a (normalized) declaration reads that other workers' declarations change: the
    horeca company an occasional worker's IN counts days against (by the number it is
    declared with). A batch keeps the lines of one such company together.

    >>> shared_with(Request(Kind.IN, employer_enterprise="0403199702", committee="302",
    ...                     worker_type="EXT"))
    '0403199702'
    >>> shared_with(Request(Kind.IN, employer_enterprise="0403199702", committee="XXX",
    ...                     worker_type="OTH")) is None
    True
    """
    if req.kind is not Kind.IN or not is_horeca_occasional(req):
        return None
    return req.user_enterprise if agency_horeca(req) else req.employer_number


def lock_name(req: Request) -> str | None:
    """What a declaration must hold alone: its worker, else the period it acts on."""
    if req.ssin:
        return f"worker:{req.ssin}"
    return f"period:{req.period_id}" if req.period_id else None


def _by_number(employers: Iterable[Employer]) -> tuple[dict[str, Employer], dict[str, Employer]]:
    """Employers by enterprise number, and by NSSO number (definitive or provisional), the
    first (lowest id) when two share one."""
    by_enterprise: dict[str, Employer] = {}
    by_nsso: dict[str, Employer] = {}
    for e in sorted(employers, key=lambda e: e.employer_id):
        if e.enterprise_number:
            by_enterprise.setdefault(e.enterprise_number, e)
        for number in (e.nsso_number, e.provisional_nsso):
            if number:
                by_nsso.setdefault(number, e)
    return by_enterprise, by_nsso


class LedgerView:
    """The reads and writes of a unit, for the declarations of one bulk unit, in memory."""

    def __init__(self, employers: Iterable[Employer], periods: Iterable[Period],
                 identities: Iterable[Identity], companies: Iterable[Company],
                 counts: Iterable[HorecaCount], numbers: Iterable[int], unit: Unit) -> None:
        self._unit = unit  # for the rare read it does not hold (unidentified_periods)
        self._enterprise, self._nsso = _by_number(employers)
        self._identities = {i.ssin: i for i in identities if i.ssin}
        self._numbers = deque(numbers)
        self._periods: dict[str, Period] = {}
        self._of_worker: dict[str, dict[str, None]] = {}
        self._days: dict[Company, Counter[datetime.date]] = {c: Counter() for c in companies}
        self._frozen: dict[Company, frozenset[datetime.date]] = {}
        self._by_employer: dict[int, list[Company]] = {}
        self._by_enterprise: dict[str, list[Company]] = {}
        for c in self._days:
            if c.employer_id is not None:
                self._by_employer.setdefault(c.employer_id, []).append(c)
            if c.enterprise is not None:
                self._by_enterprise.setdefault(c.enterprise, []).append(c)
        for p in periods:  # as read: their days are in ``counts`` already
            self._periods[p.period_id] = p
            if p.ssin:
                self._of_worker.setdefault(p.ssin, {})[p.period_id] = None
        for row in counts:
            for company in self._companies(row.employer, row.enterprise):
                if company.year == row.day.year:
                    self._days[company][row.day] += row.periods
        self.written: dict[str, Period] = {}
        self._declared: dict[str, Identity] = {}  # this chunk's INs without a NISS
        self.mutations: list[Mutation] = []  # for the feed, in line order

    # -- what a unit reads

    async def next_number(self) -> int:
        return self._numbers.popleft()

    async def employer(self, enterprise: str | None, nsso: str | None) -> Employer | None:
        return self._nsso.get(nsso) if nsso else self._enterprise.get(enterprise or "")

    async def identity(self, ssin: str) -> Identity | None:
        return self._identities.get(ssin)

    async def period(self, period_id: str) -> Period | None:
        return self._periods.get(period_id)

    async def worker_periods(self, ssin: str) -> list[Period]:
        live = [p for p in map(self._periods.__getitem__, self._of_worker.get(ssin, ()))
                if p.is_live]
        return sorted(live, key=lambda p: (p.start_date, p.period_id))

    async def horeca_days(self, employer_id: int | None, enterprise: str | None,
                          year: int) -> frozenset[datetime.date]:
        company = Company(employer_id, enterprise, year)
        days = self._frozen.get(company)
        if days is None:
            days = frozenset(d for d, n in self._days[company].items() if n > 0)
            self._frozen[company] = days
        return days

    # -- what a unit writes

    async def unidentified_periods(self, employer_id: int, first: datetime.date,
                                   last: datetime.date | None
                                   ) -> list[tuple[Period, Identity]]:
        """The store's, for every date, each as this chunk left it, with this chunk's own:
        then filtered as the store filters (asked only for an IN without a NISS)."""
        found = {p.period_id: (p, i) for p, i in
                 await self._unit.unidentified_periods(employer_id, datetime.date.min, None)}
        for period_id, identity in self._declared.items():
            found.setdefault(period_id, (self._periods[period_id], identity))
        end = last or datetime.date.max
        now = [(self._periods.get(pid, p), i) for pid, (p, i) in found.items()]
        return sorted(((p, i) for p, i in now
                       if p.employer_id == employer_id and p.ssin is None and p.is_live
                       and p.start_date <= end and (p.end_date is None or p.end_date >= first)),
                      key=lambda item: (item[0].start_date, item[0].period_id))

    async def save(self, declaration: Declaration, period: Period | None) -> None:
        """The declaration is written with the others at the end; its period counts now."""
        if period is not None and period.ssin is None and declaration.request.kind is Kind.IN:
            self._declared[period.period_id] = declaration.request.identity or Identity("", "")
        if period is not None:
            self._put(period)
            self.written[period.period_id] = period

    async def record(self, mutation: Mutation) -> int:
        """Recorded with the others at the end (:meth:`~core.store.Unit.record_many`)."""
        self.mutations.append(mutation)
        return 0

    def _put(self, period: Period) -> None:
        old = self._periods.get(period.period_id)
        if old is not None:
            self._count(old, -1)
        self._periods[period.period_id] = period
        if period.ssin:
            self._of_worker.setdefault(period.ssin, {})[period.period_id] = None
        self._count(period, 1)

    def _companies(self, employer_id: int | None, enterprise: str | None) -> list[Company]:
        found = self._by_employer.get(employer_id, []) if employer_id is not None else []
        found += self._by_enterprise.get(enterprise, []) if enterprise else []
        return list(dict.fromkeys(found))

    def _count(self, period: Period, step: int) -> None:
        for company in self._companies(period.employer_id, period.user_enterprise):
            if company.counts(period):
                days = self._days[company]
                before = days[period.start_date] > 0
                days[period.start_date] += step
                if (days[period.start_date] > 0) != before:
                    self._frozen.pop(company, None)


async def load(unit: Unit, reqs: Sequence[Request]) -> LedgerView:
    """Lock and read, in a few queries, all that ``reqs`` (normalized) may read."""
    await unit.lock(sorted({name for r in reqs if not r.ssin and (name := lock_name(r))}))
    ids = {r.period_id for r in reqs if r.period_id}
    targets = await unit.periods_by_id(ids) if ids else []
    enterprises = {r.employer_enterprise for r in reqs if r.employer_enterprise
                   and not r.employer_nsso}
    enterprises |= {r.user_enterprise for r in reqs if r.user_enterprise and agency_horeca(r)}
    nssos = {r.employer_nsso for r in reqs if r.employer_nsso}
    employers = await unit.employers_numbered(enterprises, nssos) if enterprises or nssos \
        else []
    by_enterprise, by_nsso = _by_number(employers)
    companies: set[Company] = set()
    for r in reqs:
        employer = by_nsso.get(r.employer_nsso) if r.employer_nsso \
            else by_enterprise.get(r.employer_enterprise or "")
        company = horeca_company(r, employer, by_enterprise.get(r.user_enterprise or "")) \
            if employer else None
        if company is not None:
            companies.add(company)
    ssins = {r.ssin for r in reqs if r.ssin} | {t.ssin for t in targets if t.ssin}
    await unit.lock(sorted(f"worker:{s}" for s in ssins)
                    + sorted({horeca_lock(c.employer_id, c.enterprise) for c in companies}))
    periods = list(targets)
    periods += await unit.workers_periods(ssins) if ssins else []
    counts = await unit.horeca_counts(
        {c.employer_id for c in companies if c.employer_id is not None},
        {c.enterprise for c in companies if c.enterprise}, {c.year for c in companies}) \
        if companies else []
    identities = await unit.identities(ssins) if ssins else []
    return LedgerView(employers, periods, identities, companies, counts,
                      await unit.next_numbers(len(reqs)) if reqs else [], unit)
