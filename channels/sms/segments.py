"""SMS length: GSM-7 septets or UCS-2 units, counted with the ``gsm0338`` codec.

A message that fits in one part holds 160 GSM-7 septets (70 UCS-2 units); a
concatenated one 153 (67) per part. Extension characters (``€ [ ] { }``...)
cost two septets and never straddle two parts.

>>> segments("Acceptée. Numéro 100000000162.")
1
>>> encoding("Déclaration reçue"), encoding("Dimona à 18h")
('ucs2', 'gsm7')
>>> segments("x" * 161), segments("ç" * 71)
(2, 2)
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from typing import Final, Literal

import gsm0338  # noqa: F401 - registers the "gsm03.38" codec

__all__ = ["MAX_SEGMENTS", "compose", "encoding", "fit", "gsm7", "segments"]

#: SMS parts a reply may use unless set otherwise (``--sms-max-parts``): 4 parts hold a
#: whole summary in full. Twilio takes up to 1,600 characters; Kannel's ``max-messages``
#: must allow at least as many parts.
MAX_SEGMENTS: Final = 4
_SINGLE: Final = {"gsm7": 160, "ucs2": 70}
_PART: Final = {"gsm7": 153, "ucs2": 67}


@functools.cache
def _septets(ch: str) -> int:
    """GSM-7 septets of one character (2 for ``€ [ ] { }``...), 0 when it has none."""
    try:
        return len(ch.encode("gsm03.38"))
    except UnicodeEncodeError:
        return 0


def _gsm_costs(text: str) -> dict[str, int] | None:
    """Septets of each distinct character, or None when one has no GSM-7 form."""
    costs = {ch: _septets(ch) for ch in set(text)}
    return costs if all(costs.values()) else None


def encoding(text: str) -> Literal["gsm7", "ucs2"]:
    return "gsm7" if _gsm_costs(text) is not None else "ucs2"


def _units(text: str) -> tuple[Literal["gsm7", "ucs2"], list[int]]:
    """The coding, and the cost of each character in septets or UTF-16 units."""
    costs = _gsm_costs(text)
    if costs is not None:
        return "gsm7", [costs[ch] for ch in text]
    return "ucs2", [2 if ord(ch) > 0xFFFF else 1 for ch in text]


#: Letters with no GSM-7 form and no base letter in it.
_LOOKALIKE: Final = {"«": '"', "»": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...",
                     "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "}


def gsm7(text: str) -> str:
    """``text`` in GSM-7 letters: ``ê`` -> ``e``, ``ç`` -> ``c``, ``«`` -> ``"``.

    >>> gsm7("Crêperie « Noël » à 18h")
    'Creperie " Noel " à 18h'
    """
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(ch if encoding(ch) == "gsm7" else
                   base if encoding(base) == "gsm7" else _LOOKALIKE.get(ch, "?"))
    return "".join(out)


@functools.lru_cache(maxsize=1024)  # a reply is measured in full, compact and per coding
def segments(text: str) -> int:
    coding, units = _units(text)
    if sum(units) <= _SINGLE[coding]:
        return 1
    parts, used = 1, 0
    for cost in units:
        if used + cost > _PART[coding]:
            parts, used = parts + 1, 0
        used += cost
    return parts


def fit(lines: Sequence[str], limit: int = MAX_SEGMENTS) -> str | None:
    """The lines as one SMS of at most ``limit`` parts, in GSM-7 letters if that is what
    makes it fit; None when it does not fit either way.

    >>> fit(["Début : 15 décembre", "Envoyer ?"], 1).splitlines()
    ['Début : 15 décembre', 'Envoyer ?']
    >>> fit(["Reçu", "x" * 200], 3).splitlines()[0], fit(["Reçu", "x" * 200], 1)
    ('Recu', None)
    """
    text = "\n".join(lines)
    if segments(text) <= limit:
        return text
    if encoding(text) == "ucs2":
        plain = "\n".join(gsm7(line) for line in lines)
        if segments(plain) <= limit:
            return plain
    return None


def compose(lines: Sequence[str], limit: int = MAX_SEGMENTS) -> str:
    """One SMS of the reply's lines, every line whole: nothing is ever dropped or cut.

    Within ``limit`` parts when it can be (in GSM-7 letters if that is what fits: a
    long reply that a few letters push into UCS-2 takes three times the room); else
    whole, over the limit, in the coding that takes fewer parts.

    >>> compose(["Refusé.", "x" * 400, "Question?"], 2).splitlines()[-1]
    'Question?'
    >>> compose(["Employeur : Crêperie Ça Va", "z" * 150, "Envoyer ?"], 2).splitlines()[0]
    'Employeur : Creperie Ça Va'
    """
    text = fit(lines, limit)
    if text is not None:
        return text
    whole = "\n".join(lines)
    plain = "\n".join(gsm7(line) for line in lines)
    return plain if segments(plain) < segments(whole) else whole
