"""``/voice/vxml`` in the real app: schema-valid documents, whole declarations, escalation."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from tests.channels.voice.voice_scenarios import (
    LANGS,
    LANGUAGE_KEYS,
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
    SCHEMA_DIR,
    VXML,
    Client,
    Vxml,
    VxmlCall,
    enroll,
    periods,
    schema,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROMPT_LANGS = {"fr": "fr-FR", "nl": "nl-NL", "de": "de-DE"}


@pytest.fixture
async def vxml(app_client: Any) -> Client:
    client: Client = await app_client()
    await enroll(client)
    return client


def test_the_schema_can_say_no() -> None:
    """The validator the tests use rejects the set's own invalid example."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    assert schema().validate(etree.parse(str(SCHEMA_DIR / "valid-example.vxml"), parser))
    assert not schema().validate(etree.parse(str(SCHEMA_DIR / "invalid-example.vxml"), parser))


def assert_field_fits(doc: Vxml, lang: str) -> None:
    field = doc.field
    assert field is not None
    srcs = doc.grammars
    assert any(s.startswith("builtin:dtmf/") for s in srcs) and "inline" in srcs
    assert all(p.get(XML_LANG) == PROMPT_LANGS[lang] for p in doc.prompts)
    voice = [g for g in doc.all("grammar") if g.get("mode") == "voice"]
    assert voice and all(g.get(XML_LANG) == SPEECH_TAGS[lang] for g in voice)
    for event in ("noinput", "nomatch"):
        assert doc.handler(event, 1).find(f"{VXML}reprompt") is not None
        assert doc.handler(event, 3).find(f"{VXML}submit") is not None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
async def test_whole_declaration(vxml: Client, scenario: Scenario, mode: str, lang: str) -> None:
    if scenario.existing:
        await declare_existing(vxml)
    call = VxmlCall(vxml, f"vx-{scenario.name}-{mode}-{lang}")
    await call.start()
    await call.send(LANGUAGE_KEYS[lang], "voice" if mode == "speech" else "dtmf")
    doc = await call.send(PIN)
    for n, answer in enumerate(scenario.answers):
        assert_field_fits(doc, lang)
        before = doc
        doc = await (call.send(answer.keys) if answer.typed(mode, n)
                     else call.send(answer.vxml_voice or answer.keys, "voice"))
    assert all(name in before.text for name in scenario.summary)
    [period] = await periods(vxml, ssin=scenario.ssin)
    assert {k: period[k] for k in scenario.expect} == scenario.expect
    assert read_back(period["periodId"]) in doc.text
    assert doc.hangup and doc.field is None


async def test_grammars_are_shaped_like_the_entry(vxml: Client) -> None:
    call = VxmlCall(vxml, "vx-shapes")
    menu = await call.start()
    assert "builtin:dtmf/digits?length=1" in menu.grammars
    assert [p.get(XML_LANG) for p in menu.prompts] == ["fr-FR", "nl-NL", "de-DE", "en-GB"]
    pin = await call.send("1")
    assert pin.grammars == ["builtin:dtmf/digits", "inline"]  # no speech for a PIN
    seen = {}
    doc = await call.send(PIN)
    for keys in ("1", "85073100130", "302", "1", "15122026", "1800", "2300"):
        seen[keys] = [g for g in doc.grammars if g != "inline"]
        doc = await call.send(keys)
    seen["yes"] = [g for g in doc.grammars if g != "inline"]
    assert seen == {
        "1": ["builtin:dtmf/digits?length=1", "builtin:grammar/digits?length=1"],
        "85073100130": ["builtin:dtmf/digits?length=11", "builtin:grammar/digits?length=11"],
        "302": ["builtin:dtmf/digits?length=3", "builtin:grammar/digits?length=3"],
        "15122026": ["builtin:dtmf/digits?length=8", "builtin:grammar/date"],
        "1800": ["builtin:dtmf/digits?length=4", "builtin:grammar/time"],
        "2300": ["builtin:dtmf/digits?minlength=1;maxlength=4", "builtin:grammar/time",
                 "builtin:grammar/boolean"],  # optional: 2 or "no" declines it
        "yes": ["builtin:dtmf/boolean", "builtin:grammar/boolean"],
    }


