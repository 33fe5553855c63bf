"""The feed: mutations read back in order, waiting for new ones, and the relations.

Mutations are written by units (:meth:`core.store.protocols.ledger.Unit.record`);
their sequence is gap-free and follows commit order: when mutation N is
visible, every mutation below N is too, so a cursor never passes over one
committed late.
"""

from __future__ import annotations

from typing import Protocol

from core.feed import Mutation
from core.model import Employer, Period

__all__ = ["FeedStore"]


class FeedStore(Protocol):
    async def mutations(self, after: int, limit: int) -> list[Mutation]:
        """Up to ``limit`` mutations numbered above ``after``, in order."""
        ...

    async def last_mutation(self) -> int:
        """The highest sequence committed (0 before the first)."""
        ...

    async def wait_mutation(self, after: int, within: float) -> bool:
        """Wait up to ``within`` seconds for a mutation above ``after`` to be committed,
        in this process or any other sharing the store; whether one was."""
        ...

    async def relations(self, employer_id: int | None, ssin: str | None
                        ) -> list[tuple[Employer, Period]]:
        """The periods of one employer, of one worker, or of both, each with its employer
        as registered now; by employer, worker, start date."""
        ...
