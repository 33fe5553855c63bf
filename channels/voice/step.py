"""One step of a phone call, whatever the wire: what was heard, what to say, what to collect.

TwiML (:mod:`channels.voice.twiml`), VoiceXML (:mod:`channels.voice.vxml`) and the
terminal simulator (:mod:`channels.console.call`) only translate these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from core.anomalies import Field
from dialogs.turn import Vocabulary

__all__ = ["DATE_FIELDS", "HOUR_FIELDS", "Ask", "Collect", "Heard", "Said", "Step"]


#: Fields asked as dates or clock times: the keypad and the recognisers' builtins differ.
DATE_FIELDS: Final = frozenset({Field.START_DATE.value, Field.END_DATE.value})
HOUR_FIELDS: Final = frozenset({Field.START_HOUR.value, Field.END_HOUR.value})

class Collect(StrEnum):
    DIGITS = "digits"  # a number typed or said: NISS, date, hours...
    YES_NO = "yes_no"  # 1 yes, 2 no
    CHOICE = "choice"  # one key of a numbered list
    TEXT = "text"  # free speech (names); the keypad only has its command keys
    PIN = "pin"  # keypad only, never speech


@dataclass(frozen=True, slots=True)
class Ask:
    """What to collect next, shaped like the keypad entry it needs."""

    collect: Collect
    digits: int | None = None  # exact length; None: any length, ended by '#'
    field: str | None = None  # the dialog field asked, if any
    example: str = ""  # said, with the question again, after a second silence or miss
    declinable: bool = False  # an optional field: 2 (or "no") declines it

    @property
    def speech(self) -> bool:
        return self.collect is not Collect.PIN


@dataclass(frozen=True, slots=True)
class Said:
    """One sentence and the language it is spoken in."""

    text: str
    lang: str


@dataclass(frozen=True, slots=True)
class Step:
    """What the voice server does next: say, then collect, transfer or hang up."""

    lang: str
    said: tuple[Said, ...]
    ask: Ask | None = None
    transfer: str | None = None  # a phone number to put the caller through to
    noinput: str = ""  # the words for a silence, said before the question again
    nomatch: str = ""  # the words for input that fits no grammar
    vocabulary: Vocabulary = ()  # the phrases understood here, for word grammars and hints

    @property
    def hangup(self) -> bool:
        return self.ask is None

    @property
    def text(self) -> str:
        """Everything said, one sentence a line (simulator, logs, tests)."""
        return "\n".join(s.text for s in self.said)


@dataclass(frozen=True, slots=True)
class Heard:
    """What came back: keys pressed and/or words recognised; neither is silence."""

    digits: str | None = None
    speech: str | None = None

    @property
    def silent(self) -> bool:
        return not (self.digits or (self.speech and self.speech.strip()))
