"""The shape of one language's word lists (``words_fr.py``, ``words_nl.py``, ...).

Each language module holds one plain :class:`Words` dict. Phrases are written
as people type them -- accents, capitals, hyphens and apostrophes are folded
away when the lexicon is built -- and may span several words
(``"pompes funèbres"``). Month and weekday names are not listed: they come
from Babel's CLDR data for ``locale``; only extra spellings go in
``months`` / ``weekdays``.

A phrase may sit in several lists; the reading used then depends on context
(``"fin"`` is an end label before a date and the OUT kind alone; ``"heure"``
is an hour word after a number and a field name elsewhere).
"""

from __future__ import annotations

from typing import TypedDict

from core.anomalies import Field
from core.model import Kind
from dialogs.understand.result import Command

__all__ = ["Words"]


class Words(TypedDict):
    locale: str  # Babel locale for month and weekday names
    kinds: dict[Kind, tuple[str, ...]]  # declaration types, by name
    commands: dict[Command, tuple[str, ...]]  # global commands (never CORRECT)
    cancel_verbs: tuple[str, ...]  # CANCEL command, or the CANCEL kind with a declaration word
    update_verbs: tuple[str, ...]  # the UPDATE kind, or CORRECT with a field name
    correct_verbs: tuple[str, ...]  # the CORRECT command
    declaration_words: tuple[str, ...]  # "déclaration", "aangifte", ...
    committees: dict[str, tuple[str, ...]]  # committee code -> names of its sector
    worker_types: dict[str, tuple[str, ...]]  # worker type code -> names
    yes: tuple[str, ...]
    no: tuple[str, ...]
    languages: dict[str, tuple[str, ...]]  # language code -> its names in this language
    relative_days: dict[int, tuple[str, ...]]  # days from today -> words
    next_words: tuple[str, ...]  # "prochain": a weekday strictly after today
    hour_words: tuple[str, ...]  # after a number: a clock time or a number of hours
    clock_words: tuple[str, ...]  # after a number: a clock time only
    duration_words: tuple[str, ...]  # after a number: a number of hours only
    am_pm: dict[int, tuple[str, ...]]  # hours to add (0 or 12) -> words
    named_times: dict[str, tuple[str, ...]]  # "HH:MM" -> "midi", "minuit", ...
    from_words: tuple[str, ...]  # open a range, or label a start on their own
    range_words: tuple[str, ...]  # between the two ends of a range
    until_words: tuple[str, ...]  # between the two ends, or label an end on their own
    at_words: tuple[str, ...]  # "à 18h": a range word between two times only
    and_words: tuple[str, ...]  # "entre 18h et 23h": a range word after a from word only
    start_labels: tuple[str, ...]  # label a start date/hour ("début:"), else the IN kind
    end_labels: tuple[str, ...]  # label an end date/hour ("fin:"), else the OUT kind
    labels: dict[Field, tuple[str, ...]]  # short labels of the SMS syntax ("niss:", "bce")
    fields: dict[Field, tuple[str, ...]]  # names of fields: labels, and targets of a correction
    articles: tuple[str, ...]  # "le 15", "op de 15e"
    fillers: tuple[str, ...]  # words that change nothing ("svp", "bitte")
    months: dict[int, tuple[str, ...]]  # spellings Babel lacks
    weekdays: dict[int, tuple[str, ...]]  # 0 = Monday; spellings Babel lacks
    leave_verbs: dict[str | None, tuple[str, ...]]  # an OUT; under "cancel": also the command
    extend_verbs: tuple[str, ...]  # an UPDATE of the end date ("prolonger")
    instead_words: tuple[str, ...]  # "au lieu de": the new value, then the old one
    work_words: tuple[str, ...]  # existing work: "période", "Schicht"
    user_labels: tuple[str, ...]  # agency work: the user company follows
    no_number_words: tuple[str, ...]  # the user company has no enterprise number
    street_words: tuple[str, ...]  # an address starts with one ("rue"), or "-straat": ends so
    tonight_words: tuple[str, ...]  # today, in the evening
    same_day_words: tuple[str, ...]  # the end is on the start's day
    parts_of_day: dict[int, tuple[str, ...]]  # hours to add (0 morning, 12 evening) -> words
    half_words: tuple[str, ...]  # "half zeven" = 6:30; "six heures et demie" = 6:30
    quarter_words: dict[int, tuple[str, ...]]  # minutes (15, 45) -> words
    past_words: tuple[str, ...]  # "kwart over zes"
    to_words: tuple[str, ...]  # "kwart voor zeven"
    alone: tuple[str, ...]  # phrases above that count only when said alone ("si")
