"""The transcripts of tests/dialogs/transcripts replayed through every conversational channel.

One :class:`~tests.dialogs.transcript.Driver` per channel, each playing the
caller of a transcript as that channel's users do, on the real parts:

- :class:`ConsoleDriver`: a ``dimona-talk chat`` process, lines piped in and
  read back (``--employer`` for a transcript's enrolled phone); a new process
  where the conversation cannot go on in the same one (a new caller, the clock
  moved by ``@ wait``);
- :class:`TwilioSmsDriver`: ``POST /sms/twilio``, signed with the ``twilio``
  package against the public URL, the reply read from its TwiML ``<Message>``;
- :class:`KannelDriver`: ``GET /sms/kannel`` as smsbox calls it, the reply its body;
- :class:`VoiceDriver`: a Twilio call on ``/voice/twilio``: the caller's phone is
  enrolled with the transcript's language and a PIN (greeted in it, no menu), the
  PIN typed, then every line of the transcript sent as ``SpeechResult``.

The SMS and voice drivers run the real app (:func:`server.app.create_app`) behind a
real HTTP server and see the dialog's replies through a recorder on its engine,
so what is filed is checked against the summary shown (``check_filed``). Expected
lines are the engine's words; each driver says how its channel shows them: as
they are (console), in GSM-7 letters or compact when a reply needs it (SMS), or
as the phone says them (``dialogs.voicing``, numbers and dates read aloud). Only
an enrolled phone can use SMS and voice: transcripts of the trusted console (no
``@ employers``) are the console's alone.
"""

from __future__ import annotations

import asyncio
import datetime
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from twilio.request_validator import RequestValidator

from channels.sms.render import compact
from channels.sms.segments import gsm7
from channels.voice.pins import hash_pin
from channels.voice.speech import speakable
from core.clock import BRUSSELS, FixedClock
from core.demo import load_demo
from core.service import Declarations
from core.store.sqlite import SQLiteStore
from dialogs.flows import FLOWS
from dialogs.record import Conversation
from dialogs.turn import Reply, Turn
from dialogs.voicing import VARIANTS, example
from locales import Message, localize
from server.app import create_app
from server.appkeys import DECLARATIONS, ENGINE, STORE
from server.settings import Settings
from tests.dialogs.transcript import Heard, Script, Shown, exact

__all__ = ["CHANNELS", "ConsoleDriver", "KannelDriver", "TwilioSmsDriver", "VoiceDriver",
           "channel_driver", "recording"]

ROOT: Final = Path(__file__).resolve().parents[2]
TOKEN: Final = "twilio-transcripts-token"
PUBLIC: Final = "https://dimona.example.be"
KANNEL_SECRET: Final = "kannel-transcripts-secret"
PIN: Final = "4321"
PIN_HASH: Final = hash_pin(PIN)
HUMAN: Final = "+3225115151"  # the person a failed conversation is put through to
Client = TestClient[web.Request, web.Application]


def _phone(conversation: int) -> str:
    """A phone of its own for each conversation of a file."""
    return f"+3247055{conversation:04d}"


# -- the console: a real dimona-talk chat process ----------------------------------------


