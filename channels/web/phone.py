"""The phone simulator: an SMS thread and a call, on the very flow and desk of the gateways.

The server hands the page an :class:`~channels.sms.flow.SmsFlow` and a
:class:`~channels.voice.call.Desk` built like the gateways' (the same dialog engine,
delivery, watcher and call stores), whose enrolled phones are
:class:`SimulatedPhones`: each browser gets a number of Ofcom's range for drama
(+44 7700 900xxx, never given to a real phone), "enrolled" for the employer it
chose, with the PIN :data:`PIN`. Nothing is written to the phone registry, so a
real gateway never knows these numbers. Beside the phone, the diagrams of the
dialogs, drawn from the machines (:mod:`channels.web.diagrams`), show the phase the
conversation is in.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from aiohttp import web

from channels.sms.flow import SmsFlow
from channels.voice.call import Desk
from channels.voice.pins import hash_pin
from channels.voice.step import Heard, Step
from channels.web import diagrams
from channels.web.pages import Page, offered_employers, page, render
from core.model import Employer, Enrollment
from core.store import ConversationStore
from dialogs.record import Conversation
from locales import LANGUAGES

__all__ = ["PIN", "PREFIX", "SimulatedPhones", "Simulator", "Unwatched", "routes"]

#: Ofcom's numbers for drama (TV, radio, films): never a real phone's.
PREFIX: Final = "+447700900"
PIN: Final = "1234"
_KEEP: Final = 60  # messages of a thread kept

routes = web.RouteTableDef()


@functools.cache
def _pin_hash() -> str:
    return hash_pin(PIN)


@dataclass(slots=True)
class Handset:
    """A simulated phone's record: whose browser, for which employer, what was said."""

    phone: str
    browser: str
    employer: str = ""
    lang: str = "fr"
    thread: list[tuple[str, str]] = field(default_factory=list)  # (in|out, text)
    call: str | None = None  # the call going on
    calls: int = 0
    log: list[tuple[str, str]] = field(default_factory=list)  # the call: (in|out, text)

    @property
    def key(self) -> str:
        return f"websim:{self.phone}"

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Handset:
        data = json.loads(text)
        data["thread"] = [tuple(m) for m in data["thread"]]
        data["log"] = [tuple(m) for m in data["log"]]
        return cls(**data)


class SimulatedPhones:
    """The enrolled phones the simulator's flow and desk see: only the simulated ones."""

    def __init__(self, records: ConversationStore,
                 employer: Callable[[str], Awaitable[Employer | None]]) -> None:
        self.records, self.employer = records, employer

    async def phone_enrollments(self, phone: str) -> list[Enrollment]:
        if not phone.startswith(PREFIX):
            return []
        raw = await self.records.load_conversation(f"websim:{phone}")
        handset = Handset.from_json(raw) if raw else None
        found = await self.employer(handset.employer) if handset and handset.employer else None
        return [Enrollment(phone, found, handset.lang, _pin_hash())] if found and handset \
            else []

    async def employer_phones(self, employer_id: int | None) -> list[Enrollment]:
        return []  # simulated phones are no one's registry

    async def enroll_phone(self, phone: str, employer_id: int, language: str | None,
                           pin: str | None) -> None:
        raise PermissionError("the simulator enrolls no phone")

    async def remove_phone(self, phone: str, employer_id: int | None) -> int:
        raise PermissionError("the simulator enrolls no phone")


class Unwatched:
    """Watchers of the simulated phones: none. A pending declaration filed from the
    simulator is not followed by an SMS to a drama number; the personnel file shows
    its final result."""

    async def watch(self, declaration_id: str, address: str, language: str | None = None
                    ) -> None:
        return None

    async def watchers(self, declaration_id: str) -> list[str]:
        return []

    async def watcher_language(self, declaration_id: str, address: str) -> str | None:
        return None

    async def unnotified(self, now: datetime.datetime) -> list[tuple[str, str]]:
        return []

    async def claim_notification(self, declaration_id: str, address: str,
                                 now: datetime.datetime, until: datetime.datetime) -> bool:
        return False

    async def notified(self, declaration_id: str, address: str, now: datetime.datetime
                       ) -> None:
        return None

    async def release_notification(self, declaration_id: str, address: str) -> None:
        return None


@dataclass(frozen=True, slots=True)
class Simulator:
    """What the simulator page is handed: the gateways' flow and desk on simulated phones,
    and each dialog's Mermaid diagram."""

    flow: SmsFlow
    desk: Desk
    records: ConversationStore
    diagrams: Mapping[str, str]


def _simulator(page_: Page) -> Simulator:
    sim = page_.parts.extra.get("simulator")
    if not isinstance(sim, Simulator):
        raise web.HTTPNotFound()
    return sim


async def _handset(page_: Page, sim: Simulator) -> Handset:
    """This browser's phone: a drama number of its own, found again on every visit."""
    first = int(hashlib.sha256(page_.browser.encode()).hexdigest(), 16) % 1000
    for n in range(1000):
        phone = f"{PREFIX}{(first + n) % 1000:03d}"
        raw = await sim.records.load_conversation(f"websim:{phone}")
        if raw is None:
            handset = Handset(phone, page_.browser, lang=page_.lang)
            await _save(page_, sim, handset)
            return handset
        handset = Handset.from_json(raw)
        if handset.browser == page_.browser:
            return handset
    raise web.HTTPServiceUnavailable()


