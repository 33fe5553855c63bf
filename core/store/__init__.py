"""Storage: the narrow interface the core needs, and its implementations.

SQLite (the embedded default, one file) lives in :mod:`core.store.sqlite`.
A store is opened from a location: a path (SQLite) or a ``postgresql://`` URL.
"""

from __future__ import annotations

from core.store.base import Store, Unit, open_store

__all__ = ["Store", "Unit", "open_store"]
