"""Voice settings, read once: the language of each dialled number, speech and voices.

Settings hold short ``key=value`` lists so they fit in one environment variable:

>>> pairs("+32 2 555 01 01=nl, +3225550102=fr")
{'+32 2 555 01 01': 'nl', '+3225550102': 'fr'}
>>> config = VoiceConfig.from_settings(VoiceSettings(voice_numbers="02 555 01 01=nl",
...                                                  voice_tts="nl=nl-BE:Polly.Lisa"))
>>> config.numbers, config.tts["nl"], config.speech["nl"]
({'+3225550101': 'nl'}, Tts(language='nl-BE', voice='Polly.Lisa'), 'nl-NL')
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from channels.common.phones import normalize
from locales import check_language

__all__ = ["DEFAULT_SPEECH", "DEFAULT_TTS", "Tts", "VoiceConfig", "VoiceSettings", "pairs"]


@dataclass(frozen=True, slots=True)
class Tts:
    """A text-to-speech language tag and a voice that speaks it (a valid pair)."""

    language: str
    voice: str


#: Recognition languages every engine we target has; Belgian variants are not
#: available everywhere (channels.md §1.2), so the defaults are the neighbours'.
DEFAULT_SPEECH: Final[Mapping[str, str]] = {
    "fr": "fr-FR", "nl": "nl-NL", "de": "de-DE", "en": "en-GB"}
#: Standard Amazon Polly voices, each paired with its own language.
DEFAULT_TTS: Final[Mapping[str, Tts]] = {
    "fr": Tts("fr-FR", "Polly.Lea"), "nl": Tts("nl-NL", "Polly.Lotte"),
    "de": Tts("de-DE", "Polly.Vicki"), "en": Tts("en-GB", "Polly.Amy")}


def pairs(text: str | None) -> dict[str, str]:
    """``"a=1, b=2"`` as a dict; blanks around items are dropped."""
    out: dict[str, str] = {}
    for item in (text or "").split(","):
        if item.strip():
            key, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"expected key=value, got {item.strip()!r}")
            out[key.strip()] = value.strip()
    return out


def _numbers(text: str | None) -> dict[str, str]:
    out = {}
    for number, lang in pairs(text).items():
        e164 = normalize(number)
        if e164 is None:
            raise ValueError(f"not a phone number: {number!r}")
        out[e164] = check_language(lang)
    return out


def _tts(text: str | None) -> dict[str, Tts]:
    out = dict(DEFAULT_TTS)
    for lang, value in pairs(text).items():
        language, _, voice = value.partition(":")
        out[check_language(lang)] = Tts(language, voice or "woman")
    return out


class VoiceSettings(BaseModel):
    voice_numbers: str | None = Field(
        None, description='the language of each dialled number: "+3225550101=nl,+3225550102=fr"')
    voice_speech: str | None = Field(
        None, description='recognition language per conversation language: "nl=nl-BE"')
    voice_tts: str | None = Field(
        None, description='Say language and voice per conversation language: '
                          '"nl=nl-BE:Polly.Lisa"')
    voice_speech_model: str | None = Field(None, description="Twilio speechModel of <Gather>")
    voice_lock_minutes: int = Field(
        30, ge=1, description="a phone is locked this long after too many wrong PINs")
    voice_pin_tries: int = Field(5, ge=1, description="wrong PINs that lock a phone")
    transfer_number: str | None = Field(
        None, description="a human to offer after three failed tries")

    @field_validator("voice_numbers", "voice_speech", "voice_tts")
    @classmethod
    def _readable(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Numbers, languages and pairs that do not read are an error at start, not a call."""
        if info.field_name == "voice_numbers":
            _numbers(value)
        elif info.field_name == "voice_tts":
            _tts(value)
        else:
            for lang in pairs(value):
                check_language(lang)
        return value


@dataclass(frozen=True, slots=True)
class VoiceConfig:
    numbers: Mapping[str, str]  # dialled number (E.164) -> conversation language
    speech: Mapping[str, str]  # conversation language -> recognition language tag
    tts: Mapping[str, Tts]  # conversation language -> Say language and voice
    speech_model: str | None = None
    lock: datetime.timedelta = datetime.timedelta(minutes=30)
    pin_tries: int = 5
    transfer: str | None = None  # a human to put the caller through to

    @classmethod
    def from_settings(cls, settings: VoiceSettings) -> VoiceConfig:
        speech = {**DEFAULT_SPEECH, **{check_language(k): v
                                       for k, v in pairs(settings.voice_speech).items()}}
        return cls(_numbers(settings.voice_numbers), speech, _tts(settings.voice_tts),
                   settings.voice_speech_model,
                   datetime.timedelta(minutes=settings.voice_lock_minutes),
                   settings.voice_pin_tries, settings.transfer_number)

    def language_of(self, called: str | None) -> str | None:
        """The language a dialled number is configured for, if any."""
        number = normalize(called) if called else None
        return self.numbers.get(number) if number else None

    def xml_lang(self, lang: str) -> str:
        """The language tag of spoken prompts in ``lang``."""
        return self.tts[lang].language if lang in self.tts else DEFAULT_TTS[lang].language

