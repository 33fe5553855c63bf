"""Service settings, read once from flags and ``DIMONA_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "dimona-talk.db"
    host: str = "127.0.0.1"
    port: int = 8080
    demo: bool = False
    api_token: str | None = None
    public_url: str | None = None  # the base URL gateways call, for signatures
    twilio_auth_token: str | None = None
    kannel_secret: str | None = None
    kannel_sendsms_url: str | None = None  # e.g. http://127.0.0.1:13013/cgi-bin/sendsms
    kannel_user: str | None = None
    kannel_password: str | None = None
    kannel_sender: str | None = None
    sms_rate: int = 10  # messages a phone may send per minute
    transfer_number: str | None = None  # a human, offered after three failed tries
    idle_minutes: int = 30
    # voice calls (channels/call.py): "+3225550101=nl,+3225550102=fr" picks the language
    # of a dialled number; speech and tts override, per language, the recognition
    # language ("fr=fr-FR") and the Say voice ("fr=fr-FR:Polly.Lea")
    voice_numbers: str | None = None
    voice_speech: str | None = None
    voice_tts: str | None = None
    voice_speech_model: str | None = None
    voice_lock_minutes: int = 30  # a phone is locked this long after too many wrong PINs
    voice_pin_tries: int = 5
    vxml_secret: str | None = None  # required as secret=... to start a VoiceXML call
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, overrides: dict[str, Any] | None = None,
                 environ: dict[str, str] | None = None) -> Settings:
        """Flags win over ``DIMONA_<NAME>`` variables, which win over defaults."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "extra":
                continue
            given = (overrides or {}).get(f.name)
            if given is not None and given is not False:
                values[f.name] = given
            elif f"DIMONA_{f.name.upper()}" in env:
                values[f.name] = _cast(f.type, env[f"DIMONA_{f.name.upper()}"])
        return cls(**values)


def _cast(kind: object, raw: str) -> Any:
    text = str(kind)
    if "bool" in text:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if "int" in text:
        return int(raw)
    return raw
