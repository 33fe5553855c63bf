"""All languages' words in one table: phrase -> readings, per language.

The language modules are registered in :data:`LANGUAGES`; adding a language
is one ``words_xx.py`` file and one line here. Month and weekday names come
from Babel's CLDR data (wide and abbreviated, format and stand-alone;
abbreviations shorter than three letters are left out: ``ma``, ``di``, ``zo``
are common words). Language-neutral codes -- worker types, ``XXX``, the
kinds ``IN``/``OUT``, language codes -- are added for every language.

A lookup prefers the caller's language and falls back on every other one,
so a Dutch speaker may text ``STU`` or ``étudiant``.

>>> [r.tag for r in lookup(("demain",), "nl")]
['R']
>>> lookup(("mar",), "fr")[0], lookup(("mar",), "en")[0]
(Reading(tag='Y', value=1, flag=''), Reading(tag='M', value=3, flag=''))
>>> lookup(("in",), "nl")
(Reading(tag='K', value=<Kind.IN: 'IN'>, flag='upper'),)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Final, NamedTuple

from babel.dates import get_day_names, get_month_names

from core.model import Kind
from core.reference import WORKER_TYPES
from dialogs.understand import words_de, words_en, words_fr, words_nl
from dialogs.understand.result import Command
from dialogs.understand.schema import Words
from dialogs.understand.tokens import lex

__all__ = ["LANGUAGES", "MAX_PHRASE", "Reading", "lookup", "phrase_key"]

#: The registered languages, in order of preference when a phrase is ambiguous.
LANGUAGES: Final[dict[str, Words]] = {
    "fr": words_fr.WORDS, "nl": words_nl.WORDS, "de": words_de.WORDS, "en": words_en.WORDS,
}
_NEUTRAL: Final = "*"
ALONE: Final = "alone"  # counts only when it is the whole utterance
UPPER: Final = "upper"  # counts only in capitals, or alone


class Reading(NamedTuple):
    """One meaning of a phrase: a one-letter tag (see ``grammar``) and a value."""

    tag: str
    value: object = None
    flag: str = ""


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The phrase as the lexer cuts it: ``"Aujourd'hui"`` -> ``('aujourd', 'hui')``."""
    return tuple(t.text.rstrip(".") for t in lex(phrase) if t.text != ".")


def _plain(words: Words) -> Iterator[tuple[str, Iterable[str], object]]:
    """(tag, phrases, value) for every list of a language's words."""
    yield from (("K", v, k) for k, v in words["kinds"].items())
    yield from (("X", v, k) for k, v in words["commands"].items())
    yield from (("J", v, k) for k, v in words["committees"].items())
    yield from (("W", v, k) for k, v in words["worker_types"].items())
    yield from (("l", v, k) for k, v in words["languages"].items())
    yield from (("R", v, k) for k, v in words["relative_days"].items())
    yield from (("P", v, k) for k, v in words["am_pm"].items())
    yield from (("M", v, k) for k, v in words["months"].items())
    yield from (("Y", v, k) for k, v in words["weekdays"].items())
    yield from (("Q", v, datetime.time.fromisoformat(k)) for k, v in words["named_times"].items())
    yield from (("I", v, (k, False)) for k, v in words["labels"].items())
    yield from (("I", v, (k, True)) for k, v in words["fields"].items())
    for tag, key in (("c", "cancel_verbs"), ("m", "update_verbs"), ("g", "correct_verbs"),
                     ("z", "declaration_words"), ("x", "next_words"), ("H", "hour_words"),
                     ("C", "clock_words"), ("L", "duration_words"), ("F", "from_words"),
                     ("T", "range_words"), ("U", "until_words"), ("@", "at_words"),
                     ("&", "and_words"), ("S", "start_labels"), ("E", "end_labels"),
                     ("e", "articles"), ("~", "fillers")):
        yield tag, words[key], None  # type: ignore[literal-required]
    yield "y", words["yes"], True
    yield "n", words["no"], False


def _calendar(locale: str) -> Iterator[tuple[str, Iterable[str], object]]:
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                yield "M", (name,), number
            for number, name in get_day_names(width, context, locale).items():
                yield "Y", (name,), number


def _neutral() -> Iterator[tuple[str, Iterable[str], object, str]]:
    for code in WORKER_TYPES:
        yield "W", (code,), code, UPPER if code in ("ALT", "TEA", "TRI") else ""
    yield "J", ("XXX",), "XXX", ""
    yield "K", ("IN",), Kind.IN, UPPER
    yield "K", ("OUT",), Kind.OUT, ""
    yield "z", ("Dimona",), None, ""
    yield "~", ("BE",), None, ""  # the country prefix of a VAT number
    yield "X", ("?",), Command.HELP, ALONE
    for code in LANGUAGES:
        yield "l", (code,), code, ALONE


def _build() -> dict[tuple[str, ...], dict[str, tuple[Reading, ...]]]:
    table: dict[tuple[str, ...], dict[str, tuple[Reading, ...]]] = {}

    def add(lang: str, tag: str, phrases: Iterable[str], value: object, flag: str) -> None:
        for phrase in phrases:
            key = phrase_key(phrase)
            if not key or (tag in "MY" and len("".join(key)) < 3):
                continue
            readings = table.setdefault(key, {}).setdefault(lang, ())
            if (reading := Reading(tag, value, flag)) not in readings:
                table[key][lang] = (*readings, reading)

    for tag, phrases, value, flag in _neutral():
        add(_NEUTRAL, tag, phrases, value, flag)
    for lang, words in LANGUAGES.items():
        alone = {phrase_key(p) for p in words["alone"]}
        for tag, phrases, value in (*_plain(words), *_calendar(words["locale"])):
            for phrase in phrases:
                add(lang, tag, (phrase,), value, ALONE if phrase_key(phrase) in alone else "")
    return table


_TABLE: Final = _build()
MAX_PHRASE: Final = max(len(key) for key in _TABLE)


def lookup(key: tuple[str, ...], lang: str) -> tuple[Reading, ...]:
    """The readings of a phrase: the caller's language's, else every language's."""
    entry = _TABLE.get(key)
    if not entry:
        return ()
    own = entry.get(lang)
    if own is None:
        own = tuple(dict.fromkeys(r for name, rs in entry.items() if name != _NEUTRAL
                                  for r in rs))
    return (*entry.get(_NEUTRAL, ()), *own)
