"""The vocabulary of the package: languages, the extraction marker, messages.

Kept apart from the rendering code so that :mod:`locales.texts` can import
the marker without importing the machinery that reads the registry.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LOCALES", "N_", "Message", "Short", "check_language"]

#: The languages a conversation can be held in; a tuple, so order is stable.
LANGUAGES: Final = ("fr", "nl", "de", "en")

#: French: the language of most Dimona users and of the NSSO's own forms.
DEFAULT_LANGUAGE: Final = "fr"

#: The Babel locale that formats dates and numbers for each language.
#: Belgian variants throughout: the users are Belgian employers.
LOCALES: Final[Mapping[str, str]] = {
    "fr": "fr_BE",
    "nl": "nl_BE",
    "de": "de_BE",
    "en": "en_BE",
}


def N_(text: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``text`` for extraction and return it unchanged.

    Texts are declared once, in :mod:`locales.texts`, and translated late,
    with the caller's language: the marker only lets ``pybabel extract``
    find them.

    >>> N_("Pending")
    'Pending'
    """
    return text


def check_language(lang: str) -> str:
    """Return ``lang`` if it is one of :data:`LANGUAGES`, else raise ``ValueError``.

    The language always comes from the caller (session, header, option);
    an unknown one is a bug upstream, so it is refused rather than guessed.

    >>> check_language("nl")
    'nl'
    >>> check_language("it")
    Traceback (most recent call last):
    ValueError: unsupported language 'it'; use one of fr, nl, de, en
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


@dataclass(frozen=True, slots=True)
class Message:
    """A text to show, by reference: a stable id and its parameters.

    The core and the dialogs return messages, never sentences; a channel
    renders them with :func:`locales.localize` in the caller's language.
    A parameter may itself be a :class:`Message` (rendered in the same
    language), e.g. the problem of an import row.

    >>> Message("result.A")
    Message(id='result.A', params={})
    >>> row = Message("import.row", {"line": 3, "problem": Message("import.problem.encoding")})
    >>> row.params["line"]
    3
    """

    id: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Short:
    """A date parameter written short, the way the language writes it in figures
    (``15/12/2026``, ``15.12.2026``): for compact texts, where a long date does not fit.

    >>> Short(datetime.date(2026, 12, 15)).value.day
    15
    """

    value: datetime.date
