"""Declarations through core.service on a real SQLite file, with a fixed clock."""

from __future__ import annotations

import asyncio
import datetime
import sqlite3
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest

from core.clock import BRUSSELS, FixedClock
from core.ids import period as period_id
from core.model import (
    Declaration,
    Employer,
    Identity,
    Kind,
    Period,
    PeriodStatus,
    Request,
    Result,
)
from core.service import Declarations
from core.store import open_store
from core.store.schema import MIGRATIONS, statements
from core.store.sqlite import SQLiteStore
from tests.core import _data
from tests.core._data import ENT_A, ENT_B, NSSO_A, STRANGER, W1, W2, W3, D, T, codes, in_req

UTC = datetime.UTC
DAY = datetime.timedelta(days=1)
NOW = datetime.datetime(2026, 3, 10, 9, 0)  # Brussels, a Tuesday

EMPLOYERS = [
    Employer(0, "Brasserie Alpha", ENT_A, NSSO_A, "fr"),
    Employer(0, "Hotel Beta", ENT_B, None, "nl"),
]
IDENTITIES = [
    Identity("Janssens", "Jan", D(1985, 7, 31), W1),
    Identity("Peeters", "An", D(1985, 7, 30), W2),
    Identity("Dubois", "Marie", D(1990, 2, 15), W3),
]


async def _open(path: Path) -> SQLiteStore:
    store = SQLiteStore.open(str(path))
    await store.put_employers(EMPLOYERS)
    await store.put_identities(IDENTITIES)
    return store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "dimona.sqlite"


@pytest.fixture
async def store(db: Path) -> AsyncIterator[SQLiteStore]:
    store = await _open(db)
    yield store
    await store.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def service(store: SQLiteStore, clock: FixedClock) -> Declarations:
    return Declarations(store, clock)


async def _employer(service: Declarations, number: str) -> Employer:
    found = await service.employer(number)
    assert found is not None
    return found


def _out(pid: str, end: datetime.date, employer: str = ENT_A) -> Request:
    return Request(Kind.OUT, employer_enterprise=employer, period_id=pid, end_date=end)


def _update(pid: str, employer: str = ENT_A, **kw: object) -> Request:
    return Request(Kind.UPDATE, employer_enterprise=employer, period_id=pid,
                   **kw)  # type: ignore[arg-type]


def _cancel(pid: str, employer: str = ENT_A) -> Request:
    return Request(Kind.CANCEL, employer_enterprise=employer, period_id=pid)


def _ext(day: datetime.date, start: int = 8, end: int = 12, **kw: object) -> Request:
    base: dict[str, object] = {"committee": "302", "worker_type": "EXT", "start_date": day,
                                   "end_date": day, "start_hour": T(start), "end_hour": T(end)}
    base.update(kw)
    return in_req(**base)


async def _only_period(service: Declarations, employer: str = ENT_A,
                       ssin: str | None = None) -> Period:
    [found] = await service.periods(await _employer(service, employer), ssin)
    return found


# ================================================================== lifecycle


async def test_in_out_update_cancel_chain(service: Declarations) -> None:
    decl_in = await service.submit(in_req(start_date=D(2026, 3, 16)))
    assert decl_in.result is Result.ACCEPTED and decl_in.anomalies == ()
    pid = decl_in.period_id
    assert pid == decl_in.declaration_id  # an IN's number is its period id
    assert pid is not None and period_id.is_valid(pid)
    assert decl_in.created_at == NOW.replace(tzinfo=BRUSSELS)
    assert (await _only_period(service)).end_date is None

    decl_out = await service.submit(_out(pid, D(2026, 6, 30)))
    assert decl_out.result is Result.ACCEPTED
    assert decl_out.period_id == pid and decl_out.declaration_id != pid
    assert (await _only_period(service)).end_date == D(2026, 6, 30)

    again = await service.submit(_out(pid, D(2026, 5, 31)))
    assert again.result is Result.REFUSED and codes(again) == ["00913-908"]
    assert (await _only_period(service)).end_date == D(2026, 6, 30)

    decl_upd = await service.submit(_update(pid, end_date=D(2026, 7, 31),
                                            start_date=D(2026, 3, 17)))
    assert decl_upd.result is Result.ACCEPTED
    stored = await _only_period(service)
    assert (stored.start_date, stored.end_date) == (D(2026, 3, 17), D(2026, 7, 31))

    reopened = await service.submit(_update(pid, remove_end_date=True))
    assert reopened.result is Result.ACCEPTED
    assert (await _only_period(service)).end_date is None

    decl_cancel = await service.submit(_cancel(pid))
    assert decl_cancel.result is Result.ACCEPTED and decl_cancel.period_id == pid
    assert (await _only_period(service)).status is PeriodStatus.CANCELLED

    second = await service.submit(_cancel(pid))
    assert second.result is Result.REFUSED and codes(second) == ["00913-355"]
    for late_change in (_out(pid, D(2026, 6, 30)), _update(pid, end_date=D(2026, 6, 30))):
        refused = await service.submit(late_change)
        assert codes(refused) == ["00913-355"]

    for decl in (decl_in, decl_out, again, decl_upd, reopened, decl_cancel, second):
        assert await service.get(decl.declaration_id) == decl


