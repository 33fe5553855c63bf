"""Random text never breaks a conversation: no exception, never an empty reply."""

from __future__ import annotations

import asyncio
import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.console.chat import render_text
from core.clock import FixedClock
from core.demo import load_demo
from core.service import Declarations
from core.store.sqlite import SQLiteStore
from dialogs.engine import Engine
from dialogs.turn import Caller, Channel, Turn

WORDS = st.sampled_from([
    "IN", "OUT", "annulation", "wijziging", "oui", "nee", "1", "2", "3", "4", "aide", "retour",
    "stop", "0403199702", "85073100130", "302", "XXX", "EXT", "STU", "15/12", "demain",
    "18h-23h", "20", "date 16/12", "nederlands", "deutsch", "english", "herhaal", "menu",
    "100000000162", "31/02", "99999999999", "", "  ",
])
UTTERANCE = st.one_of(st.text(max_size=60), st.lists(WORDS, max_size=6).map(" ".join))


async def _talk(lines: list[str], lang: str) -> None:
    store = SQLiteStore.open(":memory:")
    await load_demo(store)
    clock = FixedClock(datetime.datetime(2026, 12, 1, 9, 30))
    engine = Engine(Declarations(store, clock), store, clock)
    caller = Caller(trusted=True, language=lang)
    try:
        for line in lines:
            reply = await engine.handle(Turn("k", Channel.CONSOLE, text=line, caller=caller))
            assert reply.messages, line
            assert render_text(reply).strip(), line
    finally:
        await store.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(UTTERANCE, min_size=1, max_size=12), st.sampled_from(["fr", "nl", "de", "en"]))
def test_random_conversations_always_get_an_answer(lines: list[str], lang: str) -> None:
    asyncio.run(_talk(lines, lang))
