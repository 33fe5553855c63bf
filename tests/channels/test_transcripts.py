"""Every transcript of tests/dialogs/transcripts through every conversational channel.

The console (a ``dimona-talk chat`` process), Twilio SMS, Kannel HTTP and TwiML
voice with ``SpeechResult``, in fr/nl/de/en: the same files as the engine's own
transcript test, each line checked as its channel shows or says it, and what is
filed checked in the personnel file (``=`` lines) and against the summary shown.
The trusted console's transcripts (no enrolled phone) play on the console only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.transcripts import CHANNELS, channel_driver
from tests.conftest import TODAY
from tests.dialogs.transcript import load, replay, transcripts

FOLDER = Path(__file__).parents[1] / "dialogs" / "transcripts"
CASES = [(channel, path) for path in transcripts(FOLDER) for channel in CHANNELS
         if channel == "console" or load(path).employers]


@pytest.mark.parametrize(("channel", "path"), CASES,
                         ids=[f"{c}-{p.stem}" for c, p in CASES])
async def test_transcript_through_the_channel(channel: str, path: Path, tmp_path: Path) -> None:
    script = load(path)
    now = TODAY.astimezone() if TODAY.tzinfo else TODAY
    async with channel_driver(channel, script, str(tmp_path / "dimona.db"), now) as driver:
        await replay(driver, script)


def test_every_channel_plays_every_language() -> None:
    for channel in CHANNELS:
        langs = {p.stem.rsplit(".", 1)[-1] for c, p in CASES if c == channel}
        assert langs == {"fr", "nl", "de", "en"}, channel
