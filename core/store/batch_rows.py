"""The SQL of batch files, shared by both stores (``?N`` placeholders; see :mod:`rows`)."""

from __future__ import annotations

import datetime
import json
from typing import Any, Final

from core.store import rows
from core.store.protocols.batches import Batch, BatchLine, Claim, NewLine, Notice

__all__ = ["BATCH", "claim_sql", "to_batch", "to_claim", "to_line", "to_notice"]

_COLUMNS: Final = ("ticket, principal, format, status, created_at, lines, last_line, digest,"
                   " errors, idempotency_key")
#: A new batch, unless its ticket or its idempotency key is taken (then nothing).
OPEN: Final = (f"INSERT INTO batches ({_COLUMNS}, updated_at, finals)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?5, 0) ON CONFLICT DO NOTHING")
BATCH: Final = f"SELECT {_COLUMNS} FROM batches WHERE ticket = ?1"
BY_KEY: Final = f"SELECT {_COLUMNS} FROM batches WHERE idempotency_key = ?1"
ADD_LINE: Final = "INSERT INTO batch_lines (ticket, shard, line, request) VALUES (?1, ?2, ?3, ?4)"
TOUCH: Final = "UPDATE batches SET updated_at = ?2 WHERE ticket = ?1"
ACCEPT: Final = ("UPDATE batches SET status = 'accepted', lines = ?2, last_line = ?3,"
                 " digest = ?4 WHERE ticket = ?1 AND status = 'receiving'")
ADD_SHARD: Final = ("INSERT INTO batch_shards (ticket, shard, next_line, done, queued)"
                    " VALUES (?1, ?2, ?3, 0, ?4)")
REFUSE: Final = ("UPDATE batches SET status = 'refused', digest = ?2, errors = ?3"
                 " WHERE ticket = ?1 AND status = 'receiving'")
DROP_LINES: Final = "DELETE FROM batch_lines WHERE ticket = ?1"
DROP: Final = "DELETE FROM batches WHERE ticket = ?1 AND status = 'receiving'"
STALE: Final = "SELECT ticket FROM batches WHERE status = 'receiving' AND updated_at < ?1"
PERIOD_WORKERS: Final = {
    dialect: (f"SELECT period_id, ssin FROM periods WHERE {rows.any_of('period_id', 1, dialect)}"
              " AND ssin IS NOT NULL") for dialect in ("sqlite", "postgresql")}
RELEASE: Final = ("UPDATE batch_shards SET owner = NULL, lease_until = NULL"
                  " WHERE ticket = ?1 AND shard = ?2 AND owner = ?3")
LINES: Final = ("SELECT line, request FROM batch_lines WHERE ticket = ?1 AND shard = ?2"
                " AND line >= ?3 ORDER BY line LIMIT ?4")
#: The shard moves on only from where its owner left it: else another process took over.
ADVANCE: Final = ("UPDATE batch_shards SET next_line = ?1, done = done + ?2, lease_until = ?3,"
                  " results_a = results_a + ?8, results_w = results_w + ?9,"
                  " results_b = results_b + ?10, results_s = results_s + ?11"
                  " WHERE ticket = ?4 AND shard = ?5 AND owner = ?6 AND next_line = ?7")
NOTICE_COLUMNS: Final = ("ticket", "seq", "line", "declaration_id", "result", "period_id",
                         "anomalies", "final", "settled")
ADD_NOTICE: Final = (f"INSERT INTO batch_notifications ({', '.join(NOTICE_COLUMNS)})"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)")
PROGRESS: Final = ("SELECT COALESCE(SUM(done), 0), MIN(next_line), COUNT(*) FROM batch_shards"
                   " WHERE ticket = ?1")
#: Results of the lines done (their first notification), then of the final ones.
COUNTS: Final = ("SELECT 'A', 0, COALESCE(SUM(results_a), 0) FROM batch_shards WHERE ticket = ?1"
                 " UNION ALL SELECT 'W', 0, COALESCE(SUM(results_w), 0) FROM batch_shards"
                 " WHERE ticket = ?1 UNION ALL SELECT 'B', 0, COALESCE(SUM(results_b), 0)"
                 " FROM batch_shards WHERE ticket = ?1 UNION ALL"
                 " SELECT 'S', 0, COALESCE(SUM(results_s), 0) FROM batch_shards WHERE ticket = ?1"
                 " UNION ALL SELECT n.result, 1, COUNT(*) FROM batch_notifications n"
                 " JOIN batches b ON b.ticket = n.ticket WHERE n.ticket = ?1"
                 " AND n.seq > b.last_line GROUP BY n.result")
