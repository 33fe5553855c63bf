"""The tags the grammar reads: one named tag per kind of token.

The rules match regular expressions over the string of a sentence's tags
(see :mod:`~dialogs.understand.rules`); each tag has a one-character code
for that string only. Rules are written with the names, in braces, and
compiled by :func:`pattern`::

    >>> pattern("{NUMBER}{AM_PM}").pattern
    'NP'
    >>> tags = [Tag.NUMBER, Tag.HOUR_WORD]
    >>> bool(pattern("{NUMBER}[{HOUR_WORD}{CLOCK_WORD}]").fullmatch(codes(tags)))
    True

No code outside this module spells a code: it names the tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum, unique

__all__ = ["Tag", "codes", "pattern"]


@unique
class Tag(StrEnum):
    """What a token is, for the grammar; the value is its code in a tag string."""

    # numbers and atoms
    NUMBER = "N"  # digits (value: the digits)
    ORDINAL = "O"  # 1er, 15th (value: the day)
    NUMERIC_DATE = "D"  # 15/12, 15.12.2026 (value: day, month, year)
    DATE = "d"  # atom: a date (value: date, or the raw text of an impossible one)
    TIME = "t"  # atom: a clock time (value: time)
    HOURS = "h"  # atom: "18h", a clock time or a number of hours (value: int)
    PLANNED = "p"  # atom: "20 Stunden", planned hours (value: int)
    # calendar and clock words
    MONTH = "M"  # value: 1-12
    WEEKDAY = "Y"  # value: 0 = Monday
    RELATIVE_DAY = "R"  # value: days from today
    NEXT = "x"  # prochain, volgende
    HOUR_WORD = "H"  # h, uur: after a number, a clock time or hours
    CLOCK_WORD = "C"  # Uhr, o'clock: after a number, a clock time
    DURATION_WORD = "L"  # Stunden, hours: after a number, planned hours
    AM_PM = "P"  # value: 0 or 12
    NAMED_TIME = "Q"  # midi, Mitternacht (value: time)
    PART_OF_DAY = "V"  # du soir, 's morgens (value: 0 morning, 12 afternoon/evening)
    TONIGHT = "G"  # ce soir, tonight: today, in the evening
    SAME_DAY = "Z"  # le même jour, same day
    HALF = "B"  # half, halb (before an hour: 30 minutes earlier)
    QUARTER = "q"  # kwart, Viertel, quart (value: minutes, 15 or 45)
    PAST = "A"  # over, nach, past (between a quarter and an hour)
    TO = "o"  # voor, vor, to, moins (between a quarter and an hour)
    # structure
    FROM = "F"  # du, van, von, from: opens a range or labels a start
    RANGE = "T"  # -, to: between two ends of a range
    UNTIL = "U"  # au, tot, bis, until: between two ends, or labels an end
    AT = "@"  # à, om, um, at
    AND = "&"  # et, en, und, and
    OF = "f"  # de, van, vom, from: a period "of" a day (l'extra de demain)
    COLON = ":"
    STOP = "."
    INSTEAD = "i"  # au lieu de, in plaats van, statt, instead of
    # what the caller wants
    KIND = "K"  # value: Kind
    COMMAND = "X"  # value: Command
    CANCEL_VERB = "c"
    UPDATE_VERB = "m"
    CORRECT_VERB = "g"
    LEAVE_VERB = "v"  # quitte, stopt, hört auf, leaves: an OUT (value: a Command it also is)
    EXTEND_VERB = "j"  # prolonger, verlengen, verlängern, extend: an UPDATE of the end
    DECLARATION = "z"  # déclaration, aangifte, Meldung
    WORK = "k"  # période, shift, Schicht: existing work
    YES = "y"
    NO = "n"
    LANGUAGE = "l"  # value: a language code
    # fields
    COMMITTEE = "J"  # value: a committee code
    WORKER_TYPE = "W"  # value: a worker type code
    LABEL = "I"  # a field label or name (value: field, is a name)
    START = "S"  # début, Beginn: labels a start, else the IN kind
    END = "E"  # fin, Ende: labels an end, else the OUT kind
    USER = "u"  # utilisateur, inlener: the user company of agency work follows
    NO_NUMBER = "b"  # pas de numéro, geen nummer: the user company has no number
    NAME = "a"  # a name in the employer's personnel file (value: the name as filed)
    # the rest
    ARTICLE = "e"  # le, op, am
    FILLER = "~"  # svp, bitte, commas: dropped
    WORD = "w"  # anything else
    SPENT = "_"  # a token whose meaning a rule has taken


_NAME = re.compile(r"\{([A-Z_]+)\}")


def pattern(source: str) -> re.Pattern[str]:
    """A regular expression over tag codes, written with tag names in braces."""
    return re.compile(_NAME.sub(lambda m: re.escape(Tag[m[1]].value), source))


def codes(tags: Iterable[Tag]) -> str:
    """The tag string a pattern is matched against."""
    return "".join(tags)
