"""Final notifications through the real app: the receipt the conversation reads back.

A phone whose conversation is in Dutch (switched from the enrolled French) files a
worker the registry does not know yet (S); once the registry knows the worker, the
app's own round sends the final result to Kannel's ``sendsms`` (a local stand-in that
records it): the whole receipt (status, number, employer, worker, period), in Dutch,
compact since it does not fit the one part ``--sms-max-parts 1`` allows. Through
Twilio's Messages API (a local stand-in checking what Twilio checks), the app builds one
sender and closes its HTTP session when it stops.
"""

from __future__ import annotations

import asyncio
import datetime
import gc
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from twilio.request_validator import RequestValidator

from channels.sms.segments import segments
from core.model import Identity
from server.appkeys import STORE
from tests.channels.sms.test_sms_twilio import PHONE, PUBLIC, TOKEN, Client, enroll, sms
from tests.server.test_final_notifications import FROM, SID, Sendsms, TwilioMessages
from tests.server.test_final_notifications import TOKEN as TWILIO_TOKEN

NISS, WAIT = "90010100123", 30.0
NEW = Identity("Nieuw", "Nel", datetime.date(1990, 1, 1), NISS)
DAY = "IN 90010100123 302 EXT 29/12 9h-17h"


def _signed(token: str, body: str, sid: str) -> dict[str, str]:
    """The signature of :func:`sms`'s form with ``token``."""
    form = {"From": PHONE, "To": "+3228888", "Body": body, "MessageSid": sid,
            "AccountSid": "AC" + "0" * 32, "NumSegments": "1"}
    signature = RequestValidator(token).compute_signature(PUBLIC + "/sms/twilio", form)
    return {"X-Twilio-Signature": signature}


async def _pending_in_dutch(client: Client, token: str = TOKEN) -> str:
    """Switch the conversation to Dutch, file the unknown worker: the pending number."""
    for n, body in enumerate(("NL", DAY, "ja")):
        pending = await sms(client, body, f"SMf{n}", signature=_signed(token, body, f"SMf{n}"))
    [number] = re.findall(r"\b\d{12}\b", pending.splitlines()[0])
    assert pending.startswith("In afwachting"), pending
    return str(number)


async def test_the_final_sms_is_the_whole_receipt_in_the_conversation_s_language(
        app_client: Any, aiohttp_server: Callable[..., Awaitable[TestServer]]) -> None:
    receiver, app = Sendsms(), web.Application()
    app.router.add_get("/cgi-bin/sendsms", receiver.handle)
    kannel = await aiohttp_server(app)
    client: Client = await app_client(
        twilio_auth_token=TOKEN, public_url=PUBLIC, sms_max_parts=1, sms_rate=100,
        kannel_sendsms_url=str(kannel.make_url("/cgi-bin/sendsms")), kannel_user="u",
        kannel_password="p", upkeep_seconds=0.1)
    await enroll(client, lang="fr")
    number = await _pending_in_dutch(client)
    await client.app[STORE].put_identities([NEW])
    [text] = await receiver.until(1)
    lines = text.splitlines()
    assert lines[0].startswith(f"Aanvaard: IN {number}, verzonden "), text
    assert lines[1:] == ["Wg.: Brasserie du Marché 0403199702", "Wn.: Nel Nieuw 90.01.01-001.23",
                         f"Periode {number}: 29/12/2026-29/12/2026", "09:00-17:00"], text
    assert segments(text) <= 2  # compact, whole
    assert receiver.sent[0]["to"] == PHONE


def _open_sessions() -> list[aiohttp.ClientSession]:
    gc.collect()
    return [s for s in gc.get_objects() if isinstance(s, aiohttp.ClientSession) and not s.closed]


async def test_twilio_notifications_go_through_one_sender_closed_with_the_app(
        app_client: Any, aiohttp_server: Callable[..., Awaitable[TestServer]]) -> None:
    fake, app = TwilioMessages(), web.Application()
    app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", fake.handle)
    api = await aiohttp_server(app)
    before = len(_open_sessions())
    client: Client = await app_client(
        twilio_auth_token=TWILIO_TOKEN, public_url=PUBLIC, sms_rate=100, upkeep_seconds=0.05,
        twilio_account_sid=SID, twilio_from=FROM, twilio_api_url=str(api.make_url("")))
    await enroll(client, lang="fr")
    number = await _pending_in_dutch(client, TWILIO_TOKEN)
    await asyncio.sleep(0.5)  # rounds with nothing to tell
    await client.app[STORE].put_identities([NEW])
    async with asyncio.timeout(WAIT):
        await fake.arrived.wait()
    [message] = fake.sent
    assert message["Body"].splitlines() == [
        f"Aanvaard: Dimona IN, aangiftenummer {number}, verzonden op 1 december 2026 om 09:30.",
        "Werkgever: Brasserie du Marché, ondernemingsnummer 0403199702",
        "Werknemer: Nel Nieuw, INSZ 90.01.01-001.23",
        f"Periode {number}: van 29 december 2026 tot 29 december 2026",
        "Van 09:00 tot 17:00"], message
    assert message["To"] == PHONE and not fake.refused
    assert len(_open_sessions()) <= before + 2  # the test client's and the app's one sender
    await client.close()  # the app's cleanup
    assert len(_open_sessions()) <= before, "the app left an HTTP session open"
