"""The bulk path gives what one-by-one submission gives, line for line, on both stores.

The same lines go to two fresh stores: one by one through
``Declarations.submit`` in one, in chunks through ``Declarations.submit_many`` in
the other. Results, anomalies, numbers, the declarations kept and the whole
personnel file must be equal. The lines touch every kind, good and bad, and
every rule that reads the file: overlaps (also with periods written earlier in
the same chunk), OUT/UPDATE/CANCEL of periods made in the chunk, the feed's
mutations (recorded in the same unit, in line order), quotas
(student hours, horeca days in a row, horeca company days), pending workers,
agency horeca work, sub-entities, NSSO numbers.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.clock import FixedClock
from core.demo import load_demo
from core.ids import period
from core.model import Declaration, Kind, Request
from core.service import Declarations
from core.store import Store, open_store
from tests.core._data import ENT_A, NSSO_A, STRANGER, W1, W2, W3, D, T, identity, in_req, niss
from tests.core.conftest import pg_dsn, pg_schema

NOW = datetime.datetime(2026, 12, 1, 9, 30)
FIRST = 1_000_000_001  # the first number a fresh store gives
LUKAS, EMMA, CHLOE, KLAUS = "01020300467", "99010133374", "03051204513", "76090121061"
MARIE = "92041512230"
ENT_B = "0852093431"
BAKERY = "051234526"
UNKNOWN_EMPLOYER = "0202239951"  # valid check digits, in no registry


def number(k: int) -> str:
    """The k-th declaration number of a fresh store (0-based)."""
    return period.make(FIRST + k)


def ext(ssin: str, day: int, start: int = 18, end: int = 23, **kw: object) -> Request:
    return in_req(ssin=ssin, committee="302", worker_type="EXT", start_date=D(2026, 12, day),
                  end_date=D(2026, 12, day), start_hour=T(start), end_hour=T(end), **kw)


def out(pid: str, day: int | None, employer: str = ENT_A) -> Request:
    return Request(Kind.OUT, employer_enterprise=employer, period_id=pid,
                   end_date=D(2026, 12, day) if day else None)


def update(pid: str, employer: str = ENT_A, **kw: object) -> Request:
    return Request(Kind.UPDATE, employer_enterprise=employer, period_id=pid,
                   **kw)  # type: ignore[arg-type]


def cancel(pid: str, employer: str = ENT_A) -> Request:
    return Request(Kind.CANCEL, employer_enterprise=employer, period_id=pid)


#: Submitted one by one to both stores before the lines under test (numbers 0-3).
SETUP = [
    in_req(start_date=D(2026, 12, 10)),  # 0: Jan, OTH, no end
    ext(MARIE, 5),  # 1: Marie, EXT
    in_req(ssin=LUKAS, worker_type="STU", start_date=D(2026, 12, 2), end_date=D(2026, 12, 20),
           planned_hours=600),  # 2: Lukas, 600 student hours
    in_req(ssin=EMMA, start_date=D(2026, 12, 3), end_date=D(2026, 12, 31)),  # 3: Emma
]
S = len(SETUP)


def line(k: int) -> str:
    """The number of the k-th line under test."""
    return number(S + k)


LINES = [
    in_req(start_date=D(2026, 12, 15)),  # 0: overlaps setup 0: B
    ext(W1, 15),  # 1: other characteristics: A
    ext(W1, 16),  # 2: A
    ext(W1, 17),  # 3: three days in a row: W
    ext(W1, 17, 20, 22),  # 4: overlaps line 3, written in this chunk: B
    out(number(0), 20),  # 5: A
    out(number(0), 21),  # 6: closed by line 5: B
    update(number(1), end_hour=T(22)),  # 7: A
    update(number(1), committee="XXX"),  # 8: a characteristic: B
    cancel(number(3)),  # 9: A
    cancel(number(3)),  # 10: already cancelled by line 9: B
    in_req(ssin=LUKAS, worker_type="STU", start_date=D(2026, 12, 22), end_date=D(2026, 12, 23),
           planned_hours=100),  # 11: over the student quota: W
    in_req(ssin=STRANGER, start_date=D(2026, 12, 11)),  # 12: unknown NISS: S
    in_req(ssin="85073100131"),  # 13: check digits: B
    in_req(employer_enterprise=UNKNOWN_EMPLOYER, ssin=W3),  # 14: unknown employer: B
    in_req(employer_enterprise=None, employer_nsso=BAKERY, ssin=MARIE,
           start_date=D(2026, 12, 12)),  # 15: by NSSO number: A
    in_req(ssin=None, identity=identity()),  # 16: no NISS: S
    in_req(ssin=CHLOE, start_date=D(2026, 11, 20)),  # 17: late: W
    update(line(1), end_hour=T(23, 30)),  # 18: a period of this chunk: A
    cancel(line(2)),  # 19: A
    ext(W1, 16, 17, 21),  # 20: line 2's period cancelled: no overlap (three days again: W)
    in_req(ssin=KLAUS, committee="322", worker_type="EXT", start_date=D(2026, 12, 15),
           end_date=D(2026, 12, 15), start_hour=T(18), end_hour=T(23), user_enterprise=ENT_B,
           user_committee="302"),  # 21: agency horeca work: counts against the user
    update("100000099995"),  # 22: unknown period: B
    out(number(1), None),  # 23: no end date: B
    in_req(employer_enterprise=None, employer_nsso=NSSO_A, sub_entity="0000522001",
           start_date=D(2026, 12, 4)),  # 24: a sub-entity on the list: A
    in_req(employer_enterprise=None, employer_nsso=NSSO_A),  # 25: sub-entity missing: B
    update(number(0), end_date=datetime.date(9999, 12, 31)),  # 26: reopen after line 5: A
    ext(KLAUS, 16, user_enterprise=None),  # 27: Klaus for the Brasserie too
    in_req(ssin=W3, employer_enterprise="0403.199.702", start_date=D(2026, 12, 28),
           end_date=D(2026, 12, 28)),  # 28: a number in its dotted form
]

#: The results the lines above are written for (the point is equality, but a list that
#: only ever gave B would compare equal too).
EXPECTED = "BAAWBABABABWSBBASWWAWABBABAAS"


@pytest.fixture(params=["sqlite", "postgresql"])
async def two_stores(request: pytest.FixtureRequest, tmp_path: Path
                     ) -> AsyncIterator[tuple[Store, Store]]:
    """Two fresh stores of one kind, with the demo registries."""
    async with AsyncExitStack() as stack:
        if request.param == "sqlite":
            locations = [str(tmp_path / "one.db"), str(tmp_path / "bulk.db")]
        else:
            dsn = pg_dsn()
            locations = [await stack.enter_async_context(pg_schema(dsn)) for _ in range(2)]
        stores = []
        for location in locations:
            store = await open_store(location)
            stack.push_async_callback(store.close)
            await load_demo(store)
            stores.append(store)
        yield stores[0], stores[1]


def _seen(decl: Declaration) -> tuple[object, ...]:
    return (decl.declaration_id, decl.request, decl.result, decl.anomalies, decl.created_at,
            decl.period_id, decl.employer_id)


async def _file(store: Store, decls: Sequence[Declaration]
                ) -> tuple[tuple[object, ...], tuple[object, ...], tuple[object, ...]]:
    """Everything the store keeps of these declarations: each one, every period, and the
    institutions' feed (a mutation per accepted change, in order)."""
    employers = {d.employer_id for d in decls if d.employer_id is not None}
    periods = [await store.periods(e, None) for e in sorted(employers)]
    kept = [await store.declaration(d.declaration_id) for d in decls]
    feed = await store.mutations(0, 100_000)
    return tuple(map(tuple, periods)), tuple(_seen(d) for d in kept if d), tuple(feed)


