"""One contract for every store: SQLite and PostgreSQL must answer alike.

Run against PostgreSQL by setting ``DIMONA_TEST_PG_DSN`` (see ``conftest.py``);
units racing each other are in ``test_store_concurrency.py``.
"""

from __future__ import annotations

import asyncio
import datetime
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from core.anomalies import OVERLAP, Anomaly, Field, Severity
from core.clock import FixedClock
from core.ids import period as period_id
from core.model import Declaration, Employer, Identity, Kind, Period, PeriodStatus, Request, Result
from core.service import Declarations
from core.store import ApiKey, PinLock, Store, open_store
from tests.core._data import ENT_A, ENT_B, NSSO_A, STRANGER, W1, W2, W3, D, T, codes, in_req

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
FIRST = 1_000_000_001
EMPLOYERS = [Employer(0, "Brasserie Alpha", ENT_A, NSSO_A, "fr"),
             Employer(0, "Hotel Beta", ENT_B, None, "nl")]
EMPLOYERS_BY_ID = {1: replace(EMPLOYERS[0], employer_id=1)}
IDENTITIES = [Identity("Janssens", "Jan", D(1985, 7, 31), W1),
              Identity("Peeters", "An", None, W2)]


@pytest.fixture
async def store(store_location: str) -> AsyncIterator[Store]:
    store = await open_store(store_location)
    await store.put_employers(EMPLOYERS)
    await store.put_identities(IDENTITIES)
    yield store
    await store.close()


def _period(number: int, start: datetime.date, *, ssin: str | None = W1, employer: int = 1,
            status: PeriodStatus = PeriodStatus.ACTIVE, **kw: object) -> Period:
    base: dict[str, object] = {"committee": "XXX", "worker_type": "OTH"}
    base.update(kw)
    return Period(period_id.make(number), employer, ssin, start_date=start, status=status,
                  **base)  # type: ignore[arg-type]


def _decl(number: int, result: Result = Result.ACCEPTED, req: Request | None = None,
          anomalies: tuple[Anomaly, ...] = ()) -> Declaration:
    pid = period_id.make(number)
    return Declaration(pid, req or in_req(), result, anomalies, NOW, pid, 1)


# ================================================================= migrations


async def test_opening_twice_migrates_once_and_keeps_data(store_location: str) -> None:
    first, second = await asyncio.gather(open_store(store_location), open_store(store_location))
    try:
        assert await first.put_employers(EMPLOYERS[:1]) == 1
        async with second.unit() as unit:
            assert await unit.next_number() == FIRST
    finally:
        await first.close()
        await second.close()
    again = await open_store(store_location)
    try:
        assert await again.find_employer(ENT_A) == replace(EMPLOYERS[0], employer_id=1)
        async with again.unit() as unit:
            assert await unit.next_number() == FIRST + 1
    finally:
        await again.close()


# ================================================================= registries


async def test_employers_are_upserted_by_either_number(store: Store) -> None:
    alpha, beta = (replace(e, employer_id=n) for n, e in enumerate(EMPLOYERS, start=1))
    assert await store.find_employer(ENT_A) == alpha
    assert await store.find_employer(NSSO_A) == alpha
    assert await store.find_employer(ENT_B) == beta
    assert await store.find_employer("0999999999") is None
    renamed = Employer(0, "Alpha SRL", None, NSSO_A, "nl")
    assert await store.put_employers(iter([renamed])) == 1
    assert await store.find_employer(NSSO_A) == replace(renamed, employer_id=1)
    assert await store.find_employer(ENT_A) is None
    async with store.unit() as unit:
        assert await unit.employer(ENT_B, None) == beta
        assert await unit.employer(ENT_B, NSSO_A) == replace(renamed, employer_id=1)
        assert await unit.employer(None, None) is None


async def test_identities_are_replaced(store: Store) -> None:
    assert await store.find_identity(W1) == IDENTITIES[0]
    assert await store.find_identity(W2) == IDENTITIES[1]
    assert await store.find_identity(W3) is None
    assert await store.put_identities([Identity("Janssens", "Johan", None, W1)]) == 1
    async with store.unit(lock=f"worker:{W1}") as unit:
        assert await unit.identity(W1) == Identity("Janssens", "Johan", None, W1)


