"""The feed and its subscribers on SQLite: the methods :class:`~core.store.sqlite.SQLiteStore`
takes from :class:`SQLiteFeed` (see :mod:`core.store.feed_rows` for the statements).

Units write the file one at a time (``BEGIN IMMEDIATE``), so a mutation's number,
taken from the counter row inside its unit, is gap-free and in commit order.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Sequence
from typing import Final

from core.feed import Mutation, NewSubscriber, PushState, Subscriber, Target
from core.model import Employer, Period
from core.store import feed_rows as fr
from core.store.bell import Bell

__all__ = ["POLL", "SQLiteFeed", "record", "record_many"]

#: Seconds between two looks at the file for mutations other processes committed.
POLL: Final = 0.2
_SEQUENCE: Final = fr.insert_mutation("(SELECT value FROM counters WHERE name = 'mutation')")


def record(conn: sqlite3.Connection, m: Mutation) -> int:
    """Number and write ``m`` inside the open transaction; its sequence."""
    conn.execute(fr.NEXT_SEQUENCE).fetchone()
    return int(conn.execute(_SEQUENCE, fr.mutation_args(m)).fetchone()[0])


def record_many(conn: sqlite3.Connection, mutations: Sequence[Mutation]) -> None:
    """:func:`record` each, in order: the numbers reserved at once, the employers' numbers
    read once."""
    if not mutations:
        return
    last = int(conn.execute(fr.RESERVE_SEQUENCES, (len(mutations),)).fetchone()[0])
    ids = sorted({m.period.employer_id for m in mutations})
    found = conn.execute(fr.EMPLOYER_NUMBERS.format(
        ids="employer_id IN (SELECT value FROM json_each(?1))"), (json.dumps(ids),))
    numbers = {int(r[0]): tuple(r[1:]) for r in found}
    conn.executemany(
        f"INSERT INTO mutations ({fr.MUTATION_COLUMNS})"
        f" VALUES ({', '.join('?' * len(fr.MUTATION_NAMES))})",
        fr.numbered_rows(mutations, last - len(mutations) + 1, numbers))


class SQLiteFeed:
    _conn: sqlite3.Connection
    _bell: Bell

    async def mutations(self, after: int, limit: int) -> list[Mutation]:
        cursor = self._conn.execute(fr.SELECT_MUTATIONS, (after, limit))
        return [fr.to_mutation(r) for r in cursor]

    async def last_mutation(self) -> int:
        row = self._conn.execute(fr.LAST_SEQUENCE).fetchone()
        return int(row[0]) if row else 0

    async def wait_mutation(self, after: int, within: float) -> bool:
        return await self._bell.past(after, within)

    async def relations(self, employer_id: int | None, ssin: str | None
                        ) -> list[tuple[Employer, Period]]:
        return [fr.to_relation(r) for r in self._conn.execute(fr.RELATIONS, (employer_id, ssin))]

    async def add_subscriber(self, new: NewSubscriber, key_hash: str,
                             at: datetime.datetime) -> Subscriber | None:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            row = self._conn.execute(fr.INSERT_SUBSCRIBER,
                                     fr.subscriber_args(new, key_hash, at)).fetchone()
            for target in new.targets if row else ():
                self._conn.execute(fr.INSERT_PUSH, (row[0], target.value))
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return await self.subscriber(new.name) if row else None

    def _subscribers(self, where: str, *args: object) -> list[Subscriber]:
        cursor = self._conn.execute(fr.SUBSCRIBER_BY + where + " ORDER BY name", args)
        return [fr.to_subscriber(r) for r in cursor]

    async def subscriber(self, name: str) -> Subscriber | None:
        found = self._subscribers("name = ?", name)
        return found[0] if found else None

    async def subscriber_by_key(self, key_hash: str) -> Subscriber | None:
        found = self._subscribers("key_hash = ?", key_hash)
        return found[0] if found else None

    async def subscribers(self) -> list[Subscriber]:
        return self._subscribers("1 = 1")

    async def remove_subscriber(self, name: str) -> bool:
        found = await self.subscriber(name)
        if found is None:
            return False
        self._conn.execute("DELETE FROM pushes WHERE subscriber_id = ?", (found.subscriber_id,))
        self._conn.execute("DELETE FROM subscribers WHERE subscriber_id = ?",
                           (found.subscriber_id,))
        return True

    async def pause_subscriber(self, name: str, paused: bool) -> bool:
        cursor = self._conn.execute("UPDATE subscribers SET paused = ? WHERE name = ?",
                                    (int(paused), name))
        return cursor.rowcount == 1

    async def push_states(self, subscriber_id: int | None = None) -> list[PushState]:
        sql = f"SELECT {fr.PUSH_COLUMNS} FROM pushes"
        args: tuple[object, ...] = ()
        if subscriber_id is not None:
            sql, args = sql + " WHERE subscriber_id = ?", (subscriber_id,)
        return [fr.to_push(r) for r in self._conn.execute(sql + " ORDER BY subscriber_id, target",
                                                          args)]

    async def claim_push(self, subscriber_id: int, target: Target, owner: str,
                         now: float, until: float) -> bool:
        cursor = self._conn.execute(fr.CLAIM_PUSH,
                                    (subscriber_id, target.value, owner, now, until))
        return cursor.rowcount == 1

    async def release_push(self, subscriber_id: int, target: Target, owner: str) -> None:
        self._conn.execute(fr.RELEASE_PUSH, (subscriber_id, target.value, owner))

    async def pushed(self, subscriber_id: int, target: Target, owner: str, sequence: int,
                     at: datetime.datetime | None) -> bool:
        cursor = self._conn.execute(fr.PUSHED, (subscriber_id, target.value, owner, sequence,
                                                fr.iso(at)))
        return cursor.rowcount == 1 or await self._owns(subscriber_id, target, owner)

    async def _owns(self, subscriber_id: int, target: Target, owner: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM pushes WHERE subscriber_id = ? AND target = ? AND owner = ?",
            (subscriber_id, target.value, owner)).fetchone()
        return row is not None

    async def push_failed(self, subscriber_id: int, target: Target, owner: str, error: str,
                          at: datetime.datetime, retry_at: datetime.datetime) -> int:
        row = self._conn.execute(fr.PUSH_FAILED, (subscriber_id, target.value, owner, error,
                                                  fr.iso(at), fr.iso(retry_at))).fetchone()
        return int(row[0]) if row else 0

