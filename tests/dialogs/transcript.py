"""Transcript tests: a caller line, then the bot lines expected, through any channel.

A transcript file reads like a conversation, and says nothing of a channel,
so the same file is replayed through the engine (:class:`EngineDriver`, here) and
through every conversational channel (``tests/channels/transcripts.py``: the
console process, Twilio SMS, Kannel HTTP, TwiML voice with ``SpeechResult``)::

    # a comment
    @ lang fr                  conversation language (before the first line)
    @ employers 0403199702     the caller is a phone enrolled for these employers, in
                               the order the store lists a phone's (its employers'
                               registration order); without it: a trusted console
                               that names any employer, played on the console only
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
Expected lines are written as the engine words them (the SMS wording, in full):
a :class:`Driver` says how its channel shows each one (in GSM-7 letters, compact,
or spoken on the phone). Whatever is filed must be what the summary the caller
said yes to showed: :func:`check_filed` is run on every declaration filed, where
the driver sees the dialog's replies.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from channels.console.chat import render_text
from core.clock import FixedClock
from core.demo import EMPLOYERS
from core.model import Declaration, Period
from core.service import Declarations
from dialogs.engine import Engine
from dialogs.turn import Caller, Channel, Reply, Summary, Turn

__all__ = ["Driver", "EngineDriver", "Exchange", "Heard", "Script", "check_filed",
           "filed_periods", "load", "play", "replay"]


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


@dataclass
class Heard:
    """What the caller got back for one line: the lines shown or said, whether the
    conversation ended (None: the channel cannot tell), the dialog's replies behind it
    (when the driver sees them)."""

    lines: list[str]
    ended: bool | None
    replies: list[Reply] = field(default_factory=list)
    #: the channel ended the conversation here by a rule of its own (a phone call put
    #: through to a person after three failures): the rest of it cannot be played
    cut: bool = False


#: How a channel shows one expected line: a test on each of its lines; None when this
#: channel does not say that line at all (the phone reads worker types as a list).
Shown = Callable[[str], bool] | None


class Driver(Protocol):
    """One channel replaying transcripts: a caller talking, the personnel file to check."""

    @property
    def service(self) -> Declarations: ...

    async def start(self, conversation: int) -> None:
        """Open conversation number ``conversation`` of the file (0, 1, ...)."""
        ...

    async def wait(self, minutes: float) -> None: ...

    async def say(self, text: str) -> Heard: ...

    def shown(self, expected: str, fragment: bool, heard: Heard) -> Shown:
        """How the channel shows an expected line (or a fragment of one)."""
        ...


def exact(expected: str, fragment: bool) -> Callable[[str], bool]:
    return (lambda line: expected in line) if fragment else (lambda line: line == expected)


def _check(heard: Heard, expect: list[tuple[str, str]], said: str, driver: Driver) -> None:
    reply = "\n".join(heard.lines)
    at = 0
    for mode, text in expect:
        if mode == "<.":
            assert heard.ended is not False, (
                f"after {said!r} the conversation should have ended:\n{reply}")
        elif mode == "<!":
            assert text not in reply, f"after {said!r} unexpected {text!r} in:\n{reply}"
        elif mode in ("<", "<~"):
            match = driver.shown(text, mode == "<~", heard)
            if match is None:
                continue
            found = next((i for i in range(at, len(heard.lines)) if match(heard.lines[i])), None)
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


async def replay(driver: Driver, script: Script) -> None:
    """Play every exchange of ``script`` through ``driver``, checking as it goes."""
    started: set[int] = set()
    cut: set[int] = set()
    shown: dict[int, Summary | None] = {}  # the summary last shown, per conversation
    for ex in script.exchanges:
        if ex.conversation in cut:
            continue
        if ex.conversation not in started:
            await driver.start(ex.conversation)
            started.add(ex.conversation)
        if ex.wait:
            await driver.wait(ex.wait)
        heard = await driver.say(ex.said)
        for reply in heard.replies:
            if reply.filed is not None:
                check_filed(shown.get(ex.conversation), reply.filed)
            shown[ex.conversation] = reply.summary
        _check(heard, ex.expect, ex.said, driver)
        for mode, wanted in ex.expect:
            if mode in ("=", "=!"):
                await _check_file(driver.service, mode, wanted, ex.said)
        if heard.cut:
            cut.add(ex.conversation)


class EngineDriver:
    """The engine itself: a turn in, the reply rendered as the console prints it."""

    def __init__(self, engine: Engine, clock: FixedClock, script: Script,
                 key: str = "console:test") -> None:
        self.engine, self.clock, self.script, self.key = engine, clock, script, key
        self.conversation = ""
        self.caller = Caller(phone="+32470123456", language=script.lang,
                             employers=script.employers, trusted=not script.employers)

    @property
    def service(self) -> Declarations:
        return self.engine.service

    async def start(self, conversation: int) -> None:
        self.conversation = f"{self.key}:{conversation}"
        await self.engine.set_language(self.conversation, self.script.lang)

    async def wait(self, minutes: float) -> None:
        self.clock.advance(minutes=minutes)

    async def say(self, text: str) -> Heard:
        channel = Channel.SMS if self.script.employers else Channel.CONSOLE
        reply = await self.engine.handle(Turn(self.conversation, channel, text=text,
                                              caller=self.caller))
        return Heard(render_text(reply).splitlines(), reply.ended, [reply])

    def shown(self, expected: str, fragment: bool, heard: Heard) -> Shown:
        return exact(expected, fragment)


async def play(engine: Engine, clock: FixedClock, path: Path, key: str = "console:test") -> None:
    script = load(path)
    await replay(EngineDriver(engine, clock, script, key), script)


def transcripts(folder: Path, pattern: str = "*.txt") -> list[Path]:
    return sorted(folder.glob(pattern))
