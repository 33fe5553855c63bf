"""Units under concurrency: who waits for whom, in one store and across processes.

Two stores opened on one location stand for two processes sharing it (``pair``,
both kinds of store). Tests whose units *pause* while holding their locks use
two PostgreSQL pools only (``pools``): a SQLite unit never awaits anything, and
one that did would block its event loop on a second connection in the same
process. Real processes on either store are in ``tests/test_processes.py``.
PostgreSQL needs ``DIMONA_TEST_PG_DSN`` (see ``conftest.py``).
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator

import pytest

from core.anomalies import EXT_EMPLOYER_DAYS, EXT_USER_DAYS, OVERLAP
from core.clock import FixedClock
from core.ids import period as period_id
from core.model import Declaration, Employer, Identity, Kind, Period, PeriodStatus, Request, Result
from core.service import Declarations
from core.store import Store, open_store
from tests.core._data import ENT_A, STRANGER, W1, D, T, codes, enterprise, in_req, niss

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
HOLD = 0.05  # seconds a unit keeps its locks


async def _hold(store: Store, lock: str | None, log: list[str], name: str) -> None:
    async with store.unit(lock=lock):
        log.append(f"+{name}")
        await asyncio.sleep(HOLD)
        log.append(f"-{name}")


def _one_at_a_time(log: list[str]) -> bool:
    """Each unit left before the next one came in."""
    return all(log[i][1:] == log[i + 1][1:] for i in range(0, len(log), 2))


def _alone(log: list[str], name: str) -> bool:
    """Unit ``name`` left before any other came in."""
    return log.index(f"-{name}") == log.index(f"+{name}") + 1


async def _run(*holders: tuple[Store, str | None]) -> list[str]:
    log: list[str] = []
    await asyncio.gather(*(_hold(s, lock, log, str(n)) for n, (s, lock) in enumerate(holders)))
    return log


@pytest.fixture
async def store(store_location: str) -> AsyncIterator[Store]:
    store = await open_store(store_location)
    yield store
    await store.close()


@pytest.fixture
async def pair(store_location: str) -> AsyncIterator[tuple[Store, Store]]:
    """Two stores on one location, with an employer and a worker: two processes."""
    first = await open_store(store_location)
    second = await open_store(store_location)
    await first.put_employers([Employer(0, "Brasserie Alpha", ENT_A)])
    await first.put_identities([Identity("Janssens", "Jan", None, W1)])
    yield first, second
    await first.close()
    await second.close()


@pytest.fixture
async def pools(pg_location: str) -> AsyncIterator[tuple[Store, Store]]:
    first = await open_store(pg_location)
    second = await open_store(pg_location)
    yield first, second
    await first.close()
    await second.close()


async def test_units_on_one_lock_take_turns(store: Store) -> None:
    assert _one_at_a_time(await _run(*[(store, "worker:a")] * 3))
    assert _alone(await _run((store, "worker:a"), (store, None), (store, "worker:b")), "1")


async def test_one_lock_is_held_alone_across_pools(pools: tuple[Store, Store]) -> None:
    first, second = pools
    assert _one_at_a_time(await _run((first, "worker:a"), (second, "worker:a"),
                                     (first, "worker:a"), (second, "worker:a")))


async def test_a_unit_without_lock_is_alone_across_pools(pools: tuple[Store, Store]) -> None:
    first, second = pools
    log = await _run((first, "worker:a"), (second, None), (first, "worker:b"),
                     (second, "worker:c"))
    assert _alone(log, "1")


async def test_units_on_different_locks_run_side_by_side(pools: tuple[Store, Store]) -> None:
    first, second = pools
    assert not _one_at_a_time(await _run((first, "worker:a"), (second, "worker:b")))


async def test_two_stores_never_both_pass_the_overlap_check(pair: tuple[Store, Store]) -> None:
    """Three submissions per store race to declare the same IN, ten times over."""
    first, second = pair
    services = [Declarations(first, FixedClock(NOW)), Declarations(second, FixedClock(NOW))] * 3
    for day in range(10):
        start = D(2026, 3, 16) + datetime.timedelta(days=day)
        req = in_req(start_date=start, end_date=start)
        results = await asyncio.gather(*(s.submit(req) for s in services))
        assert [d.result for d in results].count(Result.ACCEPTED) == 1
        refused = [d for d in results if d.result is not Result.ACCEPTED]
        assert all(d.result is Result.REFUSED and codes(d) == [OVERLAP] for d in refused)
    assert len(await second.periods(1, W1)) == 10


def _services(pair: tuple[Store, Store]) -> list[Declarations]:
    return [Declarations(store, FixedClock(NOW)) for store in pair]


async def test_an_update_by_period_and_an_in_for_its_worker_take_turns(
        pair: tuple[Store, Store]) -> None:
    """An UPDATE naming only the period still locks the worker it reads the file of."""
    first, second = _services(pair)
    for day in range(8):
        start = D(2026, 3, 16) + datetime.timedelta(days=2 * day)
        moved = start + datetime.timedelta(days=1)
        placed = await first.submit(in_req(start_date=start, end_date=start))
        assert placed.result is Result.ACCEPTED and placed.period_id
        update = Request(Kind.UPDATE, employer_enterprise=ENT_A, period_id=placed.period_id,
                         start_date=moved, end_date=moved)
        racing = in_req(start_date=moved, end_date=moved)
        results = await asyncio.gather(second.submit(update), first.submit(racing),
                                       second.submit(racing))
        assert [d.result for d in results].count(Result.ACCEPTED) == 1, results
        assert all(codes(d) == [OVERLAP] for d in results if d.result is Result.REFUSED)
    live = [p for p in await pair[1].periods(1, W1) if p.status is PeriodStatus.ACTIVE]
    days = sorted(p.start_date for p in live)
    assert len(days) == len(set(days)) >= 8  # whoever won, no day is taken twice


async def test_two_stores_count_an_employers_horeca_days_in_turn(
        pair: tuple[Store, Store]) -> None:
    """199 days used: of six workers declared at once, only the first stays under 200."""
    first = pair[0]
    workers = [niss("900101", n) for n in range(1, 7)]
    await first.put_identities([Identity("Worker", str(n), None, w)
                                for n, w in enumerate(workers)])
    async with first.unit() as unit:
        for offset in range(199):
            number = await unit.next_number()
            pid = period_id.make(number)
            start = D(2026, 1, 1) + datetime.timedelta(days=offset)
            await unit.save(
                Declaration(pid, in_req(ssin=STRANGER), Result.ACCEPTED, (), NOW, pid, 1),
                Period(pid, 1, STRANGER, "302", "EXT", start, start, T(18), T(23)))
    services = _services(pair) * 3
    results = await asyncio.gather(*(
        s.submit(in_req(ssin=w, committee="302", worker_type="EXT",
                        start_date=D(2026, 9, 1 + 3 * n), end_date=D(2026, 9, 1 + 3 * n),
                        start_hour=T(18), end_hour=T(23)))
        for n, (s, w) in enumerate(zip(services, workers, strict=True))))
    assert all(d.result in (Result.ACCEPTED, Result.WARNING) for d in results), results
    assert sorted(EXT_EMPLOYER_DAYS in codes(d) for d in results) == [False] + [True] * 5


async def test_a_delivery_is_claimed_once_across_stores(pair: tuple[Store, Store]) -> None:
    claims = await asyncio.gather(*(store.claim_delivery("kannel:42", NOW)
                                    for store in pair * 10))
    assert claims.count(True) == 1


async def test_holds_on_one_key_take_turns_across_stores(pair: tuple[Store, Store]) -> None:
    log: list[str] = []

    async def visit(store: Store, name: str) -> None:
        async with store.hold("sms:+32470123456"):
            log.append(f"+{name}")
            await asyncio.sleep(0.02)
            log.append(f"-{name}")

    await asyncio.gather(*(visit(store, str(n)) for n, store in enumerate(pair * 3)))
    assert _one_at_a_time(log), log
    log.clear()
    async with pair[0].hold("sms:+32470000001"), pair[1].hold("sms:+32470000002"):
        pass  # other keys: no wait (a wait would never end here)


async def test_two_stores_settle_each_pending_declaration_once(
        pair: tuple[Store, Store]) -> None:
    """Both processes resolve at once: every final notification comes out of one only."""
    first, second = _services(pair)
    workers = [niss("880101", n) for n in range(1, 13)]
    pending = [await first.submit(in_req(ssin=w, start_date=D(2026, 3, 16))) for w in workers]
    assert all(d.result is Result.PENDING for d in pending)
    await pair[0].put_identities([Identity("Known", str(n), None, w)
                                  for n, w in enumerate(workers)])
    results = await asyncio.gather(first.resolve_pending(), second.resolve_pending(),
                                   first.resolve_pending())
    settled = [d.declaration_id for found in results for d in found]
    assert sorted(settled) == sorted(d.declaration_id for d in pending)
    assert await first.resolve_pending() == [] and await second.resolve_pending() == []


async def test_agency_and_own_days_of_one_horeca_company_count_in_turn(
        pair: tuple[Store, Store]) -> None:
    """199 days at Alpha: an agency placement with Alpha and Alpha's own worker, at once."""
    first, _second = pair
    agency = Employer(0, "Interim", enterprise(123456), None, "fr")
    await first.put_employers([agency])
    workers = [niss("910101", n) for n in range(1, 5)]
    await first.put_identities([Identity("Worker", str(n), None, w)
                                for n, w in enumerate(workers)])
    async with first.unit() as unit:
        for offset in range(199):
            pid = period_id.make(await unit.next_number())
            start = D(2026, 1, 1) + datetime.timedelta(days=offset)
            await unit.save(
                Declaration(pid, in_req(ssin=STRANGER), Result.ACCEPTED, (), NOW, pid, 1),
                Period(pid, 1, STRANGER, "302", "EXT", start, start, T(18), T(23)))
    ext = {"committee": "302", "worker_type": "EXT", "start_hour": T(18), "end_hour": T(23)}
    placed = dict(ext, employer_enterprise=agency.enterprise_number, committee="322",
                  user_committee="302", user_enterprise=ENT_A)
    services = _services(pair) * 2
    reqs = [in_req(ssin=w, start_date=D(2026, 9, 1 + 3 * n), end_date=D(2026, 9, 1 + 3 * n),
                   **(placed if n % 2 else ext))
            for n, w in enumerate(workers)]
    results = await asyncio.gather(*(s.submit(r) for s, r in zip(services, reqs, strict=True)))
    assert all(d.result in (Result.ACCEPTED, Result.WARNING) for d in results), results
    over = [bool({EXT_EMPLOYER_DAYS, EXT_USER_DAYS} & set(codes(d))) for d in results]
    assert sorted(over) == [False, True, True, True]


async def test_pin_attempts_are_counted_once_across_stores(pair: tuple[Store, Store]) -> None:
    """Twenty attempts at once from two stores: five are evaluated, then the phone is locked."""
    first, second = pair
    window = datetime.timedelta(minutes=30)
    claims = await asyncio.gather(*(
        (first if n % 2 else second).claim_pin_attempt("+32470000001", NOW, 5, window)
        for n in range(20)))
    assert sum(claim.granted for claim in claims) == 5
    assert {claim.until for claim in claims if not claim.granted} == {NOW + window}
    assert (await first.pin_lock("+32470000001")).failures == 5
    later = await second.claim_pin_attempt("+32470000001", NOW + window, 5, window)
    assert later.granted and later.until is None  # the window ran out: a new one
