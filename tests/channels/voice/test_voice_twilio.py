"""``POST /voice/twilio`` in the real app: whole declarations, Gather shapes, signatures."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.channels.voice.voice_scenarios import (
    LANGS,
    LANGUAGE_KEYS,
    LANGUAGE_WORDS,
    MODES,
    SCENARIOS,
    SPEECH_TAGS,
    Scenario,
    declare_existing,
    read_back,
)
from tests.channels.voice.voicecall import (
    HUMAN,
    PIN,
    PUBLIC,
    TOKEN,
    Client,
    TwilioCall,
    Twiml,
    enroll,
    periods,
)

TTS = {"fr": ("fr-FR", "Polly.Lea"), "nl": ("nl-NL", "Polly.Lotte"),
       "de": ("de-DE", "Polly.Vicki"), "en": ("en-GB", "Polly.Amy")}


@pytest.fixture
async def twilio(app_client: Any) -> Client:
    client: Client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC)
    await enroll(client)
    return client


def assert_gather_fits(twiml: Twiml, lang: str) -> None:
    """Every question: dtmf+speech in the right recogniser, action set, Redirect to it."""
    gather = twiml.gather
    assert gather is not None and gather.get("input") == "dtmf speech"
    assert gather.get("language") == SPEECH_TAGS[lang]
    action = gather.get("action")
    assert action and action.startswith("/voice/twilio?step=")
    redirect = twiml.root.find("Redirect")
    assert redirect is not None and redirect.text == action
    assert list(twiml.root)[-1] is redirect  # silence falls through to it
    for say in gather.iter("Say"):
        assert (say.get("language"), say.get("voice")) == TTS[lang]
    assert gather.get("numDigits") or gather.get("finishOnKey") == "#"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
async def test_whole_declaration(twilio: Client, scenario: Scenario, mode: str,
                                 lang: str) -> None:
    if scenario.existing:
        await declare_existing(twilio)
    call = TwilioCall(twilio, f"CA-{scenario.name}-{mode}-{lang}")
    await call.start()
    if mode == "speech":
        await call.send(speech=LANGUAGE_WORDS[lang])
    else:
        await call.send(LANGUAGE_KEYS[lang])
    twiml = await call.send(PIN)
    for n, answer in enumerate(scenario.answers):
        assert_gather_fits(twiml, lang)
        before = twiml
        twiml = await (call.send(answer.keys) if answer.typed(mode, n)
                       else call.send(speech=answer.words[lang]))
    assert all(name in before.text for name in scenario.summary)
    [period] = await periods(twilio, ssin=scenario.ssin)
    assert {k: period[k] for k in scenario.expect} == scenario.expect
    assert read_back(period["periodId"]) in twiml.text
    assert twiml.hangup and twiml.gather is None


async def test_keypad_shapes(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-shapes")
    menu = await call.start()
    assert menu.gather is not None and menu.gather.get("numDigits") == "1"
    assert [s.get("language") for s in menu.gather.iter("Say")] == [
        "fr-FR", "nl-NL", "de-DE", "en-GB"]
    pin = await call.send("1")
    assert pin.gather is not None
    assert pin.gather.get("input") == "dtmf" and pin.gather.get("finishOnKey") == "#"
    assert pin.gather.get("numDigits") is None and pin.gather.get("language") is None
    shapes = {}
    twiml = await call.send(PIN)
    for keys in ("1", "85073100130", "302", "1", "15122026", "1800"):
        assert twiml.gather is not None
        shapes[keys] = twiml.gather.get("numDigits")
        twiml = await call.send(keys)
    assert shapes == {"1": "1", "85073100130": "11", "302": "3", "15122026": "8", "1800": "4"}


async def test_planned_hours_end_with_hash(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-hash")
    twiml = await call.open()
    for keys in ("1", "92041512230", "999", "2", "16122026", "20122026"):
        twiml = await call.send(keys)
    assert twiml.gather is not None and twiml.gather.get("finishOnKey") == "#"
    assert twiml.gather.get("numDigits") is None


async def test_a_bad_signature_is_refused(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-forged")
    resp = await twilio.post("/voice/twilio", data=call.params(),
                             headers={"X-Twilio-Signature": "forged"})
    assert resp.status == 403


async def test_a_redelivered_step_gets_the_same_twiml_and_counts_once(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-twice")
    twiml = await call.open()
    for keys in ("1", "85073100130", "302", "1", "15122026", "1800", "2300"):
        twiml = await call.send(keys)
    assert twiml.gather is not None
    url = twiml.gather.get("action") or ""
    form = call.params(Digits="1")
    first, *again = await asyncio.gather(*(call.post(url, form) for _ in range(4)))
    assert all(t.text == first.text for t in again)
    assert len(await periods(twilio)) == 1
    assert first.hangup


async def test_unknown_callers_hear_why_in_three_languages(twilio: Client) -> None:
    twiml = await TwilioCall(twilio, "CA-stranger", phone="+32470999999").start()
    assert [s.get("language") for s in twiml.root.iter("Say")] == ["fr-FR", "nl-NL", "de-DE"]
    assert "n'est pas inscrit" in twiml.text and twiml.hangup and twiml.gather is None


async def test_a_number_set_for_a_language_skips_the_menu(app_client: Any) -> None:
    client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC,
                              voice_numbers="+3228880002=nl")
    await enroll(client)
    twiml = await TwilioCall(client, "CA-nl", to="+32 2 888 00 02").start()
    assert twiml.gather is not None and twiml.gather.get("input") == "dtmf"
    assert twiml.text.splitlines() == ["Toets uw pincode in, gevolgd door het hekje.",
                                       "Voor een andere taal, druk op sterretje."]


async def test_voices_and_recognisers_are_configurable(app_client: Any) -> None:
    client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC,
                              voice_tts="nl=nl-BE:Polly.Lisa", voice_speech="nl=nl-BE",
                              voice_speech_model="experimental_utterances")
    await enroll(client)
    twiml = await TwilioCall(client, "CA-conf").open("2")
    assert twiml.gather is not None
    assert twiml.gather.get("language") == "nl-BE"
    assert twiml.gather.get("speechModel") == "experimental_utterances"
    assert {(s.get("language"), s.get("voice")) for s in twiml.gather.iter("Say")} == {
        ("nl-BE", "Polly.Lisa")}


async def test_escalation_ends_with_a_dial_to_the_human(app_client: Any) -> None:
    client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC,
                              transfer_number=HUMAN)
    await enroll(client)
    call = TwilioCall(client, "CA-silent")
    await call.open()
    await call.send("1")
    first, second = await call.send(), await call.send()
    assert first.text.startswith("Je n'ai rien entendu.") and "Par exemple" not in first.text
    assert "Par exemple, tapez 8 5 0 7 3 1, 0 0 1, 3 0." in second.text
    third = await call.send()
    assert third.dial == HUMAN and third.hangup and third.gather is None
    assert "nous transférons votre appel" in third.text


async def test_speech_is_hinted_with_the_phrases_understood(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-hints")
    menu = await call.open()
    assert menu.gather is not None and "sortie" in (menu.gather.get("hints") or "").split(", ")
    await call.send("1")
    await call.send("85073100130")
    types = await call.send("302")
    assert types.gather is not None
    hints = (types.gather.get("hints") or "").split(", ")
    assert "extra" in hints and "flexi" in hints and "étudiant" not in hints and "aide" in hints
    other = TwilioCall(twilio, "CA-hints-pin")
    languages = await other.start()
    assert languages.gather is not None and "nederlands" in (languages.gather.get("hints") or "")
    pin = await other.send("1")
    assert pin.gather is not None and pin.gather.get("hints") is None  # typed, never heard
