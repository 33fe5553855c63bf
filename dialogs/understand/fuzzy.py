"""Typos in keywords ("demian", "extar"), with RapidFuzz: never one keyword into another.

Only a word that is no phrase of any language is looked at, only if it has
at least :data:`MIN_LENGTH` letters, and only against keywords of the kinds
a typo can safely mean (days, months, worker types, committees, kinds, verbs,
field names) -- never yes, no or a command: a typo must not confirm anything.
The match must be one edit away (Optimal String Alignment: a swap of two
letters is one edit), start with the same letter, and be the only keyword
that close; otherwise the word stays unknown.

>>> [r.tag.name for r in correct("demian", "fr")]
['RELATIVE_DAY']
>>> correct("extar", "fr")[0].value
'EXT'
>>> correct("bonjourr", "fr")
()
"""

from __future__ import annotations

import functools
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from dialogs.understand.lexicon import Reading, lookup, single_words
from dialogs.understand.tags import Tag

__all__ = ["MIN_LENGTH", "correct", "nearest"]

MIN_LENGTH: Final = 5
#: The kinds of keywords a typo may be read as.
TARGETS: Final = frozenset({
    Tag.KIND, Tag.WORKER_TYPE, Tag.COMMITTEE, Tag.RELATIVE_DAY, Tag.WEEKDAY, Tag.MONTH,
    Tag.LEAVE_VERB, Tag.EXTEND_VERB, Tag.CANCEL_VERB, Tag.UPDATE_VERB, Tag.CORRECT_VERB,
    Tag.LABEL, Tag.START, Tag.END, Tag.DECLARATION, Tag.USER, Tag.TONIGHT, Tag.WORK,
})
_CANDIDATES: Final = tuple(sorted(single_words(TARGETS, MIN_LENGTH - 1)))


def nearest(word: str, choices: tuple[str, ...], *, min_length: int = MIN_LENGTH) -> str | None:
    """The one choice one edit from ``word`` (same first letter), if there is exactly one."""
    if len(word) < min_length or not word.isalpha():
        return None
    close = [c for c, _, _ in process.extract(word, choices, scorer=OSA.distance,
                                               score_cutoff=1, limit=3) if c[0] == word[0]]
    return close[0] if len(close) == 1 else None


@functools.lru_cache(maxsize=4096)
def correct(word: str, lang: str) -> tuple[Reading, ...]:
    """The readings of the keyword ``word`` is a typo of; none if unsure."""
    found = nearest(word, _CANDIDATES)
    if found is None:
        return ()
    return tuple(r for r in lookup((found,), lang) if r.tag in TARGETS)
