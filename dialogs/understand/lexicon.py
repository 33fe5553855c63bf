"""All languages' words in one table: phrase -> readings, per language.

The language modules are registered in :data:`LANGUAGES`; adding a language
is one ``words_xx.py`` file and one line here. Month and weekday names come
from Babel's CLDR data (wide and abbreviated, format and stand-alone;
abbreviations shorter than three letters are left out: ``ma``, ``di``, ``zo``
are common words). Language-neutral codes -- worker types, ``XXX``, the
kinds ``IN``/``OUT``, language codes -- are added for every language.

A lookup prefers the caller's language and falls back on every other one,
so a Dutch speaker may text ``STU`` or ``étudiant``.

>>> [r.tag.name for r in lookup(("demain",), "nl")]
['RELATIVE_DAY']
>>> lookup(("mar",), "fr")[0][:2], lookup(("mar",), "en")[0][:2]
((<Tag.WEEKDAY: 'Y'>, 1), (<Tag.MONTH: 'M'>, 3))
>>> lookup(("in",), "nl")
(Reading(tag=<Tag.KIND: 'K'>, value=<Kind.IN: 'IN'>, flag='upper'),)
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
from dialogs.understand.tags import Tag
from dialogs.understand.tokens import lex

__all__ = ["LANGUAGES", "MAX_PHRASE", "Reading", "lookup", "phrase_key", "single_words", "street"]

#: The registered languages, in order of preference when a phrase is ambiguous.
LANGUAGES: Final[dict[str, Words]] = {
    "fr": words_fr.WORDS, "nl": words_nl.WORDS, "de": words_de.WORDS, "en": words_en.WORDS,
}
_NEUTRAL: Final = "*"
ALONE: Final = "alone"  # counts only when it is the whole utterance
UPPER: Final = "upper"  # counts only in capitals, or alone


class Reading(NamedTuple):
    """One meaning of a phrase: its tag and a value."""

    tag: Tag
    value: object = None
    flag: str = ""


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The phrase as the lexer cuts it: ``"Aujourd'hui"`` -> ``('aujourd', 'hui')``."""
    return tuple(t.text.rstrip(".") for t in lex(phrase) if t.text != ".")


_LISTS: Final = (
    (Tag.CANCEL_VERB, "cancel_verbs"), (Tag.UPDATE_VERB, "update_verbs"),
    (Tag.CORRECT_VERB, "correct_verbs"), (Tag.DECLARATION, "declaration_words"),
    (Tag.NEXT, "next_words"), (Tag.HOUR_WORD, "hour_words"), (Tag.CLOCK_WORD, "clock_words"),
    (Tag.DURATION_WORD, "duration_words"), (Tag.FROM, "from_words"),
    (Tag.RANGE, "range_words"), (Tag.UNTIL, "until_words"), (Tag.AT, "at_words"),
    (Tag.AND, "and_words"), (Tag.START, "start_labels"), (Tag.END, "end_labels"),
    (Tag.ARTICLE, "articles"), (Tag.FILLER, "fillers"), (Tag.EXTEND_VERB, "extend_verbs"),
    (Tag.INSTEAD, "instead_words"), (Tag.WORK, "work_words"), (Tag.USER, "user_labels"),
    (Tag.NO_NUMBER, "no_number_words"), (Tag.TONIGHT, "tonight_words"),
    (Tag.SAME_DAY, "same_day_words"), (Tag.HALF, "half_words"), (Tag.PAST, "past_words"),
    (Tag.TO, "to_words"),
)


