"""Phone PINs: stored as salted PBKDF2 hashes, compared in constant time.

>>> stored = hash_pin("4321")
>>> verify_pin("4321", stored), verify_pin("1234", stored), verify_pin("4321", None)
(True, False, False)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["hash_pin", "verify_pin"]

_ROUNDS = 100_000


def hash_pin(pin: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt.encode(), _ROUNDS).hex()
    return f"pbkdf2${_ROUNDS}${salt}${digest}"


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    _, rounds, salt, digest = stored.split("$")
    attempt = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt.encode(), int(rounds)).hex()
    return hmac.compare_digest(attempt, digest)