class ConsoleDriver:
    """``dimona-talk chat`` with the transcript piped in, one line at a time."""

    def __init__(self, script: Script, db: str, now: datetime.datetime) -> None:
        self.script, self.db, self.now = script, db, now
        self.proc: asyncio.subprocess.Process | None = None
        self.phone = ""
        self.conversation = -1
        self.store = SQLiteStore.open(db)
        self._service = Declarations(self.store, FixedClock(now))
        self._loaded = False

    @property
    def service(self) -> Declarations:
        return self._service

    async def _spawn(self, lang: str | None) -> None:
        await self._stop()
        args = ["chat", "--db", self.db, "--from", self.phone,
                *(["--lang", lang] if lang else []),
                *(flag for number in self.script.employers for flag in ("--employer", number))]
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIMONA_")}
        env.update(DIMONA_NOW=self.now.isoformat(), PYTHONPATH=str(ROOT),
                   DIMONA_TRANSFER_NUMBER=HUMAN)
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server.cli", *args, cwd=ROOT, env=env,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)

    async def _conversation(self) -> Conversation | None:
        stored = await self.store.load_conversation(f"console:{self.phone}")
        return Conversation.from_json(stored) if stored else None

    async def _ended(self) -> bool:
        """Whether the conversation ended: the engine then keeps a fresh record."""
        conv = await self._conversation()
        return conv is not None and conv.state == "menu" and not conv.greeted \
            and not conv.fields and conv.dialog == "menu"

    async def start(self, conversation: int) -> None:
        if not self._loaded:  # the file exists now: the chat would not load the demo itself
            await load_demo(self.store)
            self._loaded = True
        conv = await self._conversation() if self.proc else None
        if conv is not None and await self._ended() and conv.lang == self.script.lang:
            return  # the conversation before ended here: this process goes on with the next
        self.conversation, self.phone = conversation, _phone(conversation)
        await self._spawn(self.script.lang)

    async def wait(self, minutes: float) -> None:
        """The clock moves: the same conversation, in a process started that much later."""
        self.now += datetime.timedelta(minutes=minutes)
        await self._spawn(None)  # the conversation keeps the language it has

    async def say(self, text: str) -> Heard:
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(text.encode() + b"\n")
        await self.proc.stdin.drain()
        lines = []
        while True:
            raw = await asyncio.wait_for(self.proc.stdout.readline(), timeout=60)
            if not raw:
                err = await self.proc.stderr.read() if self.proc.stderr else b""
                raise AssertionError(f"dimona-talk chat exited: {err.decode()}")
            line = raw.decode().rstrip("\n")
            if not line:
                break  # a reply ends with a blank line
            lines.append(line)
        return Heard(lines, await self._ended())

    def shown(self, expected: str, fragment: bool, heard: Heard) -> Shown:
        return exact(expected, fragment)

    async def _stop(self) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()
            await asyncio.wait_for(self.proc.wait(), timeout=30)
            self.proc = None

    async def close(self) -> None:
        await self._stop()
        await self.store.close()


# -- the real app, recorded ----------------------------------------------------------------


def recording(app: web.Application) -> list[Reply]:
    """Every reply of the app's dialog engine from now on, in order (the channels call the
    engine instance they were handed: the recorder sits on that instance)."""
    replies: list[Reply] = []
    engine = app[ENGINE]
    handle = engine.handle

    async def recorded(turn: Turn) -> Reply:
        reply = await handle(turn)
        replies.append(reply)
        return reply

    setattr(engine, "handle", recorded)  # noqa: B010 - on the instance the channels call
    return replies


class _App:
    """The real app behind a real HTTP server, its engine's replies recorded."""

    def __init__(self, client: Client, clock: FixedClock) -> None:
        self.client, self.clock = client, clock
        self.replies = recording(client.app)

    @property
    def service(self) -> Declarations:
        return self.client.app[DECLARATIONS]

    def taken(self) -> list[Reply]:
        """The replies recorded since the last call."""
        taken = list(self.replies)
        self.replies.clear()
        return taken

    async def enroll(self, phone: str, script: Script, pin: str | None = None) -> None:
        store = self.client.app[STORE]
        for number in script.employers:
            employer = await store.find_employer(number)
            assert employer is not None, number
            await store.enroll_phone(phone, employer.employer_id, script.lang, pin)


@asynccontextmanager
async def _app(db: str, now: datetime.datetime, **settings: Any) -> AsyncIterator[_App]:
    clock = FixedClock(now)
    app = await create_app(Settings(db=db, demo=True, sms_rate=1000, transfer_number=HUMAN,
                                    **settings), clock)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield _App(client, clock)


# -- SMS ---------------------------------------------------------------------------------


