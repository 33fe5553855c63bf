"""A corpus of real phrasings, by class, in fr/nl/de/en, and what each must file.

Each case is a short conversation of an enrolled phone (SMS shorthand, typos,
speech-like transcripts). When something is to be filed, the last reply must
be a summary; the caller then says yes and the personnel file must hold
exactly the period expected -- and what was filed must be what the summary
showed. A case expecting nothing must file nothing, whatever is answered.
Every case runs twice: typed (the engine, as SMS gives it) and said on a phone
call, each line as ``SpeechResult`` on the real ``/voice/twilio``.
``test_the_corpus_is_large`` keeps the corpus from shrinking.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from core.model import Kind, Request
from dialogs.turn import Caller, Channel, Turn
from tests.dialogs.phrasing import Phrasing, Said, cases, matches, on_a_call, seeded_engine
from tests.dialogs.transcript import check_filed, describe, filed_periods

NOW = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
EMPLOYER = "0403199702"
YES = {"fr": "oui", "nl": "ja", "de": "ja", "en": "yes"}
NO = {"fr": "non", "nl": "nee", "de": "nein", "en": "no"}
JAN, MARIE, LUKAS, EMMA, PIETER = ("85073100130", "92041512230", "01020300467", "99010133374",
                                   "88061216309")
D = datetime.date
T = datetime.time
#: The personnel file every case starts from (today is Tuesday 1 December 2026).
FILE = (
    Request(Kind.IN, ssin=JAN, committee="XXX", worker_type="OTH", start_date=D(2026, 12, 1)),
    Request(Kind.IN, ssin=MARIE, committee="302", worker_type="EXT", start_date=D(2026, 12, 2),
            end_date=D(2026, 12, 2), start_hour=T(18), end_hour=T(23)),
    Request(Kind.IN, ssin=LUKAS, committee="XXX", worker_type="STU", start_date=D(2026, 12, 3),
            end_date=D(2026, 12, 20), planned_hours=40),
    Request(Kind.IN, ssin=EMMA, committee="302", worker_type="FLX", start_date=D(2026, 12, 4),
            end_date=D(2026, 12, 4), start_hour=T(18), end_hour=T(23)),
)


@dataclass(frozen=True)
class Case(Phrasing):
    filed: str | None  # the period expected, in transcript words; None: nothing is filed
    confirmed: bool = False  # the last line is the caller's own "yes"


def _cases(kind: str, filed: str | None, *said: Said) -> list[Case]:
    return cases(Case, kind, filed, *said)


_EXT15 = f"ssin={JAN} type=EXT committee=302 start=2026-12-15 end=2026-12-15"
CASES: list[Case] = [
    # -- one message, new work -----------------------------------------------------------
    *_cases("one message", f"{_EXT15} hours=18:00-23:00",
            ("fr", f"IN {JAN} 302 EXT 15/12 18h-23h"), ("fr", f"in {JAN} horeca extra 15/12 18-23h"),
            ("fr", f"{JAN} extra horeca le 15 décembre de 18h à 23h"),
            ("fr", f"IN {JAN} 302 EXT 15/12 18:00-23:00"), ("nl", f"IN {JAN} 302 EXT 15/12 18u-23u"),
            ("nl", f"{JAN} horeca extra 15 december van 18 tot 23 uur"),
            ("de", f"IN {JAN} 302 EXT 15.12. 18-23 Uhr"),
            ("de", f"{JAN} Gastgewerbe Aushilfe am 15. Dezember von 18 bis 23 Uhr"),
            ("en", f"IN {JAN} 302 EXT 15/12 6pm-11pm"),
            ("en", f"{JAN} hospitality extra december 15th from 6pm to 11pm"),
            ("en", f"IN {JAN} 302 EXT 15/12 6-11pm"), ("en", f"IN {JAN} 302 EXT 15/12 6pm till 11"),
            ("de", f"IN {JAN} 302 EXT 15.12. 18.00-23 Uhr")),
    *_cases("one message", f"{_EXT15} hours=18:30-23:00",
            ("de", f"IN {JAN} 302 EXT 15.12. 18.30-23 Uhr"), ("nl", f"IN {JAN} 302 EXT 15/12 18u30-23u"),
            ("fr", f"IN {JAN} 302 EXT 15/12 18h30-23h"),
            ("en", f"IN {JAN} 302 EXT 15/12 six thirty p m to eleven pm"),
            ("nl", f"IN {JAN} 302 EXT 15/12 van half zeven tot elf uur 's avonds"),
            ("de", f"IN {JAN} 302 EXT 15.12. von halb sieben bis elf Uhr abends"),
            ("fr", f"IN {JAN} 302 EXT 15/12 de six heures et demie à onze heures du soir")),
    *_cases("one message", f"{_EXT15} hours=18:15-23:00",
            ("nl", f"IN {JAN} 302 EXT 15/12 van kwart over zes tot elf uur 's avonds"),
            ("de", f"IN {JAN} 302 EXT 15.12. von Viertel nach sechs bis elf Uhr abends"),
            ("en", f"IN {JAN} 302 EXT 15/12 from quarter past six to eleven in the evening"),
            ("fr", f"IN {JAN} 302 EXT 15/12 de six heures et quart à onze heures du soir")),
    # -- tonight, the same day -----------------------------------------------------------
    *_cases("tonight", f"ssin={JAN} type=EXT committee=302 start=2026-12-01 hours=18:00-23:00",
            ("fr", f"IN {JAN} 302 EXT ce soir de 6 à 11"), ("fr", f"IN {JAN} 302 EXT ce soir 18h-23h"),
            ("nl", f"IN {JAN} 302 EXT vanavond van 6 tot 11"), ("nl", f"IN {JAN} 302 EXT vanavond 18-23u"),
            ("de", f"IN {JAN} 302 EXT heute Abend von 6 bis 11"),
            ("de", f"IN {JAN} 302 EXT heute abend 18-23 Uhr"),
            ("en", f"IN {JAN} 302 EXT tonight 6-11pm"), ("en", f"IN {JAN} 302 EXT tonight from 6 to 11")),
    *_cases("same day", f"ssin={EMMA} type=FLX committee=302 start=2026-12-10 end=2026-12-10",
            ("fr", f"IN {EMMA} 302 flexi 10/12 18h-23h fin le même jour"),
            ("nl", f"IN {EMMA} 302 flexi 10/12 18u-23u einde dezelfde dag"),
            ("de", f"IN {EMMA} 302 Flexi 10.12. 18-23 Uhr Ende am selben Tag"),
            ("en", f"IN {EMMA} 302 flexi 10/12 6pm-11pm end same day")),
    # -- articles are not numbers: the planned hours are asked ---------------------------
    *_cases("articles", f"ssin={PIETER} type=STU start=2026-12-14 end=2026-12-20 planned=20",
            ("fr", (f"IN un étudiant {PIETER} XXX du 14/12 au 20/12", "20")),
            ("fr", (f"un étudiant {PIETER} autre secteur du 14 au 20 décembre", "vingt heures")),
            ("fr", (f"IN une étudiante {PIETER} XXX du 14/12 au 20/12", "20 heures")),
            ("nl", (f"IN een student {PIETER} XXX van 14/12 tot 20/12", "twintig uur")),
            ("nl", (f"een jobstudent {PIETER} XXX 14/12 tot 20/12", "20")),
            ("de", (f"IN ein Student {PIETER} XXX vom 14.12. bis 20.12.", "20 Stunden")),
            ("de", (f"eine Studentin {PIETER} XXX vom 14.12. bis 20.12.", "zwanzig")),
            ("en", (f"IN a student {PIETER} XXX from 14/12 to 20/12", "twenty hours")),
            ("en", (f"IN 1 student {PIETER} XXX from 14/12 to 20/12", "20"))),
    # -- typos in keywords -----------------------------------------------------------------
    *_cases("typos", f"ssin={JAN} type=EXT committee=302 start=2026-12-02 hours=18:00-23:00",
            ("fr", f"IN {JAN} horeca extar demian 18h-23h"), ("fr", f"IN {JAN} 302 exrta demain 18h-23h"),
            ("nl", f"IN {JAN} horeca extar morgne 18u-23u"), ("de", f"IN {JAN} 302 Aushilfe mrogen 18-23 Uhr"),
            ("en", f"IN {JAN} 302 extar tomorow 6pm-11pm")),
    # -- worker types in plain words -----------------------------------------------------
    *_cases("worker types", f"ssin={PIETER} type=BCW committee=124 start=2026-12-07",
            ("fr", f"IN {PIETER} ouvrier de la construction 7/12"), ("nl", f"IN {PIETER} bouwvakker 7/12"),
            ("de", f"IN {PIETER} Bauarbeiter 7.12."), ("en", f"IN {PIETER} construction worker 7/12")),
    *_cases("worker types", f"ssin={PIETER} type=OTH committee=XXX start=2026-12-07",
            ("fr", f"IN {PIETER} XXX employé 7/12"), ("nl", f"IN {PIETER} XXX bediende 7/12"),
            ("de", f"IN {PIETER} XXX Angestellter 7.12."), ("en", f"IN {PIETER} XXX employee 7/12")),
    *_cases("worker types", f"ssin={PIETER} type=STG committee=XXX start=2026-12-07 end=2026-12-18",
            ("fr", f"IN {PIETER} XXX stagiaire du 7/12 au 18/12"),
            ("nl", f"IN {PIETER} XXX stagiair van 7/12 tot 18/12"),
            ("de", f"IN {PIETER} XXX Praktikant vom 7.12. bis 18.12."),
            ("en", f"IN {PIETER} XXX intern from 7/12 to 18/12")),
    # -- agency work ---------------------------------------------------------------------
    *_cases("agency", f"ssin={JAN} type=EXT committee=322 start=2026-12-29 user=0852093431/302",
            ("fr", f"IN {JAN} 322 EXT 29/12 9h-17h utilisateur 0852093431 cp 302"),
            ("fr", f"IN {JAN} intérim extra 29/12 9h-17h utilisateur 0852.093.431 horeca"),
            ("nl", f"IN {JAN} 322 EXT 29/12 9u-17u gebruiker 0852093431 pc 302"),
            ("de", f"IN {JAN} 322 EXT 29.12. 9-17 Uhr Entleiher 0852093431 PK 302"),
            ("en", f"IN {JAN} 322 EXT 29/12 9am-5pm user 0852093431 jc 302"),
            ("fr", (f"IN {JAN} 322 EXT 29/12 9h-17h", "0852093431", "302")),
            ("nl", (f"IN {JAN} uitzendarbeid extra 29/12 9u-17u", "0852093431", "horeca"))),
    # -- corrections at the summary change only the field they name ----------------------
    *_cases("corrections", f"{_EXT15} hours=18:00-23:30",
            ("fr", (f"IN {JAN} 302 EXT 15/12 18h-23h", "il finit à 23h30")),
            ("fr", (f"IN {JAN} 302 EXT 15/12 18h-23h", "heure de fin 23h30")),
            ("nl", (f"IN {JAN} 302 EXT 15/12 18u-23u", "einde 23u30")),
            ("nl", (f"IN {JAN} 302 EXT 15/12 18u-23u", "hij stopt om 23u30")),
            ("de", (f"IN {JAN} 302 EXT 15.12. 18-23 Uhr", "Ende 23:30 Uhr")),
            ("en", (f"IN {JAN} 302 EXT 15/12 6pm-11pm", "it ends at 11:30pm")),
            ("en", (f"IN {JAN} 302 EXT 15/12 6pm-11pm", "end time 23:30"))),
    *_cases("corrections", f"ssin={JAN} type=EXT start=2026-12-16 end=2026-12-16 hours=17:00-23:00",
            ("fr", (f"IN {JAN} 302 EXT 15/12 17h-23h", "non, la date c'est le 16")),
            ("nl", (f"IN {JAN} 302 EXT 15/12 17u-23u", "nee, de datum is de 16e")),
            ("de", (f"IN {JAN} 302 EXT 15.12. 17-23 Uhr", "nein, das Datum ist der 16.")),
            ("en", (f"IN {JAN} 302 EXT 15/12 5pm-11pm", "no, the date is the 16th")),
            ("nl", (f"IN {JAN} 302 EXT 16/12 18u-23u", "begin 17u")),
            ("fr", (f"IN {JAN} 302 EXT 16/12 18h-23h", "il commence à 17h"))),
    # -- OUT, UPDATE, CANCEL of existing work --------------------------------------------
    *_cases("out", f"ssin={JAN} type=OTH start=2026-12-01 end=2026-12-15",
            ("fr", "Jan Peeters quitte la société le 15/12"), ("fr", "sortie Peeters 15/12"),
            ("fr", f"OUT {JAN} 15/12"), ("nl", "Peeters stopt op 15/12"),
            ("nl", "uit dienst Jan 15 december"), ("de", "Jan hört am 15.12. auf"),
            ("de", "Austritt Peeters 15.12."), ("en", "Jan Peeters leaves on December 15"),
            ("en", "Jan's last day is 15/12"), ("fr", ("sortie", "Peters", "15/12"))),
    *_cases("update", f"ssin={LUKAS} type=STU start=2026-12-03 end=2026-12-20 planned=60",
            ("fr", "l'étudiant fera 60h au lieu de 40"), ("nl", "de student doet 60u ipv 40"),
            ("nl", "Lukas 60 uur in plaats van 40"), ("de", "der Student macht 60 Stunden statt 40"),
            ("de", "Lukas 60 Stunden anstatt 40"), ("en", "the student will work 60 hours instead of 40")),
    *_cases("update", f"ssin={LUKAS} type=STU start=2026-12-03 end=2026-12-23 planned=40",
            ("fr", "prolonger Lukas jusqu'au 23/12"), ("fr", "prolongation de l'étudiant jusqu'au 23 décembre"),
            ("nl", "Lukas verlengen tot 23 december"), ("de", "Lukas verlängern bis 23.12."),
            ("en", "extend Lukas until December 23")),
    *_cases("update", f"ssin={MARIE} type=EXT start=2026-12-02 hours=18:00-23:30",
            ("fr", "l'extra de demain finit à 23h30"), ("nl", "de extra van morgen eindigt om 23u30"),
            ("de", "die Aushilfe von morgen endet um 23:30 Uhr"), ("en", "tomorrow's extra ends at 11:30pm"),
            ("fr", "Marie finit à 23h30 au lieu de 23h")),
    *_cases("cancel", f"ssin={EMMA} type=FLX start=2026-12-04 status=cancelled",
            ("fr", "annuler la flexi de vendredi"), ("fr", "annule Emma"), ("nl", "annuleer de flexi van vrijdag"),
            ("nl", "schrappen Emma Janssens"), ("de", "den Flexi vom Freitag stornieren"),
            ("de", "Emma stornieren"), ("en", "cancel the flexi from friday"), ("en", "cancel Emma's shift")),
    *_cases("cancel", f"ssin={MARIE} type=EXT start=2026-12-02 status=cancelled",
            ("fr", "annuler l'extra de demain"), ("nl", "annuleer de extra van morgen"),
            ("de", "die Aushilfe von morgen stornieren"), ("en", "cancel tomorrow's extra")),
    # -- nothing to file --------------------------------------------------------------------
    *_cases("stop", None, ("fr", "annuler"), ("fr", "stop"), ("fr", "quitter"), ("nl", "annuleren"),
            ("nl", "stop"), ("de", "abbrechen"), ("de", "aufhören"), ("en", "cancel"), ("en", "quit"),
            ("fr", (f"IN {JAN} 302 EXT 15/12 18h-23h", "non", "annuler"))),
    *_cases("not allowed", None, ("fr", f"IN 0877123488 {JAN} XXX OTH 3/12"),
            ("en", f"IN 0877123488 {JAN} XXX OTH 3/12")),
    *_cases("end before start", None, ("fr", f"IN {JAN} XXX flexi 15/12 15/12 22h-6h"),
            ("nl", f"IN {JAN} XXX flexi 15/12 15/12 22u-6u")),
]

_IN = f"IN {PIETER} XXX OTH 7/12"
_YES_WORDS = {
    "fr": ("oui", "ouais", "ouaip", "ça marche", "d'accord", "ok", "c'est bon", "parfait",
           "je confirme", "oui oui", "1", "exact", "tout à fait"),
    "nl": ("ja", "jep", "klopt", "dat klopt", "jawel", "oké", "akkoord", "prima", "in orde",
           "ja hoor", "1", "juist", "doe maar"),
    "de": ("ja", "genau", "jawohl", "stimmt", "passt", "alles klar", "in Ordnung", "richtig",
           "ja genau", "1", "einverstanden", "passt so", "korrekt"),
    "en": ("yes", "yep", "yeah", "sure", "ok", "okay", "correct", "that's right", "go ahead",
           "sounds good", "1", "yes please", "all good"),
}
CASES += [Case("yes words", lang, (_IN, word), f"ssin={PIETER} type=OTH start=2026-12-07",
               confirmed=True) for lang, words in _YES_WORDS.items() for word in words]
_NO_WORDS = {"fr": ("non", "2", "pas d'accord", "c'est faux"), "nl": ("nee", "neen", "2", "klopt niet"),
             "de": ("nein", "2", "falsch", "stimmt nicht"), "en": ("no", "nope", "2", "wrong")}
CASES += [Case("no words", lang, (_IN, word), None)
          for lang, words in _NO_WORDS.items() for word in words]

#: Where the night question is answered: what is filed after yes.
NIGHT = [
    Case("night shift", "fr", (f"IN {MARIE} 302 EXT 18/12 22h-2h", "oui"),
         f"ssin={MARIE} type=EXT start=2026-12-18 end=2026-12-19 hours=22:00-02:00"),
    Case("night shift", "nl", (f"IN {MARIE} 302 EXT 18/12 22u-2u", "ja"),
         f"ssin={MARIE} type=EXT start=2026-12-18 end=2026-12-19 hours=22:00-02:00"),
    Case("night shift", "de", (f"IN {MARIE} 302 EXT 18.12. 17-10 Uhr", "nein", "22 Uhr"),
         f"ssin={MARIE} type=EXT start=2026-12-18 end=2026-12-18 hours=17:00-22:00"),
    Case("night shift", "en", (f"IN {MARIE} 302 EXT 18/12 5pm-10am", "no", "10pm"),
         f"ssin={MARIE} type=EXT start=2026-12-18 end=2026-12-18 hours=17:00-22:00"),
]


@pytest.mark.parametrize("case", CASES + NIGHT, ids=lambda c: c.id)
async def test_phrasing(case: Case) -> None:
    channel = Channel.SMS
    engine, store = await seeded_engine(FILE, EMPLOYER, NOW)
    caller = Caller(phone="+32470123456", employers=(EMPLOYER,), language=case.lang)
    key = f"{channel.value}:+32470123456"
    await engine.set_language(key, case.lang)
    before = {p.period_id: describe(p) for _, p in await filed_periods(engine.service)}
    try:
        replies = [await engine.handle(Turn(key, channel, text=line, caller=caller))
                   for line in case.said]
        last = replies[-1]
        if case.confirmed:  # the caller's own yes: the previous reply was the summary
            assert last.filed is not None, f"{case.said[-1]!r} filed nothing: {last.messages}"
            check_filed(replies[-2].summary, last.filed)
            changed = [describe(p) for _, p in await filed_periods(engine.service)
                       if describe(p) != before.get(p.period_id)]
            assert len(changed) == 1 and matches(changed[0], case.filed or ""), changed
            return
        if case.filed is None:
            if last.summary is not None:  # shown: "no" must not file either
                await engine.handle(Turn(key, channel, text="2", caller=caller))
            after = {p.period_id: describe(p) for _, p in await filed_periods(engine.service)}
            assert after == before, "something was filed"
            assert all(r.filed is None for r in replies)
            return
        assert last.summary is not None, f"no summary after {case.said}: {last.messages}"
        done = await engine.handle(Turn(key, channel, text=YES[case.lang], caller=caller))
        assert done.filed is not None and done.outcome is not None
        check_filed(last.summary, done.filed)
        changed = [describe(p) for _, p in await filed_periods(engine.service)
                   if describe(p) != before.get(p.period_id)]
        assert len(changed) == 1 and matches(changed[0], case.filed), (changed, case.filed)
    finally:
        await store.close()


def test_the_corpus_is_large() -> None:
    by_class = Counter(c.kind for c in CASES + NIGHT)
    by_lang = Counter(c.lang for c in CASES + NIGHT)
    assert len(CASES) + len(NIGHT) >= 150
    assert all(by_lang[lang] >= 25 for lang in ("fr", "nl", "de", "en")), by_lang
    assert all(n >= 2 for n in by_class.values()), by_class


@pytest.mark.parametrize("case", CASES + NIGHT, ids=lambda c: c.id)
async def test_phrasing_said_on_a_twilio_call(case: Case, app_client: Any) -> None:
    """Every case, as ``SpeechResult`` on ``/voice/twilio``: a call of the enrolled phone
    (greeted in its language), its PIN typed, each line said; what is filed is what the
    summary showed, and the personnel file holds exactly the period expected."""
    on = await on_a_call(app_client, FILE, EMPLOYER, case.lang, f"CA-{abs(hash(case.id))}")
    service, before, replies, call = on.service, on.before, on.replies, on.call
    assert on.opened.gather is not None, on.opened.text
    said = [await call.send(speech=line) for line in case.said]
    if case.filed is not None and not case.confirmed:
        assert replies[-1].summary is not None, said[-1].text
        await call.send(speech=YES[case.lang])
    elif case.filed is None and said[-1].gather is not None and replies[-1].summary:
        await call.send(speech=NO[case.lang])
    filings = [(n, r.filed) for n, r in enumerate(replies) if r.filed is not None]
    for n, filed in filings:
        check_filed(replies[n - 1].summary, filed)
    changed = [describe(p) for _, p in await filed_periods(service)
               if describe(p) != before.get(p.period_id)]
    if case.filed is None:
        assert changed == [] and filings == []
    else:
        assert len(changed) == 1 and matches(changed[0], case.filed), (changed, case.filed)
