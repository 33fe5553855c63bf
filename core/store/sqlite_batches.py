"""Batch files on SQLite: :class:`~core.store.protocols.BatchStore`, mixed into the store."""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Collection, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from core.store import batch_rows as sql
from core.store import rows
from core.store.protocols.batches import (
    Batch,
    BatchLine,
    BatchUnit,
    Claim,
    NewLine,
    Notice,
    Progress,
)

__all__ = ["SQLiteBatchUnit", "SQLiteBatches"]


class SQLiteBatchUnit:
    """What a unit writes of a batch, mixed into :class:`~core.store.sqlite.SQLiteUnit`."""

    _conn: sqlite3.Connection

    async def advance(self, claim: Claim, owner: str, next_line: int | None, done: int,
                      lease_until: float, results: dict[str, int]) -> bool:
        moved = self._conn.execute(sql.ADVANCE, sql.advance_args(
            claim, owner, next_line, done, lease_until, results)).rowcount
        return bool(moved == 1)

    async def add_notices(self, ticket: str, notices: Sequence[Notice]) -> None:
        self._conn.executemany(sql.ADD_NOTICE, [sql.notice_args(ticket, n) for n in notices])


class SQLiteBatches:
    """Batch files in the SQLite store's file (the store gives ``_conn`` and ``unit``)."""

    _conn: sqlite3.Connection

    def unit(self, lock: str | None = None) -> AbstractAsyncContextManager[Any]:
        raise NotImplementedError  # the store's own

    def _one(self, statement: str, *args: object) -> Any:
        return self._conn.execute(statement, args).fetchone()

    async def open_batch(self, batch: Batch) -> Batch:
        async with self.unit():
            if self._conn.execute(sql.OPEN, sql.open_args(batch)).rowcount == 1:
                return batch
            row = self._one(sql.BY_KEY, batch.idempotency_key)
            if row is None:  # the ticket itself was taken: never twice in a row
                raise ValueError(f"ticket {batch.ticket} exists")
            return sql.to_batch(row)

    async def add_lines(self, ticket: str, lines: Sequence[NewLine],
                        now: datetime.datetime) -> None:
        async with self.unit():
            self._conn.executemany(sql.ADD_LINE, [sql.line_args(ticket, n) for n in lines])
            self._conn.execute(sql.TOUCH, (ticket, now.isoformat()))

    async def accept_batch(self, ticket: str, lines: int, last_line: int, digest: str,
                           first_lines: dict[int, int]) -> None:
        async with self.unit():
            self._conn.execute(sql.ACCEPT, (ticket, lines, last_line, digest))
            queued = self._one("SELECT created_at FROM batches WHERE ticket = ?", ticket)[0]
            self._conn.executemany(sql.ADD_SHARD, [(ticket, shard, first, queued)
                                                   for shard, first in first_lines.items()])

    async def refuse_batch(self, ticket: str, digest: str | None,
                           errors: list[dict[str, object]]) -> None:
        async with self.unit():
            self._conn.execute(sql.DROP_LINES, (ticket,))
            self._conn.execute(sql.REFUSE, (ticket, digest, json.dumps(errors)))

    async def drop_batch(self, ticket: str) -> None:
        async with self.unit():
            self._conn.execute(sql.DROP_LINES, (ticket,))
            self._conn.execute(sql.DROP, (ticket,))

    async def batch(self, ticket: str) -> Batch | None:
        row = self._one(sql.BATCH, ticket)
        return sql.to_batch(row) if row else None

    async def period_workers(self, period_ids: Collection[str]) -> dict[str, str]:
        found = self._conn.execute(sql.PERIOD_WORKERS["sqlite"],
                                   (rows.list_param(period_ids, "sqlite"),))
        return {r[0]: r[1] for r in found}

    async def claim_shard(self, owner: str, now: float, lease_until: float,
                          ticket: str | None = None) -> Claim | None:
        one = (ticket,) if ticket else ()
        if self._one(sql.claimable_sql(ticket is not None), now, *one) is None:
            return None  # a read first: no write lock taken while there is nothing to do
        async with self.unit():
            row = self._one(sql.claim_sql("sqlite", ticket is not None), owner, lease_until,
                            now, *one)
        return sql.to_claim(row) if row else None

    async def release_shard(self, claim: Claim, owner: str) -> None:
        async with self.unit():
            self._conn.execute(sql.RELEASE, (claim.ticket, claim.shard, owner))

    async def shard_lines(self, ticket: str, shard: int, first: int, limit: int
                          ) -> list[BatchLine]:
        found = self._conn.execute(sql.LINES, (ticket, shard, first, limit))
        return [sql.to_line(r) for r in found]

    def batch_unit(self, claim: Claim) -> AbstractAsyncContextManager[BatchUnit]:
        return self.unit(lock=f"batch:{claim.ticket}:{claim.shard}")

    async def progress(self, ticket: str) -> Progress:
        done, first, shards = self._one(sql.PROGRESS, ticket)
        return Progress(int(done), first, int(shards))

    async def notices(self, ticket: str, after: int, below: int | None, limit: int
                      ) -> list[Notice]:
        found = self._conn.execute(sql.NOTICES, (ticket, after, below or sql.EVERY, limit))
        return [sql.to_notice(r) for r in found]

    async def result_counts(self, ticket: str) -> dict[tuple[str, bool], int]:
        return {(r[0], bool(r[1])): int(r[2]) for r in self._conn.execute(sql.COUNTS, (ticket,))}

    async def record_finals(self, ticket: str) -> int:
        if self._one(sql.SETTLING, ticket) is None:
            return 0  # a read first: most reads of a batch have nothing to record
        async with self.unit():
            if self._one(sql.PROGRESS, ticket)[1] is not None:
                return 0  # still being processed: finals follow every line
            settled = self._conn.execute(sql.SETTLED, (ticket,)).fetchall()
            if not settled:
                return 0
            last_line, so_far = self._one(sql.FINALS, ticket)
            notices = sql.finals(settled, int(last_line), int(so_far))
            self._conn.executemany(sql.ADD_NOTICE, [sql.notice_args(ticket, n)
                                                    for n in notices])
            self._conn.executemany(sql.SETTLE, [(ticket, n.line) for n in notices])
            self._conn.execute(sql.ADD_FINALS, (ticket, len(notices)))
            return len(notices)

    async def tickets_settling(self) -> list[str]:
        return [r[0] for r in self._conn.execute(sql.TICKETS_SETTLING)]

    async def forget_uploads(self, before: datetime.datetime) -> int:
        async with self.unit():
            stale = [r[0] for r in self._conn.execute(sql.STALE, (before.isoformat(),))]
            for ticket in stale:
                self._conn.execute(sql.DROP_LINES, (ticket,))
                self._conn.execute(sql.DROP, (ticket,))
            return len(stale)
