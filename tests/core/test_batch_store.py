"""The batch store's contract, on SQLite and PostgreSQL alike (see ``conftest.py``)."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator

import pytest

from core.clock import FixedClock
from core.demo import load_demo
from core.model import Result
from core.service import Declarations
from core.store import Store, open_store
from core.store.protocols.batches import Batch, Claim, NewLine, Notice
from tests.core._data import STRANGER, in_req

NOW = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
async def store(store_location: str) -> AsyncIterator[Store]:
    store = await open_store(store_location)
    await load_demo(store)
    yield store
    await store.close()


def _batch(ticket: str, key: str | None = None) -> Batch:
    return Batch(ticket, "operator", "csv", "receiving", NOW, idempotency_key=key)


async def _accepted(store: Store, ticket: str, lines: dict[int, list[int]]) -> None:
    """A batch with these lines by shard, accepted."""
    await store.open_batch(_batch(ticket))
    await store.add_lines(ticket, [NewLine(shard, line, "{}") for shard, numbers in lines.items()
                                   for line in numbers], NOW)
    count = sum(map(len, lines.values()))
    await store.accept_batch(ticket, count, max(max(v) for v in lines.values()), "d",
                             {shard: min(numbers) for shard, numbers in lines.items()})


async def test_an_idempotency_key_opens_one_batch(store: Store) -> None:
    first = await store.open_batch(_batch("t1", "key"))
    again = await store.open_batch(_batch("t2", "key"))
    assert again.ticket == first.ticket == "t1" and again.status == "receiving"
    assert await store.batch("t2") is None
    other = await store.open_batch(_batch("t3", None))
    assert other.ticket == "t3" and (await store.open_batch(_batch("t4", None))).ticket == "t4"


async def test_refused_and_dropped_batches_keep_no_lines(store: Store) -> None:
    await store.open_batch(_batch("r"))
    await store.add_lines("r", [NewLine(0, 2, "{}")], NOW)
    await store.refuse_batch("r", "digest", [{"line": 2, "code": "batch.record"}])
    refused = await store.batch("r")
    assert refused and refused.status == "refused" and refused.errors[0]["line"] == 2
    assert await store.shard_lines("r", 0, 0, 10) == []
    await store.open_batch(_batch("d"))
    await store.add_lines("d", [NewLine(0, 2, "{}")], NOW)
    await store.drop_batch("d")
    assert await store.batch("d") is None and await store.shard_lines("d", 0, 0, 10) == []


async def test_stale_uploads_are_forgotten(store: Store) -> None:
    await store.open_batch(_batch("old"))
    await _accepted(store, "kept", {0: [2]})
    assert await store.forget_uploads(NOW + datetime.timedelta(hours=2)) == 1
    assert await store.batch("old") is None and await store.batch("kept") is not None


async def test_shards_are_claimed_once_and_moved_on_by_their_owner(store: Store) -> None:
    await _accepted(store, "b", {0: [2, 4, 5], 1: [3]})
    a = await store.claim_shard("A", 100.0, 110.0)
    b = await store.claim_shard("B", 100.0, 110.0)
    assert a and b and {a.shard, b.shard} == {0, 1} and a.received == NOW
    assert await store.claim_shard("C", 105.0, 115.0) is None  # both leases run
    zero = a if a.shard == 0 else b
    owner = "A" if zero is a else "B"
    assert [x.line for x in await store.shard_lines("b", 0, zero.next_line, 2)] == [2, 4]
    async with store.batch_unit(zero) as unit:
        assert await unit.advance(zero, owner, 5, 2, 120.0, {"B": 2})
        await unit.add_notices("b", [Notice(2, 2, None, "B", None, "[]"),
                                     Notice(4, 4, None, "B", None, "[]")])
    async with store.batch_unit(zero) as unit:  # from where it was: another took over
        assert not await unit.advance(zero, owner, None, 1, 120.0, {})
    progress = await store.progress("b")
    assert (progress.done, progress.first_undone, progress.shards) == (2, 3, 2)
    # The lease of shard 0 runs out at 120: another process takes it over from line 5.
    taken = await store.claim_shard("C", 121.0, 130.0, "b")
    assert taken == Claim("b", 0, 5, NOW)
    async with store.batch_unit(taken) as unit:
        assert not await unit.advance(zero, owner, None, 1, 130.0, {})  # the old owner is out
        assert await unit.advance(taken, "C", None, 1, 130.0, {"A": 1})
    await store.release_shard(b if zero is a else a, "B" if zero is a else "A")
    assert await store.claim_shard("D", 122.0, 130.0) == Claim("b", 1, 3, NOW)
    assert (await store.progress("b")).done == 3


async def test_notices_in_order_and_finals_after_the_last_line(store: Store) -> None:
    service = Declarations(store, FixedClock(NOW))
    pending = await service.submit(in_req(ssin=STRANGER, start_date=datetime.date(2026, 12, 9)))
    await _accepted(store, "f", {0: [2, 3]})
    claim = await store.claim_shard("A", 1.0, 2.0)
    assert claim is not None
    async with store.batch_unit(claim) as unit:
        assert await unit.advance(claim, "A", 3, 1, 2.0, {"S": 1})
        await unit.add_notices("f", [Notice(2, 2, pending.declaration_id, "S", None, "[]")])
    assert await store.record_finals("f") == 0  # still being processed
    assert await service.reject(pending.declaration_id) is not None
    assert await store.tickets_settling() == ["f"]
    assert await store.record_finals("f") == 0  # line 3 is not done: finals wait
    async with store.batch_unit(claim) as unit:
        assert await unit.advance(Claim("f", 0, 3, NOW), "A", None, 1, 2.0, {"B": 1})
        await unit.add_notices("f", [Notice(3, 3, None, "B", None, "[]")])
    assert await store.record_finals("f") == 1 and await store.record_finals("f") == 0
    assert await store.tickets_settling() == []
    notices = await store.notices("f", 0, None, 10)
    assert [(n.seq, n.line, n.result, n.final) for n in notices] == [
        (2, 2, "S", False), (3, 3, "B", False), (4, 2, Result.REFUSED.value, True)]
    assert notices[-1].declaration_id == pending.declaration_id
    assert "00024-931" in notices[-1].anomalies
    assert [n.seq for n in await store.notices("f", 2, 4, 10)] == [3]
    assert await store.result_counts("f") == {("A", False): 0, ("W", False): 0, ("S", False): 1,
                                              ("B", False): 1, ("B", True): 1}


async def test_period_workers(store: Store) -> None:
    service = Declarations(store, FixedClock(NOW))
    known = await service.submit(in_req(start_date=datetime.date(2026, 12, 9)))
    assert known.period_id
    assert await store.period_workers([known.period_id, "100000099995"]) == {
        known.period_id: known.request.ssin}
