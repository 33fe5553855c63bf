"""The feed in the store: mutations recorded with every accepted change, numbered gap-free
in commit order, read back in order, waited for; subscribers and the leases of their pushes.

Runs on SQLite and PostgreSQL (``DIMONA_TEST_PG_DSN``, see ``conftest.py``); the
concurrent writers that hold the counter and roll back run on two PostgreSQL pools.
"""

from __future__ import annotations

import asyncio
import datetime
import random
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from core.clock import FixedClock
from core.feed import Change, Mutation, NewSubscriber, Scope, Target
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
from core.store import Store, open_store
from tests.core._data import ENT_A, ENT_B, NSSO_A, STRANGER, W1, W2, D, T, in_req, niss

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
PROVISIONAL = "5000000120"
DEFINITIVE = "127792067"


@pytest.fixture
async def store(store_location: str) -> AsyncIterator[Store]:
    store = await open_store(store_location)
    await store.put_employers([Employer(0, "Brasserie Alpha", ENT_A, NSSO_A, "fr"),
                               Employer(0, "Hotel Beta", ENT_B, None, "nl"),
                               Employer(0, "Nouvelle", None, PROVISIONAL, "fr")])
    await store.put_identities([Identity("Janssens", "Jan", None, W1),
                                Identity("Peeters", "An", None, W2)])
    yield store
    await store.close()


def _service(store: Store) -> Declarations:
    return Declarations(store, FixedClock(NOW))


async def _all(store: Store) -> list[Mutation]:
    return await store.mutations(0, 1000)


def _period(number: int, employer: int = 1, ssin: str = W1) -> Period:
    return Period(period_id.make(number), employer, ssin, "XXX", "OTH", D(2026, 3, 16))


def _mutation(number: int, employer: int = 1, ssin: str = W1) -> Mutation:
    return Mutation(Change.IN, Result.ACCEPTED, NOW, _period(number, employer, ssin),
                    period_id.make(number))


# =========================================================== what is recorded


async def test_every_accepted_change_records_one_mutation(store: Store) -> None:
    service = _service(store)
    placed = await service.submit(in_req(start_date=D(2026, 3, 16), committee="302",
                                         worker_type="EXT", end_date=D(2026, 3, 16),
                                         start_hour=T(18), end_hour=T(23)))
    late = await service.submit(in_req(start_date=D(2026, 3, 2), ssin=W2))  # W: late
    pid = placed.period_id
    assert pid and placed.result is Result.ACCEPTED and late.result is Result.WARNING
    update = await service.submit(Request(Kind.UPDATE, employer_enterprise=ENT_A,
                                          period_id=pid, end_hour=T(23, 30)))
    out = await service.submit(Request(Kind.OUT, employer_enterprise=ENT_A,
                                       period_id=late.period_id, end_date=D(2026, 3, 20)))
    cancel = await service.submit(Request(Kind.CANCEL, employer_enterprise=ENT_A, period_id=pid))
    refused = await service.submit(in_req(ssin="85073100131"))  # check digits
    pending = await service.submit(in_req(ssin=STRANGER))  # unknown worker: S
    assert refused.result is Result.REFUSED and pending.result is Result.PENDING
    found = await _all(store)
    assert [(m.sequence, m.kind, m.result) for m in found] == [
        (1, Change.IN, Result.ACCEPTED), (2, Change.IN, Result.WARNING),
        (3, Change.UPDATE, Result.ACCEPTED), (4, Change.OUT, Result.ACCEPTED),
        (5, Change.CANCEL, Result.ACCEPTED)]
    first, _, upd, done, gone = found
    assert first.declaration_id == pid and first.period.period_id == pid
    assert (first.enterprise_number, first.nsso_number) == (ENT_A, NSSO_A)
    assert (first.period.ssin, first.period.committee, first.period.worker_type) == (
        W1, "302", "EXT")
    assert (first.period.start_hour, first.period.end_hour) == (T(18), T(23))
    assert first.time == NOW
    assert upd.declaration_id == update.declaration_id and upd.period.end_hour == T(23, 30)
    assert done.declaration_id == out.declaration_id
    assert done.period.end_date == D(2026, 3, 20)
    assert gone.declaration_id == cancel.declaration_id
    assert gone.period.status is PeriodStatus.CANCELLED
    assert await store.last_mutation() == 5


