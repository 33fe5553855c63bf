"""Pushing the feed out: signed webhooks and a NATS JetStream stream per subscriber.

:mod:`~channels.feed.push` runs in every ``serve`` process and delivers each
subscriber's pushes in sequence order, one process per push at a time (a
lease in the store); :mod:`~channels.feed.webhook` signs and POSTs one
mutation, :mod:`~channels.feed.broker` publishes one. See ``docs/feed.md``.
"""

from __future__ import annotations

from channels.feed.push import Pusher, PushSettings

__all__ = ["PushSettings", "Pusher"]
