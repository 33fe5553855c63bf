"""The dialog as a channel sees it: a neutral turn in, a neutral reply out.

Channels are handed an object with this shape (``dialogs.engine.Engine`` in the
server); they never build one, so importing a channel does not load the engine.
"""

from __future__ import annotations

from typing import Protocol

from dialogs.turn import Reply, Turn

__all__ = ["Dialog"]


class Dialog(Protocol):
    async def handle(self, turn: Turn) -> Reply:
        """Process one turn; turns of one conversation run one at a time, in order."""
        ...
