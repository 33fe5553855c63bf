"""Tokens -> tagged tokens: each phrase gets one reading, as a named tag.

Tags are listed in :mod:`~dialogs.understand.tags`; the grammar matches
regular expressions over the string of their codes. Fillers (``svp``,
``bitte``, commas) are dropped. Choosing among readings: a reading valid
only alone or in capitals wins when it is valid; right after a number an
hour/clock/duration/am-pm reading wins (``18 heures``, ``6 am``); the field
the dialog expects breaks a committee/worker-type tie (``autre``); otherwise
the first tag of :data:`_PRIORITY`.

>>> import datetime
>>> names = lambda text, lang="fr": " ".join(t.tag.name for t in tag(text, lang))
>>> names("IN 0403199702 EXT 15/12 18h-23h")
'KIND NUMBER WORKER_TYPE NUMERIC_DATE NUMBER HOUR_WORD RANGE NUMBER HOUR_WORD'
>>> names("heure de fin: 18 heures"), names("6 am", "en")
('LABEL COLON NUMBER HOUR_WORD', 'NUMBER AM_PM')
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from core.anomalies import Field
from dialogs.understand import dates, fuzzy, times
from dialogs.understand.lexicon import ALONE, MAX_PHRASE, UPPER, Reading, lookup
from dialogs.understand.tags import Tag
from dialogs.understand.tokens import RawToken, lex

__all__ = ["Names", "Tok", "tag"]

_PRIORITY: Final = (
    Tag.NAME, Tag.TONIGHT, Tag.SAME_DAY, Tag.INSTEAD, Tag.NO_NUMBER, Tag.USER, Tag.LABEL,
    Tag.START, Tag.END, Tag.PART_OF_DAY, Tag.FROM, Tag.UNTIL, Tag.RANGE, Tag.AT, Tag.AND,
    Tag.KIND, Tag.LEAVE_VERB, Tag.EXTEND_VERB, Tag.COMMAND, Tag.CANCEL_VERB, Tag.UPDATE_VERB,
    Tag.CORRECT_VERB, Tag.DECLARATION, Tag.COMMITTEE, Tag.WORKER_TYPE, Tag.WORK, Tag.YES,
    Tag.NO, Tag.LANGUAGE, Tag.RELATIVE_DAY, Tag.NEXT,
    Tag.NAMED_TIME, Tag.MONTH, Tag.WEEKDAY, Tag.HOUR_WORD, Tag.CLOCK_WORD, Tag.DURATION_WORD,
    Tag.AM_PM, Tag.ARTICLE, Tag.FILLER)
#: Read only in their context (after a quarter, a number): last in any other.
_CONTEXTUAL: Final = frozenset({Tag.PAST, Tag.TO, Tag.HALF, Tag.QUARTER})
_RANK: Final = {t: n for n, t in enumerate(_PRIORITY)}
_AFTER_NUMBER: Final = frozenset({Tag.HOUR_WORD, Tag.CLOCK_WORD, Tag.DURATION_WORD, Tag.AM_PM})
_PREFERRED: Final = {Field.WORKER_TYPE: Tag.WORKER_TYPE, Field.COMMITTEE: Tag.COMMITTEE}
_PUNCT: Final = {":": Tag.COLON, ".": Tag.STOP, ",": Tag.FILLER, ";": Tag.FILLER,
                 "!": Tag.FILLER, "(": Tag.FILLER, ")": Tag.FILLER}
_PHRASE_KINDS: Final = frozenset({"word", "punct", "code"})
_DIGITS: Final = re.compile(r"\d+")
_PAIR_RANGE: Final = re.compile(r"\d{1,2}[./]\d{1,2}\.?-\d{1,2}[./]\d{1,2}\.?")  # 18.00-23.00
_MIXED_RANGE: Final = re.compile(r"\d{1,2}[.:]\d{2}-\d{1,2}|\d{1,2}-\d{1,2}[.:]\d{2}")  # 18.30-23


@dataclass(slots=True)
class Tok:
    tag: Tag
    text: str
    value: object = None
    note: str = ""  # a clock time: "am"/"pm" when said so, "bare" when it may be either


@dataclass(frozen=True, slots=True)
class _Item:
    start: int  # index of its first raw token
    raw: tuple[RawToken, ...]
    readings: tuple[Reading, ...]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.raw)


class Names:
    """Names of the employer's personnel file, as the caller may say them."""

    def __init__(self, names: Collection[str] = ()) -> None:
        self.keys = {tuple(n.split()): n for n in names if n}
        self.longest = max((len(k) for k in self.keys), default=0)
        self.words = tuple(sorted({w for k in self.keys for w in k}))

    def reading(self, key: tuple[str, ...]) -> tuple[Reading, ...]:
        name = self.keys.get(key)
        return (Reading(Tag.NAME, name),) if name else ()

    def typo(self, word: str) -> tuple[Reading, ...]:
        """A name typed one letter wrong (``Peters``): the name, if only one is that close."""
        found = fuzzy.nearest(word, self.words, min_length=4)
        return self.reading((found,)) if found else ()


