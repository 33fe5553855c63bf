"""What :func:`~dialogs.understand.understand` hands back: data, never a sentence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from core.anomalies import Field
from core.model import Kind
from dialogs.turn import Command

__all__ = ["Command", "Understood"]


@dataclass(frozen=True, slots=True)
class Understood:
    """Everything one utterance said, each part optional.

    ``values`` maps each field recognised to its typed value (see the package
    docstring); a value recognisable as a field but malformed is kept as the
    raw text so the core can say what is wrong with it. ``explicit`` are the
    fields the caller named (a label, a field name, a start or end word); the
    others were placed by their order (a lone time fills the start first).
    ``rest`` is what was not understood, word for word as said.

    What refers to existing work: ``names`` (names of the employer's
    personnel file, as passed in), ``day`` (the day of the work meant: "l'extra
    de demain"). ``instead`` holds (new, old) pairs ("60h au lieu de 40"),
    ``same_day`` an end on the start's day not known yet, ``no_user_number``
    an agency user company without an enterprise number (``user_company``: its
    name and address, when said), ``twelve`` hours
    said without am/pm that may be afternoon hours (``till 11``).
    """

    command: Command | None = None
    language: str | None = None
    kind: Kind | None = None
    answer: bool | None = None
    choice: int | None = None
    values: dict[Field, object] = field(default_factory=dict)
    rest: str = ""
    target: Field | None = None
    explicit: frozenset[Field] = frozenset()
    names: tuple[str, ...] = ()
    day: datetime.date | None = None
    instead: tuple[tuple[object, object], ...] = ()
    same_day: bool = False
    no_user_number: bool = False
    twelve: frozenset[Field] = frozenset()
    user_company: tuple[str, str] | None = None

    @property
    def refers(self) -> bool:
        """Whether it names existing work: a worker, a day, a worker type or a period."""
        return bool(self.names or self.day or {Field.WORKER, Field.PERIOD, Field.WORKER_TYPE,
                                               Field.START_DATE, Field.END_DATE} & set(self.values))
