"""Receiving a batch file: read as it streams in, stored line by line, then acknowledged.

The acknowledgement (accusé de réception) comes before any line is judged: the
file is ``accepted`` when every line reads as a declaration, ``refused`` (and
nothing kept but its ticket and errors) when one does not, when it is empty or
too large. Lines are stored in chunks as they arrive, under a batch still
``receiving``: nothing processes it until it is accepted, and a refused or
abandoned one leaves no line behind.

Each line gets a shard (:class:`Sharder`): every line of one worker goes to the
shard of its first line, so shards can be processed apart (one process each)
while a worker's lines stay in order. That first line's shard is its worker's,
or, for an occasional horeca worker, the horeca company's: the days of one
company are then counted by one process, not fought over by several.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
import zlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from channels.batch.reader import Parsed, Reader
from channels.common.principals import Principal
from core import codec
from core.bulk import shared_with
from core.model import Request
from core.service import normalized
from core.store import BatchStore
from core.store.protocols.batches import Batch, NewLine

__all__ = ["SHARDS", "Acknowledgement", "InProgress", "KeyReused", "TooLarge", "receive"]

#: Shards per batch: at most this many processes work on one batch at once.
SHARDS: Final = 8
#: Lines stored per write while a file comes in.
_CHUNK: Final = 2_000
#: A batch still being received that long after its last line is an abandoned upload.
STALE_UPLOAD: Final = datetime.timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """The technical acknowledgement of a file: its ticket and status."""

    batch: Batch
    error_count: int = 0
    again: bool = False  # the same file sent again with the same idempotency key


class InProgress(Exception):
    """The same idempotency key is being received right now."""


class KeyReused(Exception):
    """The idempotency key was given with another file."""


@dataclass
class TooLarge(Exception):
    limit: int


def new_ticket() -> str:
    """A file's identification number: 16 digits, unguessable.

    >>> len(new_ticket()), new_ticket().isdigit()
    (16, True)
    """
    return f"{secrets.randbelow(9 * 10**15) + 10**15}"


def _worker_key(req: Request, workers: dict[str, str]) -> str | None:
    if req.ssin:
        return req.ssin
    if req.identity is not None:
        i = req.identity
        return f"id:{i.last_name.casefold()}|{i.first_name.casefold()}|{i.zone('birthDate')}"
    return workers.get(req.period_id or "")


def _shard(text: str) -> int:
    return zlib.crc32(text.encode()) % SHARDS


@dataclass
class Sharder:
    """Every line of one worker in one shard: the shard of its first line."""

    store: BatchStore
    shard_of: dict[str, int] = field(default_factory=dict)

    async def shards(self, reqs: Sequence[Request]) -> list[int]:
        asked = {r.period_id for r in reqs if r.period_id and not r.ssin and not r.identity}
        workers = await self.store.period_workers(asked) if asked else {}
        found = []
        for req in reqs:
            key = _worker_key(req, workers)
            shard = self.shard_of.get(key) if key else None
            if shard is None:
                shard = _shard(shared_with(req) or key or req.employer_number or "")
                if key:
                    self.shard_of[key] = shard
            found.append(shard)
        return found


class _Receiving:
    """One file coming in: its reader, digest, shards, and the lines not stored yet."""

    def __init__(self, store: BatchStore, ticket: str, fmt: str, limit: int,
                 now: Callable[[], datetime.datetime]) -> None:
        self.store, self.ticket = store, ticket
        self.reader, self.limit, self.now = Reader(fmt), limit, now
        self.digest = hashlib.sha256()
        self.size = 0
        self.sharder = Sharder(store)
        self.pending: list[Parsed] = []
        self.first: dict[int, int] = {}

    async def take(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(self.limit)
        self.digest.update(data)
        self.pending += self.reader.feed(data)
        if len(self.pending) >= _CHUNK:
            await self.flush()

    async def flush(self) -> None:
        parsed, self.pending = self.pending, []
        if self.reader.error_count or not parsed:
            return  # a refused file keeps no line: stop storing at its first error
        reqs = [normalized(p.request) for p in parsed]
        lines = []
        for p, req, shard in zip(parsed, reqs, await self.sharder.shards(reqs), strict=True):
            self.first.setdefault(shard, p.line)
            lines.append(NewLine(shard, p.line, json.dumps(codec.request_to(req))))
        await self.store.add_lines(self.ticket, lines, self.now())


async def _digest(chunks: AsyncIterator[bytes], limit: int) -> str:
    digest, size = hashlib.sha256(), 0
    async for data in chunks:
        size += len(data)
        if size > limit:
            raise TooLarge(limit)
        digest.update(data)
    return digest.hexdigest()


async def _again(store: BatchStore, found: Batch, chunks: AsyncIterator[bytes],
                 limit: int) -> Acknowledgement:
    """A file sent again with an idempotency key already used: the first answer, if it
    is the same file."""
    if found.status == "receiving":
        raise InProgress
    if await _digest(chunks, limit) != found.digest:
        raise KeyReused
    return Acknowledgement(found, len(found.errors), again=True)


async def receive(store: BatchStore, chunks: AsyncIterator[bytes], fmt: str,
                  principal: Principal, idempotency_key: str | None, limit: int,
                  now: Callable[[], datetime.datetime], size: int | None = None
                  ) -> Acknowledgement:
    """Read, store and acknowledge one file (``fmt``: ``csv`` or ``ndjson``); ``size``: its
    announced length, when known (a file announced too large is not read)."""
    key = f"{principal.id}:{idempotency_key}" if idempotency_key else None
    received = now()
    batch = Batch(new_ticket(), principal.id, fmt, "receiving", received,
                  idempotency_key=key)
    found = await store.open_batch(batch)
    if found.ticket != batch.ticket:
        if found.status == "receiving":  # an upload left behind goes, then it is ours
            await store.forget_uploads(received - STALE_UPLOAD)
            found = await store.open_batch(batch)
        if found.ticket != batch.ticket:
            return await _again(store, found, chunks, limit)
    work = _Receiving(store, batch.ticket, fmt, limit, now)
    done = False
    try:
        try:
            if size is not None and size > limit:
                raise TooLarge(limit)
            async for data in chunks:
                await work.take(data)
        except TooLarge:
            work.reader.too_large(limit)
        else:
            work.pending += work.reader.end()
            await work.flush()
        ack = await _acknowledge(store, work)
        done = True
        return ack
    finally:
        if not done:  # the sender went away: nothing of it stays
            await store.drop_batch(batch.ticket)


async def _acknowledge(store: BatchStore, work: _Receiving) -> Acknowledgement:
    reader, digest = work.reader, work.digest.hexdigest()
    if reader.error_count:
        errors: list[dict[str, object]] = [{"line": e.line, "code": e.code, "params": e.params}
                                           for e in reader.errors]
        await store.refuse_batch(work.ticket, digest, errors)
    else:
        await store.accept_batch(work.ticket, reader.declarations, reader.line, digest,
                                 work.first)
    batch = await store.batch(work.ticket)
    assert batch is not None
    return Acknowledgement(batch, reader.error_count)
