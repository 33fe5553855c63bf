"""Belgian identifiers used by a Dimona, one module each with one interface.

Every module exposes ``compact``, ``validate`` (returns the compact value or
raises a :mod:`core.errors` error), ``is_valid``, ``format`` (for display) and
``groups`` (digit groups for reading aloud).
"""

from core.ids import enterprise, niss, nsso, period

__all__ = ["enterprise", "niss", "nsso", "period"]