NOTICES: Final = ("SELECT seq, line, declaration_id, result, period_id, anomalies, final"
                  " FROM batch_notifications WHERE ticket = ?1 AND seq > ?2 AND seq < ?3"
                  " ORDER BY seq LIMIT ?4")
_SETTLED: Final = ("FROM batch_notifications n JOIN declarations d"
                   " ON d.declaration_id = n.declaration_id WHERE n.result = 'S'"
                   " AND n.final = 0 AND n.settled = 0 AND d.result != 'S'")
#: Pending lines of a batch whose declaration is final now, in line order.
SETTLED: Final = (f"SELECT n.line, d.declaration_id, d.result, d.period_id, d.anomalies"
                  f" {_SETTLED} AND n.ticket = ?1 ORDER BY n.seq")
SETTLING: Final = f"SELECT 1 {_SETTLED} AND n.ticket = ?1 LIMIT 1"
TICKETS_SETTLING: Final = f"SELECT DISTINCT n.ticket {_SETTLED}"
SETTLE: Final = ("UPDATE batch_notifications SET settled = 1 WHERE ticket = ?1 AND line = ?2"
                 " AND final = 0")
FINALS: Final = "SELECT last_line, finals FROM batches WHERE ticket = ?1"
ADD_FINALS: Final = "UPDATE batches SET finals = finals + ?2 WHERE ticket = ?1"
#: No ``seq`` is that large: the notifications below it are all of them.
EVERY: Final = 2**62


_FREE: Final = "next_line IS NOT NULL AND (owner IS NULL OR lease_until < ?{now})"


def claimable_sql(one_ticket: bool) -> str:
    """Whether a shard may be claimed (params: now[, ticket]): a read before the claim."""
    only = " AND ticket = ?2" if one_ticket else ""
    return f"SELECT 1 FROM batch_shards WHERE {_FREE.format(now=1)}{only} LIMIT 1"


def claim_sql(dialect: str, one_ticket: bool) -> str:
    """Take the lease of the oldest claimable shard (params: owner, until, now[, ticket])."""
    only = " AND ticket = ?4" if one_ticket else ""
    skip = " FOR UPDATE SKIP LOCKED" if dialect == "postgresql" else ""
    free = _FREE.format(now=3)
    return (f"UPDATE batch_shards SET owner = ?1, lease_until = ?2 WHERE {free}"
            f" AND (ticket, shard) IN (SELECT ticket, shard FROM batch_shards WHERE {free}{only}"
            f" ORDER BY queued, ticket, shard LIMIT 1{skip})"
            " RETURNING ticket, shard, next_line, queued")


def open_args(b: Batch) -> tuple[Any, ...]:
    return (b.ticket, b.principal, b.format, b.status, b.created_at.isoformat(), b.lines,
            b.last_line, b.digest, json.dumps(b.errors) if b.errors else None,
            b.idempotency_key)


def to_batch(row: rows.Row) -> Batch:
    return Batch(row[0], row[1], row[2], row[3], datetime.datetime.fromisoformat(row[4]),
                 int(row[5]), int(row[6]), row[7], json.loads(row[8]) if row[8] else [],
                 row[9])


def line_args(ticket: str, line: NewLine) -> tuple[Any, ...]:
    return (ticket, line.shard, line.line, line.request)


def to_line(row: rows.Row) -> BatchLine:
    return BatchLine(int(row[0]), row[1])


def to_claim(row: rows.Row) -> Claim:
    return Claim(row[0], int(row[1]), int(row[2]), datetime.datetime.fromisoformat(row[3]))


def advance_args(claim: Claim, owner: str, next_line: int | None, done: int,
                 lease_until: float, results: dict[str, int]) -> tuple[Any, ...]:
    return (next_line, done, lease_until, claim.ticket, claim.shard, owner, claim.next_line,
            *(results.get(r, 0) for r in "AWBS"))


def notice_args(ticket: str, n: Notice) -> tuple[Any, ...]:
    return (ticket, n.seq, n.line, n.declaration_id, n.result, n.period_id, n.anomalies,
            int(n.final))


def to_notice(row: rows.Row) -> Notice:
    return Notice(int(row[0]), int(row[1]), row[2], row[3], row[4], row[5], bool(row[6]))


def finals(settled: list[Any], last_line: int, so_far: int) -> list[Notice]:
    """The final notifications of settled pending lines (rows of :data:`SETTLED`)."""
    return [Notice(last_line + so_far + n, int(r[0]), r[1], r[2], r[3], r[4], True)
            for n, r in enumerate(settled, start=1)]
