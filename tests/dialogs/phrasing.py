"""What the corpus of phrasings (``test_phrasings.py``) and the held-out set (``heldout.py``)
both need: a case of phrasing and its id, cases spelled by language, the engine on a seeded
personnel file, a period matched against the words expected, and a Twilio call set up to
say a case's lines. The phrasings themselves stay apart: held out means not shared.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from core.clock import FixedClock
from core.demo import load_demo
from core.model import Request
from core.service import Declarations
from core.store.sqlite import SQLiteStore
from dialogs.engine import Engine
from dialogs.turn import Reply
from server.appkeys import DECLARATIONS
from tests.channels.transcripts import recording
from tests.channels.voice.voicecall import PIN, PUBLIC, TOKEN, TwilioCall, Twiml, enroll
from tests.dialogs.transcript import describe, filed_periods

__all__ = ["OnCall", "Phrasing", "Said", "cases", "matches", "on_a_call", "seeded_engine"]

#: One language and what is said in it: a line, or the lines of a conversation.
Said = tuple[str, str | tuple[str, ...]]


@dataclass(frozen=True)
class Phrasing:
    kind: str  # the class of phrasing
    lang: str
    said: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.lang}-{self.said[0][:40]}"


_C = TypeVar("_C", bound=Phrasing)


def cases(make: Callable[[str, str, tuple[str, ...], str | None], _C], kind: str,
          expected: str | None, *said: Said) -> list[_C]:
    """A case of ``kind`` per language and line(s) said, each expecting ``expected``."""
    return [make(kind, lang, (lines,) if isinstance(lines, str) else lines, expected)
            for lang, lines in said]


def matches(period_words: dict[str, str], wanted: str) -> bool:
    """The period (in :func:`~tests.dialogs.transcript.describe`'s words) has every
    ``key=value`` of ``wanted``."""
    keys = dict(item.split("=", 1) for item in wanted.split())
    return all(period_words.get(k) == v for k, v in keys.items())


async def seeded_engine(file: Iterable[Request], employer: str, now: datetime.datetime
                        ) -> tuple[Engine, SQLiteStore]:
    """The engine on a new in-memory store: the demo data, then ``file`` filed for
    ``employer`` (every request accepted, with or without warnings)."""
    store = SQLiteStore.open(":memory:")
    await load_demo(store)
    clock = FixedClock(now)
    service = Declarations(store, clock)
    for req in file:
        decl = await service.submit(replace(req, employer_enterprise=employer))
        assert decl.result.value in "AW", (req, decl.anomalies)
    return Engine(service, store, clock), store


@dataclass
class OnCall:
    """A Twilio call of the enrolled phone, its PIN typed: what it started from and hears."""

    service: Declarations
    before: dict[str, dict[str, str]]  # the file's periods before the call, by id
    replies: list[Reply]  # every reply of the engine from the start of the call on
    call: TwilioCall
    opened: Twiml  # the answer to the PIN


async def on_a_call(app_client: Any, file: Iterable[Request], employer: str, lang: str,
                    call_sid: str) -> OnCall:
    """The real app (Twilio voice on), ``file`` filed for ``employer``, the phone enrolled
    in ``lang``; a call ``call_sid`` placed and the PIN typed."""
    client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC)
    service = client.app[DECLARATIONS]
    for req in file:
        await service.submit(replace(req, employer_enterprise=employer))
    await enroll(client, lang=lang)
    before = {p.period_id: describe(p) for _, p in await filed_periods(service)}
    replies = recording(client.app)
    call = TwilioCall(client, call_sid)
    await call.start()
    opened = await call.send(PIN)
    return OnCall(service, before, replies, call, opened)