async def _both_ways(stores: tuple[Store, Store], lines: Sequence[Request], chunk: int
                     ) -> tuple[list[Declaration], list[Declaration]]:
    one, bulk = (Declarations(s, FixedClock(NOW)) for s in stores)
    for req in SETUP:
        for service in (one, bulk):
            await service.submit(req)
    singly = [await one.submit(req) for req in lines]
    chunked: list[Declaration] = []
    for start in range(0, len(lines), chunk):
        chunked += await bulk.submit_many(lines[start:start + chunk])
    return singly, chunked


@pytest.mark.parametrize("chunk", [len(LINES), 7, 1])
async def test_bulk_gives_what_one_by_one_gives(two_stores: tuple[Store, Store],
                                                chunk: int) -> None:
    singly, chunked = await _both_ways(two_stores, LINES, chunk)
    assert "".join(d.result.value for d in singly) == EXPECTED
    assert [_seen(d) for d in chunked] == [_seen(d) for d in singly]
    everything = [*singly, *[d for d in chunked if d.employer_id is None]]
    bulk_file = await _file(two_stores[1], everything)
    assert bulk_file == await _file(two_stores[0], everything)
    assert len(bulk_file[2]) == len(SETUP) + EXPECTED.count("A") + EXPECTED.count("W")


