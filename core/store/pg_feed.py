"""The feed and its subscribers on PostgreSQL: what :class:`~core.store.postgres.PostgresStore`
takes from :class:`PostgresFeed` (statements in :mod:`core.store.feed_rows`).

Numbering: a unit that records a mutation increments the ``mutation`` counter
row, which stays locked until the unit commits or rolls back. Units recording
mutations therefore commit one after the other, in the order of their numbers:
a rolled-back unit gives its number back (no gap), and when mutation N is
visible every mutation below N already is (no cursor passes over one committed
late). The lock is taken by the unit's last statements, after its checks, so
units for different workers still run side by side until then.

Waking: the same statement sends ``pg_notify('dimona_feed', <schema>)``, which
PostgreSQL delivers at commit; every process ``LISTEN``s on a connection of its
own (opened at the first wait) and rings its :class:`~core.store.bell.Bell`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Final

import asyncpg

from core.feed import Mutation, NewSubscriber, PushState, Subscriber, Target
from core.model import Employer, Period
from core.store import feed_rows as fr
from core.store.bell import Bell
from core.store.pg_migrate import Conn
from core.store.rows import numbered

__all__ = ["CHANNEL", "POLL", "PostgresFeed", "record", "record_many"]

CHANNEL: Final = "dimona_feed"
#: Seconds between two looks at the counter, should a notification be missed.
POLL: Final = 2.0
_RECORD: Final = numbered(
    f"WITH n AS ({fr.NEXT_SEQUENCE}), i AS ({fr.insert_mutation('(SELECT value FROM n)')})"
    f" SELECT sequence, pg_notify('{CHANNEL}', current_schema()) FROM i")
_SELECT: Final = numbered(fr.SELECT_MUTATIONS)
_RELATIONS: Final = numbered(fr.RELATIONS)
_INSERT_SUBSCRIBER: Final = numbered(fr.INSERT_SUBSCRIBER)
_INSERT_PUSH: Final = numbered(fr.INSERT_PUSH)
_CLAIM: Final = numbered(fr.CLAIM_PUSH)
_RELEASE: Final = numbered(fr.RELEASE_PUSH)
_PUSHED: Final = numbered(fr.PUSHED)
_FAILED: Final = numbered(fr.PUSH_FAILED)


async def record(conn: Conn, m: Mutation) -> int:
    """Number and write ``m`` inside the open transaction; its sequence."""
    return int(await conn.fetchval(_RECORD, *fr.mutation_args(m)))


_RESERVE: Final = numbered(fr.RESERVE_SEQUENCES)
_NUMBERS: Final = fr.EMPLOYER_NUMBERS.format(ids="employer_id = ANY($1::bigint[])")


async def record_many(conn: Conn, mutations: Sequence[Mutation]) -> None:
    """:func:`record` each, in order: the numbers reserved at once, the employers' numbers
    read once, the rows written by ``COPY``, the listeners told."""
    last = int(await conn.fetchval(_RESERVE, len(mutations)))
    ids = list({m.period.employer_id for m in mutations})
    numbers = {int(r[0]): tuple(r[1:]) for r in await conn.fetch(_NUMBERS, ids)}
    await conn.copy_records_to_table(
        "mutations", records=fr.numbered_rows(mutations, last - len(mutations) + 1, numbers),
        columns=fr.MUTATION_NAMES)
    await conn.execute(f"SELECT pg_notify('{CHANNEL}', current_schema())")


def _count(status: str) -> int:
    return int(status.rsplit(" ", 1)[-1])


class PostgresFeed:
    _dsn: str
    _bell: Bell
    _listener: asyncpg.Connection | None = None
    _listening: asyncio.Lock | None = None

    def _connection(self) -> AbstractAsyncContextManager[Conn]:
        raise NotImplementedError

    async def mutations(self, after: int, limit: int) -> list[Mutation]:
        async with self._connection() as conn:
            found = await conn.fetch(_SELECT, after, limit)
        return [fr.to_mutation(r) for r in found]

    async def last_mutation(self) -> int:
        async with self._connection() as conn:
            value = await conn.fetchval(fr.LAST_SEQUENCE)
        return int(value or 0)

    async def wait_mutation(self, after: int, within: float) -> bool:
        await self._listen()
        return await self._bell.past(after, within)

    async def _listen(self) -> None:
        """A connection of its own that rings the bell on each notification of our schema."""
        if self._listening is None:
            self._listening = asyncio.Lock()
        async with self._listening:
            if self._listener is not None and not self._listener.is_closed():
                return
            try:
                conn = await asyncpg.connect(self._dsn)
                schema = await conn.fetchval("SELECT current_schema()")

                def heard(_: Any, __: int, ___: str, payload: object) -> None:
                    if payload == schema:
                        self._bell.ring()

                await conn.add_listener(CHANNEL, heard)
                self._listener = conn
            except (OSError, asyncpg.PostgresError):  # the watch still polls
                logging.getLogger(__name__).warning("LISTEN failed", exc_info=True)

    async def _close_feed(self) -> None:
        await self._bell.close()
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()

    async def relations(self, employer_id: int | None, ssin: str | None
                        ) -> list[tuple[Employer, Period]]:
        async with self._connection() as conn:
            found = await conn.fetch(_RELATIONS, employer_id, ssin)
        return [fr.to_relation(r) for r in found]

    async def add_subscriber(self, new: NewSubscriber, key_hash: str,
                             at: datetime.datetime) -> Subscriber | None:
        async with self._connection() as conn, conn.transaction():
            subscriber_id = await conn.fetchval(_INSERT_SUBSCRIBER,
                                                *fr.subscriber_args(new, key_hash, at))
            if subscriber_id is None:
                return None
            for target in new.targets:
                await conn.execute(_INSERT_PUSH, subscriber_id, target.value)
        return await self.subscriber(new.name)

    async def _subscribers(self, where: str, *args: Any) -> list[Subscriber]:
        async with self._connection() as conn:
            found = await conn.fetch(fr.SUBSCRIBER_BY + where + " ORDER BY name", *args)
        return [fr.to_subscriber(r) for r in found]

    async def subscriber(self, name: str) -> Subscriber | None:
        found = await self._subscribers("name = $1", name)
        return found[0] if found else None

    async def subscriber_by_key(self, key_hash: str) -> Subscriber | None:
        found = await self._subscribers("key_hash = $1", key_hash)
        return found[0] if found else None

    async def subscribers(self) -> list[Subscriber]:
        return await self._subscribers("TRUE")

    async def remove_subscriber(self, name: str) -> bool:
        async with self._connection() as conn, conn.transaction():
            subscriber_id = await conn.fetchval(
                "DELETE FROM subscribers WHERE name = $1 RETURNING subscriber_id", name)
            if subscriber_id is None:
                return False
            await conn.execute("DELETE FROM pushes WHERE subscriber_id = $1", subscriber_id)
        return True

    async def pause_subscriber(self, name: str, paused: bool) -> bool:
        async with self._connection() as conn:
            status = await conn.execute("UPDATE subscribers SET paused = $1 WHERE name = $2",
                                        int(paused), name)
        return _count(status) == 1

    async def push_states(self, subscriber_id: int | None = None) -> list[PushState]:
        sql = f"SELECT {fr.PUSH_COLUMNS} FROM pushes"
        args: tuple[Any, ...] = ()
        if subscriber_id is not None:
            sql, args = sql + " WHERE subscriber_id = $1", (subscriber_id,)
        async with self._connection() as conn:
            found = await conn.fetch(sql + " ORDER BY subscriber_id, target", *args)
        return [fr.to_push(r) for r in found]

    async def claim_push(self, subscriber_id: int, target: Target, owner: str,
                         now: float, until: float) -> bool:
        async with self._connection() as conn:
            status = await conn.execute(_CLAIM, subscriber_id, target.value, owner, now, until)
        return _count(status) == 1

    async def release_push(self, subscriber_id: int, target: Target, owner: str) -> None:
        async with self._connection() as conn:
            await conn.execute(_RELEASE, subscriber_id, target.value, owner)

    async def pushed(self, subscriber_id: int, target: Target, owner: str, sequence: int,
                     at: datetime.datetime | None) -> bool:
        async with self._connection() as conn:
            status = await conn.execute(_PUSHED, subscriber_id, target.value, owner, sequence,
                                        fr.iso(at))
            if _count(status) == 1:
                return True
            return await conn.fetchval(
                "SELECT 1 FROM pushes WHERE subscriber_id = $1 AND target = $2 AND owner = $3",
                subscriber_id, target.value, owner) is not None

    async def push_failed(self, subscriber_id: int, target: Target, owner: str, error: str,
                          at: datetime.datetime, retry_at: datetime.datetime) -> int:
        async with self._connection() as conn:
            failures = await conn.fetchval(_FAILED, subscriber_id, target.value, owner, error,
                                           fr.iso(at), fr.iso(retry_at))
        return int(failures or 0)

