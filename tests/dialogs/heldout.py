"""A held-out set of phrasings that change existing work (OUT, UPDATE, CANCEL), fr/nl/de/en.

Written apart from the corpus of ``test_phrasings.py`` (other workers, other
periods, other words): SMS shorthand, typos, no accents, speech transcripts
(numbers in words, "quinze heures trente", "half drie", "dreiviertel sieben",
"two thirty pm") and guided answers. Each case is a conversation of an enrolled
phone; whenever the bot shows a summary the caller says yes, as a hurried
person would. A case ends in one of three outcomes:

- ``right``: what is filed is the change meant (one period changed, as expected);
- ``asked``: nothing is filed, the bot asked a question or said it found nothing;
- ``wrong``: something was filed that the person did not mean (even when it was
  refused: every change meant here is one the core accepts).

``python -m tests.dialogs.heldout`` prints the figures per language and class.
"""

from __future__ import annotations

import asyncio
import datetime
import sys
from collections import Counter
from dataclasses import dataclass

from channels.console.chat import render_text
from core.model import Kind, Request
from dialogs.engine import Engine
from dialogs.turn import Caller, Channel, Reply, Turn
from tests.dialogs.phrasing import Phrasing, Said, cases, matches, seeded_engine
from tests.dialogs.transcript import check_filed, describe, filed_periods

__all__ = ["CASES", "Case", "judge", "matches", "run"]

#: Tuesday 1 December 2026, 09:30 in Brussels.
NOW = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
EMPLOYER = "0403199702"
YES = {"fr": "oui", "nl": "ja", "de": "ja", "en": "yes"}
JAN, MARIE, LUKAS, EMMA = "85073100130", "92041512230", "01020300467", "99010133374"
KLAUS, PIETER, LEA = "76090121061", "88061216309", "04022804617"
D, T = datetime.date, datetime.time
#: The personnel file: seven workers, eight periods (Chloé Lambert has none).
FILE = (
    Request(Kind.IN, ssin=JAN, committee="302", worker_type="EXT", start_date=D(2026, 12, 2),
            end_date=D(2026, 12, 2), start_hour=T(18), end_hour=T(23)),
    Request(Kind.IN, ssin=JAN, committee="302", worker_type="EXT", start_date=D(2026, 12, 5),
            end_date=D(2026, 12, 5), start_hour=T(11), end_hour=T(15)),
    Request(Kind.IN, ssin=MARIE, committee="302", worker_type="EXT", start_date=D(2026, 11, 30),
            end_date=D(2026, 11, 30), start_hour=T(10), end_hour=T(18)),
    Request(Kind.IN, ssin=LUKAS, committee="XXX", worker_type="OTH", start_date=D(2026, 10, 1)),
    Request(Kind.IN, ssin=EMMA, committee="302", worker_type="FLX", start_date=D(2026, 12, 12),
            end_date=D(2026, 12, 12), start_hour=T(10), end_hour=T(13)),
    Request(Kind.IN, ssin=PIETER, committee="302", worker_type="EXT", start_date=D(2026, 12, 5),
            end_date=D(2026, 12, 5), start_hour=T(18), end_hour=T(23)),
    Request(Kind.IN, ssin=LEA, committee="XXX", worker_type="STU", start_date=D(2026, 12, 1),
            end_date=D(2026, 12, 18), planned_hours=40),
    Request(Kind.IN, ssin=KLAUS, committee="XXX", worker_type="OTH", start_date=D(2026, 11, 1)),
)


@dataclass(frozen=True)
class Case(Phrasing):
    meant: str | None  # the period as it must stand after; None: nothing may be filed


def _cases(kind: str, meant: str | None, *said: Said) -> list[Case]:
    return cases(Case, kind, meant, *said)


_JAN_TOMORROW = f"ssin={JAN} start=2026-12-02 status=cancelled"
_PIETER_SAT = f"ssin={PIETER} start=2026-12-05 status=cancelled"
_LUKAS_OUT = f"ssin={LUKAS} start=2026-10-01 end=2026-12-04 status=active"
_KLAUS_OUT = f"ssin={KLAUS} start=2026-11-01 end=2026-12-15 status=active"
_MARIE_15 = f"ssin={MARIE} start=2026-11-30 hours=10:00-15:00 status=active"
_MARIE_1430 = f"ssin={MARIE} start=2026-11-30 hours=10:00-14:30 status=active"
_EMMA_11 = f"ssin={EMMA} start=2026-12-12 hours=11:00-13:00 status=active"
_EMMA_14_17 = f"ssin={EMMA} start=2026-12-12 hours=14:00-17:00 status=active"
_LEA_20 = f"ssin={LEA} start=2026-12-01 end=2026-12-20 planned=40 status=active"
_LEA_50 = f"ssin={LEA} start=2026-12-01 end=2026-12-18 planned=50 status=active"
_PIETER_1730 = f"ssin={PIETER} start=2026-12-05 hours=17:30-23:00 status=active"
_JAN_2330 = f"ssin={JAN} start=2026-12-02 hours=18:00-23:30 status=active"