async def test_out_refused_leaves_the_period_alone(service: Declarations) -> None:
    decl = await service.submit(in_req(start_date=D(2026, 3, 16)))
    assert decl.period_id
    refused = await service.submit(_out(decl.period_id, D(2026, 3, 15)))
    assert refused.result is Result.REFUSED and "00911-912" in codes(refused)
    assert refused.period_id is None
    assert (await _only_period(service)).end_date is None


async def test_update_cannot_change_characteristics_or_student_start(
        service: Declarations) -> None:
    stu = await service.submit(in_req(ssin=W2, worker_type="STU", start_date=D(2026, 4, 1),
                                      end_date=D(2026, 6, 30), planned_hours=100))
    assert stu.result is Result.ACCEPTED and stu.period_id
    moved = await service.submit(_update(stu.period_id, start_date=D(2026, 4, 2)))
    assert codes(moved) == ["00910-918"]
    retyped = await service.submit(_update(stu.period_id, worker_type="OTH",
                                           end_date=D(2026, 5, 31)))
    assert retyped.result is Result.REFUSED and "00655-902" in codes(retyped)
    hours = await service.submit(_update(stu.period_id, planned_hours=120))
    assert hours.result is Result.ACCEPTED
    stored = await _only_period(service, ssin=W2)
    assert (stored.worker_type, stored.start_date, stored.end_date, stored.planned_hours) == (
        "STU", D(2026, 4, 1), D(2026, 6, 30), 120)


async def test_period_of_another_employer_is_unknown(service: Declarations) -> None:
    decl = await service.submit(in_req(start_date=D(2026, 3, 16)))
    assert decl.period_id
    foreign = await service.submit(_cancel(decl.period_id, employer=ENT_B))
    assert codes(foreign) == ["00913-906"]
    assert (await _only_period(service)).status is PeriodStatus.ACTIVE
    unknown = await service.submit(_cancel(period_id.make(4_000_000_000)))
    assert codes(unknown) == ["00913-906"]


# ===================================================================== cancel


async def test_cancel_on_the_start_day_but_not_after(service: Declarations,
                                                     clock: FixedClock) -> None:
    start = D(2026, 3, 11)
    first = await service.submit(in_req(start_date=start))
    other = await service.submit(in_req(start_date=start, worker_type="DWD"))
    assert first.period_id and other.period_id

    clock.set(datetime.datetime(2026, 3, 11, 23, 59, 59))
    assert (await service.submit(_cancel(first.period_id))).result is Result.ACCEPTED

    clock.advance(seconds=1)  # midnight in Brussels
    late = await service.submit(_cancel(other.period_id))
    assert late.result is Result.REFUSED and codes(late) == ["00913-909"]
    assert late.anomalies[0].params == {"periodId": other.period_id, "start": "2026-03-11"}
    periods = {p.period_id: p.status for p in
               await service.periods(await _employer(service, ENT_A))}
    assert periods == {first.period_id: PeriodStatus.CANCELLED,
                       other.period_id: PeriodStatus.ACTIVE}


