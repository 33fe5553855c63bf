"""Who to tell when a pending declaration is resolved (``sms:<phone>``), and whether
they were told: each watcher hears of the final result once.

Telling a watcher is claimed first (:meth:`WatcherStore.claim_notification`): a
claim holds until ``until``, so two processes never send one notification side by
side, and a process that died while sending leaves it to the next round once the
claim runs out. A claim counts as an attempt; after :data:`NOTIFY_ATTEMPTS` a
notification is no longer offered (a phone that never answers is not tried forever).
"""

from __future__ import annotations

import datetime
from typing import Final, Protocol

__all__ = ["NOTIFY_ATTEMPTS", "WatcherStore"]

NOTIFY_ATTEMPTS: Final = 10


class WatcherStore(Protocol):
    async def watch(self, declaration_id: str, address: str, language: str | None = None
                    ) -> None:
        """Follow ``declaration_id`` at ``address``; ``language``: the conversation's, the
        one the final result is told in (the first watch's is kept)."""
        ...
    async def watchers(self, declaration_id: str) -> list[str]: ...
    async def watcher_language(self, declaration_id: str, address: str) -> str | None:
        """The language ``address`` watches ``declaration_id`` in (None: not said)."""
        ...
    async def unnotified(self, now: datetime.datetime) -> list[tuple[str, str]]:
        """``(declaration id, address)`` of watchers of final declarations (no longer
        pending) not told yet, nor claimed at ``now`` by a live owner, in declaration
        order."""
        ...
    async def claim_notification(self, declaration_id: str, address: str,
                                 now: datetime.datetime, until: datetime.datetime) -> bool:
        """Claim telling ``address`` until ``until`` (taking over a dead owner's claim);
        False when it was told, is claimed by a live owner, or ran out of attempts."""
        ...
    async def notified(self, declaration_id: str, address: str, now: datetime.datetime
                       ) -> None:
        """The claimed notification went out: it is never offered again."""
        ...
    async def release_notification(self, declaration_id: str, address: str) -> None:
        """The claimed notification did not go out: offer it again next round."""
        ...