async def test_a_pending_in_enters_the_feed_when_its_worker_is_identified(store: Store) -> None:
    service = _service(store)
    first = await service.submit(in_req(ssin=STRANGER))
    other = niss("880101", 3)
    second = await service.submit(in_req(ssin=other, start_date=D(2026, 3, 17)))
    # acting on a period still pending records nothing: institutions do not see it yet
    upd = await service.submit(Request(Kind.UPDATE, employer_enterprise=ENT_A,
                                       period_id=first.period_id, end_date=D(2026, 3, 31)))
    assert upd.result is Result.ACCEPTED and await _all(store) == []
    await store.put_identities([Identity("Nieuw", "Nel", None, STRANGER)])
    [settled] = await service.resolve_pending()
    assert await service.reject(second.declaration_id) is not None  # negative: nothing shown
    [m] = await _all(store)
    assert m.kind is Change.RESOLVED and m.result is Result.ACCEPTED
    assert m.declaration_id == settled.declaration_id == first.declaration_id
    assert m.period.ssin == STRANGER and m.period.status is PeriodStatus.ACTIVE
    assert m.period.end_date == D(2026, 3, 31)  # as the period stands when it enters


async def test_periods_moved_to_the_definitive_number_are_recorded(store: Store) -> None:
    service = _service(store)
    live = await service.submit(in_req(employer_enterprise=None, employer_nsso=PROVISIONAL))
    dropped = await service.submit(in_req(employer_enterprise=None, employer_nsso=PROVISIONAL,
                                          ssin=W2))
    await service.submit(Request(Kind.CANCEL, employer_nsso=PROVISIONAL,
                                 period_id=dropped.period_id))
    await service.submit(in_req(employer_enterprise=None, employer_nsso=PROVISIONAL,
                                ssin=STRANGER, start_date=D(2026, 3, 18)))  # pending: unseen
    before = await store.last_mutation()
    assert before == 3
    moved_at = NOW + datetime.timedelta(days=1)
    imported = Employer(0, "Nouvelle", None, DEFINITIVE, "fr", provisional_nsso=PROVISIONAL)
    await store.put_employers([imported], moved_at)
    moved = (await _all(store))[before:]
    assert [(m.kind, m.period.period_id) for m in moved] == [
        (Change.MOVED, live.period_id), (Change.MOVED, dropped.period_id)]
    assert all(m.nsso_number == DEFINITIVE and m.provisional_nsso == PROVISIONAL
               and m.result is None and m.declaration_id is None and m.time == moved_at
               for m in moved)
    assert moved[1].period.status is PeriodStatus.CANCELLED
    await store.put_employers([imported], moved_at)  # the same file again: no move
    assert await store.last_mutation() == before + 2


async def test_a_provisional_row_merging_into_the_definitive_one_is_recorded(
        store: Store) -> None:
    service = _service(store)
    placed = await service.submit(in_req(employer_enterprise=None, employer_nsso=PROVISIONAL))
    await store.put_employers([Employer(0, "Alpha", ENT_A, NSSO_A, "fr",
                                        provisional_nsso=PROVISIONAL)], NOW)
    [_, moved] = await _all(store)
    assert moved.kind is Change.MOVED and moved.period.period_id == placed.period_id
    assert (moved.period.employer_id, moved.enterprise_number, moved.nsso_number) == (
        1, ENT_A, NSSO_A)


async def test_a_rolled_back_unit_records_nothing_and_leaves_no_gap(store: Store) -> None:
    with pytest.raises(RuntimeError):  # noqa: PT012 - the failure inside the unit is the test
        async with store.unit(lock=f"worker:{W1}") as unit:
            assert await unit.record(_mutation(1)) == 1
            raise RuntimeError("boom")
    assert await _all(store) == [] and await store.last_mutation() == 0
    async with store.unit(lock=f"worker:{W1}") as unit:
        assert await unit.record(_mutation(2)) == 1
        assert await unit.record(_mutation(3)) == 2
    assert [m.sequence for m in await store.mutations(1, 10)] == [2]
    assert [m.period.period_id for m in await store.mutations(0, 1)] == [period_id.make(2)]


# ================================================================ reading


