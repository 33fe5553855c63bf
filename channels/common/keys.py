"""Bearer keys made once, shown once, kept only as a hash: employers' API keys
(``dtk_``, ``dimona-talk api-keys add``) and institutions' feed keys (``dtf_``,
``dimona-talk subscribers add``).

A key is a short prefix that says what it is for, then 32 random bytes
(``secrets.token_urlsafe``: 256 bits). The store keeps ``sha256:<hex>`` of it,
and the first characters (:func:`shown`) to tell keys apart in a list; a
request's bearer is looked up by the same hash.

Why a fast hash and not a password hash (bcrypt, scrypt, argon2): those are slow
on purpose so that a low-entropy password cannot be found by trying candidates
against a stolen hash. A 256-bit random key cannot be found that way whatever the
hash costs, so slowness would buy nothing and cost every request a hundred
milliseconds. A plain SHA-256 also lets the store find a key by its hash through a
unique index: no key material is compared in Python, and a key that is not there
costs one index lookup like any other.

>>> key = new_key(FEED)
>>> key.startswith("dtf_") and len(key) > 40 and key_hash(key) == key_hash(key)
True
>>> key_hash("dtf_x")
'sha256:446db0dd...'
>>> shown(new_key(EMPLOYER)).startswith("dtk_"), len(shown(key))
(True, 8)
>>> new_signing_secret().startswith("whsec_")
True
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Final

__all__ = ["EMPLOYER", "FEED", "key_hash", "new_key", "new_signing_secret", "shown"]

FEED: Final = "dtf_"
EMPLOYER: Final = "dtk_"
_SHOWN: Final = 8  # the prefix and four random characters


def new_key(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def shown(key: str) -> str:
    """What a list may show of a key: its first characters, never enough to use it."""
    return key[:_SHOWN]


def new_signing_secret() -> str:
    """A webhook signing secret in the Standard Webhooks form: ``whsec_`` + base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
