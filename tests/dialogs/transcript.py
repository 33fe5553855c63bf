"""Transcript tests: a caller line, then the bot lines expected, through the real engine.

A transcript file reads like a conversation, and says nothing of a channel,
so the same file can be replayed through the console, SMS or voice::

    # a comment
    @ lang fr                  conversation language (before the first line)
    @ employers 0403199702     the caller is a phone enrolled for these employers
                               (without it: a trusted console that names any employer)
    @ wait 31                  move the clock 31 minutes
    @ new                      a new conversation (same store, same caller)
    > IN 0403199702 ...        what the caller says
    < Acceptée. ...            a line the reply must contain, exactly
    <~ 1000000001              a fragment some line of the reply must contain
    <! Refusée                 a fragment no line of the reply may contain
    <. (end)                   the conversation must have ended
    = ssin=85073100130 type=EXT start=2026-12-15 hours=18:00-23:00
                               the personnel file holds such a period (keys: ssin,
                               type, committee, start, end, hours, planned, user,
                               sub, status, employer)
    =! ssin=85073100130 status=cancelled
                               the personnel file holds no such period

Expected lines must appear in the reply in their order; the reply may say more.
Whatever is filed must be what the summary the caller said yes to showed:
:func:`check_filed` is run on every declaration filed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from channels.console.chat import render_text
from core.clock import FixedClock
from core.demo import EMPLOYERS
from core.model import Declaration, Period
from core.service import Declarations
from dialogs.engine import Engine
from dialogs.turn import Caller, Channel, Reply, Summary, Turn

__all__ = ["Exchange", "check_filed", "filed_periods", "load", "play"]


@dataclass
class Exchange:
    said: str
    expect: list[tuple[str, str]] = field(default_factory=list)  # (mode, text)
    wait: float = 0
    conversation: int = 0  # which conversation of the file


@dataclass
class Script:
    lang: str = "fr"
    employers: tuple[str, ...] = ()
    exchanges: list[Exchange] = field(default_factory=list)


def load(path: Path) -> Script:
    script, wait, conversation = Script(), 0.0, 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@ lang "):
            script.lang = line.split()[-1]
        elif line.startswith("@ employers "):
            script.employers = tuple(line.split()[2:])
        elif line.startswith("@ wait "):
            wait += float(line.split()[-1])
        elif line == "@ new":
            conversation += 1
        elif line.startswith("> ") or line == ">":
            script.exchanges.append(Exchange(line[2:], wait=wait, conversation=conversation))
            wait = 0
        else:
            mode, _, text = line.partition(" ")
            script.exchanges[-1].expect.append((mode, text))
    return script


def _check(reply: str, ended: bool, expect: list[tuple[str, str]], said: str) -> None:
    lines = reply.splitlines()
    at = 0
    for mode, text in expect:
        if mode == "<.":
            assert ended, f"after {said!r} the conversation should have ended:\n{reply}"
        elif mode == "<!":
            assert text not in reply, f"after {said!r} unexpected {text!r} in:\n{reply}"
        elif mode in ("<", "<~"):
            match = ((lambda ln, t=text: ln == t) if mode == "<"
                     else (lambda ln, t=text: t in ln))
            found = next((i for i in range(at, len(lines)) if match(lines[i])), None)
            assert found is not None, f"after {said!r} expected {mode} {text!r} in:\n{reply}"
            at = found + 1


def _hhmm(value: datetime.time | None) -> str:
    return value.strftime("%H:%M") if value else "-"


def describe(period: Period) -> dict[str, str]:
    """A period of the file in the words of a transcript's ``=`` lines."""
    hours = f"{_hhmm(period.start_hour)}-{_hhmm(period.end_hour)}" if period.start_hour else "-"
    return {
        "ssin": period.ssin or "-", "type": period.worker_type, "committee": period.committee,
        "start": period.start_date.isoformat(),
        "end": period.end_date.isoformat() if period.end_date else "-", "hours": hours,
        "planned": str(period.planned_hours) if period.planned_hours else "-",
        "user": (f"{period.user_enterprise or '-'}/{period.user_committee}"
                 if period.user_committee else "-"),
        "sub": period.sub_entity or "-",
        "status": period.status.value,
    }


