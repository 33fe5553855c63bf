"""The dialogs as a channel sees them: a neutral turn in, a neutral reply out.

Channels are handed objects with these shapes (``dialogs.engine.Engine`` and
``dialogs.call.CallDialog`` in the server); they never build one, so importing a
channel does not load the engine or its machines.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from dialogs.turn import CallRecord, CallTurn, Reply, Turn

__all__ = ["CallFlow", "Dialog"]


class Dialog(Protocol):
    async def handle(self, turn: Turn) -> Reply:
        """Process one turn; turns of one conversation run one at a time, in order."""
        ...

    async def language(self, key: str) -> str | None:
        """The language conversation ``key`` is in (None: no conversation yet)."""
        ...


class CallFlow(Protocol):
    async def step(self, record: CallRecord, turn: CallTurn, today: datetime.date) -> Reply:
        """One step of a phone call (language, PIN, then the dialog); ``record`` moves on."""
        ...
