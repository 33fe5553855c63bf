"""``dimona-talk call``: the terminal voice simulator, piped like a transcript."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from core.demo import load_demo
from core.store import open_store
from server.cli import main
from tests.channels.voice.voicecall import PHONE, PIN_HASH


async def _prepare(db: str) -> None:
    store = await open_store(db)
    try:
        await load_demo(store)
        await store.enroll_phone(PHONE, 1, None, PIN_HASH)
    finally:
        await store.close()


def call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         lines: list[str], *flags: str) -> list[str]:
    db = str(tmp_path / "sim.db")
    asyncio.run(_prepare(db))
    monkeypatch.setenv("DIMONA_NOW", "2026-12-01T09:30")
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    assert main(["call", "--db", db, "--from", "0470 12 34 56", *flags]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_whole_call_in_dutch_with_keys_and_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = call(tmp_path, monkeypatch, capsys,
               ["4321", "1", "85 07 31 001 30", "horeca", "1", "15122026", "achttien uur",
                "2300#", "ja"], "--lang", "nl")
    assert out[0] == "< Toets uw pincode in, gevolgd door het hekje."
    assert "[#] > 4321" in out and "[11] > 85 07 31 001 30" in out and "[8] > 15122026" in out
    assert "< Begin: dinsdag 15 december" in out
    assert out[-7:] == [  # the receipt, read back whole
        "< Aanvaard: Dimona IN, aangiftenummer 1 0 0, 0 0 0, 0 0 0, 1 6 2, verzonden op dinsdag"
        " 1 december om 09:30.",
        "< Werkgever: Brasserie du Marché, ondernemingsnummer 0 4 0 3, 1 9 9, 7 0 2",
        "< Werknemer: Jan Peeters, INSZ 8 5 0 7 3 1, 0 0 1, 3 0",
        "< Periode 1 0 0, 0 0 0, 0 0 0, 1 6 2: van dinsdag 15 december tot dinsdag 15 december",
        "< Van 18:00 tot 23:00", "< Tot ziens.", "<."]


def test_silence_and_the_menu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    out = call(tmp_path, monkeypatch, capsys, ["", "Deutsch", "9"], "--transfer-number",
               "+3225115151")
    assert out[:4] == ["< Pour le français, tapez 1.", "< Voor Nederlands, druk 2.",
                       "< Für Deutsch, drücken Sie 3.", "< For English, press 4."]
    assert "< Je n'ai rien entendu." in out
    assert "< Bitte geben Sie Ihre PIN ein, dann die Rautetaste." in out
    assert out[-2:] == ["< Auf Wiederhören.", "<."]