_NO_NAMES: Final = Names()


def _readings(span: list[RawToken], lang: str, names: Names) -> tuple[Reading, ...]:
    key = tuple(t.text for t in span)
    found = names.reading(key) or lookup(key, lang)
    if found or len(span) > 1 or span[0].kind != "word":
        return found
    return names.typo(key[0]) or fuzzy.correct(key[0], lang)


#: A day and a part of the day written as one word (``morgenavond``, ``Samstagabend``).
_DAY_TAGS: Final = frozenset({Tag.RELATIVE_DAY, Tag.WEEKDAY})
_MIN_PART: Final = 4


def _compound(token: RawToken, lang: str) -> list[RawToken] | None:
    """``morgenavond`` -> ``morgen avond``: a day and a part of the day, if it is both."""
    word = token.text
    for cut in range(_MIN_PART - 1, len(word) - _MIN_PART + 1):
        day, part = word[:cut], word[cut:]
        if any(r.tag in _DAY_TAGS for r in lookup((day,), lang)) and \
                any(r.tag is Tag.PART_OF_DAY for r in lookup((part,), lang)):
            return [RawToken("word", day, token.upper), RawToken("word", part, token.upper)]
    return None


def _split(raw: list[RawToken], lang: str) -> list[RawToken]:
    out: list[RawToken] = []
    for token in raw:
        parts = _compound(token, lang) if token.kind == "word" and not lookup(
            (token.text,), lang) and len(token.text) >= 2 * _MIN_PART - 1 else None
        out.extend(parts or [token])
    return out


def _items(raw: list[RawToken], lang: str, names: Names) -> list[_Item]:
    """Longest phrase first (a name of the file before a keyword), left to right."""
    items, i = [], 0
    longest = max(MAX_PHRASE, names.longest)
    while i < len(raw):
        if raw[i].kind not in _PHRASE_KINDS:
            items.append(_Item(i, (raw[i],), ()))
            i += 1
            continue
        for size in range(min(longest, len(raw) - i), 0, -1):
            span = raw[i:i + size]
            if size > 1 and (span[0].kind == "num" or any(
                    t.kind not in _PHRASE_KINDS and t.kind != "num" for t in span)):
                continue  # "article 17" is a phrase; a number does not start one
            readings = _readings(span, lang, names)
            if readings or size == 1:
                items.append(_Item(i, tuple(span), readings))
                i += size
                break
    return items


def _choose(item: _Item, after_number: bool, alone: bool, expecting: Field | None,
            previous: Tag | None) -> Reading | None:
    allowed = {"": True, ALONE: alone, UPPER: alone or all(t.upper for t in item.raw)}
    valid = [r for r in item.readings if allowed[r.flag]]
    preferred = _PREFERRED.get(expecting) if expecting else None
    after_quarter = previous in (Tag.QUARTER, Tag.HALF)
    for wanted in ([r for r in valid if r.flag],  # "IN", "si", "fr": alone or in capitals
                   [r for r in valid if after_quarter and r.tag in (Tag.PAST, Tag.TO)],
                   [r for r in valid if after_number and r.tag in _AFTER_NUMBER],  # "18 h"
                   [r for r in valid if r.tag is preferred]):  # "autre" for a worker type
        if wanted:
            return wanted[0]
    ordinary = [r for r in valid if r.tag not in _AFTER_NUMBER] or valid
    return min(ordinary, key=_rank, default=None)


