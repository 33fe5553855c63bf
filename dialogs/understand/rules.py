"""The rule engine: regular expressions over the string of tags.

Each rule matches a run of tags (see :mod:`~dialogs.understand.tags`) and its
handler rewrites the tokens under it -- into an *atom* (``DATE``, ``TIME``,
``HOURS`` a number of hours or a clock time, ``PLANNED`` planned hours) or
into ``SPENT`` once its value is taken. A handler may refuse a match
(``None``): the tokens stay for later rules. Matching tags rather than words
keeps each rule one short line, whatever the language.

What the rules find goes into :class:`Findings`, the utterance's values so
far (the conversation's own draft of a declaration is a
:class:`core.model.Request`, kept by the dialog).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.anomalies import Field
from dialogs.understand import times
from dialogs.understand.result import Command
from dialogs.understand.tagging import Tok
from dialogs.understand.tags import Tag, codes

__all__ = ["Findings", "Handler", "Rule", "bare", "clock", "day_of", "part", "rewrite", "text"]

Handler = Callable[[list[Tok], "re.Match[str]", "Findings"], "list[Tok] | None"]
Rule = tuple[str, Handler]


@dataclass(slots=True)
class Findings:
    """What the utterance has given so far."""

    today: datetime.date
    expecting: Field | None = None
    values: dict[Field, object] = field(default_factory=dict)
    command: Command | None = None
    target: Field | None = None
    named: list[Field] = field(default_factory=list)  # fields named by a label
    explicit: set[Field] = field(default_factory=set)  # fields given with their label or range
    instead: list[tuple[Field | None, Tok, Tok]] = field(default_factory=list)  # (field, new, old)
    day: datetime.date | None = None  # the day of the work referred to
    part_of_day: int | None = None  # 0 morning, 12 afternoon or evening
    same_day: bool = False
    no_user_number: bool = False
    user_words: str | None = None  # the user company's name and address, folded
    twelve: set[Field] = field(default_factory=set)  # hours said bare: maybe afternoon ones
    #: Dates said without a month ("vendredi", "le 3"), read from today: how they were said,
    #: to read an end again from the start ("du lundi au vendredi").
    floating: dict[datetime.date, tuple[str, int]] = field(default_factory=dict)

    def put(self, fld: Field, value: object, *, explicit: bool = False) -> bool:
        """Take a value unless the field already has one."""
        if fld in self.values:
            return False
        self.values[fld] = value
        if explicit:
            self.explicit.add(fld)
        return True


def part(toks: list[Tok], match: re.Match[str], group: int) -> list[Tok]:
    """The tokens under a group of the match; none if it took no part."""
    if group > (match.re.groups or 0) or match.start(group) < 0:
        return []
    return toks[match.start(group) - match.start():match.end(group) - match.start()]


def text(toks: list[Tok]) -> str:
    return " ".join(t.text for t in toks)


def rewrite(toks: list[Tok], pattern: re.Pattern[str], handler: Handler, found: Findings
            ) -> list[Tok]:
    """Apply one rule left to right over the tokens."""
    tags = codes(t.tag for t in toks)
    out: list[Tok] = []
    pos = 0
    for match in pattern.finditer(tags):
        new = handler(toks[match.start():match.end()], match, found)
        if new is not None:
            out += toks[pos:match.start()] + new
            pos = match.end()
    return out + toks[pos:]


def day_of(tok: Tok) -> int | None:
    """A day of the month from an ordinal or a one- or two-digit number."""
    if tok.tag is Tag.ORDINAL:
        return int(str(tok.value))
    return int(str(tok.value)) if tok.tag is Tag.NUMBER and len(str(tok.value)) <= 2 else None


def bare(tok: Tok) -> bool:
    """A clock time said without am/pm or minutes that may be a morning or an evening one."""
    return (tok.tag is Tag.NUMBER or tok.note == "bare") and len(str(tok.value)) <= 2 \
        and 1 <= int(str(tok.value)) <= 12


def clock(tok: Tok) -> datetime.time | None:
    """A clock time from an atom (``TIME``, ``HOURS``) or a bare number of hours."""
    if tok.tag is Tag.TIME:
        return tok.value if isinstance(tok.value, datetime.time) else None
    if tok.tag in (Tag.HOURS, Tag.NUMBER) and len(str(tok.value)) <= 2:
        return times.make_time(int(str(tok.value)))
    return None
