"""Rows to records and back, shared by the SQL stores."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Protocol

from core import codec
from core import reference as ref
from core.model import (
    Declaration,
    Employer,
    Enrollment,
    Identity,
    Kind,
    Period,
    PeriodStatus,
    Result,
)
from core.store.protocols.apikeys import ApiKey
from core.store.protocols.calls import PinLock
from core.store.protocols.ledger import HorecaCount

__all__ = [
    "EMPLOYER_COLUMNS",
    "EMPLOYER_DECLARATIONS",
    "KEPT_WHILE_TOUCHED",
    "MOVE_EMPLOYER",
    "PERIOD_COLUMNS",
    "PIN_LOCK",
    "SAVE_PIN_LOCK",
    "Row",
    "declaration_row",
    "employer_values",
    "load_record",
    "numbered",
    "period_row",
    "pin_lock_row",
    "save_record",
    "to_declaration",
    "to_employer",
    "to_period",
    "to_pin_lock",
]

PERIOD_COLUMNS = ("period_id, employer_id, ssin, committee, worker_type, start_date, end_date, "
                  "start_hour, end_hour, planned_hours, user_enterprise, user_committee, status, "
                  "sub_entity, user_name")
PERIOD_NAMES = tuple(c.strip() for c in PERIOD_COLUMNS.split(","))
#: Tables whose rows are forgotten some time after their ``updated_at`` (see UpkeepStore).
KEPT_WHILE_TOUCHED = ("conversations", "calls", "pin_locks")


#: A filing's request key (see :meth:`core.store.protocols.ledger.Unit.keep_key`).
FILED = "SELECT declaration_id FROM filings WHERE key = ?1"
KEEP_KEY = "INSERT INTO filings (key, declaration_id, created_at) VALUES (?1, ?2, ?3)"
#: A delivery claimed again: only while unanswered and still the dead owner's.
TAKE_OVER_DELIVERY = ("UPDATE deliveries SET owner = ?1 WHERE key = ?2 AND reply IS NULL"
                      " AND owner IS NOT DISTINCT FROM ?3")
RELEASE_DELIVERY = "UPDATE deliveries SET owner = NULL WHERE key = ?1 AND reply IS NULL"
#: A rate limit's events of one key (Unix seconds): the old ones go, the rest are counted.
FORGET_HITS = "DELETE FROM rate_hits WHERE key = ?1 AND at <= ?2"
COUNT_HITS = "SELECT count(*) FROM rate_hits WHERE key = ?1"
HIT = "INSERT INTO rate_hits (key, at) VALUES (?1, ?2)"


def purged_with_deliveries(before: datetime.datetime) -> list[tuple[str, object]]:
    """What goes with old deliveries: the deliveries, the filings' keys, the rate counts;
    each statement with its one argument."""
    return [("DELETE FROM deliveries WHERE created_at < ?1", before.isoformat()),
            ("DELETE FROM filings WHERE created_at < ?1", before.isoformat()),
            ("DELETE FROM rate_hits WHERE at < ?1", before.timestamp())]


def load_record(table: str, key: str) -> str:
    """Reading a JSON record by its key (conversations, calls)."""
    return f"SELECT data FROM {table} WHERE {key} = ?1"


def save_record(table: str, key: str) -> str:
    """Writing a JSON record by its key, touched now (params: key, data, updated_at)."""
    return (f"INSERT INTO {table} ({key}, data, updated_at) VALUES (?1, ?2, ?3)"
            f" ON CONFLICT ({key}) DO UPDATE SET data = excluded.data,"
            " updated_at = excluded.updated_at")


PIN_LOCK = "SELECT failures, locked_until FROM pin_locks WHERE phone = ?1"
#: Params: phone, failures, locked until, updated at.
SAVE_PIN_LOCK = ("INSERT INTO pin_locks (phone, failures, locked_until, updated_at)"
                 " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (phone) DO UPDATE SET"
                 " failures = excluded.failures, locked_until = excluded.locked_until,"
                 " updated_at = excluded.updated_at")
#: The phone's row, made if missing, so the claim of an attempt has a row to lock
#: (params: phone, updated at).
ENSURE_PIN_LOCK = ("INSERT INTO pin_locks (phone, failures, updated_at) VALUES (?1, 0, ?2)"
                   " ON CONFLICT (phone) DO NOTHING")
#: One ``?`` per period column, for statements that write a whole period.
PERIOD_PLACEHOLDERS = ",".join("?" * len(PERIOD_COLUMNS.split(",")))
DECLARATION_COLUMNS = ("declaration_id, kind, result, employer_id, period_id, ssin, request, "
                       "anomalies, created_at")
DECLARATION_NAMES = tuple(c.strip() for c in DECLARATION_COLUMNS.split(","))
EMPLOYER_COLUMNS = ("employer_id, name, enterprise_number, nsso_number, language, sub_entities, "
                    "provisional_nsso_number")
#: The employer columns an import writes, in :func:`employer_values` order.
EMPLOYER_VALUES = ("name, language, enterprise_number, nsso_number, sub_entities, "
                   "provisional_nsso_number")

#: Finding the row an imported employer updates (params: enterprise, nsso number).
FIND_EMPLOYER = ("SELECT employer_id FROM employers WHERE enterprise_number = ?1"
                 " OR nsso_number = ?2 ORDER BY employer_id LIMIT 1")
#: The row that declared under a provisional number, open or closed (param: the number).
FIND_PROVISIONAL = ("SELECT employer_id FROM employers WHERE nsso_number = ?1"
                    " OR provisional_nsso_number = ?1 ORDER BY employer_id LIMIT 1")
#: A closed provisional number stays closed when a later import leaves it out.
UPDATE_EMPLOYER = ("UPDATE employers SET name = ?1, language = ?2, enterprise_number = ?3,"
                   " nsso_number = ?4, sub_entities = ?5,"
                   " provisional_nsso_number = COALESCE(?6, provisional_nsso_number)"
                   " WHERE employer_id = ?7")
INSERT_EMPLOYER = f"INSERT INTO employers ({EMPLOYER_VALUES}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

#: An employer whose provisional number made a row of its own merges into the row of
#: its definitive number: its periods, declarations and phones move over (params: to, from).
MOVE_EMPLOYER = (
    "UPDATE periods SET employer_id = ?1 WHERE employer_id = ?2",
    "UPDATE declarations SET employer_id = ?1 WHERE employer_id = ?2",
    ("DELETE FROM phones WHERE employer_id = ?2 AND phone IN"
     " (SELECT phone FROM phones WHERE employer_id = ?1)"),
    "UPDATE phones SET employer_id = ?1 WHERE employer_id = ?2",
    ("DELETE FROM api_key_employers WHERE employer_id = ?2 AND key_id IN"
     " (SELECT key_id FROM api_key_employers WHERE employer_id = ?1)"),
    "UPDATE api_key_employers SET employer_id = ?1 WHERE employer_id = ?2",
    "DELETE FROM employers WHERE employer_id = ?2 AND employer_id <> ?1",
)


#: An employer by NSSO number: its definitive or open provisional one, or a closed
#: provisional one (the rules then refuse it, naming the definitive number).
BY_NSSO = "nsso_number = ?1 OR provisional_nsso_number = ?1"
#: Columns of the employer joined to a phone (``e``), after the phone's own three.
ENROLLED_EMPLOYER = ", ".join(f"e.{c.strip()}" for c in EMPLOYER_COLUMNS.split(","))

#: Days a horeca company has occasional workers: its own EXT in the horeca committee, and
#: the agency EXT placed with it as user (params: employer id, enterprise, first, last day).
HORECA_DAYS = (
    "SELECT DISTINCT start_date FROM periods WHERE status != 'cancelled' AND worker_type = ?5"
    " AND start_date BETWEEN ?3 AND ?4 AND ((employer_id = ?1 AND committee = ?6)"
    " OR (user_enterprise = ?2 AND committee = ?7 AND user_committee = ?6))")
IDENTITIES_BORN = ("SELECT ssin, last_name, first_name, birth_date FROM identities"
                   " WHERE birth_date LIKE ?1 ORDER BY ssin")
#: A pending declaration settled once: the claim fails when another unit settled it first.
RESOLVE = ("UPDATE declarations SET result = ?1, anomalies = ?2, period_id = ?3"
           " WHERE declaration_id = ?4 AND result = 'S'")
#: The history of an employer's personnel file: its declarations, oldest first.
EMPLOYER_DECLARATIONS = (f"SELECT {DECLARATION_COLUMNS} FROM declarations WHERE employer_id = ?1"
                         " ORDER BY created_at, declaration_id")
#: The pending period of a declaration refused in the end: it never existed.
DROP_PENDING = "DELETE FROM periods WHERE period_id = ?1 AND status = 'pending'"


#: A worker's live periods, in a stable order (the rules name the first one that clashes).
PERIOD = f"SELECT {PERIOD_COLUMNS} FROM periods WHERE period_id = ?"
WORKER_PERIODS = (f"SELECT {PERIOD_COLUMNS} FROM periods WHERE ssin = ?1"
                  " AND status != 'cancelled' ORDER BY start_date, period_id")


def any_of(column: str, param: int, dialect: str, sql_type: str = "text") -> str:
    """``column`` is one of the values of list parameter ``param``: a JSON array for SQLite
    (see :func:`list_param`), an array for PostgreSQL.

    >>> any_of("ssin", 1, "sqlite"), any_of("employer_id", 2, "postgresql", "bigint")
    ('ssin IN (SELECT value FROM json_each(?1))', 'employer_id = ANY(?2::bigint[])')
    """
    if dialect == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(?{param}))"
    return f"{column} = ANY(?{param}::{sql_type}[])"


def list_param(values: Iterable[Any], dialect: str) -> Any:
    """A list parameter of :func:`any_of` in ``dialect``."""
    return json.dumps(list(values)) if dialect == "sqlite" else list(values)


def bulk_reads(dialect: str) -> dict[str, str]:
    """The bulk path's reads (``?N`` placeholders; :func:`numbered` for PostgreSQL)."""
    return {
        "employers": (f"SELECT {EMPLOYER_COLUMNS} FROM employers WHERE"
                      f" {any_of('enterprise_number', 1, dialect)}"
                      f" OR {any_of('nsso_number', 2, dialect)}"
                      f" OR {any_of('provisional_nsso_number', 2, dialect)}"
                      " ORDER BY employer_id"),
        "periods": (f"SELECT {PERIOD_COLUMNS} FROM periods"
                    f" WHERE {any_of('period_id', 1, dialect)}"),
        "workers": (f"SELECT {PERIOD_COLUMNS} FROM periods WHERE {any_of('ssin', 1, dialect)}"
                    " AND status != 'cancelled' ORDER BY start_date, period_id"),
        "identities": ("SELECT ssin, last_name, first_name, birth_date FROM identities"
                       f" WHERE {any_of('ssin', 1, dialect)}"),
        # HORECA_DAYS for many companies, with how many periods make each day: the bulk
        # path counts the days again after each declaration it judges (core.bulk).
        "horeca": ("SELECT 'own', CAST(employer_id AS TEXT), start_date, COUNT(*) FROM periods"
                   " WHERE status != 'cancelled' AND worker_type = 'EXT'"
                   " AND start_date BETWEEN ?3 AND ?4 AND committee = ?5"
                   f" AND {any_of('employer_id', 1, dialect, 'bigint')}"
                   " GROUP BY employer_id, start_date"
                   " UNION ALL SELECT 'placed', user_enterprise, start_date, COUNT(*)"
                   " FROM periods WHERE status != 'cancelled' AND worker_type = 'EXT'"
                   " AND start_date BETWEEN ?3 AND ?4 AND committee = ?6"
                   f" AND user_committee = ?5 AND {any_of('user_enterprise', 2, dialect)}"
                   " GROUP BY user_enterprise, start_date"),
    }


