"""Batch files: the file as received, its shards being processed, its notifications.

A batch (``batches``) is received line by line (``batch_lines``, status
``receiving``), then accepted or refused whole. Its lines are cut into shards
(``batch_shards``): every line of one worker in one shard, each shard processed
in line order by one process at a time (a lease), chunk by chunk; a chunk's
declarations, its notifications (``batch_notifications``) and the shard's next
line commit in one unit (:meth:`BatchStore.batch_unit`), so a line is judged
once and none is skipped, whoever resumes the shard after a crash.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol

from core.store.protocols.conversations import HoldStore
from core.store.protocols.ledger import Unit

__all__ = ["Batch", "BatchLine", "BatchStore", "BatchUnit", "Claim", "NewLine", "Notice",
           "Progress"]


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch file's acknowledgement: ``receiving``, ``accepted`` or ``refused``."""

    ticket: str
    principal: str  # who sent it: the id of its principal (channels.batch.rights)
    format: str  # csv, ndjson
    status: str
    created_at: datetime.datetime  # the time of receipt
    lines: int = 0  # declarations in the file
    last_line: int = 0  # the file's last line number
    digest: str | None = None  # SHA-256 of the file, once received
    errors: list[dict[str, object]] = field(default_factory=list)  # of a refused file
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class NewLine:
    """A line of a file being received: its shard, its line number, the declaration as
    ``core.codec`` JSON."""

    shard: int
    line: int
    request: str


@dataclass(frozen=True, slots=True)
class BatchLine:
    line: int
    request: str


@dataclass(frozen=True, slots=True)
class Claim:
    """A shard a process holds the lease of, from ``next_line`` on."""

    ticket: str
    shard: int
    next_line: int
    received: datetime.datetime


@dataclass(frozen=True, slots=True)
class Notice:
    """A notification: one per line (``seq`` = its line), then the final ones of pending
    declarations (``final``, ``seq`` after the last line). ``anomalies``: codec JSON."""

    seq: int
    line: int
    declaration_id: str | None
    result: str
    period_id: str | None
    anomalies: str
    final: bool = False


@dataclass(frozen=True, slots=True)
class Progress:
    """Lines done, and the first line not yet done (None: all are)."""

    done: int
    first_undone: int | None
    shards: int


class BatchUnit(Unit, Protocol):
    """A ledger unit that also moves a shard on and writes its notifications."""

    async def advance(self, claim: Claim, owner: str, next_line: int | None, done: int,
                      lease_until: float, results: dict[str, int]) -> bool:
        """Move the shard from ``claim.next_line`` to ``next_line`` (None: finished),
        ``done`` lines more, with these results (A, W, B, S: how many); False (write
        nothing else then) when ``owner`` no longer holds it there: another process
        took it over."""
        ...
    async def add_notices(self, ticket: str, notices: Sequence[Notice]) -> None: ...


class BatchStore(HoldStore, Protocol):
    """Batch files, for the batch channel (``channels.batch``)."""

    async def open_batch(self, batch: Batch) -> Batch:
        """Start receiving ``batch``; the batch already there with its idempotency key
        instead, when there is one (nothing is written then)."""
        ...
    async def add_lines(self, ticket: str, lines: Sequence[NewLine],
                        now: datetime.datetime) -> None: ...
    async def accept_batch(self, ticket: str, lines: int, last_line: int, digest: str,
                           first_lines: dict[int, int]) -> None:
        """Accepted: its shards (``first_lines``: shard -> its first line) may be claimed."""
        ...
    async def refuse_batch(self, ticket: str, digest: str | None,
                           errors: list[dict[str, object]]) -> None:
        """Refused: its lines are forgotten, its errors kept with its ticket."""
        ...
    async def drop_batch(self, ticket: str) -> None:
        """Forget a batch still being received (its sender went away)."""
        ...
    async def batch(self, ticket: str) -> Batch | None: ...
    async def period_workers(self, period_ids: Collection[str]) -> dict[str, str]:
        """The NISS of each of these periods that has one."""
        ...
    async def claim_shard(self, owner: str, now: float, lease_until: float,
                          ticket: str | None = None) -> Claim | None:
        """Take the lease of a shard with lines to do whose lease is free or ran out
        (oldest batch first; only ``ticket``'s when given)."""
        ...
    async def release_shard(self, claim: Claim, owner: str) -> None: ...
    async def shard_lines(self, ticket: str, shard: int, first: int, limit: int
                          ) -> list[BatchLine]: ...
    def batch_unit(self, claim: Claim) -> AbstractAsyncContextManager[BatchUnit]: ...
    async def progress(self, ticket: str) -> Progress: ...
    async def notices(self, ticket: str, after: int, below: int | None, limit: int
                      ) -> list[Notice]:
        """Notifications after ``after`` (by ``seq``), before ``below`` if given."""
        ...
    async def result_counts(self, ticket: str) -> dict[tuple[str, bool], int]:
        """How many notifications by (result, final): of the lines done, then the finals."""
        ...
    async def record_finals(self, ticket: str) -> int:
        """Append the final notification of every pending line of a processed batch whose
        declaration is settled now; how many. Each is recorded once."""
        ...
    async def tickets_settling(self) -> list[str]:
        """Processed batches with pending lines whose declaration is settled now."""
        ...
    async def forget_uploads(self, before: datetime.datetime) -> int:
        """Forget batches still ``receiving`` untouched since ``before`` (dead uploads)."""
        ...