@pytest.mark.parametrize(("start", "utc_now", "result"), [
    # 23:30 UTC in winter is already 00:30 the next day in Brussels
    (D(2026, 3, 11), datetime.datetime(2026, 3, 11, 23, 30, tzinfo=UTC), Result.REFUSED),
    (D(2026, 3, 11), datetime.datetime(2026, 3, 11, 22, 59, tzinfo=UTC), Result.ACCEPTED),
    # 22:30 UTC in summer is 00:30 the next day in Brussels
    (D(2026, 7, 1), datetime.datetime(2026, 7, 1, 22, 30, tzinfo=UTC), Result.REFUSED),
    (D(2026, 7, 1), datetime.datetime(2026, 7, 1, 21, 59, tzinfo=UTC), Result.ACCEPTED),
    # early in the morning in Brussels, still the day before in UTC
    (D(2026, 7, 1), datetime.datetime(2026, 6, 30, 22, 30, tzinfo=UTC), Result.ACCEPTED),
])
async def test_cancel_deadline_is_a_brussels_day(service: Declarations, clock: FixedClock,
                                                 start: datetime.date,
                                                 utc_now: datetime.datetime,
                                                 result: Result) -> None:
    decl = await service.submit(in_req(start_date=start))
    assert decl.period_id
    clock.set(utc_now)
    assert (await service.submit(_cancel(decl.period_id))).result is result


async def test_late_in_warning_follows_the_brussels_day(service: Declarations,
                                                        clock: FixedClock) -> None:
    clock.set(datetime.datetime(2026, 3, 15, 23, 30, tzinfo=UTC))  # 16 March in Brussels
    decl = await service.submit(in_req(start_date=D(2026, 3, 15)))
    assert decl.result is Result.WARNING and codes(decl) == ["00910-917"]
    on_time = await service.submit(in_req(start_date=D(2026, 3, 16), worker_type="DWD"))
    assert on_time.result is Result.ACCEPTED


# ==================================================================== pending


async def test_unknown_niss_is_pending_until_the_identity_is_known(
        service: Declarations, store: SQLiteStore) -> None:
    decl = await service.submit(in_req(ssin=STRANGER, start_date=D(2026, 3, 16)))
    assert decl.result is Result.PENDING and decl.period_id == decl.declaration_id
    assert (await _only_period(service, ssin=STRANGER)).status is PeriodStatus.PENDING
    assert await service.resolve_pending() == []
    assert (await service.get(decl.declaration_id)).result is Result.PENDING  # type: ignore[union-attr]

    # a pending period already blocks a duplicate
    dup = await service.submit(in_req(ssin=STRANGER, start_date=D(2026, 3, 20)))
    assert dup.result is Result.REFUSED and "90374-910" in codes(dup)

    await store.put_identities([Identity("Nieuw", "Nel", None, STRANGER)])
    [resolved] = await service.resolve_pending()
    assert resolved.declaration_id == decl.declaration_id
    assert resolved.result is Result.ACCEPTED
    assert await service.get(decl.declaration_id) == resolved
    assert (await _only_period(service, ssin=STRANGER)).status is PeriodStatus.ACTIVE
    assert await service.resolve_pending() == []

    # once known, the next IN is not pending
    nxt = await service.submit(in_req(ssin=STRANGER, worker_type="DWD",
                                      start_date=D(2026, 3, 16)))
    assert nxt.result is Result.ACCEPTED


async def test_pending_with_warning_resolves_to_w(service: Declarations,
                                                  store: SQLiteStore) -> None:
    decl = await service.submit(in_req(ssin=STRANGER, start_date=D(2026, 3, 9)))
    assert decl.result is Result.PENDING and codes(decl) == ["00910-917"]
    await store.put_identities([Identity("Nieuw", "Nel", None, STRANGER)])
    [resolved] = await service.resolve_pending()
    assert resolved.result is Result.WARNING and codes(resolved) == ["00910-917"]
    assert (await service.get(decl.declaration_id)).result is Result.WARNING  # type: ignore[union-attr]


async def test_identity_without_niss_stays_pending(service: Declarations) -> None:
    req = in_req(ssin=None, identity=_data.identity("Peeters", "Lien", D(1999, 1, 5)))
    decl = await service.submit(req)
    assert decl.result is Result.PENDING and decl.period_id
    stored = await service.get(decl.declaration_id)
    assert stored == decl
    assert stored is not None and stored.request.identity == req.identity
    assert await service.resolve_pending() == []


