"""W3C VoiceXML 2.1 documents for one step of a call (the wire of enterprise voice servers).

A step that expects input is one ``<form>`` with one ``<field name="answer">``:
builtin grammars shaped like the keypad entry (``builtin:dtmf/digits?length=11``,
``builtin:dtmf/boolean``; for speech ``builtin:grammar/digits``, ``.../date``,
``.../time``, ``.../boolean`` in the recognition language), inline SRGS grammars of
the phrases the dialog understands there, in the recognition language (yes and
no, the menu's kinds, the worker types and committees, the languages of the call's
menu, the commands: :attr:`~dialogs.turn.Reply.vocabulary`), an inline DTMF
grammar for the command keys (``*``, ``**``, ``0``, ``9``), the prompts with
their ``xml:lang``, ``<noinput>``/``<nomatch>`` escalating by ``count`` (1: say
so and ask again; 2: the same with an example; 3: tell the server, which
puts the caller through or says goodbye) and a ``<submit>`` back to
``/voice/vxml`` with the call token and the step number. Other steps are a
``<block>`` that speaks, then ``<transfer>`` or ``<disconnect/>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Final

from channels.voice.config import VoiceConfig
from channels.voice.step import DATE_FIELDS, HOUR_FIELDS, Ask, Collect, Step
from dialogs.turn import Vocabulary

__all__ = ["NAMESPACE", "PATH", "render_vxml"]

NAMESPACE: Final = "http://www.w3.org/2001/vxml"
#: Where every document submits: the VoiceXML gateway (:mod:`channels.voice.vxml_http`).
PATH: Final = "/voice/vxml"
_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
_KEYS: Final = ("*", "* *", "0", "9")
#: What the server reads back: the answer, or (after a third miss) why there is none.
NAMELIST: Final = "token step field mode answer"
_EVENT_NAMELIST: Final = "token step field mode"


def _sub(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})


def _prompt(parent: ET.Element, text: str, lang: str) -> None:
    _sub(parent, "prompt", **{_LANG: lang}).text = text


def _var(form: ET.Element, name: str, value: str) -> None:
    quoted = value.replace("\\", "\\\\").replace("'", "\\'")
    _sub(form, "var", name=name, expr=f"'{quoted}'")


def _words(field: ET.Element, vocabulary: Vocabulary, speech_lang: str) -> None:
    """One SRGS grammar of phrases per category the dialog understands here, in the
    recognition language; the platform returns the phrase heard, the dialog reads it."""
    for category, phrases in vocabulary:
        grammar = _sub(field, "grammar", mode="voice", version="1.0", root=category,
                       **{_LANG: speech_lang})
        one_of = _sub(_sub(grammar, "rule", id=category, scope="public"), "one-of")
        for phrase in phrases:
            _sub(one_of, "item").text = phrase


def _grammars(field: ET.Element, ask: Ask, speech_lang: str, vocabulary: Vocabulary) -> None:
    """The builtin grammars of the entry, the dialog's words, and the command keys."""
    length = f"?length={ask.digits}" if ask.digits else ""
    if ask.declinable and ask.digits:  # 2 alone declines
        length = f"?minlength=1;maxlength={ask.digits}"
    if ask.collect is Collect.YES_NO:
        dtmf, voice = "boolean", "boolean"
    elif ask.field in DATE_FIELDS:
        dtmf, voice = f"digits{length}", "date"
    elif ask.field in HOUR_FIELDS:
        dtmf, voice = f"digits{length}", "time"
    else:
        dtmf, voice = f"digits{length}", f"digits{length}"
    _sub(field, "grammar", mode="dtmf", src=f"builtin:dtmf/{dtmf}")
    if ask.speech and ask.collect is not Collect.TEXT:
        _sub(field, "grammar", mode="voice", src=f"builtin:grammar/{voice}",
             **{_LANG: speech_lang})
    if ask.declinable:  # "no" declines
        _sub(field, "grammar", mode="voice", src="builtin:grammar/boolean",
             **{_LANG: speech_lang})
    if ask.speech:
        _words(field, vocabulary, speech_lang)
    keys = _sub(field, "grammar", mode="dtmf", version="1.0", root="keys")
    one_of = _sub(_sub(keys, "rule", id="keys", scope="public"), "one-of")
    for key in _KEYS:
        _sub(one_of, "item").text = key


def _escalation(field: ET.Element, event: str, words: str, example: str, lang: str) -> None:
    for count, text in ((1, words), (2, f"{words} {example}".strip())):
        handler = _sub(field, event, count=str(count))
        _prompt(handler, text, lang)
        _sub(handler, "reprompt")
    last = _sub(field, event, count="3")
    _sub(last, "assign", name="mode", expr=f"'{event}'")
    _sub(last, "submit", next=PATH, method="post", namelist=_EVENT_NAMELIST)


def _field(form: ET.Element, step: Step, ask: Ask, config: VoiceConfig) -> None:
    field = _sub(form, "field", name="answer")
    _grammars(field, ask, config.speech[step.lang], step.vocabulary)
    for said in step.said:
        _prompt(field, said.text, config.xml_lang(said.lang))
    lang = config.xml_lang(step.lang)
    _escalation(field, "noinput", step.noinput, ask.example, lang)
    _escalation(field, "nomatch", step.nomatch, ask.example, lang)
    filled = _sub(field, "filled")
    _sub(filled, "assign", name="mode", expr="answer$.inputmode")
    _sub(filled, "submit", next=PATH, method="post", namelist=NAMELIST)


def _last_words(form: ET.Element, step: Step, config: VoiceConfig) -> None:
    block = _sub(form, "block")
    for said in step.said:
        _prompt(block, said.text, config.xml_lang(said.lang))
    if step.transfer:
        _sub(form, "transfer", name="human", dest=f"tel:{step.transfer}", bridge="true")
        block = _sub(form, "block")
    _sub(block, "disconnect")


def render_vxml(step: Step, token: str, number: int, config: VoiceConfig) -> bytes:
    """The VoiceXML document of one step; ``number`` is the step the submit answers."""
    root = ET.Element("vxml", {"xmlns": NAMESPACE, "version": "2.1",
                               _LANG: config.xml_lang(step.lang)})
    form = _sub(root, "form", id="step")
    if step.ask is None:
        _last_words(form, step, config)
    else:
        for name, value in (("token", token), ("step", str(number)),
                            ("field", step.ask.field or ""), ("mode", "")):
            _var(form, name, value)
        _field(form, step, step.ask, config)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