def horeca_counts_args(employer_ids: Iterable[int], enterprises: Iterable[str],
                        years: Iterable[int], dialect: str) -> tuple[Any, ...]:
    span = sorted(years)
    return (list_param(employer_ids, dialect), list_param(enterprises, dialect),
            f"{span[0]}-01-01", f"{span[-1]}-12-31", ref.HORECA, ref.AGENCY)
#: Each key with its employers, one row per employer (a key without any: one row of NULLs).
_API_KEYS = ("SELECT k.key_id, k.name, k.prefix, k.created_at, "
             + ", ".join(f"e.{c.strip()}" for c in EMPLOYER_COLUMNS.split(","))
             + " FROM api_keys k LEFT JOIN api_key_employers ke ON ke.key_id = k.key_id"
               " LEFT JOIN employers e ON e.employer_id = ke.employer_id")
API_KEY_BY_DIGEST = _API_KEYS + " WHERE k.digest = ?1 ORDER BY k.key_id, e.employer_id"
ALL_API_KEYS = _API_KEYS + " ORDER BY k.key_id, e.employer_id"
#: Params: digest, prefix, name, created at.
ADD_API_KEY = ("INSERT INTO api_keys (digest, prefix, name, created_at) VALUES (?1, ?2, ?3, ?4)"
               " RETURNING key_id")
