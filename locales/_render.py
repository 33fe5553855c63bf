"""Render a :class:`~locales.Message` in one language: look up, translate, fill in.

Each language's compiled catalog is loaded once per process and cached by
language; nothing here remembers a "current" language, so one process can
answer a French caller and a Dutch caller turn by turn.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from babel.dates import format_date, format_datetime, format_time, get_date_format
from babel.numbers import format_decimal
from babel.support import Translations

from locales._base import LOCALES, Message, Short, check_language
from locales.texts import TEXTS

__all__ = ["DOMAIN", "LOCALE_DIR", "format_value", "load_catalog", "localize", "localize_all",
           "translations"]

#: Where the catalogs live: ``<lang>/LC_MESSAGES/messages.mo``.
LOCALE_DIR: Final = Path(__file__).parent
DOMAIN: Final = "messages"

#: Parameters whose value is a code shown through its label (``<family>.<code>``).
_LABELS: Final = {"field": "field", "type": "worker_type", "committee": "committee",
                  "expected": "json"}
#: Integers printed as they are: a year is not grouped in thousands.
_PLAIN: Final = frozenset({"year"})
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK: Final = re.compile(r"\d{2}:\d{2}(:\d{2})?")


def load_catalog(directory: Path, lang: str) -> Translations:
    """Read ``<directory>/<lang>/LC_MESSAGES/messages.mo``, or raise.

    Babel's ``Translations.load`` returns ``NullTranslations`` when the
    ``.mo`` file is missing, which would silently serve English to a Dutch
    caller; a missing catalog is raised as ``FileNotFoundError`` instead.
    """
    loaded = Translations.load(str(directory), [check_language(lang)], DOMAIN)
    if not isinstance(loaded, Translations):
        path = directory / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        raise FileNotFoundError(f"no compiled catalog for {lang!r}: {path}")
    return loaded


@functools.cache
def translations(lang: str) -> Translations:
    """The compiled catalog of ``lang``, read once per process, on first use."""
    return load_catalog(LOCALE_DIR, lang)


def localize(message: Message, lang: str) -> str:
    """``message`` in ``lang``: its registered text, translated, with its parameters.

    An unknown id or a missing parameter raises ``KeyError``: a message
    without words is a bug to fix, not something to show.

    >>> localize(Message("result.B"), "nl")
    'Geweigerd'
    >>> late = Message("anomaly.00910-917", {"start": "2026-12-15", "days": 2})
    >>> "15. Dezember 2026" in localize(late, "de")
    True
    """
    text = translations(lang).gettext(_source(message.id))
    params = {name: _param(name, value, lang) for name, value in message.params.items()}
    try:
        return text % params
    except KeyError as error:
        raise KeyError(f"message {message.id!r} needs the parameter {error.args[0]!r}") from None


def localize_all(messages: Iterable[Message], lang: str) -> list[str]:
    """Several messages in one language, in order (a reply made of parts)."""
    return [localize(message, lang) for message in messages]


def _source(message_id: str) -> str:
    try:
        return TEXTS[message_id]
    except KeyError:
        raise KeyError(f"no text for message id {message_id!r}") from None


def _param(name: str, value: object, lang: str) -> str:
    """One parameter as the reader of ``lang`` expects it."""
    if isinstance(value, Message):
        return localize(value, lang)
    if isinstance(value, Short):
        return short_date(value.value, LOCALES[lang])
    family = _LABELS.get(name)
    if family is not None and f"{family}.{value}" in TEXTS:
        return localize(Message(f"{family}.{value}"), lang)
    return format_value(name, value, LOCALES[lang])


def format_value(name: str, value: object, locale: str) -> str:
    """Dates, times and numbers written the way ``locale`` writes them.

    ISO strings count as dates and times: anomalies carry them that way.

    >>> format_value("start", "2026-12-15", "fr_BE")
    '15 décembre 2026'
    >>> format_value("start", "22:05", "nl_BE"), format_value("days", 1200, "de_BE")
    ('22:05', '1.200')
    >>> format_value("year", 2026, "fr_BE"), format_value("periodId", "100000000162", "fr_BE")
    ('2026', '100000000162')
    """
    if isinstance(value, str):
        value = _parse(value)
    if isinstance(value, datetime.datetime):
        return format_datetime(value, "medium", locale=locale)
    if isinstance(value, datetime.date):
        return _long_date(value, locale)
    if isinstance(value, datetime.time):
        return _short_time(value, locale)
    if isinstance(value, int) and not isinstance(value, bool) and name not in _PLAIN:
        return format_decimal(value, locale=locale)
    return str(value)


# Babel finds the locale's pattern and applies it on every call: a turn formats the
# same few days and times again and again (its summary, each question's reminder)
@functools.lru_cache(maxsize=2048)
def _long_date(day: datetime.date, locale: str) -> str:
    return format_date(day, "long", locale=locale)


@functools.lru_cache(maxsize=2048)
def _short_time(time: datetime.time, locale: str) -> str:
    return format_time(time, "short", locale=locale)


@functools.lru_cache(maxsize=2048)
def short_date(day: datetime.date, locale: str) -> str:
    """A date in figures, with the whole year: the locale's short pattern, widened.

    >>> day = datetime.date(2026, 12, 5)
    >>> short_date(day, "fr_BE"), short_date(day, "de_BE"), short_date(day, "nl_BE")
    ('05/12/2026', '05.12.2026', '05/12/2026')
    """
    pattern = get_date_format("short", locale=locale).pattern
    pattern = re.sub(r"y+", "yyyy", re.sub(r"\bd\b", "dd", pattern))
    return format_date(day, pattern, locale=locale)


def _parse(text: str) -> str | datetime.date | datetime.time:
    """An ISO date or ``HH:MM[:SS]`` time as an object; anything else unchanged."""
    try:
        if _ISO_DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
        if _CLOCK.fullmatch(text):
            return datetime.time.fromisoformat(text)
    except ValueError:
        pass
    return text

