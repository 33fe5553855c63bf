"""The service's settings: one typed list, read from flags and ``DIMONA_*`` variables.

:class:`Settings` is the union of one slice per part of the service: each gateway
declares its own (:class:`~channels.rest.api.ApiSettings`,
:class:`~channels.common.twilio.TwilioSettings`, ...), the server the rest below.
A field is a setting: ``DIMONA_<NAME>`` in the environment, ``--<name>`` on the
command line (:mod:`server.cli` builds the flags from the fields), validated by
pydantic (``DIMONA_DEMO=ture`` is an error, not false). Flags win over variables,
which win over defaults. Adding a setting is one line in its slice.

A gateway slice names its secret in ``SECRET``, the settings it needs along with it
off loopback in ``NEEDS`` (Twilio: the public URL), and the boolean field that
switches it on in ``SWITCH`` (``--no-kannel``: not mounted). A gateway whose secret
is unset refuses every request (403), unless the service is in open loopback mode
(:attr:`Settings.open_loopback`: it listens on a loopback address only); off
loopback, ``serve`` does not start while a gateway it serves lacks one
(:mod:`server.startup`).

>>> Settings(demo="yes", port="8081").port, Settings(host="0.0.0.0").open_loopback
(8081, False)
>>> Settings(host="127.0.0.1").unset_secrets()
['DIMONA_API_TOKEN', 'DIMONA_TWILIO_AUTH_TOKEN', 'DIMONA_KANNEL_SECRET', 'DIMONA_VXML_SECRET']
>>> off = Settings(kannel=False, twilio_auth_token="t")
>>> [g.SWITCH for g in off.served()], off.lacking(TwilioSettings)
(['api', 'twilio', 'vxml'], ['public_url'])
"""

from __future__ import annotations

import datetime
import ipaddress
from typing import Annotated, ClassVar, Final, Protocol

from pydantic import AfterValidator, BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from channels.batch import BatchSettings
from channels.common.twilio import TwilioSettings
from channels.feed.push import PushSettings
from channels.rest.api import ApiSettings
from channels.sms.flow import SmsSettings
from channels.sms.kannel import KannelSettings
from channels.sms.outbound import TwilioOutboundSettings
from channels.voice.config import VoiceSettings
from channels.voice.pins import PinSettings
from channels.voice.vxml_http import VoiceXmlSettings
from core.clock import Clock, FixedClock, SystemClock
from locales import check_language
from server.pauses import PauseSettings

__all__ = ["ENV_PREFIX", "GATEWAYS", "ClockSettings", "DemoSettings", "DialogSettings",
           "Gateway", "HttpSettings", "MessageSettings", "PendingSettings", "Settings",
           "StoreSettings"]

ENV_PREFIX: Final = "DIMONA_"
Language = Annotated[str, AfterValidator(check_language)]


class StoreSettings(BaseModel):
    db: str = Field("dimona-talk.db", description="SQLite file or postgresql:// URL")


class DemoSettings(BaseModel):
    demo: bool = Field(False, description="load demo employers and workers")


class ClockSettings(BaseModel):
    now: datetime.datetime | None = Field(
        None, description="a fixed clock for demos and replays (2026-12-01T09:30:00+01:00)")

    def clock(self) -> Clock:
        """The wall clock, unless ``now`` fixes it."""
        return FixedClock(self.now) if self.now else SystemClock()


class HttpSettings(BaseModel):
    host: str = Field("127.0.0.1", description="address to listen on")
    port: int = Field(8080, ge=0, le=65535, description="port")
    header_timeout: float = Field(
        15, gt=0, description="seconds a connection has to send a request's headers "
                              "(and an idle kept-alive one stays open)")
    body_timeout: float = Field(10, gt=0, description="seconds a request has to send its body")
    max_connections: int = Field(
        512, ge=1, description="connections served at once (more: 503 and closed)")

    @property
    def open_loopback(self) -> bool:
        """Listening on loopback only: a gateway without a secret stays open (demos, tests)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


class DialogSettings(BaseModel):
    idle_minutes: int = Field(30, ge=1, description="an idle conversation restarts after this")


class PendingSettings(BaseModel):
    identification_hours: float = Field(
        48, gt=0, description="hours a worker may stay unidentified before its pending "
                              "declaration is refused")
    upkeep_seconds: float = Field(
        30, gt=0, description="seconds between two rounds of background work (pending "
                              "declarations, final notifications)")

    @property
    def identification_delay(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.identification_hours)


class MessageSettings(BaseModel):
    lang: Language | None = Field(None, description="language of this command's messages")


class Gateway(Protocol):
    """What :data:`GATEWAYS` holds: a slice's secret and switch (field names)."""

    SECRET: ClassVar[str]
    SWITCH: ClassVar[str]


#: The gateway slices, in the order they are checked and mounted.
GATEWAYS: Final[tuple[type[Gateway], ...]] = (ApiSettings, TwilioSettings, KannelSettings,
                                               VoiceXmlSettings)


class Settings(BaseSettings, StoreSettings, DemoSettings, ClockSettings, HttpSettings,
               DialogSettings, PendingSettings, MessageSettings, ApiSettings, TwilioSettings,
               KannelSettings, TwilioOutboundSettings, SmsSettings, VoiceSettings, PinSettings,
               VoiceXmlSettings, PushSettings, BatchSettings, PauseSettings):
    """Every setting of the service, once."""

    # An empty variable is an unset one (DIMONA_NOW= : the wall clock), as it always was.
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid",
                                      env_ignore_empty=True)

    def unset_secrets(self) -> list[str]:
        """The variables of the gateways' secrets that are not set."""
        return [f"{ENV_PREFIX}{g.SECRET.upper()}" for g in GATEWAYS
                if getattr(self, g.SECRET) is None]

    def served(self) -> list[type[Gateway]]:
        """The gateways switched on (each mounted), in :data:`GATEWAYS` order."""
        return [g for g in GATEWAYS if getattr(self, g.SWITCH)]

    def lacking(self, gateway: type[Gateway]) -> list[str]:
        """The settings a gateway needs off loopback that are not set: its secret first."""
        return [name for name in (gateway.SECRET, *getattr(gateway, "NEEDS", ()))
                if getattr(self, name) is None]