class _SmsDriver:
    """What both SMS gateways share: a phone per conversation, the SMS alphabet."""

    def __init__(self, app: _App, script: Script) -> None:
        self.app, self.script = app, script
        self.phone, self.sent = "", 0

    @property
    def service(self) -> Declarations:
        return self.app.service

    async def start(self, conversation: int) -> None:
        self.phone = _phone(conversation)
        await self.app.enroll(self.phone, self.script)

    async def wait(self, minutes: float) -> None:
        self.app.clock.advance(minutes=minutes)

    async def _send(self, text: str, delivery: str) -> str:
        raise NotImplementedError

    async def say(self, text: str) -> Heard:
        self.sent += 1
        sms = await self._send(text, f"tr{self.sent}")
        replies = self.app.taken()
        return Heard(sms.splitlines(), replies[-1].ended if replies else None, replies)

    def shown(self, expected: str, fragment: bool, heard: Heard) -> Shown:
        """An expected line as the SMS shows it: in GSM-7 letters when the reply needed
        them, and the lines of a summary or receipt compact when it did not fit."""
        forms = {expected, gsm7(expected)}
        for reply in heard.replies:
            full = [localize(m, reply.language) for m in reply.messages]
            short = [localize(m, reply.language) for m in compact(reply)]
            for line, small in zip(full, short, strict=True):
                if (expected in line) if fragment else line == expected:
                    forms |= {line, gsm7(line), small, gsm7(small)}
        if fragment:
            return lambda line: any(f in line for f in forms) or gsm7(expected) in line
        return forms.__contains__


class TwilioSmsDriver(_SmsDriver):
    """``POST /sms/twilio``, signed as Twilio signs it."""

    async def _send(self, text: str, delivery: str) -> str:
        form = {"From": self.phone, "To": "+3228888", "Body": text,
                "MessageSid": f"SM{delivery}{self.phone[-4:]}", "AccountSid": "AC" + "0" * 32}
        signature = RequestValidator(TOKEN).compute_signature(PUBLIC + "/sms/twilio", form)
        resp = await self.app.client.post("/sms/twilio", data=form,
                                          headers={"X-Twilio-Signature": signature})
        assert resp.status == 200, await resp.text()
        root = ET.fromstring(await resp.text())
        return "\n".join(m.text or "" for m in root.findall("Message"))


class KannelDriver(_SmsDriver):
    """``GET /sms/kannel`` as Kannel's smsbox calls it (``get-url`` with ``%p %P %a %I``)."""

    async def _send(self, text: str, delivery: str) -> str:
        params = {"from": self.phone, "to": "8888", "text": text,
                  "id": f"{delivery}-{self.phone[-4:]}", "secret": KANNEL_SECRET}
        resp = await self.app.client.get("/sms/kannel", params=params)
        assert resp.status == 200, await resp.text()
        return await resp.text()


# -- voice -------------------------------------------------------------------------------

#: The phone's wording of a dialog text, back to that text (dialogs.voicing).
_FROM_VOICE: Final = {voice: text for text, voice in VARIANTS.items() if voice}
_NOT_SAID: Final = frozenset(text for text, voice in VARIANTS.items() if voice is None)
_EXAMPLES: Final = ("ssin", "employer", "userEnterpriseNumber", "subEntityNbr", "periodId",
                    "jointCommissionNumber", "plannedHoursNumber", "startDate", "endDate",
                    "startHour", "endHour")


def _texts(said: Message, lang: str) -> set[str]:
    """The dialog texts a message said on the phone stands for, in their SMS wording."""
    out = {localize(said, lang)}
    if said.id in _FROM_VOICE:
        out.add(localize(Message(_FROM_VOICE[said.id], said.params), lang))
    if said.id == "voice.help":
        out |= {localize(Message(f"help.{dialog}"), lang) for dialog in FLOWS}
    out |= {localize(Message(f"example.{name}"), lang) for name in _EXAMPLES
            if example(name) == said}
    return out


