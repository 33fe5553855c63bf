"""Units under concurrency: who waits for whom, in one store and across processes.

Two PostgreSQL stores (two pools) stand for two processes sharing a database;
those tests need ``DIMONA_TEST_PG_DSN`` (see ``conftest.py``).
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator

import pytest

from core.anomalies import OVERLAP
from core.clock import FixedClock
from core.model import Employer, Identity, Result
from core.service import Declarations
from core.store import Store, open_store
from tests.core._data import ENT_A, W1, D, codes, in_req

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.timezone.utc)
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


async def test_two_pools_never_both_pass_the_overlap_check(pools: tuple[Store, Store]) -> None:
    """Three submissions per pool race to declare the same IN, ten times over."""
    first, second = pools
    await first.put_employers([Employer(0, "Brasserie Alpha", ENT_A)])
    await first.put_identities([Identity("Janssens", "Jan", None, W1)])
    services = [Declarations(first, FixedClock(NOW)), Declarations(second, FixedClock(NOW))] * 3
    for day in range(10):
        start = D(2026, 3, 16) + datetime.timedelta(days=day)
        req = in_req(start_date=start, end_date=start)
        results = await asyncio.gather(*(s.submit(req) for s in services))
        assert [d.result for d in results].count(Result.ACCEPTED) == 1
        refused = [d for d in results if d.result is not Result.ACCEPTED]
        assert all(d.result is Result.REFUSED and codes(d) == [OVERLAP] for d in refused)
    assert len(await second.periods(1, W1)) == 10
