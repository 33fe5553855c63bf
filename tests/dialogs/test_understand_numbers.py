"""understand(): identifiers, spoken and dictated numbers, the expected field."""

from __future__ import annotations

import datetime

import pytest

from core.anomalies import Field
from dialogs.understand import understand, words_to_digits

TODAY = datetime.date(2026, 12, 1)
EMPLOYER, WORKER, PERIOD = Field.EMPLOYER, Field.WORKER, Field.PERIOD


def values(text: str, lang: str = "fr", expecting: Field | None = None
           ) -> dict[Field, object]:
    return understand(text, lang, TODAY, expecting).values


@pytest.mark.parametrize(("text", "expected"), [
    ("0403199702", {EMPLOYER: ("enterprise", "0403199702")}),
    ("0403.199.702", {EMPLOYER: ("enterprise", "0403199702")}),
    ("0403 199 702", {EMPLOYER: ("enterprise", "0403199702")}),
    ("BE 0403.199.702", {EMPLOYER: ("enterprise", "0403199702")}),
    ("bce: 0403199702", {EMPLOYER: ("enterprise", "0403199702")}),
    ("kbo 0403-199-702", {EMPLOYER: ("enterprise", "0403199702")}),
    ("1277920 67", {EMPLOYER: ("nsso", "127792067")}),
    ("000935467", {EMPLOYER: ("nsso", "000935467")}),
    ("onss 0009354-67", {EMPLOYER: ("nsso", "000935467")}),
    ("rsz 5000000120", {EMPLOYER: ("nsso", "5000000120")}),
    ("5000000120", {EMPLOYER: ("nsso", "5000000120")}),
    ("403199702", {EMPLOYER: ("enterprise", "0403199702")}),  # old 9-digit form
    ("85073100130", {WORKER: "85073100130"}),
    ("85.07.31-001.30", {WORKER: "85073100130"}),
    ("85 07 31 001 30", {WORKER: "85073100130"}),
    ("850731 001 30", {WORKER: "85073100130"}),
    ("niss: 85.07.31-001.30", {WORKER: "85073100130"}),
    ("INSZ 85073100130", {WORKER: "85073100130"}),
    ("8507310013", {WORKER: "8507310013"}),  # ten digits, no employer starts with 8
    ("100000000162", {PERIOD: "100000000162"}),
    ("1000 0000 0162", {PERIOD: "100000000162"}),
    ("période 100000000162", {PERIOD: "100000000162"}),
])
def test_identifiers(text: str, expected: dict[Field, object]) -> None:
    assert values(text) == expected


def test_labels_win_over_lengths() -> None:
    assert values("niss 0403199702") == {WORKER: "0403199702"}
    assert values("bce 040319970") == {EMPLOYER: ("nsso", "040319970")}


