"""The feed's rows (mutations, subscribers, pushes) and their statements, for both stores.

Statements use SQLite's ``?N`` placeholders; PostgreSQL runs them through
:func:`core.store.rows.numbered`. Times of the push state are ISO text in UTC.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Final

from core.feed import Change, Mutation, NewSubscriber, PushState, Scope, Subscriber, Target
from core.model import Result
from core.store import rows
from core.store.rows import Row

__all__ = ["MUTATION_COLUMNS", "PUSH_COLUMNS", "SUBSCRIBER_COLUMNS", "insert_mutation", "iso",
           "mutation_args", "subscriber_args", "to_mutation", "to_push", "to_relation",
           "to_subscriber"]

#: The mutation's own columns, then the employer's numbers, then the period's columns.
MUTATION_COLUMNS: Final = ("sequence, time, kind, result, declaration_id, enterprise_number, "
                           f"nsso_number, provisional_nsso_number, {rows.PERIOD_COLUMNS}")
_OWN: Final = 4  # time .. declaration_id; the sequence is not a parameter
_NUMBERS: Final = tuple(f"(SELECT {c} FROM employers WHERE employer_id = ?{_OWN + 2})"
                        for c in ("enterprise_number", "nsso_number", "provisional_nsso_number"))
_PERIOD_PARAMS: Final = ", ".join(f"?{n}" for n in range(_OWN + 1, _OWN + 1 + len(
    rows.PERIOD_COLUMNS.split(","))))
#: The next sequence: the counter row stays locked by the unit until it commits.
NEXT_SEQUENCE: Final = ("UPDATE counters SET value = value + 1 WHERE name = 'mutation'"
                        " RETURNING value")


def insert_mutation(sequence: str) -> str:
    """Recording a mutation numbered ``sequence`` (an SQL expression), with the employer's
    numbers as registered now (params: time, kind, result, declaration id, then the
    period's columns: its employer id is param 6)."""
    return (f"INSERT INTO mutations ({MUTATION_COLUMNS}) VALUES ({sequence}, ?1, ?2, ?3, ?4, "
            f"{', '.join(_NUMBERS)}, {_PERIOD_PARAMS}) RETURNING sequence")


#: Numbers for many mutations at once (param: how many): the last one; the counter row
#: stays locked by the unit until it commits, as for one.
RESERVE_SEQUENCES: Final = ("UPDATE counters SET value = value + ?1 WHERE name = 'mutation'"
                            " RETURNING value")
#: The registered numbers of employers (param: their ids), for mutations written at once.
EMPLOYER_NUMBERS: Final = ("SELECT employer_id, enterprise_number, nsso_number,"
                           " provisional_nsso_number FROM employers WHERE {ids}")
MUTATION_NAMES: Final = tuple(c.strip() for c in MUTATION_COLUMNS.split(","))


def numbered_rows(mutations: Sequence[Mutation], first: int,
                  numbers: dict[int, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows of :data:`MUTATION_COLUMNS` for mutations numbered from ``first``, each with
    its employer's numbers (``numbers``: employer id -> the three)."""
    rows_ = []
    for n, m in enumerate(mutations):
        time, kind, result, declaration, *period = mutation_args(m)
        rows_.append((first + n, time, kind, result, declaration,
                      *numbers.get(m.period.employer_id, (None, None, None)), *period))
    return rows_


LAST_SEQUENCE: Final = "SELECT value FROM counters WHERE name = 'mutation'"
SELECT_MUTATIONS: Final = (f"SELECT {MUTATION_COLUMNS} FROM mutations WHERE sequence > ?1"
                           " ORDER BY sequence LIMIT ?2")
#: The periods of an employer, a worker or both, joined to their employer (params:
#: employer id or NULL, NISS or NULL).
RELATIONS: Final = (
    f"SELECT {rows.ENROLLED_EMPLOYER}, "
    + ", ".join(f"p.{c.strip()}" for c in rows.PERIOD_COLUMNS.split(","))
    + " FROM periods p JOIN employers e USING (employer_id)"
    " WHERE (CAST(?1 AS BIGINT) IS NULL OR p.employer_id = ?1)"
    " AND (CAST(?2 AS TEXT) IS NULL OR p.ssin = ?2)"
    " ORDER BY p.employer_id, p.ssin, p.start_date, p.period_id")
_EMPLOYER_WIDTH: Final = len(rows.EMPLOYER_COLUMNS.split(","))

#: The periods a provisional number's row gives up to the definitive one's (param: the row).
PERIODS_OF: Final = f"SELECT {rows.PERIOD_COLUMNS} FROM periods WHERE employer_id = ?1" \
    " ORDER BY period_id"
#: The NSSO number a row declares under now (param: the row).
NSSO_OF: Final = "SELECT nsso_number FROM employers WHERE employer_id = ?1"

SUBSCRIBER_COLUMNS: Final = ("subscriber_id, name, deliberation, secret, employers, committees, "
                             "fields, webhook, stream, paused, created_at")
INSERT_SUBSCRIBER: Final = (
    "INSERT INTO subscribers (name, deliberation, key_hash, secret, employers, committees,"
    " fields, webhook, stream, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT (name) DO NOTHING RETURNING subscriber_id")
INSERT_PUSH: Final = "INSERT INTO pushes (subscriber_id, target) VALUES (?1, ?2)"
SUBSCRIBER_BY: Final = f"SELECT {SUBSCRIBER_COLUMNS} FROM subscribers WHERE "
PUSH_COLUMNS: Final = ("subscriber_id, target, delivered, failures, last_error, last_attempt, "
                       "last_success, retry_at, owner, lease_until")
#: A push's lease taken or renewed (params: id, target, owner, now, until).
CLAIM_PUSH: Final = (
    "UPDATE pushes SET owner = ?3, lease_until = ?5 WHERE subscriber_id = ?1 AND target = ?2"
    " AND (owner IS NULL OR owner = ?3 OR lease_until < ?4)"
    " AND subscriber_id IN (SELECT subscriber_id FROM subscribers WHERE paused = 0)")
RELEASE_PUSH: Final = ("UPDATE pushes SET owner = NULL, lease_until = NULL"
                       " WHERE subscriber_id = ?1 AND target = ?2 AND owner = ?3")
#: The cursor moved by its owner (params: id, target, owner, sequence, delivered at or NULL).
PUSHED: Final = (
    "UPDATE pushes SET delivered = ?4, failures = 0, last_error = NULL, retry_at = NULL,"
    " last_success = COALESCE(?5, last_success), last_attempt = COALESCE(?5, last_attempt)"
    " WHERE subscriber_id = ?1 AND target = ?2 AND owner = ?3 AND delivered < ?4")
#: A failed attempt counted by its owner (params: id, target, owner, error, at, retry at).
PUSH_FAILED: Final = (
    "UPDATE pushes SET failures = failures + 1, last_error = ?4, last_attempt = ?5,"
    " retry_at = ?6 WHERE subscriber_id = ?1 AND target = ?2 AND owner = ?3"
    " RETURNING failures")


def _text(values: frozenset[str] | None) -> str | None:
    return None if values is None else ",".join(sorted(values))


def _set(text: str | None) -> frozenset[str]:
    return frozenset(v for v in (text or "").split(",") if v)


def subscriber_args(new: NewSubscriber, key_hash: str, at: datetime.datetime
                    ) -> tuple[Any, ...]:
    scope = new.scope
    return (new.name, new.deliberation, key_hash, new.secret, _text(scope.employers) or None,
            _text(scope.committees) or None, _text(scope.fields), new.webhook, new.stream,
            at.isoformat())


def to_subscriber(row: Row) -> Subscriber:
    scope = Scope(_set(row[4]), _set(row[5]), None if row[6] is None else _set(row[6]))
    return Subscriber(int(row[0]), row[1], row[2], scope, row[3], row[7], row[8],
                      bool(row[9]), datetime.datetime.fromisoformat(row[10]))


def _when(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def iso(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None


def to_push(row: Row) -> PushState:
    return PushState(int(row[0]), Target(row[1]), int(row[2]), int(row[3]), row[4],
                     _when(row[5]), _when(row[6]), _when(row[7]), row[8],
                     float(row[9]) if row[9] is not None else None)


def mutation_args(m: Mutation) -> tuple[Any, ...]:
    return (m.time.isoformat(), m.kind.value, m.result.value if m.result else None,
            m.declaration_id, *rows.period_row(m.period))


def to_mutation(row: Row) -> Mutation:
    return Mutation(Change(row[2]), Result(row[3]) if row[3] else None,
                    datetime.datetime.fromisoformat(row[1]), rows.to_period(row[8:]), row[4],
                    int(row[0]), row[5], row[6], row[7])


def to_relation(row: Row) -> tuple[Any, Any]:
    """An employer and one of its periods, from a row of :data:`RELATIONS`."""
    return rows.to_employer(row[:_EMPLOYER_WIDTH]), rows.to_period(row[_EMPLOYER_WIDTH:])
