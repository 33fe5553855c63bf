"""The held-out set of changes to existing work (``heldout.py``), end to end through the engine.

Nothing may ever be filed that the person did not mean -- a question is fine;
and at least :data:`FLOOR` of the changes meant must come out right, in each
language. The floors only go up: they are the figures measured when a fix landed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.dialogs import test_phrasings
from tests.dialogs.heldout import CASES, EMPLOYER, FILE, YES, Case, judge, matches, run
from tests.dialogs.phrasing import on_a_call
from tests.dialogs.transcript import check_filed, describe, filed_periods

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


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_never_a_wrong_filing_said_on_a_twilio_call(case: Case, app_client: Any) -> None:
    """Every case as ``SpeechResult`` on the real ``/voice/twilio`` (the enrolled phone, its
    PIN typed, each line said, "yes" said to any summary): never a wrong filing there either."""
    on = await on_a_call(app_client, FILE, EMPLOYER, case.lang, f"CA-held-{abs(hash(case.id))}")
    service, before, replies, call = on.service, on.before, on.replies, on.call
    assert on.opened.gather is not None
    for line in case.said:
        await call.send(speech=line)
    if replies[-1].summary is not None:
        await call.send(speech=YES[case.lang])
    for n, reply in enumerate(replies):
        if reply.filed is not None:
            check_filed(replies[n - 1].summary, reply.filed)
            assert reply.result != "B", f"{case.said}: sent what was not meant, refused"
    changed = [describe(p) for _, p in await filed_periods(service)
               if describe(p) != before.get(p.period_id)]
    if case.meant is None:
        assert changed == []
    else:
        assert changed == [] or (len(changed) == 1 and matches(changed[0], case.meant)), changed