def _plain(words: Words) -> Iterator[tuple[Tag, Iterable[str], object]]:
    """(tag, phrases, value) for every list of a language's words."""
    yield from ((Tag.KIND, v, k) for k, v in words["kinds"].items())
    yield from ((Tag.COMMAND, v, k) for k, v in words["commands"].items())
    yield from ((Tag.COMMITTEE, v, k) for k, v in words["committees"].items())
    yield from ((Tag.WORKER_TYPE, v, k) for k, v in words["worker_types"].items())
    yield from ((Tag.LANGUAGE, v, k) for k, v in words["languages"].items())
    yield from ((Tag.RELATIVE_DAY, v, k) for k, v in words["relative_days"].items())
    yield from ((Tag.AM_PM, v, k) for k, v in words["am_pm"].items())
    yield from ((Tag.MONTH, v, k) for k, v in words["months"].items())
    yield from ((Tag.WEEKDAY, v, k) for k, v in words["weekdays"].items())
    yield from ((Tag.NAMED_TIME, v, datetime.time.fromisoformat(k))
                for k, v in words["named_times"].items())
    yield from ((Tag.PART_OF_DAY, v, k) for k, v in words["parts_of_day"].items())
    yield from ((Tag.QUARTER, v, k) for k, v in words["quarter_words"].items())
    yield from ((Tag.LEAVE_VERB, v, Command.CANCEL if k else None)
                for k, v in words["leave_verbs"].items())
    yield from ((Tag.LABEL, v, (k, False)) for k, v in words["labels"].items())
    yield from ((Tag.LABEL, v, (k, True)) for k, v in words["fields"].items())
    for tag, key in _LISTS:
        yield tag, words[key], None  # type: ignore[literal-required]
    yield Tag.YES, words["yes"], True
    yield Tag.NO, words["no"], False


def _calendar(locale: str) -> Iterator[tuple[Tag, Iterable[str], object]]:
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                yield Tag.MONTH, (name,), number
            for number, name in get_day_names(width, context, locale).items():
                yield Tag.WEEKDAY, (name,), number


def _neutral() -> Iterator[tuple[Tag, Iterable[str], object, str]]:
    for code in WORKER_TYPES:
        yield Tag.WORKER_TYPE, (code,), code, UPPER if code in ("ALT", "TEA", "TRI") else ""
    yield Tag.COMMITTEE, ("XXX",), "XXX", ""
    yield Tag.KIND, ("IN",), Kind.IN, UPPER
    yield Tag.KIND, ("OUT",), Kind.OUT, ""
    yield Tag.DECLARATION, ("Dimona",), None, ""
    yield Tag.FILLER, ("BE",), None, ""  # the country prefix of a VAT number
    yield Tag.COMMAND, ("?",), Command.HELP, ALONE
    for code in LANGUAGES:
        yield Tag.LANGUAGE, (code,), code, ALONE


def _build() -> dict[tuple[str, ...], dict[str, tuple[Reading, ...]]]:
    table: dict[tuple[str, ...], dict[str, tuple[Reading, ...]]] = {}

    def add(lang: str, tag: Tag, phrases: Iterable[str], value: object, flag: str) -> None:
        for phrase in phrases:
            key = phrase_key(phrase)
            if not key or (tag in (Tag.MONTH, Tag.WEEKDAY) and len("".join(key)) < 3):
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


def single_words(tags: frozenset[Tag], min_length: int) -> set[str]:
    """One-word phrases of any language with a reading among ``tags``."""
    return {key[0] for key, entry in _TABLE.items()
            if len(key) == 1 and len(key[0]) >= min_length and key[0].isalpha()
            and any(r.tag in tags for readings in entry.values() for r in readings)}


_STREETS: Final = frozenset(phrase_key(w)[0] for words in LANGUAGES.values()
                            for w in words["street_words"] if not w.startswith("-"))
_STREET_ENDS: Final = tuple(sorted({phrase_key(w[1:])[0] for words in LANGUAGES.values()
                                    for w in words["street_words"] if w.startswith("-")}))


def street(word: str) -> bool:
    """Whether an address starts at this word: ``rue``, ``Kerkstraat``, ``Hauptstraße``.

    >>> street("Rue"), street("Kerkstraat"), street("Hauptstraße"), street("Dupont")
    (True, True, True, False)
    """
    key = phrase_key(word)
    return len(key) == 1 and (key[0] in _STREETS or key[0].endswith(_STREET_ENDS))
