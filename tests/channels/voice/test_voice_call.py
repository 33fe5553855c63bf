"""The call itself, over TwiML: PIN and lockout, command keys, transfer, escalation, read-backs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from channels.voice.speech import speak
from core.clock import FixedClock
from core.model import Kind, Request
from core.reference import WORKER_TYPES, allowed_types
from locales import Message, localize
from server.appkeys import DECLARATIONS, STORE
from tests.channels.voice.voice_scenarios import LUKAS, declare_existing, read_back
from tests.channels.voice.voicecall import (
    HUMAN,
    NUMBERS,
    PHONE,
    PIN,
    PUBLIC,
    TOKEN,
    Client,
    TwilioCall,
    Twiml,
    enroll,
    periods,
)

LOCKED_FR = "ce téléphone est bloqué pendant"
TODAY = datetime.date(2026, 12, 1)


async def twilio_app(app_client: Any, **settings: object) -> Client:
    client: Client = await app_client(twilio_auth_token=TOKEN, public_url=PUBLIC, **settings)
    return client


@pytest.fixture
async def twilio(app_client: Any) -> Client:
    client = await twilio_app(app_client)
    await enroll(client)
    return client


@pytest.fixture
async def human(app_client: Any) -> Client:
    client = await twilio_app(app_client, transfer_number=HUMAN)
    await enroll(client)
    return client


async def wrong_pins(call: TwilioCall, count: int) -> str:
    await call.start()
    twiml = await call.send("1")
    for n in range(count):
        twiml = await call.send(f"{1000 + n}")
    return twiml.text


# -- PIN ----------------------------------------------------------------------------------


async def test_five_wrong_pins_lock_the_phone_and_the_lock_outlives_the_process(
        app_client: Any, clock: FixedClock) -> None:
    first = await twilio_app(app_client, voice_lock_minutes=20)
    await enroll(first)
    call = TwilioCall(first, "CA-pin1")
    said = await wrong_pins(call, 4)
    assert said == "Ce code PIN n'est pas correct.\nTapez votre code PIN, puis la touche dièse."
    locked = await call.send("9999")
    assert f"{LOCKED_FR} 20 minutes" in locked.text and locked.hangup and locked.gather is None
    second = await twilio_app(app_client, voice_lock_minutes=20)  # another process, same store
    clock.advance(minutes=5)
    again = await TwilioCall(second, "CA-pin2").start()
    assert f"{LOCKED_FR} 15 minutes" in again.text and again.gather is None
    clock.advance(minutes=16)
    assert (await TwilioCall(second, "CA-pin3").open()).text.startswith("Dimona par SMS")


async def test_wrong_pins_add_up_across_calls_and_a_good_one_resets_them(twilio: Client) -> None:
    await wrong_pins(TwilioCall(twilio, "CA-a"), 3)
    await TwilioCall(twilio, "CA-b").open()  # the right PIN: the count starts again
    await wrong_pins(TwilioCall(twilio, "CA-c"), 4)
    assert LOCKED_FR not in await wrong_pins(TwilioCall(twilio, "CA-d"), 0)
    call = TwilioCall(twilio, "CA-e")
    said = await wrong_pins(call, 1)
    assert LOCKED_FR in said and call.last is not None and call.last.hangup


async def test_a_pin_is_typed_never_spoken(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-spoken-pin")
    await call.start()
    await call.send("1")
    twiml = await call.send(speech="quatre trois deux un")
    assert twiml.text.startswith("Je n'ai pas compris.")
    assert twiml.gather is not None and twiml.gather.get("input") == "dtmf"


async def test_a_phone_without_pin_cannot_declare_by_phone(app_client: Any) -> None:
    client = await twilio_app(app_client)
    await enroll(client, pin=None)
    twiml = await TwilioCall(client, "CA-nopin").start()
    assert "pas encore de code PIN" in twiml.text and twiml.hangup


async def test_the_pin_picks_the_employer(app_client: Any) -> None:
    from channels.voice.pins import hash_pin

    client = await twilio_app(app_client)
    await enroll(client, employer_id=1)
    await enroll(client, employer_id=3, pin=hash_pin("8642"))
    call = TwilioCall(client, "CA-gasthof")
    twiml = await call.open("1", "8642")
    for keys in ("1", "85073100130", "302", "1", "15122026", "1800", "2300"):
        twiml = await call.send(keys)
    assert "Employeur : Gasthof Eupener Land" in twiml.text


async def test_a_pin_hashed_before_the_pepper_still_opens_and_is_hashed_again(
        app_client: Any) -> None:
    from channels.voice.pins import verify_pin

    client = await twilio_app(app_client, pin_pepper="s3cret")
    await enroll(client)  # PIN_HASH: made without a pepper
    opened = await TwilioCall(client, "CA-old-hash").open()
    assert opened.text.startswith("Dimona par SMS")
    [enrollment] = await client.app[STORE].phone_enrollments(PHONE)
    assert enrollment.pin is not None and enrollment.pin.startswith("pbkdf2p$")
    assert verify_pin(PIN, enrollment.pin, "s3cret") and not verify_pin(PIN, enrollment.pin)
    assert (await TwilioCall(client, "CA-new-hash").open()).text.startswith("Dimona par SMS")
    other = await twilio_app(app_client, pin_pepper="another")  # the pepper is not in the store
    wrong = await TwilioCall(other, "CA-other-pepper").open()
    assert "Ce code PIN n'est pas correct." in wrong.text


async def test_wrong_pins_in_open_calls_add_up_and_lock_them_all(twilio: Client) -> None:
    calls = [TwilioCall(twilio, f"CA-open-{n}") for n in range(3)]
    for call in calls:
        await call.start()
        await call.send("1")
    said = [await calls[n % 3].send(f"{1000 + n}") for n in range(5)]
    assert all("n'est pas correct" in twiml.text for twiml in said)
    assert f"{LOCKED_FR} 30 minutes" in said[-1].text and said[-1].hangup
    # the other two calls are still open: the lock holds there too, even for the right PIN
    right = await calls[0].send("4321")
    assert f"{LOCKED_FR} 30 minutes" in right.text and right.hangup
    assert "n'est pas correct" not in right.text  # refused untried


# -- language -----------------------------------------------------------------------------


async def test_a_phone_enrolled_with_a_language_is_greeted_in_it(app_client: Any) -> None:
    client = await twilio_app(app_client)
    await enroll(client, lang="nl")
    call = TwilioCall(client, "CA-nl-phone")
    first = await call.start()
    assert first.text.splitlines() == ["Toets uw pincode in, gevolgd door het hekje.",
                                       "Voor een andere taal, druk op sterretje."]
    assert first.gather is not None and first.gather.get("input") == "dtmf"
    menu = await call.send("*")  # another language: the four-language menu
    assert [s.get("language") for s in menu.root.iter("Say")] == [
        "fr-FR", "nl-NL", "de-DE", "en-GB"]
    pin = await call.send("3")
    assert pin.text == "Bitte geben Sie Ihre PIN ein, dann die Rautetaste."
    opened = await call.send("4321")
    assert opened.text.startswith("Dimona per SMS und Telefon.")
    assert {s.get("language") for s in opened.root.iter("Say")} == {"de-DE"}


async def test_without_a_language_of_its_own_the_phone_hears_the_menu(twilio: Client) -> None:
    first = await TwilioCall(twilio, "CA-menu").start()
    assert len(list(first.root.iter("Say"))) == 4 and "Voor Nederlands" in first.text


# -- worker types -------------------------------------------------------------------------


def _listed(twiml: Twiml) -> list[str]:
    """The worker types read as a numbered list, by their French names."""
    names = {localize(Message(f"worker_type.{code}"), "fr"): code for code in WORKER_TYPES}
    found = []
    for line in twiml.text.splitlines():
        for name, code in names.items():
            if line.endswith(f"pour {name}."):
                found.append(code)
    return found


async def test_the_keypad_offers_the_types_the_committee_allows(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-types-302")
    await call.open()
    await call.send("1")
    await call.send("85073100130")
    types = await call.send("302")
    assert _listed(types) == ["EXT", "FLX"] and "Tapez 8" not in types.text


async def test_every_type_is_reachable_a_page_at_a_time(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-types-xxx")
    await call.open()
    await call.send("1")
    await call.send("85073100130")
    pages = [await call.send("999")]
    while len(pages) < 4:
        pages.append(await call.send("8"))
    seen = [_listed(page) for page in pages]
    assert seen[0][:3] == ["STU", "FLX", "OTH"]  # on keys 2, 3, 4, as for every committee
    assert "Tapez 2 pour Etudiant." in pages[0].text.splitlines()
    assert (len(seen[0]), len(seen[1])) == (6, 7) and seen[3] == seen[0]
    assert sorted(seen[0] + seen[1] + seen[2]) == sorted(allowed_types("XXX"))
    assert all("Tapez 8 pour d'autres types." in page.text for page in pages)
    await call.send("8")  # the second page again
    chosen = seen[1][0]
    asked = await call.send("1")
    assert asked.text.startswith("Quelle est la date de début")
    for keys in ("15122026", "20122026"):
        summary = await call.send(keys)
    label = localize(Message(f"worker_type.{chosen}"), "fr")
    assert f"Type de travailleur : {label}" in summary.text.splitlines()


# -- keys ---------------------------------------------------------------------------------


async def test_star_goes_back_and_nine_stops(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-keys")
    await call.open()
    await call.send("1")
    committee = await call.send("85073100130")
    assert committee.text.startswith("Quelle commission paritaire")
    back = await call.send("*")
    assert back.text.startswith("Quel est le NISS")
    assert back.gather is not None and back.gather.get("numDigits") == "11"
    await call.send("85073100130")
    repeat = await call.send("**")
    assert repeat.text == committee.text
    stop = await call.send("9")
    assert "Conversation annulée : rien n'a été envoyé." in stop.text and stop.hangup
    assert await periods(twilio) == []


async def test_nine_is_nine_hours_when_hours_are_asked(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-nine")
    await call.open()
    for keys in ("1", "92041512230", "999", "2", "16122026", "20122026"):
        await call.send(keys)
    summary = await call.send("9")
    assert "Heures prévues : 9" in summary.text


async def test_two_declines_the_optional_end_hour(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-forfait")
    await call.open()
    for keys in ("1", "85073100130", "302", "1", "15122026"):
        await call.send(keys)
    end = await call.send("1800")
    assert "Pour un forfait journalier sans heure de fin, tapez 2 puis la touche dièse." in (
        end.text.splitlines())
    summary = await call.send("2")  # 2# : Twilio drops the #
    assert "Heure de début : 18:00" in summary.text.splitlines()
    await call.send("1")
    [period] = await periods(twilio)
    assert (period["startHour"], period["endHour"]) == ("1800", None)


async def test_zero_helps_then_puts_through(human: Client) -> None:
    call = TwilioCall(human, "CA-zero")
    await call.open()
    await call.send("1")
    helped = await call.send("0")
    assert helped.text.splitlines()[:2] == [
        "Répondez avec le clavier ou dites votre réponse. Tapez étoile pour revenir en arrière, "
        "9 pour arrêter.", "Tapez encore 0 pour parler à une personne."]
    assert helped.gather is not None and helped.gather.get("numDigits") == "11"
    through = await call.send("0")
    assert through.dial == HUMAN and through.gather is None


async def test_without_a_human_zero_only_helps(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-zero-alone")
    await call.open()
    for _ in range(3):
        twiml = await call.send("0")
        assert twiml.dial is None and twiml.gather is not None
        assert "parler à une personne" not in twiml.text


# -- escalation ---------------------------------------------------------------------------


async def test_three_misses_without_a_human_say_goodbye(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-garbled")
    await call.open()
    await call.send("1")
    await call.send("85073100130")
    first = await call.send(speech="bla bla")
    second = await call.send(speech="bla bla")
    assert first.text.startswith("Je n'ai pas compris.")
    assert "Par exemple, tapez 3 0 2." in second.text
    third = await call.send(speech="bla bla")
    assert third.hangup and third.dial is None and third.gather is None
    assert third.text.splitlines()[-2:] == [
        "Je ne peux pas vous aider davantage par téléphone : rien n'a été envoyé.", "Au revoir."]


async def test_a_silent_language_menu_ends_the_call(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-menu")
    await call.start()
    first = await call.send()
    assert first.text.startswith("Je n'ai rien entendu.\nPour le français, tapez 1.")
    await call.send(speech="italiano")
    last = await call.send()
    assert last.hangup and last.gather is None and "Au revoir." in last.text


async def test_a_date_example_says_what_the_keys_mean(twilio: Client) -> None:
    call = TwilioCall(twilio, "CA-date")
    await call.open("3")
    for keys in ("1", "85073100130", "302", "1"):
        await call.send(keys)
    await call.send()
    second = await call.send()
    assert ("Zum Beispiel, für Dienstag, 15. Dezember, geben Sie 1 5, 1 2, 2 0 2 6 ein."
            in second.text)


# -- what is read back --------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "key", "start"), [
    ("fr", "1", "Début : mardi 15 décembre"), ("nl", "2", "Begin: dinsdag 15 december"),
    ("de", "3", "Beginn: Dienstag, 15. Dezember")])
async def test_dates_are_said_in_full(twilio: Client, lang: str, key: str, start: str) -> None:
    call = TwilioCall(twilio, f"CA-dates-{lang}")
    await call.open(key)
    for keys in ("1", "85073100130", "302", "1", "15122026", "1800"):
        await call.send(keys)
    summary = await call.send("2300")
    assert start in summary.text.splitlines()


async def test_periods_are_listed_with_their_number_in_groups(twilio: Client) -> None:
    period = await declare_existing(twilio)
    await twilio.app[DECLARATIONS].submit(Request(  # a second open period: the list is read
        Kind.IN, employer_enterprise=NUMBERS[1], ssin=LUKAS, committee="140", worker_type="OTH",
        start_date=datetime.date(2026, 11, 20)))
    call = TwilioCall(twilio, "CA-list")
    await call.open()
    await call.send("2")
    listed = await call.send("01020300467")
    assert f"({read_back(period)})" in listed.text
    assert "1 : Autre depuis le mardi 1 décembre, sans fin" in listed.text


def test_a_niss_is_read_six_three_two() -> None:
    [said] = speak([Message("summary.ssin", {"ssin": "85.07.31-001.30"})], "nl", TODAY)
    assert said == "Werknemer: INSZ 8 5 0 7 3 1, 0 0 1, 3 0"


async def test_an_unknown_worker_is_read_by_niss_and_the_pending_result_watched(
        twilio: Client) -> None:
    from server.appkeys import STORE

    call = TwilioCall(twilio, "CA-pending")
    await call.open()
    for keys in ("1", "90010100123", "999", "4", "03122026"):
        summary = await call.send(keys)
    assert "Travailleur : NISS 9 0 0 1 0 1, 0 0 1, 2 3" in summary.text.splitlines()
    done = await call.send("1")
    assert done.text.startswith("En attente : Dimona IN") and done.hangup
    [decl] = await twilio.app[STORE].declarations("S")
    assert await twilio.app[STORE].watchers(decl.declaration_id) == [f"sms:{PHONE}"]