CASES: list[Case] = [
    # -- French ----------------------------------------------------------------------------
    *_cases("cancel", _JAN_TOMORROW,
            ("fr", "annule le contrat de Jan de demain"), ("fr", "annule jan demain"),
            ("fr", "annuler le service de Jan Peeters demain soir"),
            ("fr", "jan ne vient pas demain, tu peux annuler"), ("fr", "Peeters demain c annulé"),
            ("fr", "annulation pour jan, demain"), ("fr", "annule jan mercredi"),
            ("fr", "anule jan demin")),
    *_cases("cancel", _PIETER_SAT,
            ("fr", "annule pieter samedi"), ("fr", "le shift de Pieter De Smet samedi est annulé"),
            ("fr", "pieter ne travaille plus samedi, annule"),
            ("fr", "annuler l'extra de pieter du 5/12"),
            ("fr", "annuler l'extra de pieter du cinq décembre")),
    *_cases("out", _LUKAS_OUT,
            ("fr", "Lukas arrête vendredi"), ("fr", "lukas schmitz quitte l'entreprise vendredi"),
            ("fr", "sortie lukas le 4/12"), ("fr", "dernier jour de lukas : vendredi"),
            ("fr", "lukas part le quatre décembre")),
    *_cases("out", _KLAUS_OUT,
            ("fr", "Klaus quitte le 15"), ("fr", "fin de contrat pour klaus meyer le 15 décembre"),
            ("fr", "klaus s'en va le quinze")),
    *_cases("update hours", _MARIE_15,
            ("fr", "Marie a fini plus tôt hier, à 15h"), ("fr", "marie a termine a 15h hier"),
            ("fr", "hier marie est partie à quinze heures au lieu de 18h"),
            ("fr", "Marie hier fin à 15h00 au lieu de 18h"),
            ("fr", "corrige l'heure de fin de marie hier : 15h")),
    *_cases("update hours", _MARIE_1430, ("fr", "marie est partie hier a quatorze heures trente")),
    *_cases("update hours", _EMMA_11,
            ("fr", "Emma commence à 11h le 12 au lieu de 10h"),
            ("fr", "la flexi du 12 commence à onze heures")),
    *_cases("update hours", _EMMA_14_17, ("fr", "décaler le shift d'emma du 12 à 14h-17h")),
    *_cases("update hours", _PIETER_1730,
            ("fr", "pieter commence samedi à 17h30 au lieu de 18h"),
            ("fr", "samedi pieter commence à dix-sept heures trente")),
    *_cases("update hours", _JAN_2330,
            ("fr", "jan finit demain à 23h30"),
            ("fr", "jan demain fin à vingt-trois heures trente")),
    *_cases("update end", _LEA_20,
            ("fr", "Lea reste jusqu'au 20"), ("fr", "prolonge lea jusqu'au 20/12"),
            ("fr", "la date de fin de Léa c'est maintenant le 20"),
            ("fr", "lea finit le vingt décembre au lieu du 18")),
    *_cases("update planned", _LEA_50,
            ("fr", "léa fera 50 heures au lieu de 40"),
            ("fr", "l'etudiante fera cinquante heures")),
    *_cases("guided", _PIETER_SAT, ("fr", ("annulation", "Pieter"))),
    *_cases("guided", _MARIE_15, ("fr", ("modification", "Marie", "heure de fin", "15h"))),
    *_cases("guided", _KLAUS_OUT, ("fr", ("sortie", "Klaus Meyer", "le 15 décembre"))),
    *_cases("guided", _JAN_TOMORROW, ("fr", ("annulation", "Jan", "demain"))),
    *_cases("ambiguous", None,
            ("fr", "annule Jan"), ("fr", "annule le shift de samedi"), ("fr", "annule Chloé"),
            ("fr", "Jan ne vient pas")),
    # -- Dutch -----------------------------------------------------------------------------
    *_cases("cancel", _JAN_TOMORROW,
            ("nl", "annuleer het contract van Jan van morgen"), ("nl", "Jan komt morgen niet"),
            ("nl", "jan morgen geannuleerd"), ("nl", "annuleer jan morgen"),
            ("nl", "schrap jan morgen"), ("nl", "annuleer jan woensdag"),
            ("nl", "anuleer jan morgn"),
            ("nl", "de shift van jan peeters van morgen gaat niet door")),
    *_cases("cancel", _PIETER_SAT,
            ("nl", "de shift van Pieter van zaterdag is geannuleerd"),
            ("nl", "pieter zaterdag annuleren"),
            ("nl", "Pieter De Smet komt zaterdag niet"),
            ("nl", "annuleer de extra van pieter op 5/12"),
            ("nl", "annuleer pieter vijf december")),
    *_cases("out", _LUKAS_OUT,
            ("nl", "Lukas stopt vrijdag"), ("nl", "lukas schmitz gaat uit dienst op vrijdag"),
            ("nl", "laatste werkdag lukas vrijdag"), ("nl", "uitdiensttreding lukas 4/12"),
            ("nl", "lukas vertrekt op vier december")),
    *_cases("out", _KLAUS_OUT,
            ("nl", "Klaus stopt de 15e"), ("nl", "einde contract klaus meyer 15 december"),
            ("nl", "klaus vertrekt op de vijftiende")),
    *_cases("update hours", _MARIE_15,
            ("nl", "Marie is gisteren vroeger gestopt, om 15u"),
            ("nl", "marie gisteren gestopt om 15u ipv 18u"),
            ("nl", "marie was gisteren klaar om drie uur 's middags"),
            ("nl", "gisteren marie einde 15:00"),
            ("nl", "pas het einduur van marie van gisteren aan naar 15u")),
    *_cases("update hours", _MARIE_1430,
            ("nl", "marie is gisteren om half drie 's middags gestopt")),
    *_cases("update hours", _EMMA_11,
            ("nl", "Emma begint op de 12e om 11u in plaats van 10u"),
            ("nl", "de flexi van 12 december begint om elf uur")),
    *_cases("update hours", _EMMA_14_17,
            ("nl", "shift van emma op 12 december verplaatsen naar 14u-17u")),
    *_cases("update hours", _PIETER_1730,
            ("nl", "pieter begint zaterdag om half zes 's avonds"),
            ("nl", "pieter begint zaterdag om 17u30 ipv 18u")),
    *_cases("update hours", _JAN_2330,
            ("nl", "jan stopt morgen om half twaalf 's avonds"), ("nl", "jan morgen einde 23u30")),
    *_cases("update end", _LEA_20,
            ("nl", "Lea blijft tot de 20e"), ("nl", "verleng lea tot 20/12"),
            ("nl", "de einddatum van lea is nu de 20ste"),
            ("nl", "lea stopt op twintig december ipv 18")),
    *_cases("update planned", _LEA_50,
            ("nl", "lea doet 50 uur ipv 40"), ("nl", "de studente doet vijftig uur")),
    *_cases("guided", _PIETER_SAT, ("nl", ("annulatie", "Pieter"))),
    *_cases("guided", _MARIE_15, ("nl", ("wijziging", "Marie", "einduur", "15u"))),
    *_cases("guided", _KLAUS_OUT, ("nl", ("uitdiensttreding", "Klaus Meyer", "15 december"))),
    *_cases("guided", _JAN_TOMORROW, ("nl", ("annulatie", "Jan", "morgen"))),
    *_cases("ambiguous", None,
            ("nl", "annuleer Jan"), ("nl", "annuleer de shift van zaterdag"),
            ("nl", "annuleer Chloé"),
            ("nl", "Jan komt niet")),
    # -- German ----------------------------------------------------------------------------
    *_cases("cancel", _JAN_TOMORROW,
            ("de", "storniere den Vertrag von Jan von morgen"), ("de", "Jan kommt morgen nicht"),
            ("de", "jan morgen stornieren"), ("de", "die Schicht von Jan Peeters morgen absagen"),
            ("de", "jan mittwoch stornieren"), ("de", "strnieren jan morgn"),
            ("de", "Jan morgen fällt aus"), ("de", "jans schicht morgen bitte stornieren")),
    *_cases("cancel", _PIETER_SAT,
            ("de", "Pieters Schicht am Samstag ist storniert"), ("de", "pieter samstag absagen"),
            ("de", "Pieter De Smet kommt am Samstag nicht"),
            ("de", "die Aushilfe von Pieter am 5.12. stornieren"),
            ("de", "pieter fünfter dezember stornieren")),
    *_cases("out", _LUKAS_OUT,
            ("de", "Lukas hört am Freitag auf"),
            ("de", "lukas schmitz verlässt die firma am freitag"),
            ("de", "letzter arbeitstag von lukas ist freitag"), ("de", "austritt lukas 4.12."),
            ("de", "lukas geht am vierten dezember")),
    *_cases("out", _KLAUS_OUT,
            ("de", "Klaus hört am 15. auf"), ("de", "vertragsende klaus meyer 15. dezember"),
            ("de", "klaus geht am fünfzehnten")),
    *_cases("update hours", _MARIE_15,
            ("de", "Marie hat gestern früher aufgehört, um 15 Uhr"),
            ("de", "marie gestern ende 15 uhr statt 18 uhr"),
            ("de", "marie war gestern um drei uhr nachmittags fertig"),
            ("de", "gestern marie schluss um 15:00"),
            ("de", "endzeit von marie gestern auf 15 uhr ändern")),
    *_cases("update hours", _MARIE_1430,
            ("de", "marie hat gestern um halb drei nachmittags aufgehört")),
    *_cases("update hours", _EMMA_11,
            ("de", "Schicht von Emma am 12. beginnt um 11 Uhr statt 10"),
            ("de", "emma fängt am 12. erst um elf uhr an")),
    *_cases("update hours", _EMMA_14_17,
            ("de", "Schicht von Emma am 12. verschieben auf 14 bis 17 Uhr")),
    *_cases("update hours", _PIETER_1730,
            ("de", "pieter fängt am samstag um halb sechs abends an"),
            ("de", "pieter beginnt samstag um 17:30 statt 18 uhr")),
    *_cases("update hours", f"ssin={PIETER} start=2026-12-05 hours=18:45-23:00 status=active",
            ("de", "pieter fängt samstag um dreiviertel sieben abends an")),
    *_cases("update hours", _JAN_2330,
            ("de", "jan hört morgen um halb zwölf abends auf"),
            ("de", "jan morgen ende 23.30 uhr")),
    *_cases("update end", _LEA_20,
            ("de", "Lea bleibt bis zum 20."), ("de", "lea verlängern bis 20.12."),
            ("de", "Leas Enddatum ist jetzt der 20."),
            ("de", "lea hört am zwanzigsten dezember auf statt am 18.")),
    *_cases("update planned", _LEA_50,
            ("de", "lea macht 50 stunden statt 40"),
            ("de", "die studentin arbeitet fünfzig stunden")),
    *_cases("guided", _PIETER_SAT, ("de", ("Stornierung", "Pieter"))),
    *_cases("guided", _MARIE_15, ("de", ("Änderung", "Marie", "Endzeit", "15 Uhr"))),
    *_cases("guided", _KLAUS_OUT, ("de", ("Abmeldung", "Klaus Meyer", "15. Dezember"))),
    *_cases("guided", _JAN_TOMORROW, ("de", ("Stornierung", "Jan", "morgen"))),
    *_cases("ambiguous", None,
            ("de", "Jan stornieren"), ("de", "die Schicht am Samstag stornieren"),
            ("de", "Chloé stornieren"), ("de", "Jan kommt nicht")),
    # -- English ---------------------------------------------------------------------------
    *_cases("cancel", _JAN_TOMORROW,
            ("en", "cancel Jan's contract for tomorrow"), ("en", "jan isnt coming tmrw"),
            ("en", "cancel jan tomorrow"), ("en", "Jan Peeters won't work tomorrow, please cancel"),
            ("en", "cancel jan wednesday"), ("en", "cancle jan tomorow"),
            ("en", "jan's shift tomorrow is cancelled"), ("en", "pls cancel jan tmrw")),
    *_cases("cancel", _PIETER_SAT,
            ("en", "cancel Pieter's shift on Saturday"), ("en", "pieter sat cancelled"),
            ("en", "Pieter De Smet is not coming on saturday"),
            ("en", "cancel pieter's extra on 5/12"), ("en", "cancel pieter december fifth")),
    *_cases("out", _LUKAS_OUT,
            ("en", "Lukas quits on Friday"), ("en", "lukas schmitz leaves the company on friday"),
            ("en", "lukas's last day is friday"), ("en", "lukas stops on the fourth of december"),
            ("en", "out lukas 4/12")),
    *_cases("out", _KLAUS_OUT,
            ("en", "Klaus leaves on the 15th"), ("en", "end of contract klaus meyer december 15"),
            ("en", "klaus is leaving on the fifteenth")),
    *_cases("update hours", _MARIE_15,
            ("en", "Marie finished early yesterday, at 3pm"),
            ("en", "marie ended at 3 pm yesterday instead of 6"),
            ("en", "yesterday marie was done at three p m"), ("en", "marie yesterday end 15:00"),
            ("en", "change marie's end time yesterday to 3pm")),
    *_cases("update hours", _MARIE_1430, ("en", "marie left at two thirty pm yesterday")),
    *_cases("update hours", _EMMA_11,
            ("en", "Emma starts at 11am on the 12th instead of 10"),
            ("en", "the flexi on the 12th starts at eleven am")),
    *_cases("update hours", _EMMA_14_17, ("en", "move emma's shift on the 12th to 2-5pm")),
    *_cases("update hours", _PIETER_1730,
            ("en", "pieter starts at five thirty pm on saturday"),
            ("en", "pieter starts saturday at 5:30pm instead of 6pm")),
    *_cases("update hours", _JAN_2330,
            ("en", "jan finishes tomorrow at eleven thirty pm"),
            ("en", "jan tomorrow end 11:30pm")),
    *_cases("update end", _LEA_20,
            ("en", "Lea's end date is now the 20th"), ("en", "extend lea until 20/12"),
            ("en", "lea stays until the 20th"),
            ("en", "lea ends on december twentieth instead of the 18th")),
    *_cases("update planned", _LEA_50,
            ("en", "lea will do 50 hours instead of 40"), ("en", "the student works fifty hours")),
    *_cases("guided", _PIETER_SAT, ("en", ("cancellation", "Pieter"))),
    *_cases("guided", _MARIE_15, ("en", ("update", "Marie", "end time", "3pm"))),
    *_cases("guided", _KLAUS_OUT, ("en", ("out", "Klaus Meyer", "December 15"))),
    *_cases("guided", _JAN_TOMORROW, ("en", ("cancellation", "Jan", "tomorrow"))),
    *_cases("ambiguous", None,
            ("en", "cancel Jan"), ("en", "cancel the shift on saturday"), ("en", "cancel Chloe"),
            ("en", "Jan is not coming")),
]