async def test_relations_join_each_period_to_its_employer(store: Store) -> None:
    async with store.unit() as unit:
        await unit.save(*_decl_and_period(1))
        await unit.save(*_decl_and_period(2, employer=2))
        await unit.save(*_decl_and_period(3, ssin=W2))
    by_worker = await store.relations(None, W1)
    assert [(e.employer_id, p.period_id) for e, p in by_worker] == [
        (1, period_id.make(1)), (2, period_id.make(2))]
    assert by_worker[1][0].enterprise_number == ENT_B
    assert [p.ssin for _, p in await store.relations(1, None)] == sorted([W1, W2])
    assert [p.period_id for _, p in await store.relations(1, W2)] == [period_id.make(3)]
    assert await store.relations(3, None) == []


def _decl_and_period(number: int, employer: int = 1, ssin: str = W1
                     ) -> tuple[Declaration, Period]:
    p = _period(number, employer, ssin)
    return Declaration(p.period_id, in_req(ssin=ssin), Result.ACCEPTED, (), NOW, p.period_id,
                       employer), p


async def test_a_wait_ends_at_the_commit_in_this_store(store: Store) -> None:
    assert not await store.wait_mutation(0, 0.05)

    async def later() -> None:
        await asyncio.sleep(0.05)
        async with store.unit(lock=f"worker:{W1}") as unit:
            await unit.record(_mutation(1))

    writer = asyncio.create_task(later())
    assert await store.wait_mutation(0, 30)
    await writer
    assert await store.wait_mutation(0, 0)  # already past: no wait


async def test_a_wait_hears_a_commit_of_another_store(store_location: str, store: Store) -> None:
    other = await open_store(store_location)
    try:
        waiting = asyncio.create_task(store.wait_mutation(0, 30))
        await asyncio.sleep(0.1)
        async with other.unit(lock=f"worker:{W1}") as unit:
            await unit.record(_mutation(1))
        assert await waiting
    finally:
        await other.close()


# ========================================================= concurrent writers


@pytest.fixture
async def pools(pg_location: str) -> AsyncIterator[tuple[Store, Store]]:
    first = await open_store(pg_location)
    second = await open_store(pg_location)
    await first.put_employers([Employer(0, "Brasserie Alpha", ENT_A, NSSO_A, "fr")])
    yield first, second
    await first.close()
    await second.close()


async def test_concurrent_writers_never_let_a_cursor_pass_over_a_mutation(
        pools: tuple[Store, Store]) -> None:
    """Units on two pools record, linger holding the number, and a fifth of them roll back;
    a reader following its cursor meanwhile must see every committed mutation once, each
    page starting right after its cursor and without holes."""
    rng = random.Random(14)
    committed: list[str] = []
    writers_done = asyncio.Event()

    async def write(n: int) -> None:
        store = pools[n % 2]
        await asyncio.sleep(rng.random() * 0.05)
        try:
            async with store.unit(lock=f"worker:{niss('900101', n)}") as unit:
                await asyncio.sleep(rng.random() * 0.01)  # checks before the number
                await unit.record(_mutation(n + 1))
                await asyncio.sleep(rng.random() * 0.01)  # holding it until commit
                if n % 5 == 4:
                    raise LookupError("rolled back")
            committed.append(period_id.make(n + 1))
        except LookupError:
            pass

    async def follow() -> list[Mutation]:
        cursor, seen = 0, []
        while True:
            done = writers_done.is_set()
            page = await pools[1].mutations(cursor, 7)
            assert [m.sequence for m in page] == list(range(cursor + 1, cursor + 1 + len(page)))
            seen += page
            cursor = page[-1].sequence if page else cursor
            if done and not page:
                return seen
            if not page:
                await pools[1].wait_mutation(cursor, 0.05)

    reader = asyncio.create_task(follow())
    await asyncio.gather(*(write(n) for n in range(60)))
    writers_done.set()
    seen = await reader
    assert [m.sequence for m in seen] == list(range(1, len(committed) + 1))
    assert sorted(m.period.period_id for m in seen) == sorted(committed)
    assert len(committed) == 48


# ============================================================== subscribers


def _new(name: str = "Fund", **kw: object) -> NewSubscriber:
    base: dict[str, object] = {
        "deliberation": "CSI/24/123", "scope": Scope(frozenset({ENT_A}), frozenset({"302"}),
                                                     frozenset({"ssin", "startDate"})),
        "secret": "whsec_c2VjcmV0", "webhook": "http://127.0.0.1:9/hook"}
    base.update(kw)
    return NewSubscriber(name, **base)  # type: ignore[arg-type]