async def test_sub_entities_and_a_closed_provisional_number(store: Store) -> None:
    persopoint = Employer(0, "PersoPoint", None, NSSO_A, "nl", ("0000000002", "0000000001"))
    await store.put_employers([persopoint])
    found = await store.find_employer(NSSO_A)
    assert found is not None and found.sub_entities == ("0000000001", "0000000002")
    prov, defi = "5000000120", "127792067"
    await store.put_employers([Employer(0, "Nouvelle SRL", None, prov, "fr")])
    new = await store.find_employer(prov)
    assert new is not None and new.employer_id == 3
    await store.enroll_phone("+32470000009", 3, "fr", None)
    await store.put_employers([Employer(0, "Nouvelle SRL", None, defi, "fr",
                                        provisional_nsso=prov)])
    moved = await store.find_employer(defi)
    assert moved == Employer(3, "Nouvelle SRL", None, defi, "fr", (), prov)
    assert await store.find_employer(prov) is None  # closed: it answers no more
    async with store.unit() as unit:
        assert await unit.employer(None, prov) == moved  # the rules still see whose it was
    [phone] = await store.phone_enrollments("+32470000009")
    assert phone.employer == moved
    # a later import without the provisional number does not reopen it
    await store.put_employers([Employer(0, "Nouvelle SA", None, defi, "fr")])
    async with store.unit() as unit:
        assert await unit.employer(None, prov) == replace(moved, name="Nouvelle SA")


async def test_a_provisional_row_merges_into_the_definitive_one(store: Store) -> None:
    prov = "5000000120"
    await store.put_employers([Employer(0, "Prov", None, prov, "fr")])  # employer 3
    await store.enroll_phone("+32470000001", 3, None, None)
    await store.enroll_phone("+32470000002", 3, None, None)
    await store.enroll_phone("+32470000002", 1, None, None)
    async with store.unit() as unit:
        await unit.save(_decl(FIRST), _period(FIRST, D(2026, 3, 16), employer=3))
    await store.put_employers([Employer(0, "Alpha", ENT_A, NSSO_A, "fr", provisional_nsso=prov)])
    alpha = await store.find_employer(ENT_A)
    assert alpha is not None and alpha.employer_id == 1 and alpha.provisional_nsso == prov
    assert [p.period_id for p in await store.periods(1, None)] == [period_id.make(FIRST)]
    assert await store.periods(3, None) == []
    assert [(e.phone, e.employer.employer_id) for e in await store.employer_phones(None)] == [
        ("+32470000001", 1), ("+32470000002", 1)]
    # importing the same file again changes nothing
    await store.put_employers([Employer(0, "Alpha", ENT_A, NSSO_A, "fr", provisional_nsso=prov)])
    assert await store.find_employer(ENT_A) == alpha


# ====================================================================== units


async def test_unit_commits_or_rolls_back_everything(store: Store) -> None:
    with pytest.raises(RuntimeError):  # noqa: PT012 - the failure inside the unit is the test
        async with store.unit(lock="worker:x") as unit:
            number = await unit.next_number()
            await unit.save(_decl(number), _period(number, D(2026, 3, 16)))
            raise RuntimeError("boom")
    assert await store.declaration(period_id.make(FIRST)) is None
    assert await store.periods(1, None) == []
    async with store.unit() as unit:
        again = await unit.next_number()  # given back (SQLite) or skipped (PostgreSQL)
        assert again in (FIRST, FIRST + 1)
        await unit.save(_decl(again), _period(again, D(2026, 3, 16)))
    assert await store.declaration(period_id.make(again)) == _decl(again)


async def test_numbers_are_unique_and_increasing(store: Store) -> None:
    async def take(lock: str | None) -> int:
        async with store.unit(lock=lock) as unit:
            await asyncio.sleep(0)
            return await unit.next_number()

    assert [await take(None) for _ in range(3)] == [FIRST, FIRST + 1, FIRST + 2]
    locks = [None, "worker:a", "worker:b", "worker:a"] * 5
    taken = await asyncio.gather(*(take(lock) for lock in locks))
    assert sorted(taken) == list(range(FIRST + 3, FIRST + 23))


async def test_unit_reads_the_personnel_file(store: Store) -> None:
    periods = [_period(FIRST, D(2026, 5, 1)), _period(FIRST + 1, D(2026, 3, 1)),
               _period(FIRST + 2, D(2026, 3, 1), status=PeriodStatus.CANCELLED),
               _period(FIRST + 3, D(2026, 3, 1), ssin=W2, status=PeriodStatus.PENDING),
               _period(FIRST + 4, D(2025, 12, 31), ssin=W2, committee="302", worker_type="EXT",
                       end_date=D(2025, 12, 31), start_hour=T(8), end_hour=T(12)),
               _period(FIRST + 5, D(2026, 1, 1), ssin=W3, employer=2, planned_hours=20)]
    async with store.unit() as unit:
        for p in periods:
            await unit.save(_decl(int(p.period_id[:-2])), p)
    async with store.unit(lock=f"worker:{W1}") as unit:
        assert await unit.period(periods[4].period_id) == periods[4]
        assert await unit.period(period_id.make(FIRST + 99)) is None
        mine = await unit.worker_periods(W1)
        assert sorted(mine, key=lambda p: p.period_id) == periods[:2]
        assert await unit.worker_periods(STRANGER) == []
        assert await unit.employer_days(1, "XXX", "OTH", 2026) == {D(2026, 3, 1), D(2026, 5, 1)}
        assert await unit.employer_days(1, "302", "EXT", 2025) == {D(2025, 12, 31)}
        assert await unit.employer_days(1, "302", "EXT", 2026) == frozenset()
    assert [p.period_id for p in await store.periods(1, None)] == [
        periods[4].period_id, *(p.period_id for p in periods[1:4]), periods[0].period_id]
    assert await store.periods(1, W2) == [periods[4], periods[3]]
    assert await store.periods(2, "") == [periods[5]]


