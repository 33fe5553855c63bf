"""The Twilio SMS webhook through the real app: signatures, enrolled phones, idempotency."""

from __future__ import annotations

import asyncio
import datetime
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from twilio.request_validator import RequestValidator

from channels.sms.segments import segments
from locales import Message, localize
from server.appkeys import ENGINE, STORE
from server.upkeep import purge_old

Client = TestClient[web.Request, web.Application]
TOKEN = "twilio-test-token"
PUBLIC = "https://dimona.example.be"
PHONE = "+32470123456"


async def enroll(client: Client, phone: str = PHONE, employer_id: int = 1,
                 lang: str | None = None) -> None:
    await client.app[STORE].enroll_phone(phone, employer_id, lang, None)


def signed(params: dict[str, str], path: str = "/sms/twilio") -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(PUBLIC + path, params)}


async def sms(client: Client, body: str, sid: str, phone: str = PHONE,
              signature: dict[str, str] | None = None) -> str:
    form = {"From": phone, "To": "+3228888", "Body": body, "MessageSid": sid,
            "AccountSid": "AC" + "0" * 32, "NumSegments": "1"}
    resp = await client.post("/sms/twilio", data=form,
                             headers=signature if signature is not None else signed(form))
    assert resp.status == 200, await resp.text()
    assert resp.content_type == "application/xml"
    root = ET.fromstring(await resp.text())
    assert root.tag == "Response"
    return "\n".join(m.text or "" for m in root.findall("Message"))


@pytest.fixture
async def twilio(app_client: Any) -> Client:
    client: Client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC)
    return client


async def periods(client: Client, ssin: str = "85073100130") -> list[dict[str, Any]]:
    resp = await client.get("/api/v1/periods", params={"employer": "0403199702", "ssin": ssin})
    return list((await resp.json())["periods"])


ONE_SHOT = "IN 85073100130 302 EXT 15/12 18h-23h"


async def test_enrolled_phone_declares_in_one_shot(twilio: Client) -> None:
    await enroll(twilio)
    summary = await sms(twilio, ONE_SHOT, "SM1")
    assert "Brasserie du Marché" in summary and "Jan Peeters" in summary
    done = await sms(twilio, "oui", "SM2")
    [period] = await periods(twilio)
    assert period["periodId"] in done and period["startHour"] == "1800"


async def test_redelivery_gets_the_same_reply_and_changes_nothing(twilio: Client) -> None:
    await enroll(twilio)
    await sms(twilio, ONE_SHOT, "SM10")
    first = await sms(twilio, "oui", "SM11")
    again = await sms(twilio, "oui", "SM11")
    assert again == first
    assert len(await periods(twilio)) == 1


async def test_concurrent_duplicates_make_one_declaration(twilio: Client) -> None:
    await enroll(twilio)
    await sms(twilio, ONE_SHOT, "SM20")
    replies = await asyncio.gather(*(sms(twilio, "oui", "SM21") for _ in range(5)))
    assert len(set(replies)) == 1 and replies[0]
    assert len(await periods(twilio)) == 1


async def test_forged_or_missing_signature_is_refused_and_touches_nothing(twilio: Client) -> None:
    await enroll(twilio)
    form = {"From": PHONE, "Body": ONE_SHOT, "MessageSid": "SM30"}
    for headers in ({"X-Twilio-Signature": "forged"}, {}):
        resp = await twilio.post("/sms/twilio", data=form, headers=headers)
        assert resp.status == 403
    store = twilio.app[STORE]
    assert await store.load_conversation(f"sms:{PHONE}") is None
    assert await store.delivery_reply("sms:twilio:SM30") is None


async def test_signature_uses_the_public_url_not_the_internal_one(twilio: Client) -> None:
    await enroll(twilio)
    form = {"From": PHONE, "Body": "aide", "MessageSid": "SM40"}
    internal = RequestValidator(TOKEN).compute_signature(
        str(twilio.make_url("/sms/twilio")), form)
    resp = await twilio.post("/sms/twilio", data=form, headers={"X-Twilio-Signature": internal})
    assert resp.status == 403


async def test_unknown_phone_gets_one_answer_in_three_languages(twilio: Client) -> None:
    text = await sms(twilio, ONE_SHOT, "SM50", phone="+32499000000")
    assert len(text.splitlines()) == 3 and segments(text) <= 2
    assert "Peeters" not in text and "Brasserie" not in text
    assert await periods(twilio) == []


async def test_phone_formats_are_one_number(twilio: Client) -> None:
    await enroll(twilio)
    summary = await sms(twilio, ONE_SHOT, "SM60", phone="0032470123456")
    assert "Jan Peeters" in summary


async def test_phone_for_two_employers_picks_one(twilio: Client) -> None:
    await enroll(twilio)
    await enroll(twilio, employer_id=2)
    listing = await sms(twilio, "IN", "SM70")
    assert "Brasserie du Marché" in listing and "Gentse Haven" in listing
    asked = await sms(twilio, "2", "SM71")
    assert "Gentse Haven" not in asked  # it moved on to the next question


async def test_too_many_messages_are_slowed_down(app_client: Any) -> None:
    client: Client = await app_client(sms_rate=3)
    await enroll(client)
    replies = [await sms(client, "aide", f"SM8{i}", signature={}) for i in range(4)]
    slow = localize(Message("sms.slow_down"), "fr")
    assert slow not in replies[:3] and all("Que voulez-vous déclarer ?" in r for r in replies[:3])
    assert replies[3] == slow


async def test_refusals_before_the_dialog_speak_the_conversation_s_language(app_client: Any
                                                                            ) -> None:
    client: Client = await app_client(sms_rate=3)
    await enroll(client, lang="fr")
    switched = await sms(client, "DE", "SMl1", signature={})  # the conversation goes German
    too_long = await sms(client, "1 " * 801, "SMl2", signature={})
    await sms(client, "hilfe", "SMl3", signature={})
    slow = await sms(client, "hilfe", "SMl4", signature={})
    assert "Was möchten Sie melden?" in switched, switched
    assert too_long == localize(Message("sms.too_long", {"limit": 1600}), "de")
    assert slow == localize(Message("sms.slow_down"), "de")


async def test_enrolled_language_is_the_default(twilio: Client) -> None:
    await enroll(twilio, lang="nl")
    nl = await sms(twilio, "hallo", "SM90")
    await enroll(twilio, phone="+32470999999", lang="de")
    de = await sms(twilio, "hallo", "SM91", phone="+32470999999")
    assert "Wat wilt u aangeven?" in nl and "Was möchten Sie melden?" in de


async def test_old_deliveries_and_conversations_are_forgotten(twilio: Client) -> None:
    await enroll(twilio)
    await sms(twilio, ONE_SHOT, "SM100")
    store, clock = twilio.app[STORE], twilio.app[ENGINE].clock
    assert await purge_old(store, clock.now()) == 0  # nothing is old yet
    assert await purge_old(store, clock.now() + datetime.timedelta(days=3)) == 2  # delivery, rate
    assert await store.load_conversation(f"sms:{PHONE}") is not None
    assert await purge_old(store, clock.now() + datetime.timedelta(days=8)) == 1
    assert await store.load_conversation(f"sms:{PHONE}") is None