async def test_no_input_escalates_by_count_with_an_example(vxml: Client) -> None:
    call = VxmlCall(vxml, "vx-escalate")
    await call.open()
    doc = await call.send("1")
    first = "".join(map(str, doc.handler("noinput", 1).itertext()))
    second = "".join(map(str, doc.handler("noinput", 2).itertext()))
    assert first == "Je n'ai rien entendu."
    assert second == "Je n'ai rien entendu. Par exemple, tapez 8 5 0 7 3 1, 0 0 1, 3 0."
    assert doc.handler("nomatch", 2).find(f"{VXML}reprompt") is not None
    done = await call.send(event="noinput")
    assert done.hangup and done.transfer is None and "Au revoir." in done.text
    assert "rien n'a été envoyé" in done.text
    assert await periods(vxml) == []


async def test_a_third_miss_puts_the_caller_through(app_client: Any) -> None:
    client = await app_client(transfer_number=HUMAN)
    await enroll(client)
    call = VxmlCall(client, "vx-human")
    await call.open()
    doc = await call.send(event="nomatch")
    assert doc.transfer == f"tel:{HUMAN}" and doc.hangup
    assert "nous transférons votre appel" in doc.text


async def test_a_submit_delivered_twice_counts_once(vxml: Client) -> None:
    call = VxmlCall(vxml, "vx-twice")
    await call.open()
    for keys in ("1", "85073100130", "302", "1", "15122026", "1800", "2300"):
        doc = await call.send(keys)
    form = {**doc.vars, "mode": "dtmf", "answer": "1"}
    first = await vxml.post("/voice/vxml", data=form)
    again = await vxml.post("/voice/vxml", data=form)
    assert await first.read() == await again.read()
    assert len(await periods(vxml)) == 1


async def test_a_start_delivered_twice_gets_the_same_call(vxml: Client) -> None:
    one = await VxmlCall(vxml, "vx-same").start()
    two = await VxmlCall(vxml, "vx-same").start()
    assert one.vars["token"] == two.vars["token"]
    three = await VxmlCall(vxml, "vx-other").start()
    assert three.vars["token"] != one.vars["token"] and len(one.vars["token"]) >= 20


async def test_unknown_tokens_and_missing_secrets_are_refused(app_client: Any) -> None:
    client = await app_client(vxml_secret="s3cret")
    await enroll(client)
    assert (await client.post("/voice/vxml", data={"token": "guessed", "step": "1"})).status == 404
    assert (await client.get("/voice/vxml?from=%2B32470123456&call=x")).status == 403
    doc = await VxmlCall(client, "vx-secret").start(secret="s3cret")
    assert doc.field is not None


async def test_the_caller_hangs_up_cleanly_on_nine(vxml: Client) -> None:
    call = VxmlCall(vxml, "vx-nine")
    await call.open()
    await call.send("1")
    doc = await call.send("9")
    assert doc.hangup and doc.field is None and "rien n'a été envoyé" in doc.text


async def test_the_optional_end_hour_is_declined_by_voice(vxml: Client) -> None:
    call = VxmlCall(vxml, "vx-forfait")
    await call.open()
    for keys in ("1", "85073100130", "302", "1", "15122026"):
        await call.send(keys)
    end = await call.send("1800")
    assert "builtin:grammar/boolean" in end.grammars
    summary = await call.send("false", "voice")
    assert "Heure de début : 18:00" in summary.text and "De 18:00" not in summary.text
    await call.send("true", "voice")
    [period] = await periods(vxml)
    assert (period["startHour"], period["endHour"]) == ("1800", None)


async def test_every_kind_of_document_is_valid(vxml: Client) -> None:
    stranger = await VxmlCall(vxml, "vx-stranger", phone="+32470999999").start()
    assert stranger.hangup and [p.get(XML_LANG) for p in stranger.prompts] == [
        "fr-FR", "nl-NL", "de-DE"]
    call = VxmlCall(vxml, "vx-correct")
    await call.open()
    for keys in ("1", "85073100130", "302", "1", "15122026", "1800", "2300"):
        await call.send(keys)
    correction = await call.send("2")  # no: say what to change (free speech)
    assert correction.text.startswith("Dites ce qu'il faut changer")
    assert correction.grammars == ["builtin:dtmf/digits", "inline", "inline"]  # + commands
    again = await call.send("*")
    assert again.text.startswith("A quelle heure finit le travail ?")
    locked = VxmlCall(vxml, "vx-locked")
    await locked.start()
    await locked.send("1")
    for n in range(5):
        doc = await locked.send(f"{1000 + n}")
    assert doc.hangup and "bloqué pendant 30 minutes" in doc.text


# -- word grammars ------------------------------------------------------------------------

