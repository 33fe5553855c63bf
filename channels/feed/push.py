"""Delivering the pushes: every subscriber's mutations, in order, by one process at a time.

Each ``serve`` process runs a :class:`Pusher`. Every few seconds it looks at
the pushes in the store (one per subscriber and target) and claims the lease
of those nobody holds; for each one it holds, a task of its own delivers:

1. it renews the lease (``push_lease`` seconds) before every attempt — a lost
   lease (taken over, subscriber paused or removed) ends the task;
2. it reads the next mutations in the subscriber's scope after the cursor and
   hands the first one to the sender (a webhook POST, a broker publish) within
   ``push_timeout`` seconds, less than half the lease, so no other process may
   take over while an attempt is under way;
3. only then it moves the cursor, in the store, naming itself: a deliverer
   that lost its lease cannot move it. A failure is counted and the same
   mutation is tried again after a backoff (``push_retry_min`` doubling up to
   ``push_retry_max``): never the next one before it.

A process killed mid-delivery leaves its lease to run out; another process then
claims it and starts again from the cursor: the mutation under way is sent
again (the receiver keeps the first by its ``webhook-id``), none is lost or
overtaken. One task per push: a slow or dead subscriber delays no other.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import AsyncIterator
from typing import Final, Self

import aiohttp
from pydantic import BaseModel, Field, model_validator

from channels.feed.broker import BrokerSender
from channels.feed.sending import Sender, Undelivered
from channels.feed.webhook import WebhookSender
from core.feed import Mutation, PushState, Subscriber, Target, mutation_record
from core.feed.pull import next_page
from core.store import FeedStore, SubscriberStore

__all__ = ["PushSettings", "Pusher", "backoff", "owner_id"]

_PAGE: Final = 20


class PushSettings(BaseModel):
    push: bool = Field(True, description="deliver the subscribers' webhooks and broker "
                                         "streams from this process")
    push_lease: float = Field(30.0, gt=0, description="seconds a process holds a push; "
                                                      "another takes over once it runs out")
    push_timeout: float = Field(10.0, gt=0, description="seconds one webhook POST or broker "
                                                        "publish may take")
    push_retry_min: float = Field(1.0, gt=0, description="seconds before the first retry")
    push_retry_max: float = Field(300.0, gt=0, description="longest wait between retries")
    nats_url: str = Field("nats://127.0.0.1:4222", description="NATS JetStream server of "
                                                               "the broker streams")

    @model_validator(mode="after")
    def _attempts_fit_the_lease(self) -> Self:
        if self.push_timeout * 2 >= self.push_lease:
            raise ValueError("push_lease must be more than twice push_timeout")
        if self.push_retry_max < self.push_retry_min:
            raise ValueError("push_retry_max must not be less than push_retry_min")
        return self


def backoff(failures: int, first: float, longest: float, rng: random.Random) -> float:
    """Seconds before attempt ``failures + 1``: doubling from ``first``, at most ``longest``,
    less up to a fifth at random (so pushes failing together spread out).

    >>> rng = random.Random(1)
    >>> [round(backoff(n, 1.0, 10.0, rng)) for n in (1, 2, 3, 4, 5, 9)]
    [1, 2, 3, 8, 9, 9]
    """
    return min(longest, first * 2.0 ** max(failures - 1, 0)) * (1 - rng.random() / 5)


def owner_id() -> str:
    """This process among all: host, pid and a random part (a pid may come back)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Pusher:
    def __init__(self, feed: FeedStore, subscribers: SubscriberStore, settings: PushSettings,
                 owner: str | None = None) -> None:
        self._feed, self._subscribers, self._settings = feed, subscribers, settings
        self.owner = owner or owner_id()
        self._tasks: dict[tuple[int, Target], asyncio.Task[None]] = {}
        self._rng = random.Random()
        self._session: aiohttp.ClientSession | None = None
        self._broker = BrokerSender(settings.nats_url, settings.push_timeout)

    @property
    def _renew_every(self) -> float:
        return self._settings.push_lease / 3

    def _sender(self, target: Target) -> Sender:
        if target is Target.STREAM:
            return self._broker
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return WebhookSender(self._session, self._settings.push_timeout)

    async def run(self) -> None:
        """Claim what nobody delivers, every third of a lease, until cancelled."""
        try:
            while True:
                try:
                    await self.scan()
                except Exception:
                    logging.getLogger(__name__).exception("push scan failed")
                await asyncio.sleep(min(self._renew_every, 5.0))
        finally:
            await self.stop()

    async def scan(self) -> None:
        """Start a delivery for every push this process can claim and does not run yet."""
        subscribers = {s.subscriber_id: s for s in await self._subscribers.subscribers()}
        for state in await self._subscribers.push_states():
            key = (state.subscriber_id, state.target)
            subscriber = subscribers.get(state.subscriber_id)
            running = self._tasks.get(key)
            if subscriber is None or subscriber.paused or (running and not running.done()):
                continue
            if await self._claim(state):
                self._tasks[key] = asyncio.create_task(self._deliver(subscriber, state))

    async def _claim(self, state: PushState) -> bool:
        now = time.time()
        return await self._subscribers.claim_push(state.subscriber_id, state.target,
                                                  self.owner, now,
                                                  now + self._settings.push_lease)

    async def _deliver(self, subscriber: Subscriber, state: PushState) -> None:
        key = (subscriber.subscriber_id, state.target)
        try:
            # the cursor as it is now that this process holds the push
            fresh = [p for p in await self._subscribers.push_states(subscriber.subscriber_id)
                     if p.target is state.target]
            if fresh:
                await self._push(subscriber, fresh[0], self._sender(state.target))
        except asyncio.CancelledError:
            raise
        except Exception:
            logging.getLogger(__name__).exception("push %s/%s stopped", subscriber.name,
                                                  state.target.value)
        finally:
            with contextlib.suppress(Exception):
                await self._subscribers.release_push(*key, self.owner)

    async def _push(self, subscriber: Subscriber, state: PushState, sender: Sender) -> None:
        cursor, failures = state.delivered, state.failures
        while await self._claim(state):
            page, scanned = await next_page(self._feed, subscriber.scope, cursor, _PAGE)
            if not page:
                if scanned > cursor and not await self._moved(state, scanned, None):
                    return
                cursor = scanned
                await self._feed.wait_mutation(cursor, self._renew_every)
                continue
            for m in page:
                failures = await self._attempts(subscriber, state, sender, m, failures)
                if failures < 0:
                    return
                cursor = m.sequence
            if scanned > cursor and not await self._moved(state, scanned, None):
                return
            cursor = max(cursor, scanned)

    async def _moved(self, state: PushState, sequence: int, at: datetime.datetime | None
                     ) -> bool:
        return await self._subscribers.pushed(state.subscriber_id, state.target, self.owner,
                                              sequence, at)

    async def _attempts(self, subscriber: Subscriber, state: PushState, sender: Sender,
                        m: Mutation, failures: int) -> int:
        """Send ``m`` until it is taken (0) or the lease is lost (-1)."""
        body = json.dumps(subscriber.scope.view(mutation_record(m, subscriber.deliberation)),
                          separators=(",", ":")).encode()
        while True:
            if not await self._claim(state):
                return -1
            try:
                await sender.send(subscriber, m.sequence, body)
            except Undelivered as refusal:
                failures = await self._failed(state, refusal.reason, failures)
                if failures < 0:
                    return -1
                continue
            return 0 if await self._moved(state, m.sequence, _now()) else -1

    async def _failed(self, state: PushState, reason: str, failures: int) -> int:
        """Count a failure and wait out its backoff, keeping the lease; -1: lost it."""
        s = self._settings
        wait = backoff(failures + 1, s.push_retry_min, s.push_retry_max, self._rng)
        now = _now()
        counted = await self._subscribers.push_failed(
            state.subscriber_id, state.target, self.owner, reason, now,
            now + datetime.timedelta(seconds=wait))
        if counted == 0:
            return -1
        async for _ in self._slices(wait):
            if not await self._claim(state):
                return -1
        return counted

    async def _slices(self, seconds: float) -> AsyncIterator[None]:
        """Sleep ``seconds`` in pieces short enough to renew the lease between them."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while (left := end - loop.time()) > 0:
            await asyncio.sleep(min(left, self._renew_every))
            yield

    async def stop(self) -> None:
        """Cancel the deliveries (their leases are released) and close the connections."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None
        await self._broker.close()