ADD_API_KEY_EMPLOYER = ("INSERT INTO api_key_employers (key_id, employer_id) VALUES (?1, ?2)"
                        " ON CONFLICT DO NOTHING")
REMOVE_API_KEY = ("DELETE FROM api_key_employers WHERE key_id = ?1",
                  "DELETE FROM api_keys WHERE key_id = ?1")

#: Watchers of final declarations not told yet nor claimed (params: now, attempts allowed).
#: Params: declaration id, address, language (the first watch's is kept).
WATCH = ("INSERT INTO watchers (declaration_id, address, language) VALUES (?, ?, ?)"
         " ON CONFLICT DO NOTHING")
WATCHER_LANGUAGE = "SELECT language FROM watchers WHERE declaration_id = ?1 AND address = ?2"
#: Watchers of final declarations not told yet, with the owner of a claim held at ``?1``
#: (its ``held`` is false when the claim ran out or there is none). Params: now, attempts.
UNNOTIFIED = ("SELECT w.declaration_id, w.address, w.owner,"
              " (w.claimed_until IS NOT NULL AND w.claimed_until >= ?1) AS held"
              " FROM watchers w JOIN declarations d"
              " ON d.declaration_id = w.declaration_id WHERE w.notified_at IS NULL"
              " AND d.result != 'S' AND w.attempts < ?2"
              " ORDER BY w.declaration_id, w.address")