SRGS_WORDS = {  # a phrase of each category, in each language
    "fr": {"kinds": "sortie", "yes": "oui", "no": "non", "worker_types": "extra",
           "committees": "horeca", "commands": "répéter", "languages": "nederlands"},
    "nl": {"kinds": "uitdiensttreding", "yes": "ja", "no": "nee",
           "worker_types": "gelegenheidswerknemer", "committees": "horeca",
           "commands": "herhaal", "languages": "français"},
    "de": {"kinds": "Abmeldung", "yes": "ja", "no": "nein", "worker_types": "Aushilfe",
           "committees": "Gastgewerbe", "commands": "wiederholen", "languages": "english"},
}


def _words(doc: Vxml) -> dict[str, tuple[str | None, list[str]]]:
    """The word grammars of a document: category -> (recognition language, phrases)."""
    found = {}
    for grammar in doc.all("grammar"):
        root = grammar.get("root")
        if grammar.get("mode") == "voice" and root:
            items = [i.text or "" for i in grammar.iter(f"{VXML}item")]
            found[root] = (grammar.get(XML_LANG), items)
    return found


@pytest.mark.parametrize("lang", LANGS)
async def test_word_grammars_in_the_callers_language(vxml: Client, lang: str) -> None:
    words = SRGS_WORDS[lang]
    call = VxmlCall(vxml, f"vx-words-{lang}")
    menu = _words(await call.start())
    assert set(menu) == {"languages", "commands"}
    assert words["languages"] in menu["languages"][1]
    await call.send(LANGUAGE_KEYS[lang])
    seen = {"menu": _words(await call.send(PIN))}
    for name, answer in (("ssin", "1"), ("committee", "85073100130"), ("type", "302"),
                         ("date", "1")):
        seen[name] = _words(await call.send(answer))
    for keys in ("15122026", "1800"):
        await call.send(keys)
    seen["end"] = _words(await call.send("2300"))  # optional: "no" declines it
    assert set(seen["menu"]) == {"kinds", "commands"}
    assert set(seen["ssin"]) == {"commands"}
    assert set(seen["committee"]) == {"committees", "commands"}
    assert set(seen["type"]) == {"worker_types", "commands"}
    assert set(seen["end"]) >= {"yes", "no", "commands"}
    for category, doc in (("kinds", "menu"), ("committees", "committee"),
                          ("worker_types", "type"), ("commands", "ssin"), ("yes", "end"),
                          ("no", "end")):
        speech_lang, phrases = seen[doc][category]
        assert speech_lang == SPEECH_TAGS[lang] and words[category] in phrases, (category, doc)
    # the types the committee takes, nothing else: horeca has no students
    assert "STU" not in seen["type"]["worker_types"][1] and "FLX" in seen["type"]["worker_types"][1]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_phrase_of_a_grammar_is_understood(vxml: Client, lang: str) -> None:
    words = SRGS_WORDS[lang]
    call = VxmlCall(vxml, f"vx-said-{lang}")
    await call.start()
    await call.send(LANGUAGE_KEYS[lang])
    await call.send(PIN)
    await call.send("1")
    await call.send("85073100130")
    asked = await call.send(words["committees"], "voice")  # horeca, said
    assert set(_words(asked)) == {"worker_types", "commands"}, asked.text
    dated = await call.send(words["worker_types"], "voice")  # an occasional worker, said
    assert "worker_types" not in _words(dated) and dated.field is not None


def test_the_schema_checks_inline_grammars() -> None:
    """Inline SRGS is validated by the VoiceXML schema set: a rule without id, an item
    outside a rule, an empty one-of are refused."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    valid = (b'<vxml xmlns="http://www.w3.org/2001/vxml" version="2.1"><form><field name="a">'
             b'<grammar mode="voice" version="1.0" root="r" xml:lang="fr-FR">%s</grammar>'
             b'</field></form></vxml>')
    assert schema().validate(etree.fromstring(
        valid % b'<rule id="r" scope="public"><one-of><item>oui</item></one-of></rule>', parser))
    for wrong in (b'<rule scope="public"><one-of><item>oui</item></one-of></rule>',
                  b'<item>oui</item>', b'<rule id="r"><one-of></one-of></rule>'):
        assert not schema().validate(etree.fromstring(valid % wrong, parser)), wrong


def test_a_spoken_hour_that_is_no_number_is_heard_as_said() -> None:
    """'²' is a digit to str.isdigit, not to int(): a platform's answer with one is words
    for the dialog to read, not a 500."""
    from channels.voice.vxml_http import heard_from_submit

    heard = heard_from_submit({"answer": "1\u00b200", "mode": "voice", "field": "startHour"})
    assert heard.speech == "1\u00b200" and heard.digits is None
    said = heard_from_submit({"answer": "1830p", "mode": "voice", "field": "startHour"})
    assert said.speech == "18:30"
