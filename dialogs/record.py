"""The persisted conversation: a small record; each turn fires its move on a shared machine."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field, fields
from typing import Any

from core import codec
from core.model import Kind, Request

__all__ = ["Conversation"]


@dataclass(slots=True)
class Conversation:
    """Everything a conversation needs between two turns (a few hundred bytes)."""

    key: str
    dialog: str = "menu"  # menu, IN, OUT, UPDATE, CANCEL
    state: str = "start"
    lang: str = "fr"
    fields: dict[str, Any] = field(default_factory=dict)  # the draft, in codec form
    retries: dict[str, int] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)  # states asked, for "back"
    choices: list[str] = field(default_factory=list)  # period ids offered in a list
    change: str | None = None  # UPDATE: the field being changed
    derived: list[str] = field(default_factory=list)  # fields the core derived, not the caller
    updated: str = ""  # ISO time of the last turn

    @property
    def kind(self) -> Kind | None:
        return Kind(self.dialog) if self.dialog != "menu" else None

    def draft(self) -> Request:
        return codec.request_from({**self.fields, "kind": self.kind or Kind.IN})

    def keep(self, req: Request) -> None:
        data = codec.request_to(req)
        data.pop("kind", None)
        self.fields = data

    def to_json(self) -> str:
        # not dataclasses.asdict: its deep copy was a fifth of a turn's time
        data = {name: getattr(self, name) for name in _FIELDS}
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Conversation:
        return cls(**json.loads(text))

    def idle_since(self, now: datetime.datetime) -> datetime.timedelta:
        if not self.updated:
            return datetime.timedelta(0)
        return now - datetime.datetime.fromisoformat(self.updated)


_FIELDS = tuple(f.name for f in fields(Conversation))
