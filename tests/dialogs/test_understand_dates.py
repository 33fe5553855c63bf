"""understand(): dates, clock times and ranges in the four languages."""

from __future__ import annotations

import datetime

import pytest

from core.anomalies import Field
from core.model import Kind
from dialogs.understand import understand

TODAY = datetime.date(2026, 12, 1)  # a Tuesday
D = datetime.date
T = datetime.time
START, END = Field.START_DATE, Field.END_DATE
FROM, TO = Field.START_HOUR, Field.END_HOUR


def values(text: str, lang: str = "fr", expecting: Field | None = None,
           today: datetime.date = TODAY) -> dict[Field, object]:
    return understand(text, lang, today, expecting).values


@pytest.mark.parametrize(("text", "lang", "date"), [
    ("15/12", "fr", D(2026, 12, 15)), ("15-12-2026", "nl", D(2026, 12, 15)),
    ("15.12.2026", "de", D(2026, 12, 15)), ("15.12.", "de", D(2026, 12, 15)),
    ("15/12/26", "fr", D(2026, 12, 15)), ("2026-12-15", "en", D(2026, 12, 15)),
    ("1/1", "fr", D(2027, 1, 1)), ("15/01", "fr", D(2027, 1, 15)),
    ("1/12", "fr", D(2026, 12, 1)), ("30/11", "fr", D(2026, 11, 30)),
    ("15 décembre", "fr", D(2026, 12, 15)), ("15 decembre", "fr", D(2026, 12, 15)),
    ("15 déc.", "fr", D(2026, 12, 15)), ("15 sept", "fr", D(2026, 9, 15)),
    ("15 août", "fr", D(2027, 8, 15)),
    ("le 15 décembre 2027", "fr", D(2027, 12, 15)), ("1er janvier", "fr", D(2027, 1, 1)),
    ("le premier janvier", "fr", D(2027, 1, 1)), ("15 december", "nl", D(2026, 12, 15)),
    ("15 dec", "nl", D(2026, 12, 15)), ("op 15 maart", "nl", D(2027, 3, 15)),
    ("15 mrt", "nl", D(2027, 3, 15)), ("de vijftiende december", "nl", D(2026, 12, 15)),
    ("15. Dezember", "de", D(2026, 12, 15)), ("am 15. Dezember", "de", D(2026, 12, 15)),
    ("15. März", "de", D(2027, 3, 15)), ("15 Maerz", "de", D(2027, 3, 15)),
    ("fünfzehnter Dezember", "de", D(2026, 12, 15)), ("December 15", "en", D(2026, 12, 15)),
    ("december 15th", "en", D(2026, 12, 15)), ("the 15th of December", "en", D(2026, 12, 15)),
    ("15 Dec 2026", "en", D(2026, 12, 15)), ("le 15", "fr", D(2026, 12, 15)),
    ("le 1er", "fr", D(2026, 12, 1)), ("le 31", "fr", D(2026, 12, 31)),
    ("am 3.", "de", D(2026, 12, 3)), ("the 3rd", "en", D(2026, 12, 3)),
    ("op de 3e", "nl", D(2026, 12, 3)), ("vendredi 15 décembre", "fr", D(2026, 12, 15)),
    ("Freitag, 15. Dezember", "de", D(2026, 12, 15)), ("vrijdag 15 december", "nl",
                                                         D(2026, 12, 15)),
    ("vendredi 4", "fr", D(2026, 12, 4)),
])
def test_dates(text: str, lang: str, date: D) -> None:
    assert values(text, lang) == {START: date}


@pytest.mark.parametrize(("text", "lang", "days"), [
    ("aujourd'hui", "fr", 0), ("aujourd’hui", "fr", 0), ("demain", "fr", 1),
    ("après-demain", "fr", 2), ("apres demain", "fr", 2), ("vandaag", "nl", 0),
    ("morgen", "nl", 1), ("overmorgen", "nl", 2), ("heute", "de", 0), ("morgen", "de", 1),
    ("übermorgen", "de", 2), ("uebermorgen", "de", 2), ("today", "en", 0),
    ("tomorrow", "en", 1), ("day after tomorrow", "en", 2), ("demain", "nl", 1),
])
def test_relative_days(text: str, lang: str, days: int) -> None:
    assert values(text, lang) == {START: TODAY + datetime.timedelta(days=days)}


