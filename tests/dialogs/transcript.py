"""Transcript tests: a caller line, then the bot lines expected, through the real engine.

A transcript file reads like a conversation::

    # a comment
    @ lang fr                  conversation language (before the first line)
    @ wait 31                  move the clock 31 minutes
    @ new                      a new conversation (same store, same caller)
    > IN 0403199702 ...        what the caller says
    < Acceptée. ...            a line the reply must contain, exactly
    <~ 1000000001              a fragment some line of the reply must contain
    <! Refusée                 a fragment no line of the reply may contain
    <. (end)                   the conversation must have ended

Expected lines must appear in the reply in their order; the reply may say more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from channels.console.chat import render_text
from core.clock import FixedClock
from dialogs.engine import Engine
from dialogs.turn import Caller, Channel, Turn

__all__ = ["Exchange", "load", "play"]


@dataclass
class Exchange:
    said: str
    expect: list[tuple[str, str]] = field(default_factory=list)  # (mode, text)
    wait: float = 0
    conversation: int = 0  # which conversation of the file


def load(path: Path) -> tuple[str, list[Exchange]]:
    lang, exchanges, wait, conversation = "fr", list[Exchange](), 0.0, 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@ lang "):
            lang = line.split()[-1]
        elif line.startswith("@ wait "):
            wait += float(line.split()[-1])
        elif line == "@ new":
            conversation += 1
        elif line.startswith("> ") or line == ">":
            exchanges.append(Exchange(line[2:], wait=wait, conversation=conversation))
            wait = 0
        else:
            mode, _, text = line.partition(" ")
            exchanges[-1].expect.append((mode, text))
    return lang, exchanges


def _check(reply: str, ended: bool, expect: list[tuple[str, str]], said: str) -> None:
    lines = reply.splitlines()
    at = 0
    for mode, text in expect:
        if mode == "<.":
            assert ended, f"after {said!r} the conversation should have ended:\n{reply}"
        elif mode == "<!":
            assert text not in reply, f"after {said!r} unexpected {text!r} in:\n{reply}"
        else:
            match = ((lambda ln, t=text: ln == t) if mode == "<"
                     else (lambda ln, t=text: t in ln))
            found = next((i for i in range(at, len(lines)) if match(lines[i])), None)
            assert found is not None, f"after {said!r} expected {mode} {text!r} in:\n{reply}"
            at = found + 1


async def play(engine: Engine, clock: FixedClock, path: Path, key: str = "console:test") -> None:
    lang, exchanges = load(path)
    caller = Caller(phone="+32470123456", language=lang, trusted=True)
    started: set[str] = set()
    for ex in exchanges:
        conv_key = f"{key}:{ex.conversation}"
        if conv_key not in started:
            await engine.set_language(conv_key, lang)
            started.add(conv_key)
        clock.advance(minutes=ex.wait)
        reply = await engine.handle(Turn(conv_key, Channel.CONSOLE, text=ex.said, caller=caller))
        _check(render_text(reply), reply.ended, ex.expect, ex.said)


def transcripts(folder: Path, pattern: str = "*.txt") -> list[Path]:
    return sorted(folder.glob(pattern))

