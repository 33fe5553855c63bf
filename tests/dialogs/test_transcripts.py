"""Every transcript in tests/dialogs/transcripts, through the real engine and SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.clock import FixedClock
from core.demo import load_demo
from core.service import Declarations
from core.store.sqlite import SQLiteStore
from dialogs.engine import Engine
from tests.dialogs.transcript import play, transcripts

FOLDER = Path(__file__).parent / "transcripts"


@pytest.mark.parametrize("path", transcripts(FOLDER), ids=lambda p: p.stem)
async def test_transcript(path: Path, db_path: str, clock: FixedClock) -> None:
    store = SQLiteStore.open(db_path)
    await load_demo(store)
    engine = Engine(Declarations(store, clock), store, clock, transfer="+3225115151")
    try:
        await play(engine, clock, path)
    finally:
        await store.close()


def test_there_are_transcripts_in_every_language() -> None:
    langs = {p.stem.rsplit(".", 1)[-1] for p in transcripts(FOLDER)}
    assert {"fr", "nl", "de", "en"} <= langs
