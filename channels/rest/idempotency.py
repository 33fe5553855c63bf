"""``Idempotency-Key`` on ``POST``: a retried request gets the very answer of the first.

The key is scoped by the principal (two employers' keys never meet) and claimed in
the shared :class:`~core.store.DeliveryStore` before any work, like a webhook's
delivery id (:mod:`channels.common.deliveries`): whatever the number of processes,
one request with a key does the work, and the others (at the same moment or later)
wait for and get its stored answer — status, headers and body — or, when their body
differs, a mismatch (422). A key is remembered as long as deliveries are
(:data:`server.upkeep.DELIVERIES_KEPT`). Bodies are compared as JSON (keys sorted,
no spaces): the same declaration sent with other spacing is the same body.

>>> fingerprint({"b": 1, "a": [1, 2]}) == fingerprint({"a": [1, 2], "b": 1})
True
>>> valid_key("order-42"), valid_key(""), valid_key("é"), valid_key("x" * 256)
(True, False, False, False)
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Final

from channels.common.deliveries import answer_once
from core.store import DeliveryStore

__all__ = ["HEADER", "Answer", "Refused", "fingerprint", "once", "valid_key"]

HEADER: Final = "Idempotency-Key"
_LONGEST: Final = 255


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer as it is replayed: status, content type, headers and body."""

    status: int
    content_type: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class Refused(Enum):
    """Why a request with a key gets no replayed answer."""

    MISMATCH = "mismatch"  # the key was used with another body (422)
    BUSY = "busy"  # the first request with the key never finished (409)


def valid_key(key: str) -> bool:
    """1 to 255 visible ASCII characters."""
    return 0 < len(key) <= _LONGEST and all(33 <= ord(c) <= 126 for c in key)


def fingerprint(body: object) -> str:
    """What tells two bodies apart: the SHA-256 of their canonical JSON."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


async def once(deliveries: DeliveryStore, scope: str, key: str, body: str,
               now: datetime.datetime, work: Callable[[], Awaitable[Answer]]
               ) -> Answer | Refused:
    """``work()`` for the first request with ``key`` in ``scope``, its answer for the others.

    ``body`` is the request's :func:`fingerprint`.
    """

    async def first() -> str:
        return json.dumps({"fingerprint": body, "answer": asdict(await work())})

    stored = await answer_once(deliveries, f"api:idempotency:{scope}:{key}", now, first)
    if stored is None:
        return Refused.BUSY
    kept = json.loads(stored)
    if kept["fingerprint"] != body:
        return Refused.MISMATCH
    return Answer(**kept["answer"])