async def test_subscribers_are_added_found_by_key_paused_and_removed(store: Store) -> None:
    added = await store.add_subscriber(_new(), "hash-1", NOW)
    assert added is not None and added.name == "Fund" and added.deliberation == "CSI/24/123"
    assert added.scope == _new().scope and not added.paused and added.created_at == NOW
    assert await store.add_subscriber(_new(), "hash-2", NOW) is None  # the name is taken
    everything = await store.add_subscriber(
        _new("Office", scope=Scope(), webhook=None, stream="OFFICE"), "hash-3", NOW)
    assert everything is not None and everything.scope == Scope()
    assert await store.subscriber_by_key("hash-1") == added
    assert await store.subscriber_by_key("hash-9") is None
    assert [s.name for s in await store.subscribers()] == ["Fund", "Office"]
    assert [(p.subscriber_id, p.target) for p in await store.push_states()] == [
        (added.subscriber_id, Target.WEBHOOK), (everything.subscriber_id, Target.STREAM)]
    assert await store.pause_subscriber("Fund", True)
    assert (await store.subscriber("Fund")).paused  # type: ignore[union-attr]
    assert not await store.pause_subscriber("Nobody", True)
    assert await store.remove_subscriber("Fund") and not await store.remove_subscriber("Fund")
    assert await store.subscriber_by_key("hash-1") is None
    assert [p.subscriber_id for p in await store.push_states()] == [everything.subscriber_id]


async def test_a_push_is_held_by_one_owner_until_its_lease_runs_out(store: Store) -> None:
    sub = await store.add_subscriber(_new(), "hash-1", NOW)
    assert sub is not None
    key = (sub.subscriber_id, Target.WEBHOOK)
    assert await store.claim_push(*key, "a", 100.0, 130.0)
    assert await store.claim_push(*key, "a", 110.0, 140.0)  # renewed
    assert not await store.claim_push(*key, "b", 120.0, 150.0)
    assert not await store.pushed(*key, "b", 1, NOW)  # not its lease: the cursor stays
    assert await store.push_failed(*key, "b", "HTTP 500", NOW, NOW) == 0
    assert await store.push_failed(*key, "a", "HTTP 500", NOW, NOW) == 1
    assert await store.push_failed(*key, "a", "HTTP 503", NOW, NOW) == 2
    [state] = await store.push_states(sub.subscriber_id)
    assert (state.delivered, state.failures, state.last_error, state.owner) == (
        0, 2, "HTTP 503", "a")
    assert await store.pushed(*key, "a", 3, NOW)
    assert await store.pushed(*key, "a", 2, None)  # behind: kept at 3, still the owner's
    [state] = await store.push_states()
    assert (state.delivered, state.failures, state.last_error) == (3, 0, None)
    assert state.last_success == NOW and state.lease_until == 140.0
    assert await store.claim_push(*key, "b", 141.0, 171.0)  # ran out: taken over
    assert not await store.pushed(*key, "a", 4, NOW)
    await store.release_push(*key, "a")  # not a's any more: nothing happens
    assert (await store.push_states())[0].owner == "b"
    await store.release_push(*key, "b")
    assert await store.claim_push(*key, "c", 142.0, 172.0)
    await store.pause_subscriber("Fund", True)
    assert not await store.claim_push(*key, "c", 143.0, 173.0)  # paused: nobody delivers


async def test_a_mutation_keeps_every_period_field(store: Store) -> None:
    full = replace(_period(1), committee="322", worker_type="EXT", end_date=D(2026, 3, 16),
                   start_hour=T(8), end_hour=T(12), planned_hours=None,
                   user_enterprise=ENT_B, user_committee="302", sub_entity="0000000001",
                   user_name=None)
    async with store.unit(lock="worker:x") as unit:
        await unit.record(Mutation(Change.UPDATE, Result.WARNING, NOW, full, "100000000260"))
    [m] = await _all(store)
    assert m == Mutation(Change.UPDATE, Result.WARNING, NOW, full, "100000000260", 1, ENT_A,
                         NSSO_A, None)