class VoiceDriver:
    """A Twilio call: every line of the transcript as ``SpeechResult`` on ``/voice/twilio``."""

    def __init__(self, app: _App, script: Script) -> None:
        self.app, self.script = app, script
        self.phone, self.sid, self.calls = "", "", 0
        self.action: str | None = None
        self.opening: tuple[list[str], list[Reply]] | None = None

    @property
    def service(self) -> Declarations:
        return self.app.service

    async def _post(self, **form: str) -> list[str]:
        assert self.action is not None, "the call is over"
        params = {"CallSid": self.sid, "From": self.phone, "To": "+3228880000",
                  "AccountSid": "AC" + "0" * 32, **form}
        signature = RequestValidator(TOKEN).compute_signature(PUBLIC + self.action, params)
        resp = await self.app.client.post(self.action, data=params,
                                          headers={"X-Twilio-Signature": signature})
        assert resp.status == 200, await resp.text()
        root = ET.fromstring(await resp.text())
        gather = root.find("Gather")
        self.action = gather.get("action") if gather is not None else None
        return [say.text or "" for say in root.iter("Say")]

    async def _call(self) -> None:
        """A new call from the enrolled phone: greeted in its language, the PIN typed."""
        self.calls += 1
        self.sid, self.action = f"CA{self.calls:04d}{self.phone[-4:]}", "/voice/twilio"
        said = await self._post()
        self.app.taken()
        said += await self._post(Digits=PIN)
        self.opening = (said, self.app.taken())

    async def start(self, conversation: int) -> None:
        self.phone = _phone(conversation)
        await self.app.enroll(self.phone, self.script, PIN_HASH)
        await self._call()

    async def wait(self, minutes: float) -> None:
        self.app.clock.advance(minutes=minutes)

    async def say(self, text: str) -> Heard:
        if self.action is None:  # the call before ended: the caller calls again
            await self._call()
        lines, replies = self.opening or ([], [])
        self.opening = None
        lines = [*lines, *await self._post(SpeechResult=text, Confidence="0.9")]
        replies = [*replies, *self.app.taken()]
        last = replies[-1] if replies else None
        # three failures: the phone puts the caller through to a person, SMS goes on
        cut = bool(last and last.escalated and self.action is None)
        return Heard(lines, self.action is None, replies, cut=cut)

    def shown(self, expected: str, fragment: bool, heard: Heard) -> Shown:
        """An expected line as the phone says it: the message it stands for, read aloud."""
        spoken = set()
        today = self.app.clock.now().astimezone(BRUSSELS).date()
        for reply in heard.replies:
            for said in reply.messages:
                texts = _texts(said, reply.language)
                if any(expected in t for t in texts) if fragment else expected in texts:
                    spoken.add(localize(speakable(said, reply.language, today), reply.language))
        if not spoken and any(localize(Message(text), self.script.lang) == expected
                              for text in _NOT_SAID):
            return None  # the phone reads these as a list of keys instead
        return spoken.__contains__


# -- one driver per channel ----------------------------------------------------------------

DriverFactory = Callable[[Script, str, datetime.datetime], Awaitable[Any]]

CHANNELS: Final = ("console", "twilio-sms", "kannel", "twilio-voice")


@asynccontextmanager
async def channel_driver(channel: str, script: Script, db: str, now: datetime.datetime
                         ) -> AsyncIterator[Any]:
    """The driver of ``channel`` for ``script``, on a fresh store at ``db``."""
    if channel == "console":
        console = ConsoleDriver(script, db, now)
        try:
            yield console
        finally:
            await console.close()
        return
    settings = {"twilio-sms": {"twilio_auth_token": TOKEN, "public_url": PUBLIC},
                "kannel": {"kannel_secret": KANNEL_SECRET},
                "twilio-voice": {"twilio_auth_token": TOKEN, "public_url": PUBLIC}}[channel]
    async with _app(db, now, **settings) as app:
        if channel == "twilio-sms":
            yield TwilioSmsDriver(app, script)
        elif channel == "kannel":
            yield KannelDriver(app, script)
        else:
            yield VoiceDriver(app, script)
