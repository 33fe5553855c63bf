"""The Kannel sms-service endpoint over plain HTTP (the real gateway is in test_kannel_sms)."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from channels.sms.segments import segments
from core.model import Employer
from server.appkeys import STORE

Client = TestClient[web.Request, web.Application]
PHONE = "+32470123456"


async def kannel(client: Client, text: str, sms_id: str, **extra: str) -> tuple[int, str, Any]:
    params = {"from": PHONE, "to": "8888", "text": text, "id": sms_id, **extra}
    resp = await client.get("/sms/kannel", params=params)
    return resp.status, await resp.text(), resp.headers


async def test_get_and_post_answer_plain_text(client: Client) -> None:
    await client.app[STORE].enroll_phone(PHONE, 1, "fr", None)
    status, text, headers = await kannel(client, "IN 85073100130 XXX OTH 3/12", "k1")
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Brasserie du Marché" in text
    # é is in the GSM alphabet: no UCS-2 needed, so smsbox may keep its default coding
    assert headers.get("X-Kannel-Coding") is None
    resp = await client.post("/sms/kannel", data={"from": PHONE, "text": "oui", "id": "k2"})
    assert resp.status == 200
    assert resp.status == 200 and "100000000" in await resp.text()


async def test_secret_is_required_when_configured(app_client: Any) -> None:
    client: Client = await app_client(kannel_secret="s3")
    await client.app[STORE].enroll_phone(PHONE, 1, "fr", None)
    status, _, _ = await kannel(client, "aide", "k3")
    assert status == 403
    status, _, _ = await kannel(client, "aide", "k4", secret="wrong")
    assert status == 403
    status, text, _ = await kannel(client, "aide", "k5", secret="s3")
    assert status == 200 and text


async def test_same_kannel_id_counts_once(client: Client) -> None:
    await client.app[STORE].enroll_phone(PHONE, 1, "fr", None)
    await kannel(client, "IN 85073100130 XXX OTH 3/12", "k6")
    _, first, _ = await kannel(client, "oui", "k7")
    _, again, _ = await kannel(client, "oui", "k7")
    assert first == again
    resp = await client.get("/api/v1/periods", params={"employer": "0403199702"})
    assert len((await resp.json())["periods"]) == 1


async def _creperie(client: Client) -> None:
    """A phone enrolled for two employers, one of them with letters outside GSM-7."""
    store = client.app[STORE]
    await store.put_employers([Employer(0, "Crêperie Ça Va", "0501234533", None, "fr")])
    employer = await store.find_employer("0501234533")
    assert employer is not None
    await store.enroll_phone(PHONE, employer.employer_id, "fr", None)
    await store.enroll_phone(PHONE, 1, "fr", None)


async def test_letters_outside_gsm7_ask_kannel_for_ucs2(client: Client) -> None:
    await _creperie(client)
    status, text, headers = await kannel(client, "IN", "u1")  # which employer?
    assert status == 200 and "2 : Crêperie Ça Va" in text.splitlines()
    assert headers["X-Kannel-Coding"] == "2"
    await kannel(client, "2", "u2")
    _, text, headers = await kannel(client, "85073100130 XXX OTH 3/12", "u3")
    # four parts (the default) hold the summary in UCS-2: every letter as written
    assert "Employeur : Crêperie Ça Va" in text.splitlines() and headers["X-Kannel-Coding"] == "2"
    assert "Début : 3 décembre 2026" in text.splitlines() and segments(text) <= 4


async def test_a_summary_too_long_for_the_parts_allowed_keeps_every_line(app_client: Any
                                                                         ) -> None:
    client: Client = await app_client(sms_max_parts=2)
    await _creperie(client)
    await kannel(client, "IN", "v1")
    await kannel(client, "2", "v2")
    _, text, headers = await kannel(client, "85073100130 XXX OTH 3/12", "v3")
    # too long for two UCS-2 parts: written in GSM-7 letters, every line kept
    assert "Employeur : Creperie Ça Va" in text and "X-Kannel-Coding" not in headers
    assert "Début : 3 décembre 2026" in text.splitlines() and segments(text) <= 2
    assert text.splitlines()[-1] == "Envoyer ? Répondez OUI (1) ou NON (2)."
