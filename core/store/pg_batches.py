"""Batch files on PostgreSQL: :class:`~core.store.protocols.BatchStore`, mixed into the store.

Lines and notifications are written with ``executemany`` (one round trip per
chunk, pipelined); a claim takes the oldest free shard with ``FOR UPDATE SKIP
LOCKED``, so two processes claiming at once take two shards.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Collection, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Final

from core.store import batch_rows as sql
from core.store import rows
from core.store.pg_migrate import Conn
from core.store.protocols.batches import (
    Batch,
    BatchLine,
    BatchUnit,
    Claim,
    NewLine,
    Notice,
    Progress,
)

__all__ = ["PostgresBatchUnit", "PostgresBatches"]

_ = rows.numbered
_OPEN, _BATCH, _BY_KEY, _ADD_LINE, _TOUCH = map(_, (sql.OPEN, sql.BATCH, sql.BY_KEY,
                                                    sql.ADD_LINE, sql.TOUCH))
_ACCEPT, _ADD_SHARD, _REFUSE, _DROP_LINES, _DROP = map(_, (sql.ACCEPT, sql.ADD_SHARD, sql.REFUSE,
                                                            sql.DROP_LINES, sql.DROP))
_RELEASE, _LINES, _ADVANCE, _ADD_NOTICE = map(_, (sql.RELEASE, sql.LINES, sql.ADVANCE,
                                                  sql.ADD_NOTICE))
_PROGRESS, _NOTICES, _COUNTS, _SETTLED = map(_, (sql.PROGRESS, sql.NOTICES, sql.COUNTS,
                                                 sql.SETTLED))
_SETTLE, _FINALS, _ADD_FINALS, _STALE = map(_, (sql.SETTLE, sql.FINALS, sql.ADD_FINALS,
                                                sql.STALE))
_SETTLING: Final = _(sql.SETTLING)
_PERIOD_WORKERS: Final = _(sql.PERIOD_WORKERS["postgresql"])
_CLAIM: Final = {one: _(sql.claim_sql("postgresql", one)) for one in (False, True)}
_CLAIMABLE: Final = {one: _(sql.claimable_sql(one)) for one in (False, True)}


class PostgresBatchUnit:
    """What a unit writes of a batch, mixed into :class:`~core.store.pg_unit.PostgresUnit`."""

    _conn: Conn

    async def advance(self, claim: Claim, owner: str, next_line: int | None, done: int,
                      lease_until: float, results: dict[str, int]) -> bool:
        status = await self._conn.execute(_ADVANCE, *sql.advance_args(
            claim, owner, next_line, done, lease_until, results))
        return status == "UPDATE 1"

    async def add_notices(self, ticket: str, notices: Sequence[Notice]) -> None:
        await self._conn.copy_records_to_table(
            "batch_notifications", records=[(*sql.notice_args(ticket, n), 0) for n in notices],
            columns=sql.NOTICE_COLUMNS)


class PostgresBatches:
    """Batch files in the PostgreSQL store (the store gives the connections and units)."""

    def _connection(self) -> AbstractAsyncContextManager[Conn]:
        raise NotImplementedError  # the store's own

    def _transaction(self, lock: str | None) -> AbstractAsyncContextManager[Conn]:
        raise NotImplementedError  # the store's own

    def unit(self, lock: str | None = None) -> AbstractAsyncContextManager[Any]:
        raise NotImplementedError  # the store's own

    async def _fetch(self, statement: str, *args: Any) -> list[Any]:
        async with self._connection() as conn:
            return list(await conn.fetch(statement, *args))

    async def _row(self, statement: str, *args: Any) -> Any:
        async with self._connection() as conn:
            return await conn.fetchrow(statement, *args)

    async def open_batch(self, batch: Batch) -> Batch:
        async with self._connection() as conn:
            if await conn.execute(_OPEN, *sql.open_args(batch)) == "INSERT 0 1":
                return batch
            row = await conn.fetchrow(_BY_KEY, batch.idempotency_key)
        if row is None:
            raise ValueError(f"ticket {batch.ticket} exists")
        return sql.to_batch(row)

    async def add_lines(self, ticket: str, lines: Sequence[NewLine],
                        now: datetime.datetime) -> None:
        async with self._transaction(f"batch:{ticket}") as conn:
            await conn.executemany(_ADD_LINE, [sql.line_args(ticket, n) for n in lines])
            await conn.execute(_TOUCH, ticket, now.isoformat())

    async def accept_batch(self, ticket: str, lines: int, last_line: int, digest: str,
                           first_lines: dict[int, int]) -> None:
        async with self._transaction(f"batch:{ticket}") as conn:
            await conn.execute(_ACCEPT, ticket, lines, last_line, digest)
            queued = await conn.fetchval("SELECT created_at FROM batches WHERE ticket = $1",
                                         ticket)
            await conn.executemany(_ADD_SHARD, [(ticket, shard, first, queued)
                                                for shard, first in first_lines.items()])

    async def refuse_batch(self, ticket: str, digest: str | None,
                           errors: list[dict[str, object]]) -> None:
        async with self._transaction(f"batch:{ticket}") as conn:
            await conn.execute(_DROP_LINES, ticket)
            await conn.execute(_REFUSE, ticket, digest, json.dumps(errors))

    async def drop_batch(self, ticket: str) -> None:
        async with self._transaction(f"batch:{ticket}") as conn:
            await conn.execute(_DROP_LINES, ticket)
            await conn.execute(_DROP, ticket)

    async def batch(self, ticket: str) -> Batch | None:
        row = await self._row(_BATCH, ticket)
        return sql.to_batch(row) if row else None

    async def period_workers(self, period_ids: Collection[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in await self._fetch(_PERIOD_WORKERS, list(period_ids))}

    async def claim_shard(self, owner: str, now: float, lease_until: float,
                          ticket: str | None = None) -> Claim | None:
        one = (ticket,) if ticket else ()
        if await self._row(_CLAIMABLE[ticket is not None], now, *one) is None:
            return None
        row = await self._row(_CLAIM[ticket is not None], owner, lease_until, now, *one)
        return sql.to_claim(row) if row else None

    async def release_shard(self, claim: Claim, owner: str) -> None:
        async with self._connection() as conn:
            await conn.execute(_RELEASE, claim.ticket, claim.shard, owner)

    async def shard_lines(self, ticket: str, shard: int, first: int, limit: int
                          ) -> list[BatchLine]:
        return [sql.to_line(r) for r in await self._fetch(_LINES, ticket, shard, first, limit)]

    def batch_unit(self, claim: Claim) -> AbstractAsyncContextManager[BatchUnit]:
        return self.unit(lock=f"batch:{claim.ticket}:{claim.shard}")

    async def progress(self, ticket: str) -> Progress:
        done, first, shards = await self._row(_PROGRESS, ticket)
        return Progress(int(done), first, int(shards))

    async def notices(self, ticket: str, after: int, below: int | None, limit: int
                      ) -> list[Notice]:
        found = await self._fetch(_NOTICES, ticket, after, below or sql.EVERY, limit)
        return [sql.to_notice(r) for r in found]

    async def result_counts(self, ticket: str) -> dict[tuple[str, bool], int]:
        return {(r[0], bool(r[1])): int(r[2]) for r in await self._fetch(_COUNTS, ticket)}

    async def record_finals(self, ticket: str) -> int:
        if await self._row(_SETTLING, ticket) is None:
            return 0  # a read first: most reads of a batch have nothing to record
        async with self._transaction(f"batchfinals:{ticket}") as conn:
            progress: Any = await conn.fetchrow(_PROGRESS, ticket)
            if progress[1] is not None:
                return 0  # still being processed: finals follow every line
            settled = list(await conn.fetch(_SETTLED, ticket))
            if not settled:
                return 0
            counted: Any = await conn.fetchrow(_FINALS, ticket)
            last_line, so_far = counted
            notices = sql.finals(settled, int(last_line), int(so_far))
            await conn.executemany(_ADD_NOTICE, [sql.notice_args(ticket, n) for n in notices])
            await conn.executemany(_SETTLE, [(ticket, n.line) for n in notices])
            await conn.execute(_ADD_FINALS, ticket, len(notices))
            return len(notices)

    async def tickets_settling(self) -> list[str]:
        return [r[0] for r in await self._fetch(sql.TICKETS_SETTLING)]

    async def forget_uploads(self, before: datetime.datetime) -> int:
        async with self._transaction(None) as conn:
            stale = [r[0] for r in await conn.fetch(_STALE, before.isoformat())]
            for ticket in stale:
                await conn.execute(_DROP_LINES, ticket)
                await conn.execute(_DROP, ticket)
            return len(stale)
