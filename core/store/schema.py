"""Schema migrations, applied in order on start; the index is the version."""

from __future__ import annotations

from typing import Final

__all__ = ["MIGRATIONS"]

MIGRATIONS: Final[tuple[str, ...]] = (
    """
    CREATE TABLE employers (
        employer_id INTEGER PRIMARY KEY,
        enterprise_number TEXT UNIQUE,
        nsso_number TEXT UNIQUE,
        name TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT 'fr'
    );
    CREATE TABLE identities (
        ssin TEXT PRIMARY KEY,
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        birth_date TEXT
    );
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    INSERT INTO counters (name, value) VALUES ('declaration', 1000000000);
    CREATE TABLE declarations (
        declaration_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        result TEXT NOT NULL,
        employer_id INTEGER,
        period_id TEXT,
        ssin TEXT,
        request TEXT NOT NULL,
        anomalies TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX declarations_result ON declarations (result);
    CREATE TABLE periods (
        period_id TEXT PRIMARY KEY,
        employer_id INTEGER NOT NULL,
        ssin TEXT,
        committee TEXT NOT NULL,
        worker_type TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT,
        start_hour TEXT,
        end_hour TEXT,
        planned_hours INTEGER,
        user_enterprise TEXT,
        user_committee TEXT,
        status TEXT NOT NULL
    );
    CREATE INDEX periods_worker ON periods (ssin);
    CREATE INDEX periods_employer ON periods (employer_id, start_date);
    """,
    """
    CREATE TABLE conversations (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE deliveries (
        key TEXT PRIMARY KEY,
        reply TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE phones (
        phone TEXT NOT NULL,
        employer_id INTEGER NOT NULL,
        language TEXT,
        pin TEXT,
        PRIMARY KEY (phone, employer_id)
    );
    CREATE TABLE watchers (
        declaration_id TEXT NOT NULL,
        address TEXT NOT NULL,
        PRIMARY KEY (declaration_id, address)
    );
    """,
    """
    CREATE TABLE holds (
        key TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires REAL NOT NULL
    );
    """,
    # Sub-entities, closed provisional NSSO numbers, and the two characteristics a period
    # had no column for (its sub-entity, a foreign user's name); agency days by user.
    """
    ALTER TABLE employers ADD COLUMN sub_entities TEXT;
    ALTER TABLE employers ADD COLUMN provisional_nsso_number TEXT;
    CREATE UNIQUE INDEX employers_provisional ON employers (provisional_nsso_number);
    ALTER TABLE periods ADD COLUMN sub_entity TEXT;
    ALTER TABLE periods ADD COLUMN user_name TEXT;
    CREATE INDEX periods_user ON periods (user_enterprise, start_date);
    """,
)
