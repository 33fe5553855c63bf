"""SMS through a real Kannel 1.4.5 (bearerbox + smsbox + fakesmsc) in front of the real app.

Phones talk to fakesmsc; smsbox calls ``/sms/kannel`` on the app served on a
loopback port and sends its answer back as SMS; final notifications go out
through smsbox's ``/cgi-bin/sendsms``. A wiretap middleware records every
call smsbox makes and what the app answered, so a test can tell what reached
the app from what reached the phone. Skipped when Kannel is not installed.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.typedefs import Handler

from channels.sms.notify import resolve_and_notify
from channels.sms.outbound import KannelSender
from channels.sms.segments import MAX_SEGMENTS
from core.clock import FixedClock
from core.model import Employer, Identity
from server.app import create_app
from server.appkeys import DECLARATIONS, LIMITS, STORE
from server.settings import Settings
from tests.channels.sms.kannel import KannelGateway, kannel_gateway, requires_kannel
from tests.channels.sms.sms_words import LANGS, Words
from tests.openapi_check import OpenApiCheck, checked

pytestmark = requires_kannel

Client = TestClient[web.Request, web.Application]
SECRET = "kannel s3cret/+%"  # needs URL- and %%-escaping in kannel.conf
#: (query smsbox sent, status, body the app answered), one per call.
WIRE = web.AppKey("kannel_wire", list)
#: MO texts whose first answer is lost on the way back (the app did the work).
LOSE = web.AppKey("kannel_lose", set)


@web.middleware
async def _wiretap(request: web.Request, handler: Handler) -> web.StreamResponse:
    call: list[Any] = [dict(request.query), None, None]
    request.app[WIRE].append(call)
    try:
        response = await handler(request)
    except web.HTTPException as error:
        call[1:] = [error.status, error.text]
        raise
    call[1:] = [response.status, getattr(response, "text", None)]
    if request.query.get("text") in request.app[LOSE]:
        request.app[LOSE].discard(request.query["text"])
        return web.Response(status=503, text="answer lost")
    return response


@pytest.fixture
async def client(db_path: str, clock: FixedClock, openapi_checks: list[OpenApiCheck]
                 ) -> AsyncIterator[Client]:
    """The real app, secret required, served on a free 127.0.0.1 port."""
    app = await create_app(Settings(db=db_path, demo=True, kannel_secret=SECRET), clock)
    app[WIRE], app[LOSE] = [], set()
    app.middlewares.append(_wiretap)
    openapi_checks.append(checked(app))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield client


@pytest.fixture
async def gw(client: Client) -> AsyncIterator[KannelGateway]:
    async with kannel_gateway(str(client.make_url("")), secret=SECRET, http_retries=1) as gw:
        yield gw


async def enroll(client: Client, phone: str, enterprise: str, lang: str) -> None:
    store = client.app[STORE]
    employer = await store.find_employer(enterprise)
    assert employer is not None, enterprise
    await store.enroll_phone(phone, employer.employer_id, lang, None)


async def periods(client: Client, enterprise: str) -> list[dict[str, Any]]:
    resp = await client.get("/api/v1/periods", params={"employer": enterprise})
    assert resp.status == 200
    return (await resp.json())["periods"]  # type: ignore[no-any-return]


def answered(client: Client) -> list[str]:
    """What the app answered to each successful smsbox call, in order."""
    return [body for _, status, body in client.app[WIRE] if status == 200]


GUIDED = {
    "fr": ("0403199702", [
        ("bonjour", ["Que voulez-vous déclarer ?", "1 IN (début de travail)"]),
        ("1", ["Quel est le NISS du travailleur"]),
        ("85073100130", ["Quelle commission paritaire ?"]),
        ("302", ["Quel type de travailleur ?"]),
        ("EXT", ["Quelle est la date de début ?"]),
        ("15/12", ["A quelle heure commence le travail ?"]),
        ("18h", ["A quelle heure finit le travail ?"]),
        ("23h", ["Employeur : Brasserie du Marché", "Travailleur : Jan Peeters",
                 "Début : 15 décembre 2026", "De 18:00 à 23:00", "Répondez OUI"]),
        ("oui", ["Acceptée : Dimona IN, numéro de déclaration 100000000162",
                 "Travailleur : Jan Peeters, NISS 85.07.31-001.30"]),
    ]),
    "nl": ("0852093431", [
        ("hallo", ["Wat wilt u aangeven?", "1 IN (een werknemer begint)"]),
        ("1", ["Wat is het INSZ van de werknemer"]),
        ("85073100130", ["Welk paritair comité?"]),
        ("302", ["Welk type werknemer?"]),
        ("EXT", ["Wat is de begindatum?"]),
        ("15/12", ["Om hoe laat begint het werk?"]),
        ("18u", ["Om hoe laat eindigt het werk?"]),
        ("23u", ["Werkgever: Eetcafé De Gentse Haven", "Werknemer: Jan Peeters",
                 "Begin: 15 december 2026", "Van 18:00 tot 23:00", "Antwoord JA"]),
        ("ja", ["Aanvaard: Dimona IN, aangiftenummer 100000000162",
                "Werknemer: Jan Peeters, INSZ 85.07.31-001.30"]),
    ]),
    "de": ("0202400002", [
        ("hallo", ["Was möchten Sie melden?", "3 ÄNDERUNG"]),
        ("1", ["Wie lautet die ENSS des Arbeitnehmers"]),
        ("85073100130", ["Welche paritätische Kommission?", "für alle anderen Sektoren"]),
        ("302", ["Welche Arbeitnehmerart?"]),
        ("EXT", ["Wie lautet das Beginndatum?"]),
        ("15.12.", ["Um wie viel Uhr beginnt die Arbeit?"]),
        ("18 Uhr", ["Um wie viel Uhr endet die Arbeit?"]),
        ("23 Uhr", ["Arbeitgeber: Gasthof Eupener Land", "Arbeitnehmer: Jan Peeters",
                    "Beginn: 15. Dezember 2026", "Von 18:00 bis 23:00 Uhr", "Antworten Sie JA"]),
        ("ja", ["Akzeptiert: Dimona IN, Meldungsnummer 100000000162",
                "Arbeitnehmer: Jan Peeters, ENSS 85.07.31-001.30"]),
    ]),
}


@pytest.mark.parametrize("lang", GUIDED)
async def test_guided_in_declaration_through_kannel(client: Client, gw: KannelGateway,
                                                    lang: str) -> None:
    enterprise, script = GUIDED[lang]
    phone = "32470000001"
    await enroll(client, "+" + phone, enterprise, lang)
    replies = []
    for line, fragments in script:
        gw.send(phone, gw.number, line)
        [mt] = await gw.messages(1, to=phone)
        for fragment in fragments:
            assert fragment in mt.text, (line, mt)
        # é, ä, ö, ü, Ä are GSM-7: they travel as 7-bit and come back intact
        assert mt.sender == gw.number and mt.coding == "7bit", mt
        replies.append(mt)
    assert [mt.text for mt in replies] == answered(client)  # byte for byte, nothing lost
    assert any(mt.parts >= 2 for mt in replies)  # long replies are concatenated
    [period] = await periods(client, enterprise)
    assert period == period | {
        "periodId": "100000000162", "ssin": "85073100130", "jointCommissionNumber": "302",
        "workerType": "EXT", "startDate": "2026-12-15", "startHour": "1800", "endHour": "2300"}


async def test_one_shot_in_then_yes(client: Client, gw: KannelGateway) -> None:
    await enroll(client, "+32470000002", "0403199702", "fr")
    summary = await gw.exchange("32470000002", "IN 85073100130 XXX OTH 3/12")
    assert "Employeur : Brasserie du Marché" in summary
    assert "Travailleur : Jan Peeters" in summary
    assert "Début : 3 décembre 2026" in summary
    done = await gw.exchange("32470000002", "oui")
    assert done.splitlines() == [
        "Acceptée : Dimona IN, numéro de déclaration 100000000162, envoyée le 1 décembre 2026"
        " à 09:30.",
        "Employeur : Brasserie du Marché, numéro d'entreprise 0403199702",
        "Travailleur : Jan Peeters, NISS 85.07.31-001.30",
        "Période 100000000162 : à partir du 3 décembre 2026, sans date de fin"]
    [period] = await periods(client, "0403199702")
    assert (period["startDate"], period["jointCommissionNumber"], period["workerType"]) == (
        "2026-12-03", "XXX", "OTH")


async def test_redelivered_sms_counts_once(client: Client, gw: KannelGateway) -> None:
    """The app files the declaration but its answer is lost; smsbox asks again, same id."""
    await enroll(client, "+32470000003", "0403199702", "fr")
    await gw.exchange("32470000003", "IN 85073100130 XXX OTH 3/12")
    client.app[LOSE].add("oui")
    reply = await gw.exchange("32470000003", "oui")
    assert "numéro de déclaration 100000000162" in reply
    await gw.assert_no_reply(within=0.5)  # one SMS, not one per attempt
    calls = [(q["id"], status) for q, status, _ in client.app[WIRE] if q["text"] == "oui"]
    assert [status for _, status in calls] == [200, 200] and calls[0][0] == calls[1][0]
    assert len(await periods(client, "0403199702")) == 1
    resp = await client.get("/api/v1/declarations/100000000163")
    assert resp.status == 404


async def test_letters_outside_gsm7_travel_as_ucs2_both_ways(client: Client,
                                                           gw: KannelGateway) -> None:
    name = "Crêperie Ça Va"  # ê is not GSM-7
    await client.app[STORE].put_employers([Employer(0, name, "0501234533", None, "fr")])
    await enroll(client, "+32470000004", "0501234533", "fr")
    await enroll(client, "+32470000004", "0403199702", "fr")
    gw.send("32470000004", gw.number, "IN")  # a short reply: which employer?
    [mt] = await gw.messages(1, to="32470000004")
    assert f"2 : {name}" in mt.text.splitlines() and mt.coding == "ucs2", mt
    assert mt.text == answered(client)[-1]
    gw.send("32470000004", gw.number, "2")
    await gw.messages(1, to="32470000004")
    # a summary in four UCS-2 parts (the default limit): concatenated, every letter kept
    gw.send("32470000004", gw.number, "85073100130 XXX OTH 3/12")
    [mt] = await gw.messages(1, to="32470000004")
    assert f"Employeur : {name}" in mt.text.splitlines() and mt.coding == "ucs2", mt
    assert "Début : 3 décembre 2026" in mt.text.splitlines() and 2 < mt.parts <= 4, mt
    assert mt.text == answered(client)[-1]

    mo = "Ça va ? Début ê ë ü ç « »"
    gw.send("32470000004", gw.number, mo)  # goes as UCS-2, smsbox recodes it to UTF-8
    await gw.messages(1, to="32470000004")
    assert client.app[WIRE][-1][0]["text"] == mo


async def test_secret_is_required(client: Client) -> None:
    await enroll(client, "+32470000005", "0403199702", "fr")
    async with kannel_gateway(str(client.make_url("")), secret="wrong") as gw:
        for line in ("IN 85073100130 XXX OTH 3/12", "oui"):
            # the app refuses; Kannel tells the phone in its own words
            assert await gw.exchange("32470000005", line) == "Could not fetch content, sorry."
    assert [(q["secret"], status) for q, status, _ in client.app[WIRE]] == [("wrong", 403)] * 2
    assert await periods(client, "0403199702") == []


async def test_pending_declaration_final_result_goes_out_through_sendsms(
        client: Client, gw: KannelGateway) -> None:
    await enroll(client, "+32470000006", "0403199702", "fr")
    summary = await gw.exchange("32470000006", "IN 90010100123 XXX OTH 3/12")
    # an unknown worker is shown by NISS (written 90.01.01-001.23 or not)
    assert "Travailleur : NISS 90010100123" in summary.replace(".", "").replace("-", "")
    pending = await gw.exchange("32470000006", "oui")
    assert pending.startswith("En attente : Dimona IN") and "100000000162" in pending
    sender = KannelSender(gw.sendsms_url, gw.sendsms_username, gw.sendsms_password, gw.number)
    service, store = client.app[DECLARATIONS], client.app[STORE]
    told = await resolve_and_notify(service, store, store, sender, MAX_SEGMENTS)
    assert told == 0  # worker still unknown
    await gw.assert_no_reply(within=0.3)

    await client.app[STORE].put_identities(
        [Identity("Nieuw", "Piet", datetime.date(1990, 1, 1), "90010100123")])
    assert await resolve_and_notify(service, store, store, sender, MAX_SEGMENTS) == 1
    [mt] = await gw.messages(1, to="+32470000006")
    assert mt.text.splitlines() == [  # the receipt, as the conversation reads it back
        "Acceptée : Dimona IN, numéro de déclaration 100000000162, envoyée le 1 décembre 2026"
        " à 09:30.", "Employeur : Brasserie du Marché, numéro d'entreprise 0403199702",
        "Travailleur : Piet Nieuw, NISS 90.01.01-001.23",
        "Période 100000000162 : à partir du 3 décembre 2026, sans date de fin"]
    assert mt.sender == gw.number and mt.coding == "7bit"
    resp = await client.get("/api/v1/declarations/100000000162")
    assert (await resp.json())["result"] == "A"
    assert await resolve_and_notify(service, store, store, sender, MAX_SEGMENTS) == 0  # told once
    await gw.assert_no_reply(within=0.3)

    # a text with letters outside GSM-7 goes out as UCS-2 (coding=2), intact
    await sender.send("+32470000006", "Crêperie Ça Va : reçu, ë ü ç « »")
    [mt] = await gw.messages(1, to="+32470000006")
    assert (mt.text, mt.coding) == ("Crêperie Ça Va : reçu, ë ü ç « »", "ucs2")


@pytest.mark.parametrize("words", LANGS, ids=lambda w: w.lang)
async def test_out_update_and_cancel_through_the_gateway(client: Client, gw: KannelGateway,
                                                         words: Words) -> None:
    client.app[LIMITS].limit = 100  # the test clock stands still: one "minute" for it all
    phone = f"3247000011{words.employer_id}"
    await enroll(client, f"+{phone}", words.enterprise, words.lang)

    async def say(text: str) -> str:
        return await gw.exchange(phone, text)

    await say("IN 85073100130 XXX OTH 3/12")
    assert "100000000162" in await say(words.yes)
    await say(f"{words.out} 85073100130")  # the worker's one period is taken
    assert "100000000162" in await say("20/12")
    await say(words.yes)
    [period] = await periods(client, words.enterprise)
    assert period["endDate"] == "2026-12-20"

    await say(words.update)
    await say("85073100130")
    await say("2")  # the end date
    assert words.name in await say("22/12")
    await say(words.yes)
    [period] = await periods(client, words.enterprise)
    assert period["endDate"] == "2026-12-22"

    await say(words.cancel)
    assert "100000000162" in await say("85073100130")
    done = await say(words.yes)
    [period] = await periods(client, words.enterprise)
    assert period["status"] == "cancelled" and "100000000162" in done