async def test_a_horeca_company_over_its_days_in_one_chunk(two_stores: tuple[Store, Store]
                                                           ) -> None:
    """A company's days are counted again after each line of a chunk: 200 days in 2027,
    one cancelled (no longer counted), then two new ones: only the 201st is over."""

    def day(n: int) -> Request:
        first = D(2027, 1, 1) + datetime.timedelta(days=n)
        return in_req(ssin=niss("800101", n % 97 + 1), committee="302", worker_type="EXT",
                      start_date=first, end_date=first, start_hour=T(18), end_hour=T(23))

    lines = [day(n) for n in range(200)] + [cancel(line(10)), day(212), day(213)]
    singly, chunked = await _both_ways(two_stores, lines, 80)
    assert [_seen(d) for d in chunked] == [_seen(d) for d in singly]
    over = [n for n, d in enumerate(singly) if "90017-922" in {a.code for a in d.anomalies}]
    assert over == [len(lines) - 1] and singly[200].result.value == "A"


# -- any sequence: random lines from a small pool of workers, days and kinds

_WORKERS = [W1, W2, W3, LUKAS, STRANGER]


@st.composite
def _line(draw: st.DrawFn, made: int) -> Request:
    kind = draw(st.sampled_from(list(Kind)))
    employer = draw(st.sampled_from([ENT_A, ENT_A, ENT_B]))
    if kind is Kind.IN or made == 0:
        day = draw(st.integers(1, 6))
        typ = draw(st.sampled_from(["EXT", "OTH", "STU"]))
        kw: dict[str, object] = {"start_date": D(2026, 12, day), "end_date": D(2026, 12, day)}
        if typ == "EXT":
            kw.update(committee="302", start_hour=T(draw(st.sampled_from([8, 12, 18]))),
                      end_hour=T(23))
        if typ == "STU":
            kw.update(planned_hours=draw(st.sampled_from([8, 400])))
        return in_req(employer_enterprise=employer, ssin=draw(st.sampled_from(_WORKERS)),
                      worker_type=typ, **kw)
    target = number(draw(st.integers(0, made - 1)) + S)
    if kind is Kind.OUT:
        return out(target, draw(st.integers(1, 8)), employer)
    if kind is Kind.UPDATE:
        return update(target, employer, end_date=D(2026, 12, draw(st.integers(1, 8))))
    return cancel(target, employer)


@st.composite
def _lines(draw: st.DrawFn) -> list[Request]:
    count = draw(st.integers(1, 24))
    return [draw(_line(n)) for n in range(count)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_lines(), chunk=st.integers(1, 10))
async def test_any_sequence_gives_the_same(lines: list[Request], chunk: int) -> None:
    async with AsyncExitStack() as stack:
        stores = []
        for _ in range(2):
            store = await open_store(":memory:")
            stack.push_async_callback(store.close)
            await load_demo(store)
            stores.append(store)
        singly, chunked = await _both_ways((stores[0], stores[1]), lines, chunk)
        assert [_seen(d) for d in chunked] == [_seen(d) for d in singly]
        assert await _file(stores[1], singly) == await _file(stores[0], singly)
