"""What :func:`~dialogs.understand.understand` hands back: data, never a sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from core.anomalies import Field
from core.model import Kind

__all__ = ["Command", "Understood"]


class Command(StrEnum):
    """A global command, valid at any point of any dialog."""

    HELP = "help"
    BACK = "back"
    REPEAT = "repeat"
    CANCEL = "cancel"  # give up the whole conversation
    RESTART = "restart"  # back to the main menu
    LANGUAGE = "language"  # switch to ``Understood.language``
    CORRECT = "correct"  # change ``Understood.target`` (None: the caller did not say which)


@dataclass(frozen=True, slots=True)
class Understood:
    """Everything one utterance said, each part optional.

    ``values`` maps each field recognised to its typed value (see the package
    docstring); a value recognisable as a field but malformed is kept as the
    raw text so the core can say what is wrong with it. ``rest`` is what was
    not understood, for logs and tests only.
    """

    command: Command | None = None
    language: str | None = None
    kind: Kind | None = None
    answer: bool | None = None
    choice: int | None = None
    values: dict[Field, object] = field(default_factory=dict)
    rest: str = ""
    target: Field | None = None
