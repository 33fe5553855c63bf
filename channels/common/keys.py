"""API keys: made once, shown once, kept only as a hash.

A key is 32 random bytes (``secrets.token_urlsafe``) behind a short prefix that
says what it is for (``dtf_``: an institution's feed key). Keys are random, not
chosen by people, so one SHA-256 is the right hash (a slow password hash buys
nothing against 256 bits): the store keeps ``sha256:<hex>`` and a request's
bearer is looked up by the same hash.

>>> key = new_key(FEED)
>>> key.startswith("dtf_") and len(key) > 40 and key_hash(key) == key_hash(key)
True
>>> key_hash("dtf_x")
'sha256:446db0dd...'
>>> new_signing_secret().startswith("whsec_")
True
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Final

__all__ = ["FEED", "key_hash", "new_key", "new_signing_secret"]

FEED: Final = "dtf_"


def new_key(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def new_signing_secret() -> str:
    """A webhook signing secret in the Standard Webhooks form: ``whsec_`` + base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
