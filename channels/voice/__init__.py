"""Voice: one call (:mod:`~channels.voice.call`) whatever the wire, played as TwiML
(:mod:`~channels.voice.twiml`) or VoiceXML (:mod:`~channels.voice.vxml`,
:mod:`~channels.voice.vxml_http`); what is said (:mod:`~channels.voice.speech`), the
keypad (:mod:`~channels.voice.turns`), PIN hashes and the gate every attempt passes
(:mod:`~channels.voice.pins`). The call's stages are the call dialog's
(``dialogs.call``), handed in by the server."""

from __future__ import annotations

from channels.voice.call import Desk
from channels.voice.config import VoiceConfig, VoiceSettings
from channels.voice.twiml import twiml_app
from channels.voice.vxml_http import VoiceXmlSettings, vxml_app

__all__ = ["Desk", "VoiceConfig", "VoiceSettings", "VoiceXmlSettings", "twiml_app", "vxml_app"]
