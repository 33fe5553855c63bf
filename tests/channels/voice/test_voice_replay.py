"""A call step whose process died before its TwiML was stored: the retry says the same.

The confirmation of a declaration is posted; the call state, the conversation and the
declaration are saved, then (as if the process were killed there) the delivery is left
without its reply and without a living owner. Twilio's retry of that step takes the claim
over and runs the step again from the state before it: the same TwiML, one declaration.
(tests/test_crashes.py kills real processes; this is the call's own replay.)
"""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.channels.voice.voice_scenarios import IN_EXT
from tests.channels.voice.voicecall import PIN, PUBLIC, TOKEN, TwilioCall, enroll, periods


async def test_a_step_run_again_after_a_crash_says_the_same_and_files_once(
        app_client: Any, db_path: str) -> None:
    client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC)
    await enroll(client)
    call = TwilioCall(client, "CA-replay")
    await call.start()
    await call.send("1")  # français
    await call.send(PIN)
    for answer in IN_EXT.answers[:-1]:
        await call.send(answer.keys)
    assert call.last is not None and call.last.gather is not None
    action = call.last.gather.get("action") or ""
    form = call.params(Digits="1")  # yes: file it
    first = await call.post(action, form)
    [period] = await periods(client, ssin=IN_EXT.ssin)
    step = parse_qs(urlsplit(action).query)["step"][0]
    with sqlite3.connect(db_path) as db:  # the process died before storing the TwiML
        db.execute("UPDATE deliveries SET reply = NULL, owner = NULL WHERE key = ?",
                   (f"voice:twilio:CA-replay:{step}",))
    again = await call.post(action, form)
    assert again.text == first.text and "Acceptée" in first.text, (first.text, again.text)
    assert await periods(client, ssin=IN_EXT.ssin) == [period]
