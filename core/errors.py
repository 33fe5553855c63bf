"""Typed errors that carry a stable code and parameters, never a sentence.

The tree mirrors python-stdnum's exceptions, which the identifier modules
wrap:

- :class:`InvalidInput` (base, ``ValueError``)
  - :class:`InvalidFormat` -- characters that do not belong there
  - :class:`InvalidLength` -- too many or too few digits
  - :class:`InvalidChecksum` -- the check digits do not match
  - :class:`InvalidComponent` -- a part is out of its range (month 13, first digit 2)

Callers at the edge turn ``error.code`` into words in the caller's language.

:class:`NotAllowed` is of another kind: a declaration names an employer (or a period
of an employer) its declarant may not act for; nothing is judged nor written.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidInput",
    "InvalidLength",
    "NotAllowed",
]


class InvalidInput(ValueError):
    """A value could not be accepted; ``code`` says why, ``params`` say more."""

    kind = "invalid"

    def __init__(self, subject: str, **params: Any) -> None:
        self.subject = subject
        self.params = params
        super().__init__(self.code)

    @property
    def code(self) -> str:
        """Stable code such as ``niss.checksum``."""
        return f"{self.subject}.{self.kind}"


class InvalidFormat(InvalidInput):
    kind = "format"


class InvalidLength(InvalidInput):
    kind = "length"


class InvalidChecksum(InvalidInput):
    kind = "checksum"


class InvalidComponent(InvalidInput):
    kind = "component"


class NotAllowed(Exception):
    """The declarant may not act for the employer (or the period) a declaration names,
    or it names none the declarant may act for."""
