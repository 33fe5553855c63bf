"""Phone PINs: salted PBKDF2 hashes with a server-side pepper, and the gate a call passes.

A hash is ``pbkdf2p$<rounds>$<salt>$<digest>``, the digest taken over the PIN
keyed with the pepper (HMAC-SHA256): a copy of the database alone does not let
anyone try the 10,000 four-digit PINs. The pepper is a setting
(``--pin-pepper`` / ``DIMONA_PIN_PEPPER``), kept out of the database; changing it
makes every PIN hashed with the old one fail, so it is set once.

Hashes written before the pepper (``pbkdf2$...``) keep working: the first right
PIN typed with a pepper set re-hashes it with the pepper (:meth:`PinGate.attempt`).

>>> stored = hash_pin("4321", "pepper")
>>> stored.startswith("pbkdf2p$")
True
>>> verify_pin("4321", stored, "pepper"), verify_pin("4321", stored, "other")
(True, False)
>>> verify_pin("1234", stored, "pepper"), verify_pin("4321", None, "pepper")
(False, False)
>>> old = hash_pin("4321")  # no pepper set: the hash of before
>>> old.startswith("pbkdf2$"), verify_pin("4321", old, "pepper"), needs_rehash(old, "pepper")
(True, True, True)
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import Final

from pydantic import BaseModel, Field, SecretStr

from core.clock import Clock
from core.model import Enrollment
from core.store import CallStore, EnrollmentStore, PinLock
from dialogs.turn import PinVerdict

__all__ = ["PinGate", "PinSettings", "hash_pin", "needs_rehash", "verify_pin"]

_ROUNDS: Final = 100_000
_PLAIN: Final = "pbkdf2"  # before the pepper
_PEPPERED: Final = "pbkdf2p"


class PinSettings(BaseModel):
    pin_pepper: SecretStr | None = Field(
        None, description="a server-side secret mixed into every PIN hash (set it once: "
                          "PINs hashed with another pepper no longer match)")

    @property
    def pepper(self) -> str | None:
        return self.pin_pepper.get_secret_value() if self.pin_pepper else None


def _digest(pin: str, salt: str, rounds: int, pepper: str | None) -> str:
    keyed = hmac.new(pepper.encode(), pin.encode(), hashlib.sha256).digest() if pepper \
        else pin.encode()
    return hashlib.pbkdf2_hmac("sha256", keyed, salt.encode(), rounds).hex()


def hash_pin(pin: str, pepper: str | None = None) -> str:
    """A new hash of ``pin``: peppered when a pepper is set."""
    salt = secrets.token_hex(8)
    scheme = _PEPPERED if pepper else _PLAIN
    return f"{scheme}${_ROUNDS}${salt}${_digest(pin, salt, _ROUNDS, pepper)}"


def verify_pin(pin: str, stored: str | None, pepper: str | None = None) -> bool:
    """Whether ``pin`` is the one ``stored`` was made from (in constant time)."""
    if not stored:
        return False
    scheme, rounds, salt, digest = stored.split("$")
    if scheme == _PEPPERED and not pepper:
        return False
    attempt = _digest(pin, salt, int(rounds), pepper if scheme == _PEPPERED else None)
    return hmac.compare_digest(attempt, digest)


def needs_rehash(stored: str | None, pepper: str | None) -> bool:
    """A hash of before the pepper, now that one is set."""
    return bool(stored and pepper and stored.startswith(f"{_PLAIN}$"))


class PinGate:
    """PIN attempts of every call: each one claimed in the store before it is evaluated.

    At most ``tries`` wrong PINs are evaluated per lock window, whatever the number
    of calls and processes; while the phone is locked, not even the right PIN is.
    """

    def __init__(self, calls: CallStore, enrollments: EnrollmentStore, clock: Clock, *,
                 tries: int, window: datetime.timedelta, pepper: str | None = None,
                 rehash: bool = True) -> None:
        self.calls, self.enrollments, self.clock = calls, enrollments, clock
        self.tries, self.window, self.pepper = tries, window, pepper
        #: hash again with the pepper the PINs of before (off: phones no one may enroll,
        #: the web simulator's)
        self.rehash = rehash

    @property
    def minutes(self) -> int:
        return int(self.window.total_seconds() // 60)

    async def locked(self, phone: str) -> int:
        """Minutes the phone stays locked (rounded up), 0 if it is not."""
        until = (await self.calls.pin_lock(phone)).until
        if until is None:
            return 0
        seconds = int((until - self.clock.now()).total_seconds())
        return max(0, -(-seconds // 60))

    async def attempt(self, phone: str, pin: str, enrollments: Sequence[Enrollment]
                      ) -> PinVerdict:
        """Claim one attempt, then evaluate it: the enrollments it opens, or why none."""
        now = self.clock.now()
        claim = await self.calls.claim_pin_attempt(phone, now, self.tries, self.window)
        if not claim.granted:
            return PinVerdict((), await self.locked(phone), evaluated=False)
        matches = await asyncio.to_thread(  # PBKDF2: slow on purpose, off the loop
            lambda: tuple(e for e in enrollments if verify_pin(pin, e.pin, self.pepper)))
        if not matches:
            return PinVerdict((), await self.locked(phone) if claim.until else 0)
        await self.calls.save_pin_lock(phone, PinLock(), now)  # the right PIN clears the count
        for e in matches if self.rehash else ():
            if needs_rehash(e.pin, self.pepper):
                await self.enrollments.enroll_phone(e.phone, e.employer.employer_id, e.language,
                                                    hash_pin(pin, self.pepper))
        return PinVerdict(matches, 0)
