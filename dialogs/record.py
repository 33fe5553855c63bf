"""The persisted conversation: a small record; each turn fires its move on a shared machine."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field, fields
from typing import Any

from core import codec
from core.model import Kind, Request
from dialogs.flows import PHASES

__all__ = ["Conversation"]


@dataclass(slots=True)
class Conversation:
    """Everything a conversation needs between two turns (a few hundred bytes).

    ``fields`` is the *draft*: the declaration being collected, in codec form
    (:meth:`draft` gives it as a :class:`~core.model.Request`).
    """

    key: str
    dialog: str = "menu"  # menu, IN, OUT, UPDATE, CANCEL
    state: str = "menu"  # the phase (see dialogs.flows.PHASES)
    lang: str = "fr"
    fields: dict[str, Any] = field(default_factory=dict)  # the draft, in codec form
    asking: str | None = None  # collecting: the question asked (a Field value, or "night")
    retries: dict[str, int] = field(default_factory=dict)  # by question
    asked: list[str] = field(default_factory=list)  # fields answered, in order, for "back"
    choices: list[str] = field(default_factory=list)  # period ids offered in a list
    change: str | None = None  # UPDATE: the field being changed
    derived: list[str] = field(default_factory=list)  # fields the core derived, not the caller
    refs: dict[str, Any] = field(default_factory=dict)  # what was said of the period to act on
    shown: str = ""  # the draft as its summary was last shown: "yes" files only that
    night: bool = False  # the caller confirmed a shift running past midnight
    greeted: bool = False
    updated: str = ""  # ISO time of the last turn
    delivery: str | None = None  # the webhook delivery the last turn answered
    before: str = ""  # the record (JSON) that turn started from: it runs again from there

    @property
    def kind(self) -> Kind | None:
        return Kind(self.dialog) if self.dialog != "menu" else None

    def draft(self) -> Request:
        return codec.request_from({**self.fields, "kind": self.kind or Kind.IN})

    def keep(self, req: Request) -> None:
        data = codec.request_to(req)
        data.pop("kind", None)
        self.fields = data

    def fingerprint(self) -> str:
        """The draft as it stands, to compare with what was shown."""
        return json.dumps([self.dialog, self.fields], sort_keys=True, ensure_ascii=False)

    def to_json(self) -> str:
        # not dataclasses.asdict: its deep copy was a fifth of a turn's time
        data = {name: getattr(self, name) for name in _FIELDS}
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Conversation:
        return cls.from_data(json.loads(text))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Conversation:
        """The record of a stored one already read from its JSON (its values shared)."""
        known = {name: value for name, value in data.items() if name in _FIELDS}
        conv = cls(**known)
        if conv.state not in PHASES:  # a record from before the phases: start again
            return cls(conv.key, lang=conv.lang)
        return conv

    @staticmethod
    def previous(text: str) -> str:
        """A stored record as the ``before`` of the next turn: without its own ``before``.

        >>> Conversation.previous('{"key": "k", "before": "{}"}')
        '{"key":"k"}'
        """
        return Conversation.previous_data(json.loads(text))

    @staticmethod
    def previous_data(data: dict[str, Any]) -> str:
        """:meth:`previous` of a stored record already read from its JSON."""
        data = {name: value for name, value in data.items() if name != "before"}
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    def idle_since(self, now: datetime.datetime) -> datetime.timedelta:
        if not self.updated:
            return datetime.timedelta(0)
        return now - datetime.datetime.fromisoformat(self.updated)


_FIELDS = tuple(f.name for f in fields(Conversation))