async def test_cancel_of_a_pending_period(service: Declarations) -> None:
    decl = await service.submit(in_req(ssin=STRANGER, start_date=D(2026, 3, 16)))
    assert decl.period_id
    assert (await service.submit(_cancel(decl.period_id))).result is Result.ACCEPTED
    assert (await _only_period(service, ssin=STRANGER)).status is PeriodStatus.CANCELLED


# ============================================================ numbers, refusals


async def test_refused_declarations_are_numbered_and_kept(service: Declarations) -> None:
    unknown_employer = await service.submit(in_req(employer_enterprise="0010000797"))
    assert unknown_employer.result is Result.REFUSED
    assert codes(unknown_employer) == ["00014-906"]
    bad_worker = await service.submit(in_req(ssin="85073100131"))
    assert codes(bad_worker) == ["00024-904"]
    empty = await service.submit(Request(Kind.IN))
    assert {"00014-901", "00024-901", "00046-901"} <= set(codes(empty))

    for decl in (unknown_employer, bad_worker, empty):
        assert period_id.is_valid(decl.declaration_id)
        assert decl.period_id is None
        assert await service.get(decl.declaration_id) == decl
    assert unknown_employer.employer_id is None
    assert bad_worker.employer_id == (await _employer(service, ENT_A)).employer_id
    # nothing was created
    assert await service.periods(await _employer(service, ENT_A)) == []
    assert await service.get(period_id.make(9_999_999_999)) is None


async def test_numbers_are_unique_valid_and_increasing(service: Declarations) -> None:
    decls: list[Declaration] = []
    for i in range(12):
        day = D(2026, 3, 16) + 7 * i * DAY
        decl = await service.submit(in_req(start_date=day, end_date=day + DAY))
        decls.append(decl)
        assert decl.period_id
        decls.append(await service.submit(_update(decl.period_id, end_date=day + 2 * DAY)))
        decls.append(await service.submit(in_req(committee="999")))  # refused
    ids = [d.declaration_id for d in decls]
    assert len(set(ids)) == len(ids) == 36
    assert all(period_id.is_valid(i) for i in ids)
    assert ids == sorted(ids)
    ins = [d for d in decls if d.request.kind is Kind.IN and d.result is Result.ACCEPTED]
    assert len(ins) == 12
    assert all(d.period_id == d.declaration_id for d in ins)
    stored = await service.periods(await _employer(service, ENT_A))
    assert sorted(p.period_id for p in stored) == sorted(d.declaration_id for d in ins)


async def test_concurrent_submissions_get_distinct_numbers(service: Declarations) -> None:
    days = [D(2026, 3, 16) + 7 * i * DAY for i in range(20)]
    decls = await asyncio.gather(*(service.submit(in_req(start_date=d, end_date=d))
                                   for d in days))
    assert all(d.result is Result.ACCEPTED for d in decls)
    assert len({d.declaration_id for d in decls}) == 20
    assert len(await service.periods(await _employer(service, ENT_A))) == 20


async def test_identifiers_are_stored_compact(service: Declarations) -> None:
    decl = await service.submit(in_req(employer_enterprise=None, employer_nsso="0009354-67",
                                       ssin="85.07.31-001.30", start_date=D(2026, 3, 16)))
    assert decl.result is Result.ACCEPTED and decl.period_id
    assert (decl.request.employer_nsso, decl.request.ssin) == ("000935467", W1)
    assert (await _only_period(service)).ssin == W1
    spoken = " ".join(period_id.groups(decl.period_id))
    out = await service.submit(_out(spoken, D(2026, 4, 30), employer="0403.199.702"))
    assert out.result is Result.ACCEPTED and out.period_id == decl.period_id


async def test_employer_lookup(service: Declarations) -> None:
    alpha = await _employer(service, "0403.199.702")
    assert alpha == await _employer(service, "0009354-67")
    assert alpha.name == "Brasserie Alpha"
    beta = await _employer(service, "BE 0566 988 259")
    assert beta.employer_id != alpha.employer_id and beta.language == "nl"
    assert await service.employer("0010000797") is None   # valid, not registered
    assert await service.employer("0403199703") is None   # invalid
    assert await service.employer("junk") is None