async def test_one_period_is_read_alone(store: Store) -> None:
    mine, theirs = _period(FIRST, D(2026, 3, 1)), _period(FIRST + 1, D(2026, 3, 2), employer=2)
    async with store.unit() as unit:
        for p in (mine, theirs):
            await unit.save(_decl(int(p.period_id[:-2])), p)
    assert await store.find_period(mine.period_id) == mine
    assert await store.find_period(period_id.make(FIRST + 99)) is None
    service = Declarations(store, FixedClock(NOW))
    alpha, beta = await store.find_employer(ENT_A), await store.find_employer(ENT_B)
    assert alpha is not None and beta is not None
    assert await service.period(alpha, mine.period_id) == mine
    assert await service.period(alpha, theirs.period_id) is None  # another employer's
    assert await service.period(beta, theirs.period_id) == theirs


async def test_periods_keep_every_characteristic(store: Store) -> None:
    agency = _period(FIRST, D(2026, 3, 16), committee="322", worker_type="EXT",
                     end_date=D(2026, 3, 16), start_hour=T(8), end_hour=T(12),
                     user_committee="302", user_name="Hotel Sonne GmbH", sub_entity="0000000001")
    async with store.unit() as unit:
        await unit.save(_decl(FIRST), agency)
        assert await unit.period(agency.period_id) == agency


async def test_horeca_days_count_own_and_agency_days(store: Store) -> None:
    ext: dict[str, Any] = {"worker_type": "EXT", "start_hour": T(8), "end_hour": T(12)}
    periods = [
        _period(FIRST, D(2026, 5, 1), committee="302", **ext),           # alpha's own
        _period(FIRST + 1, D(2026, 5, 2), employer=2, committee="322", user_committee="302",
                user_enterprise=ENT_A, **ext),                            # placed with alpha
        _period(FIRST + 2, D(2026, 5, 3), employer=2, committee="322", user_committee="144",
                user_enterprise=ENT_A, **ext),                            # not horeca
        _period(FIRST + 3, D(2026, 5, 4), employer=2, committee="302", **ext),  # beta's own
        _period(FIRST + 4, D(2026, 5, 5), committee="302", status=PeriodStatus.CANCELLED, **ext),
        _period(FIRST + 5, D(2025, 5, 6), committee="302", **ext),       # another year
    ]
    async with store.unit() as unit:
        for p in periods:
            await unit.save(_decl(int(p.period_id[:-2])), p)
    async with store.unit(lock=f"worker:{W1}") as unit:
        assert await unit.horeca_days(1, ENT_A, 2026) == {D(2026, 5, 1), D(2026, 5, 2)}
        assert await unit.horeca_days(None, ENT_A, 2026) == {D(2026, 5, 2)}
        assert await unit.horeca_days(1, None, 2026) == {D(2026, 5, 1)}
        assert await unit.horeca_days(2, ENT_B, 2026) == {D(2026, 5, 4)}
        assert await unit.horeca_days(1, ENT_A, 2025) == {D(2025, 5, 6)}


async def test_identities_by_birth_date(store: Store) -> None:
    await store.put_identities([Identity("Dubois", "Marie", D(1990, 2, 15), W3),
                                Identity("Peeters", "Jan", D(1990, 2, 16), STRANGER)])
    async with store.unit() as unit:
        assert await unit.identities_born("1990-02-15") == [
            Identity("Dubois", "Marie", D(1990, 2, 15), W3)]
        assert [i.ssin for i in await unit.identities_born("1990-02-")] == sorted([W3, STRANGER])
        assert await unit.identities_born("1991-") == []


