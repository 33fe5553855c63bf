"""Storage: one protocol per owner (:mod:`core.store.protocols`), and the SQL stores.

SQLite (the embedded default, one file) lives in :mod:`core.store.sqlite`,
PostgreSQL in :mod:`core.store.postgres`; both are described by one schema,
:mod:`core.store.schema`. A store is opened from a location: a path (SQLite) or
a ``postgresql://`` URL.
"""

from __future__ import annotations

from core.store.protocols import (
    ApiKey,
    ApiKeyStore,
    BatchStore,
    BatchUnit,
    CallStore,
    ConversationStore,
    DeliveryStore,
    EnrollmentStore,
    FeedStore,
    HoldStore,
    HorecaCount,
    LedgerStore,
    PinClaim,
    PinLock,
    RateStore,
    Store,
    SubscriberStore,
    Unit,
    UpkeepStore,
    WatcherStore,
    horeca_lock,
)

__all__ = ["ApiKey", "ApiKeyStore", "BatchStore", "BatchUnit", "CallStore", "ConversationStore",
           "DeliveryStore", "EnrollmentStore", "FeedStore", "HoldStore", "HorecaCount",
           "LedgerStore", "PinClaim", "PinLock", "RateStore", "Store", "SubscriberStore", "Unit",
           "UpkeepStore", "WatcherStore", "horeca_lock", "open_store"]


async def open_store(location: str) -> Store:
    """Open (and migrate) the store at ``location``: a file path or a PostgreSQL URL."""
    if location.startswith(("postgresql://", "postgres://")):
        from core.store.postgres import PostgresStore

        return await PostgresStore.open(location)
    from core.store.sqlite import SQLiteStore

    return SQLiteStore.open(location)
