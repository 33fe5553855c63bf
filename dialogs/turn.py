"""What comes into a dialog and what goes out: no wire format, no sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from dialogs.understand.result import Command
from locales import Message

__all__ = ["Caller", "Channel", "Expect", "Input", "Reply", "Turn"]


class Channel(StrEnum):
    SMS = "sms"
    VOICE = "voice"
    CONSOLE = "console"
    WEB = "web"


class Input(StrEnum):
    """What the dialog expects next; voice channels shape their keypad on it."""

    TEXT = "text"
    DIGITS = "digits"
    YES_NO = "yes_no"
    CHOICE = "choice"
    NONE = "none"  # the conversation has ended


@dataclass(frozen=True, slots=True)
class Expect:
    input: Input = Input.TEXT
    digits: int | None = None  # exact count, None for variable length
    choices: int | None = None
    field: str | None = None  # the field asked, if any


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is talking, as the channel established it.

    ``employers`` lists the enterprise/NSSO numbers an enrolled phone may
    declare for; ``trusted`` callers (the console) may name any employer.
    """

    phone: str | None = None
    employers: tuple[str, ...] = ()
    language: str | None = None  # from the enrolled phone, the employer or the number dialled
    trusted: bool = False


@dataclass(frozen=True, slots=True)
class Turn:
    key: str  # the conversation key (a phone, a call id, a console session)
    channel: Channel
    text: str | None = None
    digits: str | None = None
    caller: Caller = field(default_factory=Caller)
    command: Command | None = None  # a key that means a command (voice), not words

    @property
    def silent(self) -> bool:
        return not (self.text and self.text.strip()) and not self.digits and not self.command


@dataclass(frozen=True, slots=True)
class Reply:
    messages: tuple[Message, ...]
    expect: Expect = field(default_factory=Expect)
    ended: bool = False
    language: str = "fr"
    transfer: bool = False  # the caller asked for (or needs) a human
    declaration: str | None = None  # the declaration submitted in this turn
    result: str | None = None  # its result letter: A, W, B or S