#: Params: declaration id, address, now, claimed until, attempts allowed, owner.
CLAIM_NOTIFICATION = ("UPDATE watchers SET claimed_until = ?4, attempts = attempts + 1,"
                      " owner = ?6"
                      " WHERE declaration_id = ?1 AND address = ?2 AND notified_at IS NULL"
                      " AND attempts < ?5 AND (claimed_until IS NULL OR claimed_until < ?3)")
#: The owner of a notification not told yet. Params: declaration id, address.
NOTIFICATION_OWNER = ("SELECT owner FROM watchers WHERE declaration_id = ?1 AND address = ?2"
                      " AND notified_at IS NULL")
#: A claim taken over from its dead owner: only while still its. Params: declaration id,
#: address, claimed until, attempts allowed, owner, the dead owner.
TAKE_OVER_NOTIFICATION = ("UPDATE watchers SET claimed_until = ?3, attempts = attempts + 1,"
                          " owner = ?5 WHERE declaration_id = ?1 AND address = ?2"
                          " AND notified_at IS NULL AND attempts < ?4"
                          " AND owner IS NOT DISTINCT FROM ?6")
#: Params: declaration id, address, now.
NOTIFIED = ("UPDATE watchers SET notified_at = ?3, claimed_until = NULL, owner = NULL"
            " WHERE declaration_id = ?1 AND address = ?2")
RELEASE_NOTIFICATION = ("UPDATE watchers SET claimed_until = NULL, owner = NULL"
                        " WHERE declaration_id = ?1 AND address = ?2 AND notified_at IS NULL")


def utc(moment: datetime.datetime) -> str:
    """A time as stored where it is compared as text: ISO, in UTC.

    >>> from core.clock import BRUSSELS
    >>> utc(datetime.datetime(2026, 12, 1, 9, 30, tzinfo=BRUSSELS))
    '2026-12-01T08:30:00+00:00'
    """
    return moment.astimezone(datetime.UTC).isoformat()


def to_api_keys(found: Iterable[Row]) -> list[ApiKey]:
    """Keys from :data:`API_KEY_BY_DIGEST` or :data:`ALL_API_KEYS` rows, in their order."""
    keys: dict[int, ApiKey] = {}
    for row in found:
        key = keys.get(row[0]) or ApiKey(row[0], row[1], row[2], (),
                                         datetime.datetime.fromisoformat(row[3]))
        if row[4] is not None:
            key = replace(key, employers=(*key.employers, to_employer(row[4:])))
        keys[row[0]] = key
    return list(keys.values())


#: Live periods without a NISS of an employer reaching into a span, with their IN's request
#: (params: employer id, first day, last day).
UNIDENTIFIED_PERIODS = (
    "SELECT " + ", ".join(f"p.{c.strip()}" for c in PERIOD_COLUMNS.split(","))
    + ", d.request FROM periods p JOIN declarations d ON d.declaration_id = p.period_id"
      " WHERE p.employer_id = ?1 AND p.ssin IS NULL AND p.status != 'cancelled'"
      " AND p.start_date <= ?3 AND (p.end_date IS NULL OR p.end_date >= ?2)"
      " ORDER BY p.start_date, p.period_id")


def unidentified_args(employer_id: int, first: datetime.date, last: datetime.date | None
                      ) -> tuple[Any, ...]:
    return (employer_id, first.isoformat(), (last or datetime.date.max).isoformat())


