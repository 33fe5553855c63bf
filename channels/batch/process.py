"""Processing accepted batch files: shards claimed under a lease, judged chunk by chunk.

Every process running the service (``serve``), and ``batch submit --db``,
runs a :class:`Processor`. It claims a shard (the oldest batch first), then
takes its lines in order, a chunk at a time. In one unit it has the core judge
the chunk (:meth:`core.service.Declarations.submit_within`: the same verdicts
as one by one), writes one notification per line and moves the shard on, only
from where its owner left it (else it all rolls back). A process killed in the
middle loses only its uncommitted chunk; its lease runs out and whoever claims
the shard next (the same process restarted, or another) resumes at the first
line not done. No line is judged twice, none is skipped.

A line whose sender may not act for its employer or period
(:mod:`channels.batch.rights`) is refused by the core before it is judged, and
gets its own notification.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections import Counter
from dataclasses import replace
from typing import Final

from channels.batch.receive import STALE_UPLOAD
from channels.batch.rights import allowed_by, not_allowed, sender_named
from core import codec
from core.clock import Clock
from core.model import Declaration
from core.service import Allowed, Declarations
from core.store import ApiKeyStore, BatchStore, BatchUnit
from core.store.protocols.batches import BatchLine, Claim, Notice

__all__ = ["Processor"]

_log = logging.getLogger(__name__)
_FORGET_EVERY: Final = 600.0  # seconds between two sweeps of abandoned uploads


class _Lost(Exception):
    """Another process took the shard over: this chunk is not ours to write."""


class Processor:
    """Claims shards of accepted batches and processes them; one per process."""

    def __init__(self, store: BatchStore, keys: ApiKeyStore, service: Declarations,
                 clock: Clock, *, chunk: int = 500, lease: float = 15.0, poll: float = 1.0
                 ) -> None:
        self.store, self.keys, self.service, self.clock = store, keys, service, clock
        self.chunk, self.lease, self.poll = chunk, lease, poll
        self.owner = uuid.uuid4().hex
        self.wake = asyncio.Event()

    async def run(self) -> None:
        """Forever: process what can be claimed, else wait to be woken or for the next poll."""
        forgotten = 0.0
        while True:
            try:
                if time.monotonic() - forgotten > _FORGET_EVERY:
                    await self.store.forget_uploads(self.clock.now() - STALE_UPLOAD)
                    forgotten = time.monotonic()
                while await self.work():
                    pass
                await self.settle()
            except Exception:
                logging.getLogger(__name__).exception("batch processing failed; trying again")
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), self.poll)

    async def work(self, ticket: str | None = None) -> bool:
        """Claim one shard (of ``ticket`` only, if given) and process it; False: none free."""
        now = time.time()
        claim = await self.store.claim_shard(self.owner, now, now + self.lease, ticket)
        if claim is None:
            return False
        try:
            await self._shard(claim)
        finally:  # done, stopped or lost: the next claim may take it at once
            with contextlib.suppress(Exception):
                await self.store.release_shard(claim, self.owner)
        return True

    async def until_done(self, ticket: str) -> None:
        """Process ``ticket`` here until every line is done (others may help)."""
        while (await self.store.progress(ticket)).first_undone is not None:
            if not await self.work(ticket):
                await asyncio.sleep(min(self.poll, 0.2))

    async def settle(self) -> int:
        """Final notifications of pending lines settled since (any batch)."""
        count = 0
        for ticket in await self.store.tickets_settling():
            count += await self.store.record_finals(ticket)
        return count

    async def _shard(self, claim: Claim) -> None:
        current: Claim | None = claim
        allowed = await self._allowed(claim.ticket)
        while current is not None:
            lines = await self.store.shard_lines(current.ticket, current.shard,
                                                 current.next_line, self.chunk + 1)
            todo, rest = lines[:self.chunk], lines[self.chunk:]
            following = rest[0].line if rest else None
            try:
                async with self.store.batch_unit(current) as unit:
                    notices, filed = await self._judge(unit, current, todo, allowed)
                    await unit.add_notices(current.ticket, notices)
                    results = Counter(n.result for n in notices)
                    if not await unit.advance(current, self.owner, following, len(todo),
                                              time.time() + self.lease, results):
                        raise _Lost  # all of it rolled back: the new owner does it
            except _Lost:
                _log.info("batch %s shard %s was taken over", current.ticket, current.shard)
                return
            for decl in filed:  # committed: told as submit's are (the metrics)
                self.service.on_final(decl)
            current = replace(current, next_line=following) if following else None
            await asyncio.sleep(0)  # the other requests of this process, between chunks

    async def _allowed(self, ticket: str) -> Allowed | None:
        """The core's check of a batch's lines: its sender's rights as they stand now."""
        batch = await self.store.batch(ticket)
        sender = await sender_named(batch.principal, self.keys) if batch else None
        return allowed_by(sender)

    async def _judge(self, unit: BatchUnit, claim: Claim, lines: list[BatchLine],
                     allowed: Allowed | None) -> tuple[list[Notice], list[Declaration]]:
        """The chunk's notices, and the declarations it filed."""
        reqs = [codec.request_from(json.loads(line.request)) for line in lines]
        decls = await self.service.submit_within(unit, reqs, claim.received, allowed)
        notices = []
        for line, req, decl in zip(lines, reqs, decls, strict=True):
            if decl is None:  # its sender may not act for its employer or period
                notices.append(Notice(line.line, line.line, None, "B", None,
                                      not_allowed(req.employer_number)))
                continue
            notices.append(Notice(line.line, line.line, decl.declaration_id, decl.result.value,
                                  decl.period_id, json.dumps(codec.anomalies_to(decl.anomalies))))
        return notices, [d for d in decls if d is not None]
