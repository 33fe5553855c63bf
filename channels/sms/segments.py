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

__all__ = ["MAX_SEGMENTS", "compose", "encoding", "gsm7", "segments"]

MAX_SEGMENTS: Final = 2
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


_MORE: Final = "..."  # GSM-7: an ellipsis character would turn the SMS into UCS-2


def _cut(text: str, limit: int, tail: str = "") -> str:
    """``text`` shortened so that it, the ellipsis and ``tail`` fit in ``limit`` parts."""
    while text and segments(text + _MORE + tail) > limit:
        text = text[:-1]
    return text.rstrip() + _MORE + tail


def compose(lines: Sequence[str], limit: int = MAX_SEGMENTS) -> str:
    """One SMS of at most ``limit`` parts from the reply's lines.

    The first line (what happened) and the last (the question) matter most:
    lines in between are dropped from the end first, then the first line is
    cut, so the question arrives whole.

    >>> compose(["Refusé.", "x" * 400, "Question?"])
    'Refusé.\\nQuestion?'
    >>> compose(["y" * 400, "Question?"]).endswith("...\\nQuestion?")
    True

    A long reply that only a few letters push into UCS-2 is written in GSM-7
    rather than losing lines:

    >>> compose(["Employeur : Crêperie Ça Va", "z" * 150, "Envoyer ?"]).splitlines()[0]
    'Employeur : Creperie Ça Va'
    """
    kept = list(lines)
    if segments("\n".join(kept)) > limit and encoding("\n".join(kept)) == "ucs2":
        kept = [gsm7(line) for line in kept]  # three times the room: keep every line
    while len(kept) > 2 and segments("\n".join(kept)) > limit:
        del kept[-2]
    text = "\n".join(kept)
    if segments(text) <= limit:
        return text
    if len(kept) == 2 and segments(kept[1]) < limit:
        return _cut(kept[0], limit, "\n" + kept[1])
    return _cut(text, limit)
