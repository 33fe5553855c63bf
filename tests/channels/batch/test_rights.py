"""Rights: a file may only hold lines for its sender's employers; any other line is refused
with its own notification and the rest goes on.

The sender here is a principal scoped to some employers (the protocol of
:mod:`channels.batch.rights`, as an employer API key is): the file goes through
the real receiving, store and processor.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import AsyncIterator

from channels.batch.process import Processor
from channels.batch.receive import receive
from core.clock import FixedClock
from core.demo import load_demo
from core.service import Declarations
from core.store import open_store
from tests.channels.batch.conftest import ENT, JAN, MARIE, csv_file, in_row

NOW = datetime.datetime(2026, 12, 1, 9, 30)
OTHER = "0852093431"  # another demo employer


class Scoped:
    """A key given for some employers only."""

    name = "key:secretariat"

    def __init__(self, *numbers: str) -> None:
        self.numbers = set(numbers)

    def may_act_for(self, employer: str) -> bool:
        return employer in self.numbers

    def may_read(self, principal: str) -> bool:
        return principal == self.name


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), 100):
        yield data[start:start + 100]


async def test_lines_for_a_foreign_employer_are_refused_alone(process_db: str) -> None:
    clock = FixedClock(NOW)
    store = await open_store(process_db)
    try:
        await load_demo(store)
        rows = [in_row(JAN), in_row(MARIE, enterpriseNumber=OTHER), in_row(MARIE, "2026-12-16"),
                in_row(JAN, "2026-12-17", enterpriseNumber="0852.093.431")]
        ack = await receive(store, _chunks(csv_file(rows).encode()), "csv", Scoped(ENT), None,
                            10**6, clock.now)
        assert ack.batch.status == "accepted" and ack.batch.principal == "key:secretariat"
        service = Declarations(store, clock)
        await Processor(store, service, clock, chunk=2).until_done(ack.batch.ticket)
        notes = await store.notices(ack.batch.ticket, 0, None, 10)
        assert [(n.line, n.result) for n in notes] == [(2, "A"), (3, "B"), (4, "A"), (5, "B")]
        for refused in (notes[1], notes[3]):
            [anomaly] = json.loads(refused.anomalies)
            assert anomaly["code"] == "00014-932" and anomaly["params"]["number"] == OTHER
            assert refused.declaration_id is None
        other = await service.employer(OTHER)
        assert other is not None and await service.periods(other) == []  # nothing written
        mine = await service.employer(ENT)
        assert mine is not None and len(await service.periods(mine)) == 2
    finally:
        await store.close()
