"""An institution following the personnel file, and the state of each of its pushes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from core.feed.scope import Scope

__all__ = ["NewSubscriber", "PushState", "Subscriber", "Target"]


class Target(StrEnum):
    """Where a subscriber's mutations are pushed (each with its own cursor and lease)."""

    WEBHOOK = "webhook"
    STREAM = "stream"  # a broker stream


@dataclass(frozen=True, slots=True)
class NewSubscriber:
    """What an operator gives: who, under which deliberation, seeing what, told where.

    ``secret`` signs the webhook requests (``whsec_`` + base64, Standard Webhooks).
    """

    name: str
    deliberation: str
    scope: Scope
    secret: str
    webhook: str | None = None
    stream: str | None = None

    @property
    def targets(self) -> tuple[Target, ...]:
        return ((Target.WEBHOOK,) if self.webhook else ()) + \
            ((Target.STREAM,) if self.stream else ())


@dataclass(frozen=True, slots=True)
class Subscriber:
    subscriber_id: int
    name: str
    deliberation: str
    scope: Scope
    secret: str
    webhook: str | None
    stream: str | None
    paused: bool
    created_at: datetime.datetime


@dataclass(frozen=True, slots=True)
class PushState:
    """One push of a subscriber: how far it got, who delivers it, and how it went.

    ``delivered``: the last sequence handed over (2xx, broker ack) or passed
    over as out of scope; the next one sent is the first in scope after it.
    ``owner`` holds the push until ``lease_until`` (seconds since the epoch).
    """

    subscriber_id: int
    target: Target
    delivered: int = 0
    failures: int = 0  # attempts failed in a row on the next mutation
    last_error: str | None = None
    last_attempt: datetime.datetime | None = None
    last_success: datetime.datetime | None = None
    retry_at: datetime.datetime | None = None
    owner: str | None = None
    lease_until: float | None = None