def to_unidentified(row: Row) -> tuple[Period, Identity]:
    """A period (its columns first) and the identity of the worker its IN declared."""
    width = len(PERIOD_COLUMNS.split(","))
    request = codec.request_from({**json.loads(row[width]), "kind": Kind.IN})
    return to_period(row), request.identity or Identity("", "")


def horeca_days_args(employer_id: int | None, enterprise: str | None, year: int
                     ) -> tuple[Any, ...]:
    return (employer_id, enterprise, f"{year}-01-01", f"{year}-12-31", "EXT", ref.HORECA,
            ref.AGENCY)


def resolve_args(d: Declaration) -> tuple[Any, ...]:
    return (d.result.value, json.dumps(codec.anomalies_to(d.anomalies)), d.period_id,
            d.declaration_id)


def numbered(sql: str) -> str:
    """``?`` placeholders (``?N`` too) as PostgreSQL's ``$N``, numbered as SQLite numbers them.

    >>> numbered("SELECT ? WHERE a = ?2 OR b = ?")
    'SELECT $1 WHERE a = $2 OR b = $3'
    """
    first, *parts = sql.split("?")
    out, largest = [first], 0
    for part in parts:
        digits = len(part) - len(part.lstrip("0123456789"))
        number = int(part[:digits]) if digits else largest + 1
        largest = max(largest, number)
        out.append(f"${number}{part[digits:]}")
    return "".join(out)


class Row(Protocol):
    """A row read back: an ``sqlite3`` tuple or an ``asyncpg.Record``."""

    def __getitem__(self, index: Any, /) -> Any: ...


def _iso(value: datetime.date | datetime.time | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def period_row(p: Period) -> tuple[Any, ...]:
    return (p.period_id, p.employer_id, p.ssin, p.committee, p.worker_type,
            p.start_date.isoformat(), _iso(p.end_date), _iso(p.start_hour), _iso(p.end_hour),
            p.planned_hours, p.user_enterprise, p.user_committee, p.status.value, p.sub_entity,
            p.user_name)


_STATUSES = {s.value: s for s in PeriodStatus}


def to_period(row: Row) -> Period:
    return Period(row[0], row[1], row[2], row[3], row[4], datetime.date.fromisoformat(row[5]),
                  _date(row[6]), _time(row[7]), _time(row[8]), row[9], row[10], row[11],
                  _STATUSES[row[12]], row[13], row[14])


def declaration_row(d: Declaration) -> tuple[Any, ...]:
    return (d.declaration_id, d.request.kind.value, d.result.value, d.employer_id, d.period_id,
            d.request.ssin, json.dumps(codec.request_to(d.request)),
            json.dumps(codec.anomalies_to(d.anomalies)), d.created_at.isoformat())


def to_declaration(row: Row) -> Declaration:
    request = codec.request_from({**json.loads(row[6]), "kind": Kind(row[1])})
    return Declaration(row[0], request, Result(row[2]), codec.anomalies_from(json.loads(row[7])),
                       datetime.datetime.fromisoformat(row[8]), row[4], row[3])


def to_employer(row: Row) -> Employer:
    return Employer(row[0], row[1], row[2], row[3], row[4], tuple((row[5] or "").split()),
                    row[6])


def to_enrollment(row: Row) -> Enrollment:
    """A phone's row (phone, language, pin) followed by its employer's columns."""
    return Enrollment(row[0], to_employer(row[3:]), row[1], row[2])


def employer_values(e: Employer) -> tuple[Any, ...]:
    """What an import writes of ``e``, in :data:`EMPLOYER_VALUES` order."""
    return (e.name, e.language, e.enterprise_number, e.nsso_number,
            " ".join(sorted(e.sub_entities)) or None, e.provisional_nsso)


def to_horeca_count(row: Row) -> HorecaCount:
    """A row of the bulk ``horeca`` read: ``own`` (employer id) or ``placed`` (enterprise)."""
    own = row[0] == "own"
    return HorecaCount(int(row[1]) if own else None, None if own else str(row[1]),
                       datetime.date.fromisoformat(row[2]), int(row[3]))


def to_identity(row: Row) -> Identity:
    return Identity(row[1], row[2], _date(row[3]), row[0])


def pin_lock_row(lock: PinLock) -> tuple[int, str | None]:
    return lock.failures, lock.until.isoformat() if lock.until else None


def to_pin_lock(row: Row) -> PinLock:
    return PinLock(int(row[0] or 0), datetime.datetime.fromisoformat(row[1]) if row[1] else None)
