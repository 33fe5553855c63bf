"""What comes into a dialog and what goes out: no wire format, no sentence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from core.model import Declaration, Enrollment, Kind, Result
from locales import Message

__all__ = ["CallRecord", "CallTurn", "Caller", "Channel", "Choice", "Command", "Expect", "Input",
           "PinVerdict", "Receipt", "Reply", "Summary", "SummaryLine", "Turn", "Vocabulary",
           "pending"]


class Channel(StrEnum):
    SMS = "sms"
    VOICE = "voice"
    CONSOLE = "console"
    WEB = "web"


class Command(StrEnum):
    """A global command, valid at any point of any dialog."""

    HELP = "help"
    BACK = "back"
    REPEAT = "repeat"
    CANCEL = "cancel"  # give up the whole conversation
    RESTART = "restart"  # back to the main menu
    LANGUAGE = "language"  # switch to ``Understood.language``
    CORRECT = "correct"  # change ``Understood.target`` (None: the caller did not say which)


class Input(StrEnum):
    """What the dialog expects next; voice channels shape their keypad on it."""

    TEXT = "text"
    DIGITS = "digits"
    YES_NO = "yes_no"
    CHOICE = "choice"
    SECRET = "secret"  # a PIN: typed on the keypad, never heard
    NONE = "none"  # the conversation has ended


#: What may be said at a question, as words: (category, phrases) pairs, in a fixed order
#: (``yes``, ``no``, ``kinds``, ``worker_types``, ``committees``, ``languages``, ``commands``).
Vocabulary = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Expect:
    input: Input = Input.TEXT
    digits: int | None = None  # exact count, None for variable length
    choices: int | None = None
    field: str | None = None  # the field asked, if any
    declinable: bool = False  # an optional field: "no" (2 on a keypad) declines it


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
class Choice:
    """One item of a numbered list offered: its number, its label and what it stands for."""

    n: int
    label: Message
    value: str  # a kind, a period id, an employer number, a field


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One line of a summary, as data: what it is about and its values.

    ``key`` is the line's subject (``employer``, ``worker``, ``ssin``, ``period``,
    ``committee``, ``type``, ``start``, ``end``, ``no_end``, ``hours``,
    ``from_hour``, ``planned``, ``user``); ``params`` its values (dates and times
    typed, codes as codes); ``message`` its full wording. A channel may render
    the lines in full or compactly, but never leaves one out.
    """

    key: str
    params: Mapping[str, object]
    message: Message


@dataclass(frozen=True, slots=True)
class Summary:
    """What will be submitted if the caller says yes: every line, in order."""

    kind: Kind
    lines: tuple[SummaryLine, ...]

    @property
    def messages(self) -> tuple[Message, ...]:
        return (Message(f"summary.{self.kind.value}"), *(line.message for line in self.lines))


@dataclass(frozen=True, slots=True)
class Receipt:
    """The confirmation of receipt of a declaration filed, as the NSSO's: every line typed.

    ``lines``: ``status`` (the result, the kind, the declaration number, the date and
    time of sending), ``pending`` (identification under way), ``employer`` (name and
    numbers), ``worker`` (name and NISS when known), ``period`` (its number and
    dates) or ``dates`` (declared, when no period was made), ``hours``. Like a
    summary, a channel may word it in full or compactly, never leaving a line out.
    """

    kind: Kind
    outcome: Result
    lines: tuple[SummaryLine, ...]

    @property
    def messages(self) -> tuple[Message, ...]:
        return tuple(line.message for line in self.lines)


@dataclass(frozen=True, slots=True)
class Reply:
    """The dialog's answer: messages to render, and the same facts typed.

    ``messages`` is everything to say, in order. The typed facts let a channel
    act without reading message ids: ``greeting`` (this reply opens the
    conversation), ``offered`` (the numbered choices of the question),
    ``escalated`` (help or a person was offered after failed tries),
    ``outcome`` and ``filed`` (the declaration submitted in this turn) with its
    ``receipt``, ``summary`` (when the question is the confirmation), ``phase``
    and ``asking`` (where the conversation stands). ``languages``: the messages
    are to be said once in each of these languages, each in its own (a phone
    call's language menu), instead of once in ``language``. ``vocabulary``: on the
    phone, the phrases understood at this question (for a platform's grammars).
    """

    messages: tuple[Message, ...]
    expect: Expect = field(default_factory=Expect)
    ended: bool = False
    language: str = "fr"
    transfer: bool = False  # the caller asked for (or needs) a human
    declaration: str | None = None  # the declaration submitted in this turn
    result: str | None = None  # its result letter: A, W, B or S
    greeting: bool = False
    offered: tuple[Choice, ...] = ()
    escalated: bool = False
    outcome: Result | None = None
    filed: Declaration | None = None
    summary: Summary | None = None
    phase: str = ""
    asking: str | None = None
    receipt: Receipt | None = None
    languages: tuple[str, ...] = ()
    vocabulary: Vocabulary = ()


def pending(reply: Reply) -> str | None:
    """The declaration a reply filed as pending, whose final result goes to the phone."""
    return reply.filed.declaration_id if reply.filed and reply.outcome is Result.PENDING \
        else None


# -- a phone call around the dialog (dialogs.call) ---------------------------------------


@dataclass(slots=True)
class CallRecord:
    """What a call keeps between two steps: its stage, language, misses and employers."""

    stage: str = "new"
    lang: str = "fr"
    misses: int = 0  # silences and misses in a row, before the dialog
    helps: int = 0  # times help was asked in the dialog
    employers: list[str] = field(default_factory=list)  # what the PIN opened


@dataclass(frozen=True, slots=True)
class CallTurn:
    """One step of a call as the channel heard it: words, keys, or a command key.

    ``configured``: the language the dialled number is set for; ``missed``: the
    voice server gave up on the question itself (its third silence or miss).
    """

    key: str  # the declaration dialog's conversation key
    phone: str | None = None
    configured: str | None = None
    text: str | None = None
    digits: str | None = None
    command: Command | None = None
    missed: bool = False

    @property
    def silent(self) -> bool:
        return not ((self.text and self.text.strip()) or self.digits or self.command)


@dataclass(frozen=True, slots=True)
class PinVerdict:
    """One PIN attempt: the enrollments it opens (none: wrong), and the minutes the phone
    is locked for (0: it is not); ``evaluated`` False when the lock refused it untried."""

    matches: tuple[Enrollment, ...]
    locked: int = 0
    evaluated: bool = True
