"""Whole declarations by phone: each answer as keys, as words in fr/nl/de, as VoiceXML gives it.

A scenario is played with keys only, with speech only, or mixed (every
other answer spoken); the same scenarios run through TwiML and VoiceXML.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Final

from aiohttp import web
from aiohttp.test_utils import TestClient

from core.model import Kind, Request
from server.appkeys import DECLARATIONS
from tests.channels.voice.voicecall import NUMBERS

Client = TestClient[web.Request, web.Application]
MODES: Final = ("keys", "speech", "mixed")
LANGS: Final = ("fr", "nl", "de")
LANGUAGE_KEYS: Final = {"fr": "1", "nl": "2", "de": "3"}
LANGUAGE_WORDS: Final = {"fr": "français", "nl": "Nederlands", "de": "Deutsch"}
#: What the default speech recogniser of each language is told (channels.voice.config).
SPEECH_TAGS: Final = {"fr": "fr-FR", "nl": "nl-NL", "de": "de-DE"}
LUKAS: Final = "01020300467"


@dataclass(frozen=True)
class Answer:
    keys: str
    words: dict[str, str]
    vxml_voice: str | None = None  # what a VoiceXML builtin grammar returns when spoken

    def typed(self, mode: str, n: int) -> bool:
        return mode == "keys" or (mode == "mixed" and n % 2 == 0)


def _a(keys: str, fr: str, nl: str, de: str, vxml: str | None = None) -> Answer:
    return Answer(keys, {"fr": fr, "nl": nl, "de": de}, vxml)


YES: Final = _a("1", "oui", "ja", "ja", "true")
NISS_JAN: Final = _a(
    "85073100130", "quatre-vingt-cinq zéro sept trente et un zéro zéro cent trente",
    "85 07 31 001 30", "acht fünf null sieben drei eins null null eins drei null")
NISS_MARIE: Final = _a("92041512230", "92 04 15 122 30",
                       "negen twee nul vier een vijf een twee twee drie nul", "92041512230")
NISS_LUKAS: Final = _a(
    LUKAS, "zéro un zéro deux zéro trois zéro zéro quatre six sept", "01 02 03 004 67",
    "null eins null zwei null drei null null vier sechs sieben")
FIRST: Final = _a("1", "un", "een", "eins")


@dataclass(frozen=True)
class Scenario:
    name: str
    answers: tuple[Answer, ...]
    expect: dict[str, Any]  # what the period looks like afterwards, through the API
    ssin: str
    existing: bool = False  # a period to end or cancel is declared first
    summary: tuple[str, ...] = field(default=())


IN_EXT: Final = Scenario("in_ext", (
    _a("1", "une entrée", "in dienst", "Arbeitsbeginn"),
    NISS_JAN,
    _a("302", "horeca", "horeca", "Gastgewerbe"),
    _a("1", "extra", "gelegenheidswerknemer", "Aushilfe"),
    _a("15122026", "le quinze décembre", "vijftien december", "fünfzehnter Dezember", "20261215"),
    _a("1800", "dix-huit heures", "achttien uur", "achtzehn Uhr", "0600p"),
    _a("2300", "vingt-trois heures", "drieëntwintig uur", "dreiundzwanzig Uhr", "1100p"),
    YES,
), {"workerType": "EXT", "jointCommissionNumber": "302", "startDate": "2026-12-15",
    "endDate": "2026-12-15", "startHour": "1800", "endHour": "2300", "status": "active"},
    "85073100130", summary=("Jan Peeters",))

IN_STU: Final = Scenario("in_stu", (
    _a("1", "une entrée", "in dienst", "Arbeitsbeginn"),
    NISS_MARIE,
    _a("999", "autre secteur", "andere sector", "sonstige"),
    _a("2", "étudiant", "student", "Student"),  # a student is on key 2, whatever the committee
    _a("16122026", "seize décembre", "zestien december", "sechzehnter Dezember", "20261216"),
    _a("20122026", "vingt décembre", "twintig december", "zwanzigster Dezember", "20261220"),
    _a("20", "vingt heures", "twintig uur", "zwanzig Stunden"),
    YES,
), {"workerType": "STU", "jointCommissionNumber": "XXX", "startDate": "2026-12-16",
    "endDate": "2026-12-20", "plannedHoursNumber": 20, "status": "active"},
    "92041512230", summary=("Marie Dubois",))

OUT: Final = Scenario("out", (
    _a("2", "sortie", "uit dienst", "Arbeitsende"),
    NISS_LUKAS,  # his one open period is taken
    _a("05122026", "le cinq décembre", "vijf december", "fünfter Dezember", "20261205"),
    YES,
), {"workerType": "OTH", "startDate": "2026-12-01", "endDate": "2026-12-05", "status": "active"},
    LUKAS, existing=True, summary=("Lukas Schmitz",))

CANCEL: Final = Scenario("cancel", (
    _a("4", "annulation", "annulering", "Stornierung"),
    NISS_LUKAS,  # his one period is taken
    YES,
), {"workerType": "OTH", "startDate": "2026-12-01", "endDate": None, "status": "cancelled"},
    LUKAS, existing=True, summary=("Lukas Schmitz",))

SCENARIOS: Final = (IN_EXT, IN_STU, OUT, CANCEL)


async def declare_existing(client: Client, employer: str = NUMBERS[1]) -> str:
    """An open period for Lukas Schmitz from today, declared through the service."""
    decl = await client.app[DECLARATIONS].submit(Request(
        Kind.IN, employer_enterprise=employer, ssin=LUKAS, committee="XXX", worker_type="OTH",
        start_date=datetime.date(2026, 12, 1)))
    assert decl.period_id
    return decl.period_id


def read_back(number: str) -> str:
    """How a 12-digit number must sound: digit by digit, in groups of three."""
    return ", ".join(" ".join(number[at:at + 3]) for at in range(0, len(number), 3))