@dataclass(frozen=True)
class Outcome:
    case: Case
    verdict: str  # right, asked, wrong
    detail: str


async def _talk(engine: Engine, case: Case) -> list[Reply]:
    caller = Caller(phone="+32470123456", employers=(EMPLOYER,), language=case.lang)
    key = "sms:+32470123456"
    await engine.set_language(key, case.lang)
    replies: list[Reply] = []
    for line in case.said:
        replies.append(await engine.handle(Turn(key, Channel.SMS, text=line, caller=caller)))
    if replies[-1].summary is not None:  # a hurried caller says yes to whatever is shown
        replies.append(await engine.handle(Turn(key, Channel.SMS, text=YES[case.lang],
                                                caller=caller)))
    return replies


async def judge(case: Case) -> Outcome:
    engine, store = await seeded_engine(FILE, EMPLOYER, NOW)
    try:
        before = {p.period_id: describe(p) for _, p in await filed_periods(engine.service)}
        replies = await _talk(engine, case)
        for n, reply in enumerate(replies):
            if reply.filed is not None:
                check_filed(replies[n - 1].summary, reply.filed)
        changed = [describe(p) for _, p in await filed_periods(engine.service)
                   if describe(p) != before.get(p.period_id)]
        words = render_text(replies[-1]).replace("\n", " / ")
        refused = [r for r in replies if r.filed is not None and r.result == "B"]
        if refused:  # something was sent that was not meant, even if the NSSO refused it
            return Outcome(case, "wrong", f"refused: {words}")
        if not changed:
            return Outcome(case, "asked", words)
        if case.meant is not None and len(changed) == 1 and matches(changed[0], case.meant):
            return Outcome(case, "right", "")
        return Outcome(case, "wrong", f"{changed}")
    finally:
        await store.close()


async def run(cases: list[Case] | None = None) -> list[Outcome]:
    return [await judge(case) for case in (CASES if cases is None else cases)]


def figures(outcomes: list[Outcome]) -> str:
    lines = []
    for lang in ("fr", "nl", "de", "en", None):
        mine = [o for o in outcomes if lang is None or o.case.lang == lang]
        count = Counter(o.verdict for o in mine)
        meant = sum(o.case.meant is not None for o in mine)
        lines.append(f"{lang or 'all'}: {len(mine)} cases ({meant} mean a change): "
                     f"right {count['right']}, asked {count['asked']}, wrong {count['wrong']}")
    return "\n".join(lines)


def main() -> None:
    outcomes = asyncio.run(run())
    verbose = "-v" in sys.argv
    for o in outcomes:
        if o.verdict == "wrong" or (verbose and o.verdict == "asked"):
            print(f"{o.verdict:5} {o.case.lang} {o.case.said} -> {o.detail}")
    print(figures(outcomes))


if __name__ == "__main__":
    main()