@pytest.mark.parametrize(("text", "expected"), [
    ("0403 199 702 85 07 31 001 30", {EMPLOYER: ("enterprise", "0403199702"),
                                      WORKER: "85073100130"}),
    ("0403 199 702 302", {EMPLOYER: ("enterprise", "0403199702"), Field.COMMITTEE: "302"}),
    ("85073100130 302", {WORKER: "85073100130", Field.COMMITTEE: "302"}),
    ("niss 85 07 31 001 30 pc 302", {WORKER: "85073100130", Field.COMMITTEE: "302"}),
])
def test_groups_are_cut_where_an_identifier_ends(text: str, expected: dict[Field, object]
                                                 ) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("zéro quatre zéro trois un neuf neuf sept zéro deux", "fr",
     {EMPLOYER: ("enterprise", "0403199702")}),
    ("zero vier nul drie een negen negen zeven nul twee", "nl",
     {EMPLOYER: ("enterprise", "0403199702")}),
    ("null vier null drei eins neun neun sieben null zwei", "de",
     {EMPLOYER: ("enterprise", "0403199702")}),
    ("zero four zero three one nine nine seven zero two", "en",
     {EMPLOYER: ("enterprise", "0403199702")}),
    ("acht vijf nul zeven drie een nul nul een drie nul", "nl", {WORKER: "85073100130"}),
    ("huit cinq zéro sept trois un zéro zéro un trois zéro", "fr", {WORKER: "85073100130"}),
    ("quatre-vingt-cinq zéro sept trente et un zéro zéro un trente", "fr",
     {WORKER: "85073100130"}),
    ("vijfentachtig nul zeven eenendertig nul nul een dertig", "nl", {WORKER: "85073100130"}),
    ("fünfundachtzig null sieben einunddreißig null null eins dreißig", "de",
     {WORKER: "85073100130"}),
    ("eighty five zero seven thirty one zero zero one thirty", "en", {WORKER: "85073100130"}),
    ("trois cent deux", "fr", {Field.COMMITTEE: "302"}),
    ("drie honderd twee", "nl", {Field.COMMITTEE: "302"}),
    ("dreihundertzwei", "de", {Field.COMMITTEE: "302"}),
    ("three hundred two", "en", {Field.COMMITTEE: "302"}),
    ("trois zéro deux", "fr", {Field.COMMITTEE: "302"}),
    ("cent vingt-quatre", "fr", {Field.COMMITTEE: "124"}),
    ("honderdvierenveertig", "nl", {Field.COMMITTEE: "144"}),
])
def test_spoken_numbers(text: str, lang: str, expected: dict[Field, object]) -> None:
    assert values(text, lang) == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("septante-deux", "fr", "72"), ("nonante-neuf", "fr", "99"), ("huitante", "fr", "80"),
    ("quatre-vingt-cinq", "fr", "85"), ("vijfentachtig", "nl", "85"),
    ("tweeëntwintig", "nl", "22"), ("tweeentwintig", "nl", "22"),
    ("drieentwintig", "nl", "23"), ("fünfundachtzig", "de", "85"),
    ("eighty-five", "en", "85"), ("un", "fr", "1"), ("een", "nl", "1"), ("eins", "de", "1"),
    ("le 15 sept", "fr", "le 15 septembre"), ("IN 0403199702", "fr", "IN 0403199702"),
    ("deux mille vingt-six", "fr", "2026"), ("hello", "xx", "hello"),
])
def test_words_to_digits(text: str, lang: str, expected: str) -> None:
    assert words_to_digits(text, lang) == expected


@pytest.mark.parametrize(("text", "expecting", "expected"), [
    ("15", Field.PLANNED_HOURS, 15), ("quinze", Field.PLANNED_HOURS, 15),
    ("302", Field.COMMITTEE, "302"), ("100000000162", PERIOD, "100000000162"),
    ("12345", WORKER, "12345"), ("8507310013", WORKER, "8507310013"),
    ("850731001301", WORKER, "850731001301"), ("85073100130", WORKER, "85073100130"),
    ("0403199702", EMPLOYER, ("enterprise", "0403199702")),
    ("040319970", EMPLOYER, ("nsso", "040319970")),
    ("1234567890", EMPLOYER, ("enterprise", "1234567890")),
    ("10000000017", PERIOD, "10000000017"), ("4 0 3", Field.COMMITTEE, "403"),
])
def test_expected_field_takes_a_bare_number(text: str, expecting: Field, expected: object
                                           ) -> None:
    assert values(text, "fr", expecting) == {expecting: expected}


def test_another_identifier_is_not_forced_into_the_expected_field() -> None:
    assert values("0403199702", "fr", WORKER) == {EMPLOYER: ("enterprise", "0403199702")}
    assert values("85073100130", "fr", EMPLOYER) == {WORKER: "85073100130"}
    assert values("100000000162", "fr", WORKER) == {PERIOD: "100000000162"}


def test_small_numbers_are_not_identifiers() -> None:
    assert values("1", "fr", WORKER) == {}
    assert values("20") == {}
    assert values("EXT 20", "fr", Field.PLANNED_HOURS) == {Field.WORKER_TYPE: "EXT",
                                                             Field.PLANNED_HOURS: 20}


def test_several_fields_one_expected() -> None:
    assert values("0403199702 85073100130", "fr", EMPLOYER) == {
        EMPLOYER: ("enterprise", "0403199702"), WORKER: "85073100130"}


def test_articles_that_are_numbers_do_no_harm() -> None:
    assert values("un étudiant vingt heures") == {Field.WORKER_TYPE: "STU",
                                                  Field.PLANNED_HOURS: 20}
    assert values("een student twintig uur", "nl") == {Field.WORKER_TYPE: "STU",
                                                       Field.PLANNED_HOURS: 20}
    assert values("ein Student zwanzig Stunden", "de") == {Field.WORKER_TYPE: "STU",
                                                           Field.PLANNED_HOURS: 20}
