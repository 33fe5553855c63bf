"""Bearer keys handed out once and kept as digests (employers' API keys; subscribers' too).

A key is ``<prefix>_`` followed by 32 random bytes (URL-safe base64, 43
characters): 256 bits from :mod:`secrets`. The store keeps its SHA-256 digest
and its first characters (to tell keys apart in a list), never the key.

Why a fast hash and not a password hash (bcrypt, scrypt, argon2): those are
slow on purpose so that a low-entropy password cannot be found by trying
candidates against a stolen digest. A 256-bit random key cannot be found that
way whatever the hash costs, so slowness would buy nothing and cost every
request a hundred milliseconds. A plain SHA-256 also lets the store find the
key by its digest through a unique index: no key material is compared in
Python, and a key that is not there costs one index lookup like any other.

>>> issued = new_key("dtk")
>>> issued.token.startswith("dtk_"), len(issued.token), issued.shown == issued.token[:8]
(True, 47, True)
>>> digest(issued.token) == issued.digest, len(issued.digest)
(True, 64)
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Final

__all__ = ["Issued", "digest", "new_key"]

_BYTES: Final = 32
_SHOWN: Final = 8  # "dtk_" and four random characters: enough to tell keys apart


@dataclass(frozen=True, slots=True)
class Issued:
    """A new key: ``token`` is shown to its holder once; the store keeps the rest."""

    token: str
    digest: str
    shown: str


def digest(token: str) -> str:
    """The SHA-256 digest (hex) a key is kept and found by."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_key(prefix: str) -> Issued:
    """A new random key whose kind ``prefix`` names (``dtk``: an employer's API key)."""
    token = f"{prefix}_{secrets.token_urlsafe(_BYTES)}"
    return Issued(token, digest(token), token[:_SHOWN])
