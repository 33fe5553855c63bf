"""The language a request asks for, from its ``Accept-Language`` header.

>>> accept_language("nl-BE,nl;q=0.9,fr;q=0.8"), accept_language("it, de;q=0.5")
('nl', 'de')
>>> accept_language(""), accept_language("en;q=bad")
('fr', 'fr')
"""

from __future__ import annotations

from locales import DEFAULT_LANGUAGE, LANGUAGES

__all__ = ["accept_language"]


def accept_language(header: str) -> str:
    """The first supported language of ``header`` by weight, French by default."""
    ranked = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            ranked.append((float(q or 1), tag.split("-")[0].strip().lower()))
        except ValueError:
            continue
    for _, lang in sorted(ranked, key=lambda item: -item[0]):
        if lang in LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE
