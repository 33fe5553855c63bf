"""REST credentials: employers' API keys, kept as digests (see :mod:`channels.common.keys`)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from core.model import Employer

__all__ = ["ApiKey", "ApiKeyStore"]


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key of one or more employers, as the store keeps it: never the key itself.

    ``prefix`` is the key's first characters, to tell keys apart in a list.
    """

    key_id: int
    name: str | None
    prefix: str
    employers: tuple[Employer, ...]
    created_at: datetime.datetime

    @property
    def employer_ids(self) -> frozenset[int]:
        return frozenset(e.employer_id for e in self.employers)


class ApiKeyStore(Protocol):
    async def add_api_key(self, digest: str, prefix: str, name: str | None,
                          employer_ids: Sequence[int], created_at: datetime.datetime) -> int:
        """Keep a new key's digest for these employers; its id."""
        ...
    async def api_key(self, digest: str) -> ApiKey | None:
        """The key whose digest this is, with its employers; None when there is none."""
        ...
    async def api_keys(self) -> list[ApiKey]:
        """Every key, in the order they were added."""
        ...
    async def remove_api_key(self, key_id: int) -> bool:
        """Forget a key (it no longer opens anything); False when there was none."""
        ...
