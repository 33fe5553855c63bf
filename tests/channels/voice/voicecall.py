"""Phone calls against the real app: a Twilio caller (signed webhooks) and a VoiceXML browser.

Both play the voice server's side exactly: :class:`TwilioCall` posts to the
action URL the last ``<Gather>`` named (or to its ``<Redirect>`` for
silence), signed with the auth token; :class:`VxmlCall` starts with ``GET
/voice/vxml?from=&to=&call=``, validates every document against the W3C
VoiceXML 2.1 schema, and submits the namelist the document declares, as its
``<filled>`` (or third ``<noinput>``/``<nomatch>``) would.
"""

from __future__ import annotations

import functools
import os
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from aiohttp import web
from aiohttp.test_utils import TestClient
from lxml import etree
from twilio.request_validator import RequestValidator

from channels.voice.pins import hash_pin
from server.appkeys import STORE

Client = TestClient[web.Request, web.Application]
TOKEN: Final = "twilio-voice-token"
PUBLIC: Final = "https://dimona.example.be"
PHONE: Final = "+32470123456"
PIN: Final = "4321"
HUMAN: Final = "+3225115151"
#: Hashed once: PBKDF2 is slow on purpose.
PIN_HASH: Final = hash_pin(PIN)
#: The W3C VoiceXML 2.1 schema set (with SRGS, SSML and xml.xsd): an offline copy of
#: ../shared/schemas/voicexml21 kept in tests/schemas (W3C permission notice in each file).
SCHEMA_DIR: Final = Path(os.environ.get("DIMONA_VXML_SCHEMAS") or
                         Path(__file__).resolve().parents[2] / "schemas/voicexml21")
VXML: Final = "{http://www.w3.org/2001/vxml}"
#: Demo employers by their store id (load order of core.demo).
BRASSERIE, EETCAFE, GASTHOF = 1, 2, 3
NUMBERS: Final = {BRASSERIE: "0403199702", EETCAFE: "0852093431", GASTHOF: "0202400002"}


async def enroll(client: Client, phone: str = PHONE, employer_id: int = BRASSERIE,
                 lang: str | None = None, pin: str | None = PIN_HASH) -> None:
    await client.app[STORE].enroll_phone(phone, employer_id, lang, pin)


async def periods(client: Client, employer_id: int = BRASSERIE,
                  ssin: str | None = None) -> list[dict[str, Any]]:
    """Periods as the REST API gives them: what the calls really declared."""
    query = {"employer": NUMBERS[employer_id], **({"ssin": ssin} if ssin else {})}
    resp = await client.get("/api/v1/periods", params=query)
    assert resp.status == 200, await resp.text()
    return list((await resp.json())["periods"])


# -- Twilio -------------------------------------------------------------------------------


@dataclass
class Twiml:
    """One TwiML answer, parsed."""

    root: ET.Element
    says: list[ET.Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(s.text or "" for s in self.root.iter("Say"))

    @property
    def gather(self) -> ET.Element | None:
        return self.root.find("Gather")

    @property
    def dial(self) -> str | None:
        dial = self.root.find("Dial")
        return None if dial is None else (dial.text or "")

    @property
    def hangup(self) -> bool:
        return self.root.find("Hangup") is not None


class TwilioCall:
    """One call as Twilio places it: CallSid, From, To, then the documents' URLs."""

    def __init__(self, client: Client, sid: str, phone: str = PHONE,
                 to: str = "+3228880000") -> None:
        self.client, self.sid, self.phone, self.to = client, sid, phone, to
        self.url = "/voice/twilio"
        self.last: Twiml | None = None

    def params(self, **extra: str) -> dict[str, str]:
        return {"CallSid": self.sid, "AccountSid": "AC" + "0" * 32, "From": self.phone,
                "To": self.to, "CallStatus": "in-progress", "Direction": "inbound",
                "ApiVersion": "2010-04-01", **extra}

    async def post(self, url: str, form: dict[str, str], signature: str | None = None) -> Twiml:
        sig = RequestValidator(TOKEN).compute_signature(PUBLIC + url, form)
        resp = await self.client.post(url, data=form,
                                      headers={"X-Twilio-Signature": signature or sig})
        assert resp.status == 200, await resp.text()
        assert resp.content_type == "application/xml"
        root = ET.fromstring(await resp.text())
        assert root.tag == "Response"
        return Twiml(root)

    async def start(self) -> Twiml:
        self.last = await self.post(self.url, self.params())
        return self.last

    async def send(self, digits: str | None = None, speech: str | None = None) -> Twiml:
        """Keys or words to the Gather's action; neither is silence (the Redirect)."""
        assert self.last is not None and self.last.gather is not None, "the call is over"
        if digits is None and speech is None:
            redirect = self.last.root.find("Redirect")
            assert redirect is not None and redirect.text
            url, extra = redirect.text, {}
        else:
            url = self.last.gather.get("action") or ""
            extra = {"Digits": digits} if digits is not None else {
                "SpeechResult": speech or "", "Confidence": "0.91"}
        self.last = await self.post(url, self.params(**extra))
        return self.last

    async def open(self, lang_key: str = "1", pin: str = PIN) -> Twiml:
        """Language menu, PIN: the dialog's first question."""
        await self.start()
        await self.send(lang_key)
        return await self.send(pin)


# -- VoiceXML -----------------------------------------------------------------------------


@functools.cache
def schema() -> etree.XMLSchema:
    xsd = SCHEMA_DIR / "vxml.xsd"
    assert xsd.is_file(), f"VoiceXML 2.1 schema not found at {xsd}: set DIMONA_VXML_SCHEMAS"
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(xsd), parser))