async def filed_periods(service: Declarations) -> list[tuple[str, Period]]:
    """Every period of the demo employers' files, with its employer's number."""
    out = []
    for known in EMPLOYERS:
        employer = await service.employer(known.number)
        if employer is not None:
            out += [(employer.number, p) for p in await service.periods(employer)]
    return out


async def _check_file(service: Declarations, mode: str, wanted: str, said: str) -> None:
    keys = dict(item.split("=", 1) for item in wanted.split())
    periods = await filed_periods(service)
    matching = [p for number, p in periods if keys.get("employer", number) == number
                and all(describe(p).get(k) == v for k, v in keys.items() if k != "employer")]
    listing = "\n".join(str(describe(p)) for _, p in periods)
    if mode == "=":
        assert matching, f"after {said!r} no period with {wanted} in the file:\n{listing}"
    else:
        assert not matching, f"after {said!r} a period with {wanted} is in the file:\n{listing}"


def check_filed(shown: Summary | None, filed: Declaration) -> None:
    """What was filed is what the summary showed, line by line; nothing without a summary."""
    assert shown is not None, f"filed {filed.declaration_id} without a summary shown"
    req = filed.request
    assert shown.kind is req.kind
    lines = {line.key: line.params for line in shown.lines}
    expected = {
        "committee": {"committee": req.committee} if req.committee else None,
        "start": {"date": req.start_date} if req.start_date else None,
        "end": {"date": req.end_date} if req.end_date else None,
        "planned": {"hours": req.planned_hours} if req.planned_hours else None,
    }
    for key, params in expected.items():
        if params is not None:
            shown_values = {k: v for k, v in (lines.get(key) or {}).items() if k in params}
            assert shown_values == params, f"{key}: filed {params}, shown {lines.get(key)}"
        elif key != "committee":
            assert key not in lines, f"{key} shown but not filed"
    if req.sub_entity or "sub_entity" in lines:
        assert lines["sub_entity"] == {"number": req.sub_entity}
    hours = lines.get("hours") or lines.get("from_hour") or lines.get("end_hour") or {}
    assert hours.get("start") == req.start_hour and hours.get("end") == req.end_hour, (
        f"hours: filed {req.start_hour}-{req.end_hour}, shown {hours}")
    if req.worker_type:
        assert lines["type"] == {"type": req.worker_type}
    if req.user_enterprise or req.user_committee:
        assert lines["user"]["committee"] == req.user_committee
        assert lines["user"].get("number") == req.user_enterprise


async def play(engine: Engine, clock: FixedClock, path: Path, key: str = "console:test") -> None:
    script = load(path)
    caller = Caller(phone="+32470123456", language=script.lang, employers=script.employers,
                    trusted=not script.employers)
    started: set[str] = set()
    last: dict[str, Reply] = {}
    for ex in script.exchanges:
        conv_key = f"{key}:{ex.conversation}"
        if conv_key not in started:
            await engine.set_language(conv_key, script.lang)
            started.add(conv_key)
        clock.advance(minutes=ex.wait)
        channel = Channel.SMS if script.employers else Channel.CONSOLE
        reply = await engine.handle(Turn(conv_key, channel, text=ex.said, caller=caller))
        if reply.filed is not None:
            previous = last.get(conv_key)
            check_filed(previous.summary if previous else None, reply.filed)
        last[conv_key] = reply
        _check(render_text(reply), reply.ended, ex.expect, ex.said)
        for mode, wanted in ex.expect:
            if mode in ("=", "=!"):
                await _check_file(engine.service, mode, wanted, ex.said)


def transcripts(folder: Path, pattern: str = "*.txt") -> list[Path]:
    return sorted(folder.glob(pattern))
