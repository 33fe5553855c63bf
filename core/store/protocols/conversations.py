"""Dialog persistence: a conversation's record, and the hold that makes its turns take turns."""

from __future__ import annotations

import datetime
from contextlib import AbstractAsyncContextManager
from typing import Protocol

__all__ = ["ConversationStore", "HoldStore"]


class HoldStore(Protocol):
    def hold(self, key: str) -> AbstractAsyncContextManager[None]:
        """Hold ``key`` (a conversation, a call) alone, across processes, for the block.

        Not a transaction: units and other calls run inside it as usual. Holds on
        one key take turns in every process sharing the store; on other keys they
        do not wait for each other. Do not nest holds of one key.
        """
        ...


class ConversationStore(HoldStore, Protocol):
    """The dialog engine's records (JSON text), one per conversation key."""

    async def load_conversation(self, key: str) -> str | None: ...
    async def save_conversation(self, key: str, data: str, updated_at: datetime.datetime
                                ) -> None: ...
    async def delete_conversation(self, key: str) -> None: ...