def validated(document: bytes) -> etree._Element:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    root = etree.fromstring(document, parser)
    assert schema().validate(root), schema().error_log
    return root


@dataclass
class Vxml:
    """One VoiceXML document, validated and parsed."""

    root: etree._Element

    def all(self, path: str) -> list[etree._Element]:
        found: list[etree._Element] = list(self.root.iter(f"{VXML}{path}"))
        return found

    @property
    def field(self) -> etree._Element | None:
        return next(iter(self.all("field")), None)

    @property
    def prompts(self) -> list[etree._Element]:
        """The prompts said first: the field's, or the closing block's."""
        holder = self.field if self.field is not None else self.root.find(f".//{VXML}block")
        assert holder is not None
        return holder.findall(f"{VXML}prompt")

    @property
    def text(self) -> str:
        return "\n".join("".join(map(str, p.itertext())) for p in self.prompts)

    @property
    def vars(self) -> dict[str, str]:
        return {v.get("name") or "": (v.get("expr") or "").strip("'") for v in self.all("var")}

    @property
    def grammars(self) -> list[str]:
        return [g.get("src") or "inline" for g in self.all("grammar")]

    @property
    def transfer(self) -> str | None:
        found = self.all("transfer")
        return found[0].get("dest") if found else None

    @property
    def hangup(self) -> bool:
        return bool(self.all("disconnect"))

    def handler(self, event: str, count: int) -> etree._Element:
        [found] = [h for h in self.all(event) if h.get("count") == str(count)]
        return found


class VxmlCall:
    """A VoiceXML browser: GET the first document, then submit its namelist."""

    def __init__(self, client: Client, call: str, phone: str = PHONE,
                 to: str = "+3228880000") -> None:
        self.client, self.call, self.phone, self.to = client, call, phone, to
        self.last: Vxml | None = None

    async def _read(self, resp: Any) -> Vxml:
        assert resp.status == 200, await resp.text()
        assert resp.content_type == "application/voicexml+xml"
        self.last = Vxml(validated(await resp.read()))
        return self.last

    async def start(self, **extra: str) -> Vxml:
        query = urllib.parse.urlencode({"from": self.phone, "to": self.to, "call": self.call,
                                        **extra})
        return await self._read(await self.client.get(f"/voice/vxml?{query}"))

    def _submit(self, handler: etree._Element) -> tuple[str, list[str]]:
        submit = handler.find(f"{VXML}submit")
        assert submit is not None and submit.get("method") == "post"
        return submit.get("next") or "", (submit.get("namelist") or "").split()

    async def send(self, answer: str | None = None, mode: str = "dtmf",
                   event: str | None = None) -> Vxml:
        """The field filled (``answer`` as the grammar returned it), or a third miss."""
        assert self.last is not None and self.last.field is not None, "the call is over"
        values = dict(self.last.vars)
        if event is not None:
            url, names = self._submit(self.last.handler(event, 3))
            values["mode"] = event
        else:
            filled = self.last.field.find(f"{VXML}filled")
            assert filled is not None
            url, names = self._submit(filled)
            values.update(mode=mode, answer=answer or "")
        form = {name: values[name] for name in names}
        return await self._read(await self.client.post(url, data=form))

    async def open(self, lang_key: str = "1", pin: str = PIN) -> Vxml:
        await self.start()
        await self.send(lang_key)
        return await self.send(pin)
