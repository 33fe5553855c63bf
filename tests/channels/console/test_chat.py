"""``dimona-talk chat`` as a person (or an acceptance check) uses it: a process, stdin piped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NOW = "2026-12-01T09:30:00+01:00"


def chat(db: Path, lines: list[str], *flags: str) -> list[str]:
    """The replies, one block per utterance, as the command prints them."""
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "chat", "--db", str(db), *flags],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ, "DIMONA_NOW": NOW})
    return done.stdout.strip("\n").split("\n\n")


def test_a_piped_transcript_declares_on_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "console.db"
    summary, done = chat(db, ["IN 0852093431 85073100130 302 EXT 15/12 18u-23u", "ja"],
                         "--from", "0470 12 34 56", "--lang", "nl")
    assert "Werkgever: Eetcafé De Gentse Haven" in summary.splitlines()
    assert done.startswith("Aanvaard: Dimona IN, aangiftenummer 100000000162, verzonden op")


def test_a_later_session_continues_where_the_caller_was(tmp_path: Path) -> None:
    db = tmp_path / "console.db"
    [asked] = chat(db, ["IN 0202400002 85073100130 XXX OTH"], "--from", "+32470999999",
                   "--lang", "de")
    assert asked == "Wie lautet das Beginndatum?"
    summary, done = chat(db, ["3.12.2026", "ja"], "--from", "+32470999999")
    assert "Arbeitgeber: Gasthof Eupener Land" in summary.splitlines()
    assert done.startswith("Akzeptiert: Dimona IN, Meldungsnummer 100000000162")