async def _save(page_: Page, sim: Simulator, handset: Handset) -> None:
    handset.thread, handset.log = handset.thread[-_KEEP:], handset.log[-_KEEP:]
    await sim.records.save_conversation(handset.key, handset.to_json(),
                                        page_.parts.clock.now())


async def _phase(sim: Simulator, key: str) -> tuple[str, str | None]:
    """Which dialog a conversation is in, and its phase."""
    raw = await sim.records.load_conversation(key)
    if raw is None:
        return "menu", None
    conv = Conversation.from_json(raw)
    return (conv.kind.value if conv.kind else "menu"), conv.state


@functools.cache
def _graph(text: str) -> diagrams.Graph:
    return diagrams.parse(text)


@routes.get("/phone")
async def phone(request: web.Request) -> web.StreamResponse:
    return await page(_phone)(request)


async def _phone(request: web.Request, page_: Page) -> web.StreamResponse:
    sim = _simulator(page_)
    handset = await _handset(page_, sim)
    employers = await offered_employers(page_)
    if not handset.employer and employers:
        handset.employer = employers[0].number
        await _save(page_, sim, handset)
    sms_dialog, sms_phase = await _phase(sim, f"sms:{handset.phone}")
    call_dialog, call_phase = await _phase(sim, f"voice:{handset.call}") if handset.call \
        else ("menu", None)
    drawn = []
    for name, text in sim.diagrams.items():
        marks = [p for d, p in ((sms_dialog, sms_phase), (call_dialog, call_phase))
                 if d == name and p]
        drawn.append({"name": name, "svg": diagrams.render(_graph(text), name,
                                                           marks[0] if marks else None),
                      "edges": _graph(text).edges, "active": bool(marks)})
    data: dict[str, Any] = {
        "handset": handset, "employers": employers, "pin": PIN, "diagrams": drawn,
        "sms_at": (sms_dialog, sms_phase), "call_at": (call_dialog, call_phase),
        "keys": ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")}
    return render(page_, "phone.html", data)


@routes.post("/phone/setup")
async def setup(request: web.Request) -> web.StreamResponse:
    return await page(_setup)(request)


async def _setup(request: web.Request, page_: Page) -> web.StreamResponse:
    """Choose the employer and the phone's language; the thread starts again."""
    sim = _simulator(page_)
    form = await request.post()
    handset = await _handset(page_, sim)
    number = str(form.get("employer", ""))
    if number not in {e.number for e in await offered_employers(page_)}:
        raise web.HTTPForbidden()
    lang = str(form.get("phoneLang", handset.lang))
    handset.employer, handset.lang = number, lang if lang in LANGUAGES else handset.lang
    handset.thread, handset.log, handset.call = [], [], None
    await sim.records.delete_conversation(f"sms:{handset.phone}")
    await _save(page_, sim, handset)
    raise web.HTTPSeeOther("/phone")


@routes.post("/phone/sms")
async def sms(request: web.Request) -> web.StreamResponse:
    return await page(_sms)(request)


async def _sms(request: web.Request, page_: Page) -> web.StreamResponse:
    """One SMS from the simulated phone, answered by the SMS flow of the gateways."""
    sim = _simulator(page_)
    text = str((await request.post()).get("text", "")).strip()
    handset = await _handset(page_, sim)
    if text:
        answer = await sim.flow.answer(handset.phone, text, None)
        handset.thread += [("in", text), ("out", answer)]
        await _save(page_, sim, handset)
    raise web.HTTPSeeOther("/phone#sms")


@routes.post("/phone/call")
async def call(request: web.Request) -> web.StreamResponse:
    return await page(_call)(request)


def _heard(form: Any) -> tuple[Heard, str] | None:
    """What the caller did: a key, keys typed, or words said; with how it is written."""
    if form.get("key"):
        key = str(form["key"])
        return Heard(digits=key), key
    if form.get("action") == "keys" and str(form.get("digits", "")).strip():
        keys = str(form["digits"]).strip().rstrip("#")
        return Heard(digits=keys), f"{keys}#"
    if form.get("action") == "say":
        words = str(form.get("speech", "")).strip()
        return Heard(speech=words or None), words
    return None


async def _call(request: web.Request, page_: Page) -> web.StreamResponse:
    """A step of the simulated call, answered by the desk of the voice gateways."""
    sim = _simulator(page_)
    form = await request.post()
    handset = await _handset(page_, sim)
    action = str(form.get("action", ""))
    if action == "start" or handset.call is None:
        handset.calls += 1
        handset.call = f"websim-{handset.phone[1:]}-{secrets.token_hex(4)}"
        handset.log = []
        _, step = await sim.desk.answer(handset.call, Heard(), phone=handset.phone)
        _said(handset, step)
    elif action == "hangup":
        handset.call = None
        handset.log.append(("end", ""))
    elif (heard := _heard(form)) is not None:
        handset.log.append(("in", heard[1]))
        _, step = await sim.desk.answer(handset.call, heard[0])
        _said(handset, step)
    await _save(page_, sim, handset)
    raise web.HTTPSeeOther("/phone#call")


def _said(handset: Handset, step: Step) -> None:
    handset.log.append(("out", step.text))
    if step.hangup or step.transfer:
        handset.call = None
        handset.log.append(("end", step.transfer or ""))
