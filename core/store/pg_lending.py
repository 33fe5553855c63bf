"""PostgreSQL connections checked out of the asyncpg pool once, then lent over and over.

Lending one costs a queue get and put instead of a pool acquire and release
(about 20 µs less per call); see :mod:`core.store.postgres` for why
connections need no reset between two loans.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from core.store.pg_migrate import Conn

__all__ = ["Lender", "keep_session"]

#: A connection checked out of the pool (generic in the stubs only: quoted).
Pooled: TypeAlias = "PoolConnectionProxy[asyncpg.Record]"


async def keep_session(conn: Conn) -> None:
    """Pool reset: nothing to undo (asyncpg still rolls back an open transaction)."""


class Lender:
    """Connections checked out of the pool once, then lent over and over (LIFO)."""

    def __init__(self, pool: asyncpg.Pool, size: int) -> None:
        self._pool, self._size, self._out = pool, size, 0
        self._idle: asyncio.LifoQueue[Pooled] = asyncio.LifoQueue()

    @asynccontextmanager
    async def lend(self) -> AsyncIterator[Conn]:
        if self._idle.empty() and self._out < self._size:
            self._out += 1
            try:
                conn: Pooled = await self._pool.acquire()
            except BaseException:
                self._out -= 1
                raise
        else:
            conn = await self._idle.get()
        try:
            yield conn
        except BaseException:
            await self._give_back(conn)
            raise
        if conn.is_closed() or conn.is_in_transaction():
            await self._give_back(conn)
        else:
            self._idle.put_nowait(conn)

    async def _give_back(self, conn: Pooled) -> None:
        """To the pool, which rolls back, waits out a cancelled query, or closes it."""
        self._out -= 1
        await self._pool.release(conn)

    async def close(self) -> None:
        while not self._idle.empty():
            await self._give_back(self._idle.get_nowait())
        await self._pool.close()
