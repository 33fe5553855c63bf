"""``dimona-talk batch``: in process on a store file, and as a real command on a terminal.

The progress shows as a bar on a terminal (a pseudo-terminal here, read back) and
as plain lines in a pipe; a summary ends ``submit``.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from core.demo import load_demo
from core.store import open_store
from server.cli import main
from tests.channels.batch.conftest import JAN, LUKAS, csv_file, in_body, in_row, ndjson_file

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-12-01T09:30:00+01:00"


def _demo(db: Path) -> str:
    async def fill() -> None:
        store = await open_store(str(db))
        try:
            await load_demo(store)
        finally:
            await store.close()

    asyncio.run(fill())
    return str(db)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return _demo(tmp_path / "batch.db")


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIMONA_NOW", NOW)


def _ticket(out: str) -> str:
    return next(w for w in out.replace(",", " ").split() if w.isdigit() and len(w) == 16)


def test_submit_status_notifications_on_a_store_file(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "june.csv"
    file.write_text(csv_file([in_row(JAN), in_row(JAN, startHour="2000"),
                              in_row(LUKAS, "2026-11-20")]), encoding="utf-8")
    code, out, err = run(capsys, "batch", "submit", str(file), "--db", db, "--lang", "en")
    assert code == 0, err
    ticket = _ticket(out)
    assert f"Ticket {ticket}: 3 declarations: 1 accepted, 1 with warnings, 1 refused" in out
    assert "Declarations: 3/3" in err  # not a terminal: plain progress lines
    code, out, _ = run(capsys, "batch", "status", ticket, "--db", db, "--lang", "nl")
    assert code == 0 and ticket in out and "verwerkt" in out
    notes = tmp_path / "notes.jsonl"
    code, out, _ = run(capsys, "batch", "notifications", ticket, "--db", db, "--out", str(notes),
                       "--lang", "de")
    assert code == 0 and "3" in out
    lines = [json.loads(x) for x in notes.read_text(encoding="utf-8").splitlines()]
    assert [(n["line"], n["result"]) for n in lines] == [(2, "A"), (3, "B"), (4, "W")]
    code, out, _ = run(capsys, "batch", "notifications", ticket, "--db", db, "--after", "3")
    assert code == 0 and [json.loads(x)["line"] for x in out.splitlines()] == [4]


def test_a_refused_file_unknown_tickets_and_keys(db: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "bad.ndjson"
    file.write_text(ndjson_file([in_body()]) + "{oops\n", encoding="utf-8")
    code, out, _ = run(capsys, "batch", "submit", str(file), "--db", db, "--lang", "en")
    assert code == 1 and "file refused" in out and "Line 2:" in out
    code, _, err = run(capsys, "batch", "status", "1234567890123456", "--db", db)
    assert code == 1 and "1234567890123456" in err
    code, _, err = run(capsys, "batch", "status", "1234567890123456", "--db", db,
                       "--key", "guess", "--api-token", "s3cret", "--lang", "en")
    assert code == 2 and "key" in err
    missing = tmp_path / "none.csv"
    code, _, err = run(capsys, "batch", "submit", str(missing), "--db", db)
    assert code == 2 and str(missing) in err


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run the command with a pseudo-terminal (80x24) as its output; what it showed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIMONA_")}
    env.update(DIMONA_NOW=NOW, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=follower,
                            stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the command is gone and its terminal closed
            break
        if not data:
            break
        shown += data
    os.close(leader)
    return proc.wait(timeout=60), shown.decode(errors="replace")


def test_a_progress_bar_on_a_terminal(db: str, tmp_path: Path) -> None:
    file = tmp_path / "june.csv"
    file.write_text(csv_file([in_row(JAN, f"2026-12-{d:02d}", startHour="0800", endHour="0900")
                              for d in range(2, 30)]), encoding="utf-8")
    code, shown = _on_a_terminal([sys.executable, "-m", "server.cli", "batch", "submit",
                                  str(file), "--db", db, "--lang", "fr", "--batch-chunk", "4"])
    assert code == 0, shown
    bar = [part for part in shown.split("\r") if "Déclarations:" in part]
    assert bar and "100%|" in bar[-1] and "28/28" in bar[-1], shown
    assert "28 déclarations" in shown and "Déclarations: 28/28\n" not in shown
