"""Reading the feed through a scope: the next mutations an institution may see.

Sequences follow commit order, so whatever is visible is a prefix of the
feed: the cursor can move past every mutation read, in scope or not, and
never passes one committed later. A page scans at most ``scan`` mutations, so
a narrow scope far behind is answered quickly and moves on at the next page.
"""

from __future__ import annotations

import asyncio
from typing import Final

from core.feed.mutation import Mutation
from core.feed.scope import Scope
from core.store.protocols.feed import FeedStore

__all__ = ["MAX_WAIT", "next_page", "wait_page"]

#: The longest a pull may wait for a mutation, in seconds.
MAX_WAIT: Final = 30.0
_CHUNK: Final = 500


async def next_page(feed: FeedStore, scope: Scope, after: int, limit: int,
                    scan: int = 20 * _CHUNK) -> tuple[list[Mutation], int]:
    """Up to ``limit`` mutations in scope after ``after``, and the cursor to go on from."""
    found: list[Mutation] = []
    cursor, scanned = after, 0
    while len(found) < limit and scanned < scan:
        batch = await feed.mutations(cursor, min(_CHUNK, scan - scanned))
        for m in batch:
            cursor = m.sequence
            if scope.admits(m):
                found.append(m)
                if len(found) == limit:
                    break
        scanned += len(batch)
        if len(batch) < _CHUNK:
            break
    return found, cursor


async def wait_page(feed: FeedStore, scope: Scope, after: int, limit: int, wait: float
                    ) -> tuple[list[Mutation], int]:
    """:func:`next_page`, waiting up to ``wait`` seconds (at most :data:`MAX_WAIT`) for one
    mutation in scope to be committed when there is none yet."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + min(max(wait, 0.0), MAX_WAIT)
    while True:
        found, cursor = await next_page(feed, scope, after, limit)
        left = deadline - loop.time()
        if found or left <= 0:
            return found, cursor
        after = cursor
        await feed.wait_mutation(cursor, left)
