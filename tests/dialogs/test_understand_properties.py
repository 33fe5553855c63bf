"""understand(): never raises, always typed values; the word lists are sound.

Its cost is checked by counting work in test_understand_linear.py and measured in
bench/understand.py: no test here reads a clock.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.anomalies import Field
from dialogs.understand import Understood, understand
from dialogs.understand.lexicon import LANGUAGES, lookup, phrase_key

TODAY = datetime.date(2026, 12, 1)
LANGS = ("fr", "nl", "de", "en")
_SNIPPETS = (
    "15/12", "31/02", "18h", "18:30", "18h-23h", "0403199702", "85.07.31-001.30", "302",
    "1", "2", "-", ":", ".", "15.12.", "18-23", "1er", "15th", "2026", "24h", "25h", "6pm",
    "IN", "OUT", "EXT", "STU", "niss", "pc", "du", "au", "van", "tot", "von", "bis", "le",
    "demain", "morgen", "décembre", "Dezember", "oui", "nee", "annuler", "stop", "date",
    "heure de fin", "wijzig", "ändern", "quinze", "vijfentachtig", "zéro", "?", "fin",
)


def _well_typed(fld: Field, value: object) -> bool:
    if fld is Field.EMPLOYER:
        return (isinstance(value, tuple) and value[0] in ("enterprise", "nsso")
                and str(value[1]).isdigit())
    if fld in (Field.WORKER, Field.PERIOD, Field.USER_ENTERPRISE, Field.SUB_ENTITY):
        return isinstance(value, str) and value.isdigit()
    if fld in (Field.START_DATE, Field.END_DATE):
        return isinstance(value, datetime.date | str)
    if fld in (Field.START_HOUR, Field.END_HOUR):
        return isinstance(value, datetime.time | str)
    if fld is Field.PLANNED_HOURS:
        return type(value) is int
    return fld in (Field.COMMITTEE, Field.WORKER_TYPE, Field.USER_COMMITTEE) and isinstance(
        value, str)


def _check(heard: Understood) -> None:
    assert isinstance(heard, Understood)
    assert all(_well_typed(fld, value) for fld, value in heard.values.items())
    assert heard.choice is None or 1 <= heard.choice <= 9
    assert (heard.language is not None) == (heard.command is not None
                                            and heard.command.value == "language")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80), lang=st.sampled_from((*LANGS, "xx")),
       expecting=st.none() | st.sampled_from(Field), answer=st.booleans(),
       today=st.dates(min_value=datetime.date(1990, 1, 1),
                      max_value=datetime.date(2090, 12, 31)))
def test_random_text_never_raises(text: str, lang: str, expecting: Field | None, answer: bool,
                                  today: datetime.date) -> None:
    _check(understand(text, lang, today, expecting, expect_answer=answer))


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(_SNIPPETS) | st.text(max_size=5), max_size=10),
       lang=st.sampled_from(LANGS), expecting=st.none() | st.sampled_from(Field))
def test_random_mixes_of_known_pieces_never_raise(words: list[str], lang: str,
                                                  expecting: Field | None) -> None:
    _check(understand(" ".join(words), lang, TODAY, expecting))


@given(day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31)),
       lang=st.sampled_from(LANGS))
def test_written_dates_round_trip(day: datetime.date, lang: str) -> None:
    text = day.strftime("%d/%m/%Y")
    assert understand(text, lang, TODAY, Field.START_DATE).values == {Field.START_DATE: day}


@given(hour=st.integers(0, 23), minute=st.integers(0, 59), lang=st.sampled_from(LANGS))
def test_written_times_round_trip(hour: int, minute: int, lang: str) -> None:
    heard = understand(f"{hour}:{minute:02d}", lang, TODAY)
    assert heard.values == {Field.START_HOUR: datetime.time(hour, minute)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_listed_phrase_is_found_in_its_language(lang: str) -> None:
    words = LANGUAGES[lang]
    for key in ("yes", "no", "cancel_verbs", "update_verbs", "correct_verbs"):
        for phrase in words[key]:
            assert lookup(phrase_key(phrase), lang), phrase


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_command_committee_and_type_is_named(lang: str) -> None:
    words = LANGUAGES[lang]
    assert all(words["kinds"].values())
    assert len(words["commands"]) == 5
    assert set(words["committees"]) == {"XXX", "124", "140", "144", "145", "149", "302", "320",
                                        "322"}
    assert {"STU", "EXT", "FLX"} <= set(words["worker_types"])
    assert set(words["languages"]) == set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_worker_type_has_plain_words_in_every_language(lang: str) -> None:
    from core.reference import WORKER_TYPES

    words = LANGUAGES[lang]["worker_types"]
    assert set(words) == set(WORKER_TYPES)
    for code, phrases in words.items():
        heard = [understand(p, lang, TODAY, Field.WORKER_TYPE).values.get(Field.WORKER_TYPE)
                 for p in phrases]
        assert code in heard, (code, phrases, heard)