# ====================================================================== quotas


async def test_student_quota_across_two_employers(service: Declarations) -> None:
    first = await service.submit(in_req(ssin=W2, worker_type="STU", start_date=D(2026, 3, 16),
                                        end_date=D(2026, 3, 31), planned_hours=400))
    assert first.result is Result.ACCEPTED and first.period_id
    second = await service.submit(in_req(ssin=W2, employer_enterprise=ENT_B, worker_type="STU",
                                         start_date=D(2026, 4, 1), end_date=D(2026, 6, 30),
                                         planned_hours=300))
    assert second.result is Result.WARNING and codes(second) == ["90017-369"]
    assert second.anomalies[0].params == {"excess": 50, "quota": 650, "year": 2026}
    assert second.period_id  # accepted: the period exists
    # next year starts a new contingent
    next_year = await service.submit(in_req(ssin=W2, employer_enterprise=ENT_B,
                                            worker_type="STU", start_date=D(2027, 1, 4),
                                            end_date=D(2027, 3, 31), planned_hours=300))
    assert next_year.result is Result.ACCEPTED
    # once the first period is cancelled its hours are free again
    assert (await service.submit(_cancel(first.period_id))).result is Result.ACCEPTED
    more = await service.submit(_update(second.period_id, employer=ENT_B, planned_hours=640))
    assert more.result is Result.ACCEPTED, codes(more)
    over = await service.submit(_update(second.period_id, employer=ENT_B, planned_hours=651))
    assert over.result is Result.WARNING
    assert over.anomalies[0].params["excess"] == 1


async def _seed(store: SQLiteStore, periods: Iterable[Period]) -> list[str]:
    """Write accepted periods straight into the file, in one transaction."""
    ids = []
    async with store.unit() as unit:
        for p in periods:
            number = period_id.make(await unit.next_number())
            stored = Period(number, p.employer_id, p.ssin, p.committee, p.worker_type,
                            p.start_date, p.end_date, p.start_hour, p.end_hour)
            req = Request(Kind.IN, employer_enterprise=ENT_A, ssin=p.ssin, committee=p.committee,
                          worker_type=p.worker_type, start_date=p.start_date,
                          end_date=p.end_date, start_hour=p.start_hour, end_hour=p.end_hour)
            await unit.save(Declaration(number, req, Result.ACCEPTED, (), NOW.replace(
                tzinfo=BRUSSELS), number, p.employer_id), stored)
            ids.append(number)
    return ids


def _horeca(employer_id: int, ssin: str, day: datetime.date) -> Period:
    return Period("", employer_id, ssin, "302", "EXT", day, day, T(8), T(12))


async def test_horeca_fifty_days_per_worker(service: Declarations, clock: FixedClock) -> None:
    clock.set(datetime.datetime(2026, 1, 1, 8))
    alpha = (await _employer(service, ENT_A)).employer_id
    beta = (await _employer(service, ENT_B)).employer_id
    first = D(2026, 1, 2)
    # 50 days in a row, alternating employers: never 3 days running with one of them
    for i in range(50):
        employer = ENT_A if i % 2 == 0 else ENT_B
        decl = await service.submit(_ext(first + i * DAY, employer_enterprise=employer))
        assert decl.result is Result.ACCEPTED, (i, codes(decl))
    # another slot on a day already counted adds no day
    same_day = await service.submit(_ext(first, 14, 18, employer_enterprise=ENT_A))
    assert same_day.result is Result.ACCEPTED, codes(same_day)
    day51 = first + 50 * DAY
    decl = await service.submit(_ext(day51, employer_enterprise=ENT_A))
    assert decl.result is Result.WARNING and codes(decl) == ["90017-921"]
    assert decl.anomalies[0].params == {"days": 51, "limit": 50, "year": 2026,
                                        "advisedCommittee": "XXX", "advisedType": "OTH"}
    # another worker is not affected; W1's days show up per employer
    assert (await service.submit(_ext(day51, ssin=W2))).result is Result.ACCEPTED
    per_employer = [len(await service.periods(Employer(e, ""), W1)) for e in (alpha, beta)]
    assert per_employer == [27, 25]