async def test_a_pending_declaration_is_settled_once(store: Store) -> None:
    pending = _period(FIRST, D(2026, 3, 16), ssin=None, status=PeriodStatus.PENDING)
    decl = _decl(FIRST, Result.PENDING, in_req(ssin=None))
    other = _period(FIRST + 1, D(2026, 3, 16), ssin=None, status=PeriodStatus.PENDING)
    second = _decl(FIRST + 1, Result.PENDING, in_req(ssin=None))
    async with store.unit() as unit:
        await unit.save(decl, pending)
        await unit.save(second, other)
    async with store.unit() as unit:
        assert await unit.resolve(replace(decl, result=Result.ACCEPTED),
                                  replace(pending, ssin=W1, status=PeriodStatus.ACTIVE))
        assert not await unit.resolve(replace(decl, result=Result.REFUSED, period_id=None), None)
    assert (await store.declaration(decl.declaration_id)).result is Result.ACCEPTED  # type: ignore
    assert (await store.periods(1, W1))[0].status is PeriodStatus.ACTIVE
    refusal = replace(second, result=Result.REFUSED, period_id=None)
    async with store.unit() as unit:
        assert await unit.resolve(refusal, None)
    assert await store.declaration(refusal.declaration_id) == refusal
    assert [p.period_id for p in await store.periods(1, None)] == [pending.period_id]


async def test_declarations_by_result_and_resolve(store: Store) -> None:
    warn = (Anomaly("00910-917", Severity.WARNING, {"start": "2026-03-01"}, Field.START_DATE),)
    saved = [_decl(FIRST + 2, Result.PENDING, in_req(ssin=STRANGER)), _decl(FIRST + 1),
             _decl(FIRST, Result.PENDING, in_req(ssin=STRANGER), warn)]
    async with store.unit() as unit:
        for decl in saved:
            await unit.save(decl, None)
    assert await store.declarations(Result.PENDING.value) == [saved[2], saved[0]]
    assert await store.declarations(Result.REFUSED.value) == []
    pending = _period(FIRST, D(2026, 3, 16), ssin=STRANGER, status=PeriodStatus.PENDING)
    async with store.unit() as unit:
        await unit.save(_decl(FIRST + 3), pending)
        await unit.resolve(replace(saved[2], result=Result.WARNING),
                           replace(pending, status=PeriodStatus.ACTIVE))
        await unit.resolve(replace(saved[0], result=Result.ACCEPTED, anomalies=warn), None)
    assert await store.declarations(Result.PENDING.value) == []
    assert await store.declaration(saved[2].declaration_id) == replace(saved[2],
                                                                       result=Result.WARNING)
    assert (await store.declaration(saved[0].declaration_id)).anomalies == warn  # type: ignore
    assert (await store.periods(1, STRANGER))[0].status is PeriodStatus.ACTIVE


async def test_an_employers_declarations_oldest_first(store: Store) -> None:
    """The history of a personnel file: this employer's declarations, refused ones too."""
    later = replace(_decl(FIRST), created_at=NOW + datetime.timedelta(minutes=5))
    refused = replace(_decl(FIRST + 1, Result.REFUSED), period_id=None)
    other = replace(_decl(FIRST + 2), employer_id=2)
    async with store.unit() as unit:
        for decl in (later, refused, other):
            await unit.save(decl, None)
    assert await store.employer_declarations(1) == [refused, later]
    assert await store.employer_declarations(2) == [other]
    assert await store.employer_declarations(3) == []


# ====================================================================== holds


async def _visit(store: Store, key: str, log: list[str], name: str, pause: float = 0.02
                 ) -> None:
    async with store.hold(key):
        log.append(f"+{name}")
        await asyncio.sleep(pause)
        log.append(f"-{name}")


async def test_holds_on_one_key_take_turns(store: Store) -> None:
    log: list[str] = []
    await asyncio.gather(*(_visit(store, "sms:+32470000001", log, str(n)) for n in range(4)))
    assert all(log[i][1:] == log[i + 1][1:] for i in range(0, len(log), 2)), log


async def test_holds_on_other_keys_do_not_wait(store: Store) -> None:
    log: list[str] = []
    await asyncio.gather(*(_visit(store, f"sms:+3247000000{n}", log, str(n)) for n in range(4)))
    assert sorted(log[:4]) == ["+0", "+1", "+2", "+3"], log


async def test_a_hold_is_released_on_error_and_units_run_inside(store: Store) -> None:
    with pytest.raises(RuntimeError):
        async with store.hold("sms:+32470000001"):
            raise RuntimeError("boom")
    async with store.hold("sms:+32470000001"):
        await store.save_conversation("sms:+32470000001", '{"step": 1}', NOW)
        async with store.unit(lock=f"worker:{W1}") as unit:
            assert await unit.next_number() == FIRST
        assert await store.load_conversation("sms:+32470000001") == '{"step": 1}'
        service = Declarations(store, FixedClock(NOW))
        assert (await service.submit(in_req())).result is Result.ACCEPTED
    async with asyncio.timeout(5):
        async with store.hold("sms:+32470000001"):
            pass


