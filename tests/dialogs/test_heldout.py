"""The held-out set of changes to existing work (``heldout.py``), end to end through the engine.

Nothing may ever be filed that the person did not mean -- a question is fine;
and at least :data:`FLOOR` of the changes meant must come out right, in each
language. The floors only go up: they are the figures measured when a fix landed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.dialogs import test_phrasings
from tests.dialogs.heldout import CASES, Case, judge, run

#: Right filings, out of the cases that mean a change, by language (measured, then kept).
FLOOR = {"fr": 40, "nl": 37, "de": 36, "en": 41}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_never_a_wrong_filing(case: Case) -> None:
    outcome = await judge(case)
    assert outcome.verdict != "wrong", f"{case.said} filed what was not meant: {outcome.detail}"
    if case.meant is None:
        assert outcome.verdict == "asked"


async def test_right_filings_keep_their_floor() -> None:
    outcomes = await run()
    right = Counter(o.case.lang for o in outcomes if o.verdict == "right")
    short = {lang: right[lang] for lang, floor in FLOOR.items() if right[lang] < floor}
    assert not short, (dict(right), FLOOR)


def test_the_held_out_set_is_large() -> None:
    by_lang = Counter(c.lang for c in CASES)
    assert all(by_lang[lang] >= 40 for lang in ("fr", "nl", "de", "en")), by_lang
    corpus = {line.casefold() for c in test_phrasings.CASES for line in c.said}
    assert not [line for c in CASES for line in c.said if line.casefold() in corpus
                and len(line.split()) > 1], "held out means not copied from the corpus"
    kinds = Counter(c.kind for c in CASES)
    assert {"cancel", "out", "update hours", "update end", "guided", "ambiguous"} <= set(kinds)