async def test_horeca_two_hundred_days_per_employer(service: Declarations,
                                                    store: SQLiteStore,
                                                    clock: FixedClock) -> None:
    clock.set(datetime.datetime(2026, 1, 1, 8))
    alpha = (await _employer(service, ENT_A)).employer_id
    workers = [_data.niss("950101", 2 * k + 1) for k in range(5)]
    first = D(2026, 1, 2)
    # 200 distinct days, 40 per worker, through five workers
    await _seed(store, [_horeca(alpha, workers[i % 5], first + i * DAY) for i in range(200)])
    # a cancelled day and another employer's or committee's days do not count
    [cancelled] = await _seed(store, [_horeca(alpha, workers[0], first + 300 * DAY)])
    assert (await service.submit(_cancel(cancelled))).result is Result.ACCEPTED

    known_day = await service.submit(_ext(first + 10 * DAY, 14, 18))
    assert known_day.result is Result.ACCEPTED, codes(known_day)
    new_day = await service.submit(_ext(first + 250 * DAY))
    assert new_day.result is Result.WARNING and codes(new_day) == ["90017-922"]
    assert new_day.anomalies[0].params == {"days": 201, "limit": 200, "year": 2026,
                                           "advisedCommittee": "XXX", "advisedType": "OTH"}
    elsewhere = await service.submit(_ext(first + 250 * DAY, employer_enterprise=ENT_B, ssin=W2))
    assert elsewhere.result is Result.ACCEPTED


async def test_horeca_third_consecutive_day(service: Declarations, clock: FixedClock) -> None:
    clock.set(datetime.datetime(2026, 3, 1, 8))
    days = [D(2026, 3, 2) + i * DAY for i in range(3)]
    one = await service.submit(_ext(days[0], ssin=W3, employer_enterprise=ENT_B))
    two = await service.submit(_ext(days[1], ssin=W3, employer_enterprise=ENT_B))
    assert (one.result, two.result) == (Result.ACCEPTED, Result.ACCEPTED)
    elsewhere = await service.submit(_ext(days[2], ssin=W3, employer_enterprise=ENT_A))
    assert elsewhere.result is Result.ACCEPTED
    three = await service.submit(_ext(days[2], 14, 18, ssin=W3, employer_enterprise=ENT_B))
    assert three.result is Result.WARNING and codes(three) == ["90017-923"]
    assert three.anomalies[0].params == {"days": 3, "advisedCommittee": "XXX", "advisedType": "OTH"}


# ==================================================================== overlaps


async def test_overlap_refused_until_the_first_is_cancelled(service: Declarations) -> None:
    first = await service.submit(in_req(start_date=D(2026, 3, 16)))
    assert first.result is Result.ACCEPTED and first.period_id
    dup = await service.submit(in_req(start_date=D(2026, 9, 1)))
    assert dup.result is Result.REFUSED and codes(dup) == ["90374-910"]
    assert dup.anomalies[0].params == {"periodId": first.period_id, "start": "2026-03-16"}
    assert dup.period_id is None
    other_employer = await service.submit(in_req(start_date=D(2026, 9, 1),
                                                 employer_enterprise=ENT_B))
    assert other_employer.result is Result.ACCEPTED
    other_type = await service.submit(in_req(start_date=D(2026, 9, 1), worker_type="DWD"))
    assert other_type.result is Result.ACCEPTED
    other_worker = await service.submit(in_req(start_date=D(2026, 9, 1), ssin=W2))
    assert other_worker.result is Result.ACCEPTED
    assert (await service.submit(_cancel(first.period_id))).result is Result.ACCEPTED
    again = await service.submit(in_req(start_date=D(2026, 9, 1)))
    assert again.result is Result.ACCEPTED


async def test_ext_time_slots_each_get_a_period(service: Declarations) -> None:
    day = D(2026, 3, 20)
    morning = await service.submit(_ext(day, 8, 12))
    evening = await service.submit(_ext(day, 18, 23))
    assert (morning.result, evening.result) == (Result.ACCEPTED, Result.ACCEPTED)
    assert morning.period_id != evening.period_id
    clash = await service.submit(_ext(day, 11, 14))
    assert clash.result is Result.REFUSED and codes(clash) == ["90374-910"]
    assert clash.anomalies[0].params == {"periodId": morning.period_id, "start": "2026-03-20"}
    # moving the evening slot onto the morning one is an overlap too
    assert evening.period_id
    moved = await service.submit(_update(evening.period_id, start_hour=T(10)))
    assert codes(moved) == ["90374-910"]


