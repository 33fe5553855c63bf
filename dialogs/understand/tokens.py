"""Folding and lexing: text -> flat tokens, before any meaning is given.

Folding strips accents (``é`` -> ``e``, ``ü`` -> ``u``, ``ß`` -> ``ss``),
turns apostrophes into spaces (``aujourd'hui`` -> two words) and unifies
dashes. The lexer then cuts the text into numbers, numbers with inner
separators (``15/12``, ``0403.199.702``), ordinals (``1er``, ``15th``), words
and punctuation. The lexicon folds and lexes its phrases the same way, so a
phrase matches whatever way it was typed.

>>> [t.text for t in lex("Début: 15/12, 18h30 (étudiant)")]
['debut', ':', '15/12', ',', '18', 'h', '30', '(', 'etudiant', ')']
>>> [(t.kind, t.upper) for t in lex("IN a17 1er")]
[('word', True), ('code', False), ('ordinal', False)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from core.reference import WORKER_TYPES

__all__ = ["RawToken", "fold", "lex"]

_SPECIAL: Final = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "’": " ", "‘": " ", "'": " ", "`": " ", "´": " ", "ʼ": " ",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
})
_AM_PM: Final = re.compile(r"\b([ap])(?:\.\s?|\s)m\b\.?", re.IGNORECASE | re.ASCII)
_CODES: Final = "|".join(sorted(c for c in WORKER_TYPES if not c.isalpha()))
_LEX: Final = re.compile(rf"""
     (?P<numsep>(?<!\d:)\d+(?:[./-]\d+)+\.?(?!\d|:\d))
    |(?P<ordinal>\d{{1,2}}(?:st|nd|rd|th|er|re|ere|eme|ste|de|e)(?![a-z]))
    |(?P<code>(?:{_CODES})(?!\d))
    |(?P<num>\d+)
    |(?P<word>[a-z]+)
    |(?P<punct>[-:./?,;!()])
    |(?P<other>\S)
""", re.VERBOSE | re.IGNORECASE | re.ASCII)


@dataclass(frozen=True, slots=True)
class RawToken:
    kind: str  # numsep, ordinal, code, num, word, punct or other
    text: str  # lower case
    upper: bool  # written in capitals (codes such as "IN" are)


def fold(text: str) -> str:
    """Strip accents and unify apostrophes and dashes; case is kept.

    >>> fold("Après-demain, l’Übermorgen — Straße")
    'Apres-demain, l Ubermorgen - Strasse'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _AM_PM.sub(r"\1m", plain.translate(_SPECIAL))


def lex(text: str) -> list[RawToken]:
    """Fold, then cut into tokens (whitespace separates and is dropped)."""
    return [RawToken(m.lastgroup or "other", m.group().lower(), m.group().isupper())
            for m in _LEX.finditer(fold(text))]