@pytest.mark.parametrize(("text", "lang", "date"), [
    ("mardi", "fr", D(2026, 12, 1)),  # today's weekday is today
    ("mardi prochain", "fr", D(2026, 12, 8)), ("vendredi", "fr", D(2026, 12, 4)),
    ("lundi", "fr", D(2026, 12, 7)), ("ce vendredi", "fr", D(2026, 12, 4)),
    ("vrijdag", "nl", D(2026, 12, 4)), ("volgende dinsdag", "nl", D(2026, 12, 8)),
    ("Freitag", "de", D(2026, 12, 4)), ("nächsten Dienstag", "de", D(2026, 12, 8)),
    ("friday", "en", D(2026, 12, 4)), ("next tuesday", "en", D(2026, 12, 8)),
    ("sun", "en", D(2026, 12, 6)), ("sam.", "fr", D(2026, 12, 5)),
])
def test_weekdays(text: str, lang: str, date: D) -> None:
    assert values(text, lang) == {START: date}


@pytest.mark.parametrize("text", ["31/02", "30/02/2027", "31 avril", "31.04."])
def test_impossible_dates_keep_their_text(text: str) -> None:
    value = values(text)[START]
    assert isinstance(value, str)


def test_leap_day_waits_for_a_leap_year() -> None:
    assert values("29/02") == {START: D(2028, 2, 29)}


def test_day_alone_rolls_to_next_month() -> None:
    assert values("le 1", today=D(2026, 12, 2)) == {START: D(2027, 1, 1)}
    assert values("le 31", today=D(2027, 2, 1)) == {START: D(2027, 3, 31)}


@pytest.mark.parametrize(("text", "lang", "time"), [
    ("18h", "fr", T(18)), ("18h30", "fr", T(18, 30)), ("18 h 30", "fr", T(18, 30)),
    ("18:30", "fr", T(18, 30)), ("18u30", "nl", T(18, 30)), ("18u", "nl", T(18)),
    ("18 uur", "nl", T(18)), ("18.30 uur", "nl", T(18, 30)), ("om 18.30", "nl", T(18, 30)),
    ("18 Uhr", "de", T(18)), ("18 Uhr 30", "de", T(18, 30)), ("18:30 Uhr", "de", T(18, 30)),
    ("6pm", "en", T(18)), ("6 pm", "en", T(18)), ("6:30 p.m.", "en", T(18, 30)),
    ("12am", "en", T(0)), ("6 o'clock", "en", T(6)), ("24h", "fr", T(0)), ("0h", "fr", T(0)),
    ("midi", "fr", T(12)), ("minuit", "fr", T(0)), ("Mitternacht", "de", T(0)),
    ("noon", "en", T(12)), ("à 9h", "fr", T(9)), ("dix-huit heures trente", "fr", T(18, 30)),
    ("achttien uur dertig", "nl", T(18, 30)), ("achtzehn Uhr dreißig", "de", T(18, 30)),
    ("six pm", "en", T(18)),
])
def test_times(text: str, lang: str, time: T) -> None:
    assert values(text, lang) == {FROM: time}


@pytest.mark.parametrize(("text", "lang", "expecting", "time"), [
    ("1830", "fr", FROM, T(18, 30)), ("830", "fr", FROM, T(8, 30)),
    ("18", "nl", FROM, T(18)), ("23h", "fr", TO, T(23)), ("2300", "de", TO, T(23)),
    ("18 30", "fr", FROM, T(18, 30)),
])
def test_keyed_times_when_expected(text: str, lang: str, expecting: Field, time: T) -> None:
    assert values(text, lang, expecting) == {expecting: time}


def test_impossible_time_when_expected_keeps_its_digits() -> None:
    assert values("2575", expecting=FROM) == {FROM: "2575"}
    assert values("25h61").get(FROM) is None


@pytest.mark.parametrize(("text", "lang"), [
    ("18h-23h", "fr"), ("18h - 23h", "fr"), ("18-23h", "fr"), ("18h à 23h", "fr"),
    ("de 18h à 23h", "fr"), ("de 18 à 23 heures", "fr"), ("entre 18h et 23h", "fr"),
    ("18:00-23:00", "fr"), ("van 18u tot 23u", "nl"), ("van 18 tot 23 uur", "nl"),
    ("tussen 18 en 23 uur", "nl"), ("18.00-23.00", "nl"), ("von 18 bis 23 Uhr", "de"),
    ("18-23 Uhr", "de"), ("zwischen 18 und 23 Uhr", "de"), ("from 6pm to 11pm", "en"),
    ("6pm-11pm", "en"), ("between 6 pm and 11 pm", "en"), ("18h/23h", "fr"),
    ("de dix-huit heures à vingt-trois heures", "fr"),
])
def test_time_ranges(text: str, lang: str) -> None:
    assert values(text, lang) == {FROM: T(18), TO: T(23)}