# ================================================================= persistence


async def test_reopened_file_keeps_everything(db: Path) -> None:
    clock = FixedClock(NOW)
    store = await _open(db)
    service = Declarations(store, clock)
    kept = [
        await service.submit(in_req(start_date=D(2026, 3, 16))),
        await service.submit(in_req(ssin=STRANGER, worker_type="DWD", start_date=D(2026, 3, 16))),
        await service.submit(in_req(committee="999")),
        await service.submit(_ext(D(2026, 3, 20), 22, 2, end_date=D(2026, 3, 21))),
        await service.submit(in_req(ssin=W2, worker_type="STU", start_date=D(2026, 3, 16),
                                    end_date=D(2026, 3, 31), planned_hours=700)),
    ]
    assert kept[0].period_id
    kept.append(await service.submit(_out(kept[0].period_id, D(2026, 4, 30))))
    assert [d.result for d in kept] == [Result.ACCEPTED, Result.PENDING, Result.REFUSED,
                                        Result.ACCEPTED, Result.WARNING, Result.ACCEPTED]
    alpha = await _employer(service, ENT_A)
    periods = await service.periods(alpha)
    await store.close()

    for _ in range(2):  # reopening migrates nothing twice
        reopened = await open_store(str(db))
        service = Declarations(reopened, clock)
        for decl in kept:
            assert await service.get(decl.declaration_id) == decl
        assert await service.periods(alpha) == periods
        assert await _employer(service, ENT_A) == alpha
        await reopened.close()

    store = SQLiteStore.open(str(db))
    await store.put_employers(EMPLOYERS)  # an upsert: no duplicates
    service = Declarations(store, clock)
    assert await _employer(service, ENT_A) == alpha
    # the identity registry survived: W1 is known, not pending
    fresh = await service.submit(in_req(worker_type="DWD", start_date=D(2026, 3, 16)))
    assert fresh.result is Result.ACCEPTED
    # numbering continues after the last number, without reuse
    assert fresh.declaration_id > max(d.declaration_id for d in kept)
    # the pending declaration is still waiting and can be resolved
    await store.put_identities([Identity("Nieuw", "Nel", None, STRANGER)])
    [resolved] = await service.resolve_pending()
    assert resolved.declaration_id == kept[1].declaration_id
    # the overlap check still sees the stored periods
    dup = await service.submit(in_req(start_date=D(2026, 4, 1)))
    assert codes(dup) == ["90374-910"]
    await store.close()

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("SELECT name FROM counters ORDER BY name").fetchall() == [
            ("declaration",), ("mutation",)]
        assert conn.execute("SELECT COUNT(*) FROM employers").fetchone()[0] == 2
        assert conn.execute("SELECT COUNT(*) FROM declarations").fetchone()[0] == len(kept) + 2
    finally:
        conn.close()


async def test_older_file_is_migrated_and_keeps_its_data(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for statement in statements(MIGRATIONS[0], "sqlite"):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO employers (name, enterprise_number) VALUES (?, ?)",
                     ("Brasserie Alpha", ENT_A))
    finally:
        conn.close()
    store = SQLiteStore.open(str(db))
    try:
        await store.put_identities(IDENTITIES)
        service = Declarations(store, FixedClock(NOW))
        decl = await service.submit(in_req(start_date=D(2026, 3, 16)))
        assert decl.result is Result.ACCEPTED
        assert decl.declaration_id == period_id.make(1_000_000_001)  # the counter was kept
    finally:
        await store.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    finally:
        conn.close()


async def test_failed_unit_rolls_back(store: SQLiteStore) -> None:
    with pytest.raises(RuntimeError):  # noqa: PT012 - the failure inside the unit is the test
        async with store.unit() as unit:
            await unit.next_number()
            raise RuntimeError("boom")
    async with store.unit() as unit:
        assert period_id.make(await unit.next_number()) == period_id.make(1_000_000_001)