async def test_a_cancelled_waiter_does_not_keep_the_hold(store: Store) -> None:
    entered = asyncio.Event()

    async def holder() -> None:
        async with store.hold("voice:+32470000001"):
            entered.set()
            await asyncio.sleep(0.1)

    first = asyncio.create_task(holder())
    await entered.wait()
    waiter = asyncio.create_task(_visit(store, "voice:+32470000001", [], "w"))
    await asyncio.sleep(0.02)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    await first
    async with asyncio.timeout(5):
        async with store.hold("voice:+32470000001"):
            pass


# ============================================================== conversations


async def test_conversations_are_saved_loaded_and_deleted(store: Store) -> None:
    assert await store.load_conversation("sms:+32470000001") is None
    await store.save_conversation("sms:+32470000001", '{"step": 1}', NOW)
    await store.save_conversation("sms:+32470000001", '{"step": 2}', NOW + NOW.resolution)
    await store.save_conversation("voice:+32470000002", "{}", NOW)
    assert await store.load_conversation("sms:+32470000001") == '{"step": 2}'
    await store.delete_conversation("sms:+32470000001")
    await store.delete_conversation("sms:nobody")
    assert await store.load_conversation("sms:+32470000001") is None
    assert await store.load_conversation("voice:+32470000002") == "{}"


# ================================================================= deliveries


async def test_a_delivery_is_claimed_once_and_remembers_its_reply(store: Store) -> None:
    assert await store.delivery_reply("twilio:SM1") is None
    assert await store.claim_delivery("twilio:SM1", NOW) is True
    assert await store.claim_delivery("twilio:SM1", NOW) is False
    assert await store.delivery_reply("twilio:SM1") is None
    await store.finish_delivery("twilio:SM1", "Déclaration acceptée")
    assert await store.delivery_reply("twilio:SM1") == "Déclaration acceptée"
    claims = await asyncio.gather(*(store.claim_delivery("twilio:SM2", NOW) for _ in range(20)))
    assert claims.count(True) == 1


async def test_a_claim_given_back_is_taken_over_once(store: Store) -> None:
    assert await store.claim_delivery("kannel:7", NOW) is True
    assert await store.take_over_delivery("kannel:7") is False  # its owner lives
    await store.release_delivery("kannel:7")  # its work failed
    takers = await asyncio.gather(*(store.take_over_delivery("kannel:7") for _ in range(10)))
    assert takers.count(True) == 1
    await store.finish_delivery("kannel:7", "ok")
    await store.release_delivery("kannel:7")  # an answered delivery stays answered
    assert await store.take_over_delivery("kannel:7") is False
    assert await store.delivery_reply("kannel:7") == "ok"
    assert await store.take_over_delivery("kannel:never-claimed") is False


async def test_a_closed_store_s_claims_are_another_s_to_take(store_location: str) -> None:
    """On PostgreSQL a store's claims live with its connection; on SQLite with its process
    (this one, alive: see the process tests for a killed one)."""
    first, second = await open_store(store_location), await open_store(store_location)
    try:
        assert await first.claim_delivery("twilio:SM9", NOW) is True
        assert await second.take_over_delivery("twilio:SM9") is False
        await first.close()
        dead = store_location.startswith("postgresql")
        assert await second.take_over_delivery("twilio:SM9") is dead
    finally:
        await second.close()


async def test_a_key_files_once_in_its_unit(store: Store) -> None:
    service = Declarations(store, FixedClock(NOW))
    day = in_req(end_date=D(2026, 3, 16))
    first = await service.submit(day, key="sms:twilio:SM1")
    again = await service.submit(day, key="sms:twilio:SM1")
    assert again == first and first.result is Result.ACCEPTED
    other = await service.submit(in_req(start_date=D(2026, 3, 20), end_date=D(2026, 3, 20)),
                                 key="sms:twilio:SM2")
    assert other.declaration_id != first.declaration_id and other.result is Result.ACCEPTED
    assert len(await store.periods(1, W1)) == 2


async def test_rate_hits_count_in_a_sliding_window(store: Store) -> None:
    minute = datetime.timedelta(minutes=1)
    seconds = [0, 1, 2, 59, 61, 62]
    allowed = [await store.hit("sms:+32470", NOW + datetime.timedelta(seconds=s), minute, 3)
               for s in seconds]
    assert allowed == [True, True, True, False, True, True]
    assert await store.hit("sms:+32471", NOW, minute, 3) is True  # another key
    burst = await asyncio.gather(*(store.hit("sms:+32472", NOW, minute, 5) for _ in range(20)))
    assert burst.count(True) == 5


async def test_a_store_answers_a_ping(store: Store) -> None:
    await store.ping()


