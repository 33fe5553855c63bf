"""What each owner needs from the store: one protocol per owner, one module each.

=======================  ==========================================  =====================
protocol                 owner                                       given to
=======================  ==========================================  =====================
:class:`LedgerStore`     core: units, declarations, periods,         ``core.service``
                         registries
:class:`ConversationStore`  dialogs: records and their hold          ``dialogs.engine``
:class:`DeliveryStore`   channels: webhook idempotency               every webhook
:class:`EnrollmentStore` phones allowed to declare                   SMS, voice, operator
:class:`WatcherStore`    who hears of a pending declaration          SMS, voice, notifier
:class:`ApiKeyStore`     employers' REST keys (digests)              principals, operator
:class:`CallStore`       call state and PIN locks                    ``channels.voice``
:class:`UpkeepStore`     retention, readiness                        ``server.upkeep``
:class:`RateStore`       rate limits across processes                SMS flow
:class:`FeedStore`       mutations in order, relations               REST feed, pushes
:class:`SubscriberStore` institutions, keys, push cursors and leases  operator, REST, pushes
:class:`BatchStore`      batch files, shards, notifications          ``channels.batch``
=======================  ==========================================  =====================

Components receive the narrow protocol they need, never the whole :class:`Store`
(only the server, which opens it, holds that). The SQL classes
(:mod:`core.store.sqlite`, :mod:`core.store.postgres`) implement them all.

A new owner gets a
module here with its protocol, a line in :class:`Store`, its tables in
:mod:`core.store.schema` (a new migration) and its methods in both SQL classes;
``tests/core/test_store_contract.py`` runs the same checks on both.
"""

from __future__ import annotations

from typing import Protocol

from core.store.protocols.apikeys import ApiKey, ApiKeyStore
from core.store.protocols.batches import BatchStore, BatchUnit
from core.store.protocols.calls import CallStore, PinClaim, PinLock, claim_pin
from core.store.protocols.conversations import ConversationStore, HoldStore
from core.store.protocols.deliveries import DeliveryStore
from core.store.protocols.enrollments import EnrollmentStore
from core.store.protocols.feed import FeedStore
from core.store.protocols.ledger import HorecaCount, LedgerStore, Unit, horeca_lock
from core.store.protocols.rates import RateStore
from core.store.protocols.subscribers import SubscriberStore
from core.store.protocols.upkeep import UpkeepStore
from core.store.protocols.watchers import WatcherStore

__all__ = ["ApiKey", "ApiKeyStore", "BatchStore", "BatchUnit", "CallStore", "ConversationStore",
           "DeliveryStore", "EnrollmentStore", "FeedStore", "HoldStore", "HorecaCount",
           "LedgerStore", "PinClaim", "PinLock", "RateStore", "Store", "SubscriberStore", "Unit",
           "UpkeepStore", "WatcherStore", "claim_pin", "horeca_lock"]


class Store(LedgerStore, ConversationStore, DeliveryStore, EnrollmentStore, WatcherStore,
            CallStore, UpkeepStore, FeedStore, SubscriberStore, ApiKeyStore, BatchStore,
            RateStore, Protocol):
    """Everything at once: what :func:`core.store.open_store` gives the server."""

    async def close(self) -> None: ...