@pytest.mark.parametrize(("text", "lang"), [
    ("du 1/12 au 20/12", "fr"), ("du 1 au 20 décembre", "fr"), ("1/12 - 20/12", "fr"),
    ("du premier au vingt décembre", "fr"), ("van 1/12 tot 20/12", "nl"),
    ("van 1 tot 20 december", "nl"), ("vom 1.12. bis 20.12.", "de"),
    ("vom 1. bis 20. Dezember", "de"), ("from 1/12 to 20/12", "en"),
    ("from december 1 until december 20", "en"), ("début 1/12 fin 20/12", "fr"),
    ("Beginn 1.12. Ende 20.12.", "de"), ("start 1/12 einde 20/12", "nl"),
    ("à partir du 1/12 jusqu'au 20/12", "fr"),
])
def test_date_ranges(text: str, lang: str) -> None:
    assert values(text, lang) == {START: D(2026, 12, 1), END: D(2026, 12, 20)}


def test_date_range_over_new_year() -> None:
    assert values("du 28 au 3 janvier") == {START: D(2026, 12, 28), END: D(2027, 1, 3)}


def test_night_shift_with_dates_and_hours() -> None:
    assert values("du 15/12 22h au 16/12 6h") == {
        START: D(2026, 12, 15), FROM: T(22), END: D(2026, 12, 16), TO: T(6)}


@pytest.mark.parametrize(("text", "lang"), [
    ("demain de 18h à 23h", "fr"), ("morgen van 18 tot 23 uur", "nl"),
    ("morgen von 18 bis 23 Uhr", "de"), ("tomorrow from 6pm to 11pm", "en"),
    ("18h-23h demain", "fr"), ("2/12 18h-23h", "fr"),
])
def test_date_and_time_range(text: str, lang: str) -> None:
    assert values(text, lang) == {START: D(2026, 12, 2), FROM: T(18), TO: T(23)}


@pytest.mark.parametrize(("text", "lang"), [
    ("début: 15/12 18h fin: 15/12 23h", "fr"), ("début le 15/12 à 18h fin le 15/12 à 23h",
                                                "fr"),
    ("Beginn 15.12. 18 Uhr Ende 15.12. 23 Uhr", "de"), ("start 15/12 18u einde 15/12 23u",
                                                          "nl"),
    ("start 15/12 6pm end 15/12 11pm", "en"),
])
def test_start_and_end_labels(text: str, lang: str) -> None:
    assert values(text, lang) == {START: D(2026, 12, 15), FROM: T(18),
                                  END: D(2026, 12, 15), TO: T(23)}


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("jusqu'au 20/12", "fr", {END: D(2026, 12, 20)}), ("tot 20/12", "nl", {END: D(2026, 12, 20)}),
    ("bis 20.12.", "de", {END: D(2026, 12, 20)}), ("until 23h", "en", {TO: T(23)}),
    ("fin 23h", "fr", {TO: T(23)}), ("vanaf 15/12", "nl", {START: D(2026, 12, 15)}),
    ("à partir de 18h", "fr", {FROM: T(18)}), ("ab 18 Uhr", "de", {FROM: T(18)}),
])
def test_one_sided_labels(text: str, lang: str, expected: dict[Field, object]) -> None:
    assert values(text, lang) == expected


def test_second_lone_date_and_time_are_the_end() -> None:
    assert values("15/12 18h 16/12 2h") == {START: D(2026, 12, 15), FROM: T(18),
                                             END: D(2026, 12, 16), TO: T(2)}


def test_out_fills_the_end_first() -> None:
    heard = understand("OUT 85073100130 20/12 23h", "fr", TODAY)
    assert heard.kind is Kind.OUT
    assert heard.values == {Field.WORKER: "85073100130", END: D(2026, 12, 20), TO: T(23)}


@pytest.mark.parametrize(("text", "expecting", "expected"), [
    ("demain", END, {END: D(2026, 12, 2)}), ("15/12", END, {END: D(2026, 12, 15)}),
    ("23h", TO, {TO: T(23)}), ("15", START, {START: D(2026, 12, 15)}),
    ("15122026", START, {START: D(2026, 12, 15)}), ("1512", END, {END: D(2026, 12, 15)}),
    ("151226", START, {START: D(2026, 12, 15)}), ("31022027", START, {START: "31022027"}),
    ("15 12 2026", START, {START: D(2026, 12, 15)}),
])
def test_expected_date_or_time(text: str, expecting: Field, expected: dict[Field, object]
                               ) -> None:
    assert values(text, "fr", expecting) == expected
