"""Whole declarations by SMS through the signed Twilio webhook, in French, Dutch and German.

An enrolled phone never types its employer number. Each step is checked in
the personnel file through the REST API, not only in the reply.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.channels.sms.sms_words import LANGS, Words
from tests.channels.sms.test_sms_twilio import PUBLIC, TOKEN, Client, enroll, sms

SSIN = "85073100130"


class Phone:
    """One enrolled phone texting the app; every SMS gets a fresh MessageSid."""

    def __init__(self, client: Client, words: Words) -> None:
        self.client, self.words, self.sent = client, words, 0
        self.number = f"+3247000000{words.employer_id}"

    async def __call__(self, body: str) -> str:
        self.sent += 1
        return await sms(self.client, body, f"SM{self.words.lang}{self.sent}", self.number)

    async def periods(self) -> list[dict[str, Any]]:
        resp = await self.client.get("/api/v1/periods", params={
            "employer": self.words.enterprise, "ssin": SSIN})
        assert resp.status == 200
        return list((await resp.json())["periods"])


@pytest.fixture(params=LANGS, ids=lambda w: w.lang)
async def phone(request: pytest.FixtureRequest, app_client: Any) -> Phone:
    words: Words = request.param
    # the clock stands still in tests: allow a whole conversation within "one minute"
    twilio: Client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC, sms_rate=100)
    p = Phone(twilio, words)
    await enroll(twilio, p.number, words.employer_id, words.lang)
    return p


async def test_one_shot_in_then_out_update_cancel(phone: Phone) -> None:
    w = phone.words
    summary = await phone("IN 85073100130 XXX OTH 3/12")
    assert w.name in summary and "Jan Peeters" in summary
    done = await phone(w.yes)
    [period] = await phone.periods()
    assert period["periodId"] in done and period["startDate"] == "2026-12-03"
    pid = period["periodId"]

    await phone(f"{w.out} {SSIN}")  # the worker's one period is taken
    summary = await phone("20/12")
    assert w.name in summary and pid in summary
    await phone(w.yes)
    assert (await phone.periods())[0]["endDate"] == "2026-12-20"

    await phone(w.update)
    await phone(SSIN)
    await phone("2")  # the end date
    assert pid in await phone("22/12")
    await phone(w.yes)
    assert (await phone.periods())[0]["endDate"] == "2026-12-22"

    await phone(w.cancel)
    summary = await phone(SSIN)
    assert pid in summary
    done = await phone(w.yes)
    [cancelled] = await phone.periods()
    assert cancelled["status"] == "cancelled" and cancelled["periodId"] in done


async def test_guided_in_for_a_horeca_extra(phone: Phone) -> None:
    w = phone.words
    await phone("1")  # the employer question is skipped: the phone is enrolled
    await phone(SSIN)
    await phone("302")
    await phone("EXT")
    await phone("15/12")
    await phone("18:00")
    summary = await phone("23:00")
    assert w.committee_label in summary and w.name in summary and "18:00" in summary
    done = await phone(w.yes)
    [period] = await phone.periods()
    assert period["periodId"] in done
    assert (period["startHour"], period["endHour"]) == ("1800", "2300")
    assert (period["startDate"], period["endDate"]) == ("2026-12-15", "2026-12-15")


async def test_phone_may_not_declare_for_another_employer(phone: Phone) -> None:
    other = "0877123488"  # a registered employer this phone is not enrolled for
    reply = await phone(f"IN {other} {SSIN} XXX OTH 3/12")
    assert "Ferme des Coteaux" not in reply
    await phone(phone.words.yes)
    resp = await phone.client.get("/api/v1/periods", params={"employer": other})
    assert (await resp.json())["periods"] == []