async def test_purge_forgets_old_deliveries_and_conversations_only(store: Store) -> None:
    week = datetime.timedelta(days=7)
    await store.claim_delivery("twilio:old", NOW - week)
    await store.finish_delivery("twilio:old", "done")
    await store.claim_delivery("twilio:new", NOW)
    await store.save_conversation("sms:old", "{}", NOW - week)
    await store.save_conversation("sms:new", "{}", NOW)
    assert await store.purge(NOW - datetime.timedelta(days=2), NOW - datetime.timedelta(days=1)
                             ) == 2
    assert await store.delivery_reply("twilio:old") is None
    assert await store.claim_delivery("twilio:old", NOW) is True  # a fresh delivery now
    assert await store.claim_delivery("twilio:new", NOW) is False
    assert await store.load_conversation("sms:old") is None
    assert await store.load_conversation("sms:new") == "{}"


# ====================================================== calls and PIN locks


async def test_calls_are_kept_apart_from_conversations(store: Store) -> None:
    assert await store.load_call("twilio:CA1") is None
    await store.save_call("twilio:CA1", '{"stage": "pin"}', NOW)
    await store.save_call("twilio:CA1", '{"stage": "dialog"}', NOW + NOW.resolution)
    assert await store.load_call("twilio:CA1") == '{"stage": "dialog"}'
    assert await store.load_conversation("twilio:CA1") is None
    assert await store.load_conversation("call:twilio:CA1") is None


async def test_pin_locks_count_and_lock_per_phone(store: Store) -> None:
    assert await store.pin_lock("+32470000001") == PinLock()
    await store.save_pin_lock("+32470000001", PinLock(3), NOW)
    until = NOW + datetime.timedelta(minutes=30)
    await store.save_pin_lock("+32470000002", PinLock(0, until), NOW)
    assert await store.pin_lock("+32470000001") == PinLock(3)
    assert await store.pin_lock("+32470000002") == PinLock(0, until)
    await store.save_pin_lock("+32470000002", PinLock(), NOW)
    assert await store.pin_lock("+32470000002") == PinLock()


async def test_purge_forgets_old_calls_and_pin_locks(store: Store) -> None:
    week = datetime.timedelta(days=7)
    await store.save_call("old", "{}", NOW - week)
    await store.save_call("new", "{}", NOW)
    await store.save_pin_lock("+32470000001", PinLock(2), NOW - week)
    await store.save_pin_lock("+32470000002", PinLock(2), NOW)
    assert await store.purge(NOW - datetime.timedelta(days=2), NOW - datetime.timedelta(days=1)
                             ) == 2
    assert await store.load_call("old") is None and await store.load_call("new") == "{}"
    assert await store.pin_lock("+32470000001") == PinLock()
    assert await store.pin_lock("+32470000002") == PinLock(2)


# ===================================================================== phones


async def test_phones_are_enrolled_listed_and_removed(store: Store) -> None:
    alpha, beta = (replace(e, employer_id=n) for n, e in enumerate(EMPLOYERS, start=1))
    await store.enroll_phone("+32470000002", 2, "nl", "salt$hash")
    await store.enroll_phone("+32470000002", 1, None, None)
    await store.enroll_phone("+32470000001", 1, "fr", "salt$one")
    await store.enroll_phone("+32470000002", 2, "de", None)  # keeps its PIN
    assert [(e.phone, e.employer, e.language, e.pin)
            for e in await store.phone_enrollments("+32470000002")] == [
        ("+32470000002", alpha, None, None), ("+32470000002", beta, "de", "salt$hash")]
    assert [(e.phone, e.employer.employer_id) for e in await store.employer_phones(None)] == [
        ("+32470000001", 1), ("+32470000002", 1), ("+32470000002", 2)]
    assert [e.phone for e in await store.employer_phones(1)] == ["+32470000001", "+32470000002"]
    assert await store.phone_enrollments("+32000") == []
    assert await store.remove_phone("+32470000002", 2) == 1
    assert await store.remove_phone("+32470000002", 2) == 0
    assert await store.remove_phone("+32470000001", None) == 1
    assert [e.phone for e in await store.employer_phones(None)] == ["+32470000002"]


async def test_watchers_are_unique_and_in_byte_order(store: Store) -> None:
    for address in ["sms:+32470000001", "Voice:+32", "api:hook", "+32", "sms:+32470000001"]:
        await store.watch("1000000001", address)
    await store.watch("1000000002", "api:other")
    assert await store.watchers("1000000001") == ["+32", "Voice:+32", "api:hook",
                                                  "sms:+32470000001"]
    assert await store.watchers("nothing") == []