def _rank(reading: Reading) -> int:
    if reading.tag in _CONTEXTUAL:
        return len(_PRIORITY) + 1  # "voor", "to": only after a quarter
    return _RANK.get(reading.tag, -1)


def _numsep(text: str, next_tag: Tag | None) -> list[Tok]:
    """``15/12`` is a date, ``18.30`` a time, ``18-23`` (before ``h``) a range."""
    if _PAIR_RANGE.fullmatch(text) or _MIXED_RANGE.fullmatch(text):
        start, end = text.split("-")
        return [*_numsep(start, next_tag), Tok(Tag.RANGE, "-"), *_numsep(end, next_tag)]
    groups = _DIGITS.findall(text)
    parsed = dates.numeric(text)
    if len(groups) == 2 and max(len(g) for g in groups) <= 2:
        sep = text[len(groups[0])]
        if sep in "-/" and (parsed is None or next_tag in _AFTER_NUMBER):
            return [Tok(Tag.NUMBER, groups[0], groups[0]), Tok(Tag.RANGE, sep),
                    Tok(Tag.NUMBER, groups[1], groups[1])]
        clock = len(groups[1]) == 2 and times.make_time(int(groups[0]), int(groups[1]))
        if clock and (parsed is None or next_tag in _AFTER_NUMBER):
            return [Tok(Tag.NUMBER, groups[0], groups[0]), Tok(Tag.COLON, sep),
                    Tok(Tag.NUMBER, groups[1], groups[1])]
    if parsed is not None:
        return [Tok(Tag.NUMERIC_DATE, text, parsed)]
    return [Tok(Tag.NUMBER, text, "".join(groups))]


def _word(item: _Item, reading: Reading | None) -> Tok:
    first = item.raw[0]
    if reading is not None:
        return Tok(reading.tag, item.text, reading.value)
    if first.kind == "punct":
        return Tok(_PUNCT.get(first.text, Tag.WORD), first.text)
    return Tok(Tag.WORD, item.text)


def _is_filler(item: _Item) -> bool:
    if item.raw[0].kind == "punct":
        return _PUNCT.get(item.raw[0].text) is Tag.FILLER
    return bool(item.readings) and all(r.tag is Tag.FILLER for r in item.readings)


def tag(text: str, lang: str, expecting: Field | None = None, names: Names = _NO_NAMES
        ) -> list[Tok]:
    """Lex ``text`` (numbers already in digits) and tag it; fillers are dropped."""
    raw = _split(lex(text), lang)
    items = _items(raw, lang, names)
    alone = sum(1 for it in items if not _is_filler(it)) == 1
    toks: list[Tok | _Item] = []
    previous: Tag | None = None
    for item in items:
        kind = item.raw[0].kind
        if kind in ("num", "numsep"):
            toks.append(item)
            previous = Tag.NUMBER
            continue
        after = item.start > 0 and raw[item.start - 1].kind in ("num", "numsep")
        if kind == "ordinal":
            tok = Tok(Tag.ORDINAL, item.text, int(_DIGITS.findall(item.text)[0]))
        else:
            tok = _word(item, _choose(item, after, alone, expecting, previous))
        toks.append(tok)
        previous = tok.tag if tok.tag is not Tag.FILLER else previous
    return _numbers(toks)


def _numbers(toks: list[Tok | _Item]) -> list[Tok]:
    out: list[Tok] = []
    for i, tok in enumerate(toks):
        if isinstance(tok, Tok):
            if tok.tag is not Tag.FILLER:
                out.append(tok)
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        next_tag = nxt.tag if isinstance(nxt, Tok) else None
        if tok.raw[0].kind == "num":
            out.append(Tok(Tag.NUMBER, tok.text, tok.text))
        else:
            out.extend(_numsep(tok.text, next_tag))
    return out
