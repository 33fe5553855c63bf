"""The TwiML voice webhook, ``POST /voice/twilio`` (Twilio; Telnyx TeXML and SignalWire speak it).

Every answer that expects input is a ``<Gather input="dtmf speech">`` shaped
like the entry (``numDigits`` for fixed lengths, ``finishOnKey="#"``
otherwise), with the prompts as nested ``<Say>`` in the conversation's
language and voice, the phrases the dialog understands there as ``hints``, then a
``<Redirect>`` to the same action: Twilio never
calls the action on silence, it runs the next verb, so silence comes back as
a request without ``Digits`` and the dialog counts it as no-input.

The action URL carries the step number: ``CallSid`` + step is the delivery
key, claimed atomically before any work; a redelivery gets the stored TwiML.
"""

from __future__ import annotations

from typing import Any, Final

from aiohttp import web
from multidict import MultiDictProxy
from twilio.twiml import TwiML
from twilio.twiml.voice_response import VoiceResponse

from channels.common.deliveries import answer_once
from channels.common.twilio import TwilioSettings, twilio_guard
from channels.voice.call import Desk
from channels.voice.config import VoiceConfig
from channels.voice.step import Ask, Heard, Said, Step
from core.ids import is_digits
from core.store import DeliveryStore

__all__ = ["PATH", "render_twiml", "twiml_app"]

PATH: Final = "/voice/twilio"
_DESK: Final = web.AppKey("desk", Desk)
_DELIVERIES: Final = web.AppKey("deliveries", DeliveryStore)
_TIMEOUT: Final = 6  # seconds of silence (after the prompt or between keys)


def _say(parent: TwiML, said: Said, config: VoiceConfig) -> None:
    tts = config.tts[said.lang]
    parent.say(said.text, language=tts.language, voice=tts.voice)


#: Twilio takes at most 500 hints of at most 100 characters.
_HINTS: Final = 500


def _hints(step: Step) -> str:
    """The phrases the dialog understands here, as ``<Gather hints>`` (comma-separated)."""
    phrases = dict.fromkeys(p for _, found in step.vocabulary for p in found
                            if "," not in p and len(p) <= 100)
    return ", ".join(list(phrases)[:_HINTS])


def _gather(ask: Ask, lang: str, action: str, config: VoiceConfig, hints: str = ""
            ) -> dict[str, Any]:
    args: dict[str, Any] = {"input": "dtmf speech" if ask.speech else "dtmf",
                            "action": action, "method": "POST", "timeout": _TIMEOUT}
    if ask.digits:
        args["num_digits"] = ask.digits
    else:
        args["finish_on_key"] = "#"
    if ask.speech:
        args["language"] = config.speech[lang]
        args["speech_timeout"] = "auto"
        if hints:
            args["hints"] = hints
        if config.speech_model:
            args["speech_model"] = config.speech_model
    return args


def render_twiml(step: Step, action: str, config: VoiceConfig) -> str:
    """The TwiML of one step; ``action`` is where the next step is posted."""
    response = VoiceResponse()
    if step.ask is not None:
        gather = response.gather(**_gather(step.ask, step.lang, action, config, _hints(step)))
        for said in step.said:
            _say(gather, said, config)
        response.redirect(action, method="POST")
        return str(response)
    for said in step.said:
        _say(response, said, config)
    if step.transfer:
        response.dial(step.transfer)
    response.hangup()
    return str(response)


def _step_number(raw: str | None) -> int:
    return int(raw) if raw and is_digits(raw) and len(raw) < 10 else 0


def _field(form: MultiDictProxy[str | bytes | Any], name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def _xml(text: str) -> web.Response:
    return web.Response(text=text, content_type="application/xml")


async def twilio_voice(request: web.Request) -> web.Response:
    form = await request.post()
    sid = _field(form, "CallSid")
    if sid is None:
        raise web.HTTPBadRequest(text="CallSid missing")
    desk = request.app[_DESK]
    delivery = f"voice:twilio:{sid}:{_step_number(request.query.get('step'))}"

    async def work() -> str:
        heard = Heard(_field(form, "Digits"), _field(form, "SpeechResult"))
        state, step = await desk.answer(f"twilio:{sid}", heard, phone=_field(form, "From"),
                                        called=_field(form, "To"), delivery=delivery)
        return render_twiml(step, f"{request.path}?step={state.seq}", desk.config)

    twiml = await answer_once(request.app[_DELIVERIES], delivery, desk.clock.now(), work)
    return _xml(twiml or str(VoiceResponse()))


def twiml_app(desk: Desk, deliveries: DeliveryStore, settings: TwilioSettings,
              open_loopback: bool) -> web.Application:
    """The gateway, to mount at :data:`PATH`; every request signed, or 403."""
    app = web.Application(middlewares=[twilio_guard(settings, open_loopback)])
    app[_DESK], app[_DELIVERIES] = desk, deliveries
    app.router.add_post("", twilio_voice)
    return app