async def test_watchers_are_told_once_and_a_claim_runs_out(store: Store) -> None:
    async with store.unit() as unit:
        await unit.save(_decl(FIRST, Result.PENDING, in_req(ssin=None)), None)
        await unit.save(_decl(FIRST + 1, Result.PENDING, in_req(ssin=None)), None)
    first, second = period_id.make(FIRST), period_id.make(FIRST + 1)
    for address in ("sms:+32470000002", "sms:+32470000001"):
        await store.watch(first, address)
    await store.watch(second, "sms:+32470000003")
    assert await store.unnotified(NOW) == []  # still pending: nothing to tell
    async with store.unit() as unit:
        assert await unit.resolve(replace(_decl(FIRST), result=Result.REFUSED), None)
    assert await store.unnotified(NOW) == [(first, "sms:+32470000001"),
                                           (first, "sms:+32470000002")]
    later = NOW + datetime.timedelta(minutes=5)
    assert await store.claim_notification(first, "sms:+32470000001", NOW, later)
    assert not await store.claim_notification(first, "sms:+32470000001", NOW, later)
    assert await store.unnotified(NOW) == [(first, "sms:+32470000002")]
    await store.notified(first, "sms:+32470000001", NOW)
    assert await store.claim_notification(first, "sms:+32470000002", NOW, later)
    # the claimer died: once its claim ran out the notification is offered again
    after = later + datetime.timedelta(seconds=1)
    assert await store.unnotified(after) == [(first, "sms:+32470000002")]
    assert await store.claim_notification(first, "sms:+32470000002", after,
                                          after + datetime.timedelta(minutes=5))
    await store.release_notification(first, "sms:+32470000002")  # the gateway was down
    assert await store.unnotified(after) == [(first, "sms:+32470000002")]
    assert not await store.claim_notification(first, "sms:+32470000001", after, later)


_CLAIM_AND_DIE = """
import asyncio, datetime, os, sys
from core.store import open_store

async def claim() -> None:
    store = await open_store(sys.argv[1])
    now, until = (datetime.datetime.fromisoformat(t) for t in sys.argv[4:6])
    assert await store.claim_notification(sys.argv[2], sys.argv[3], now, until)
    os._exit(0)  # dies holding the claim: no release, no close

asyncio.run(claim())
"""


async def test_a_dead_owner_s_notification_is_taken_over_a_live_one_s_is_not(
        store: Store, store_location: str) -> None:
    async with store.unit() as unit:
        await unit.save(_decl(FIRST, Result.REFUSED), None)
    first, dead, live = period_id.make(FIRST), "sms:+32470000001", "sms:+32470000002"
    for address in (dead, live):
        await store.watch(first, address)
    later = NOW + datetime.timedelta(minutes=5)
    other = await open_store(store_location)  # alive (on PostgreSQL, its own session)
    try:
        assert await other.claim_notification(first, live, NOW, later)
        died = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _CLAIM_AND_DIE, store_location, first, dead,
            NOW.isoformat(), later.isoformat())
        assert await died.wait() == 0
        # long before the claims run out: the dead one's is offered and taken, once
        assert await store.unnotified(NOW) == [(first, dead)]
        assert not await store.claim_notification(first, live, NOW, later)
        takers = await asyncio.gather(*(store.claim_notification(first, dead, NOW, later)
                                        for _ in range(5)))
        assert takers.count(True) == 1
        assert not await other.claim_notification(first, dead, NOW, later)  # mine now
        assert await store.unnotified(NOW) == []
    finally:
        await other.close()


async def test_a_notification_is_offered_a_limited_number_of_times(store: Store) -> None:
    from core.store.protocols.watchers import NOTIFY_ATTEMPTS

    async with store.unit() as unit:
        await unit.save(_decl(FIRST, Result.REFUSED), None)
    await store.watch(period_id.make(FIRST), "sms:+32470000001")
    for _ in range(NOTIFY_ATTEMPTS):
        assert await store.claim_notification(period_id.make(FIRST), "sms:+32470000001", NOW,
                                               NOW + datetime.timedelta(minutes=1))
        await store.release_notification(period_id.make(FIRST), "sms:+32470000001")
    assert await store.unnotified(NOW) == []
    assert not await store.claim_notification(period_id.make(FIRST), "sms:+32470000001", NOW,
                                              NOW + datetime.timedelta(minutes=1))


async def test_api_keys_are_kept_by_digest_with_their_employers(store: Store) -> None:
    alpha, beta = await store.find_employer(ENT_A), await store.find_employer(ENT_B)
    assert alpha is not None and beta is not None
    assert await store.api_keys() == []
    both = await store.add_api_key("d1", "dtk_abcd", "secretariat", [2, 1], NOW)
    one = await store.add_api_key("d2", "dtk_efgh", None, [1], NOW)
    assert both != one
    found = await store.api_key("d1")
    assert found == ApiKey(both, "secretariat", "dtk_abcd", (alpha, beta), NOW)
    assert found.employer_ids == {1, 2}
    assert await store.api_key("d3") is None
    assert [(k.key_id, k.name, [e.employer_id for e in k.employers])
            for k in await store.api_keys()] == [(both, "secretariat", [1, 2]), (one, None, [1])]
    assert await store.remove_api_key(both)
    assert not await store.remove_api_key(both)
    assert await store.api_key("d1") is None
    assert [k.key_id for k in await store.api_keys()] == [one]


