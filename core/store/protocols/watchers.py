"""Who to tell when a pending declaration is resolved (``sms:<phone>``)."""

from __future__ import annotations

from typing import Protocol

__all__ = ["WatcherStore"]


class WatcherStore(Protocol):
    async def watch(self, declaration_id: str, address: str) -> None: ...
    async def watchers(self, declaration_id: str) -> list[str]: ...
