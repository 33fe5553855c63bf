"""Mutations published to NATS JetStream: one persistent stream per subscriber.

A subscriber added with ``--stream NAME`` gets the stream ``NAME`` (file
storage) on the subject ``dimona.feed.NAME``; each mutation is published with
``Nats-Msg-Id: NAME-<sequence>`` and counts as delivered once JetStream acks
it (stored). A deliverer that dies between the ack and the cursor's move makes
the next one publish that mutation again: within the stream's duplicate window
(2 minutes) JetStream drops the copy, past it a consumer sees the sequence
twice — at least once, never out of order. Headers ``Dimona-Sequence`` and
``Dimona-Deliberation`` travel with each message.
"""

from __future__ import annotations

import asyncio
from typing import Final

import nats
from nats.aio.client import Client
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

from channels.feed.sending import Undelivered
from core.feed import Subscriber

__all__ = ["DUPLICATE_WINDOW", "BrokerSender", "subject"]

#: Seconds JetStream remembers a ``Nats-Msg-Id`` (its default).
DUPLICATE_WINDOW: Final = 120.0


def subject(stream: str) -> str:
    """The subject a subscriber's stream carries.

    >>> subject("FUND")
    'dimona.feed.FUND'
    """
    return f"dimona.feed.{stream}"


class BrokerSender:
    """One NATS connection for every stream of this process, opened at the first publish."""

    def __init__(self, url: str, timeout: float) -> None:
        self._url, self._timeout = url, timeout
        self._client: Client | None = None
        self._js: JetStreamContext | None = None
        self._streams: set[str] = set()
        self._connecting = asyncio.Lock()

    async def _context(self) -> JetStreamContext:
        async with self._connecting:
            if self._js is None or self._client is None or self._client.is_closed:
                self._client = await nats.connect(
                    self._url, connect_timeout=self._timeout, max_reconnect_attempts=3,
                    allow_reconnect=True)
                self._js, self._streams = self._client.jetstream(), set()
            return self._js

    async def _stream(self, js: JetStreamContext, name: str) -> None:
        if name in self._streams:
            return
        try:
            await js.stream_info(name)
        except NotFoundError:
            await js.add_stream(StreamConfig(name=name, subjects=[subject(name)],
                                             storage=StorageType.FILE,
                                             duplicate_window=DUPLICATE_WINDOW))
        self._streams.add(name)

    async def send(self, subscriber: Subscriber, sequence: int, body: bytes) -> None:
        assert subscriber.stream
        name = subscriber.stream
        headers = {"Nats-Msg-Id": f"{name}-{sequence}", "Dimona-Sequence": str(sequence),
                   "Dimona-Deliberation": subscriber.deliberation}
        try:
            js = await self._context()
            await self._stream(js, name)
            await js.publish(subject(name), body, timeout=self._timeout, stream=name,
                             headers=headers)
        except (NatsError, OSError, TimeoutError) as error:
            raise Undelivered(f"NATS {type(error).__name__}") from error

    async def close(self) -> None:
        if self._client is not None and not self._client.is_closed:
            await self._client.close()