async def test_a_key_follows_its_employer_to_the_definitive_number(store: Store) -> None:
    prov = "5000000120"
    await store.put_employers([Employer(0, "Prov", None, prov, "fr")])  # employer 3
    key = await store.add_api_key("d1", "dtk_abcd", None, [3, 1], NOW)
    only = await store.add_api_key("d2", "dtk_efgh", None, [3], NOW)
    await store.put_employers([Employer(0, "Alpha", ENT_A, NSSO_A, "fr", provisional_nsso=prov)])
    assert (await store.api_key("d1")).employer_ids == {1}  # type: ignore[union-attr]
    assert (await store.api_key("d2")).employer_ids == {1}  # type: ignore[union-attr]
    assert {k.key_id for k in await store.api_keys()} == {key, only}


# ==================================================================== service


async def test_service_declares_refuses_an_overlap_and_cancels(store: Store) -> None:
    service = Declarations(store, FixedClock(NOW))
    first = await service.submit(in_req(start_date=D(2026, 3, 16)))
    assert first.result is Result.ACCEPTED and first.declaration_id == period_id.make(FIRST)
    dup = await service.submit(in_req(start_date=D(2026, 9, 1)))
    assert dup.result is Result.REFUSED and codes(dup) == [OVERLAP]
    assert first.period_id is not None
    cancel = await service.submit(Request(Kind.CANCEL, employer_enterprise=ENT_A,
                                          period_id=first.period_id))
    assert cancel.result is Result.ACCEPTED
    assert await service.get(first.declaration_id) == first
    [stored] = await store.periods(1, W1)
    assert stored.status is PeriodStatus.CANCELLED
    pending = await service.submit(in_req(ssin=STRANGER))
    assert pending.result is Result.PENDING
    await store.put_identities([Identity("Nieuw", "Nina", None, STRANGER)])
    [resolved] = await service.resolve_pending()
    assert resolved.declaration_id == pending.declaration_id
    assert resolved.result in (Result.ACCEPTED, Result.WARNING)
    assert (await store.periods(1, STRANGER))[0].status is PeriodStatus.ACTIVE


async def test_a_preview_files_nothing_and_judges_as_submit_would(store: Store) -> None:
    """The summary of a form shows the verdict before anything is filed."""
    service = Declarations(store, FixedClock(NOW))
    req = in_req(start_date=D(2026, 3, 16))
    seen = await service.preview(req)
    assert seen.result is Result.ACCEPTED and seen.anomalies == ()
    assert await store.periods(1, W1) == [] and await store.employer_declarations(1) == []
    first = await service.submit(req)
    assert first.declaration_id == period_id.make(FIRST)  # the preview took no number
    clash = await service.preview(in_req(start_date=D(2026, 9, 1)))
    assert clash.result is Result.REFUSED and [a.code for a in clash.anomalies] == [OVERLAP]
    assert await service.history(EMPLOYERS_BY_ID[1]) == [first]


async def test_an_older_postgresql_schema_keeps_its_numbering(pg_location: str) -> None:
    """Up to migration 3 numbers came from a counter row; the sequence takes over from it."""
    import asyncpg

    from core.store.schema import MIGRATIONS, statements

    conn = await asyncpg.connect(pg_location)
    try:
        await conn.execute("CREATE TABLE schema_version (one BOOLEAN PRIMARY KEY DEFAULT TRUE"
                           " CHECK (one), version INTEGER NOT NULL)")
        for migration in MIGRATIONS[:3]:
            for statement in statements(migration, "postgresql"):
                await conn.execute(statement)
        await conn.execute("INSERT INTO schema_version VALUES (TRUE, 3);"
                           f"UPDATE counters SET value = {FIRST + 40}")
    finally:
        await conn.close()
    store = await open_store(pg_location)
    try:
        async with store.unit(lock="worker:a") as unit:
            assert await unit.next_number() == FIRST + 41
    finally:
        await store.close()


async def test_a_pin_attempt_is_claimed_before_it_is_evaluated(store: Store) -> None:
    window = datetime.timedelta(minutes=30)
    claims = [await store.claim_pin_attempt("+32470000003", NOW, 3, window) for _ in range(4)]
    assert [c.granted for c in claims] == [True, True, True, False]
    assert claims[2].until == claims[3].until == NOW + window  # the third locks the phone
    assert await store.pin_lock("+32470000003") == PinLock(3, NOW + window)
    assert await store.pin_lock("+32470000004") == PinLock()  # one phone's lock only
    await store.save_pin_lock("+32470000003", PinLock(), NOW)  # the right PIN clears it
    assert (await store.claim_pin_attempt("+32470000003", NOW, 3, window)).granted
