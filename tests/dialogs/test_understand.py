"""understand(): kinds, commands, committees, worker types, answers, corrections."""

from __future__ import annotations

import datetime

import pytest

from core.anomalies import Field
from core.model import Kind
from core.reference import COMMITTEES, WORKER_TYPES
from dialogs import understand as package
from dialogs.understand import Command, Understood, parse_field, understand

TODAY = datetime.date(2026, 12, 1)  # a Tuesday
D = datetime.date
T = datetime.time


def hear(text: str, lang: str = "fr", expecting: Field | None = None, *,
         expect_answer: bool = False, expect_choice: bool = False) -> Understood:
    return understand(text, lang, TODAY, expecting, expect_answer=expect_answer,
                      expect_choice=expect_choice)


def test_exported_members() -> None:
    assert package.__all__ == sorted(package.__all__)
    assert set(package.__all__) == {"Command", "Understood", "fold_name", "name_and_address",
                                    "parse_field", "understand", "words_to_digits"}


def test_one_shot_sms() -> None:
    heard = hear("IN 0403199702 85073100130 302 EXT 15/12 18h-23h")
    assert heard.kind is Kind.IN
    assert heard.command is None
    assert heard.values == {
        Field.EMPLOYER: ("enterprise", "0403199702"),
        Field.WORKER: "85073100130",
        Field.COMMITTEE: "302",
        Field.WORKER_TYPE: "EXT",
        Field.START_DATE: D(2026, 12, 15),
        Field.START_HOUR: T(18),
        Field.END_HOUR: T(23),
    }
    assert heard.rest == ""


@pytest.mark.parametrize("lang", ["fr", "nl", "de", "en"])
def test_one_shot_in_any_language_and_order(lang: str) -> None:
    heard = hear("EXT 18h-23h 15/12 302 85073100130 0403199702 IN", lang)
    assert heard.kind is Kind.IN
    assert len(heard.values) == 7


def test_old_sms_syntax_with_labels() -> None:
    heard = hear("type:IN bce:0403.199.702 niss:85.07.31-001.30 comp:302 "
                 "début:15/12 18h fin:15/12 23h type-trav:ext")
    assert heard.kind is Kind.IN
    assert heard.values == {
        Field.EMPLOYER: ("enterprise", "0403199702"), Field.WORKER: "85073100130",
        Field.COMMITTEE: "302", Field.WORKER_TYPE: "EXT",
        Field.START_DATE: D(2026, 12, 15), Field.START_HOUR: T(18),
        Field.END_DATE: D(2026, 12, 15), Field.END_HOUR: T(23),
    }


@pytest.mark.parametrize(("text", "lang"), [
    ("STU 20h", "fr"), ("étudiant 20 heures", "fr"), ("student 20 uur", "nl"),
    ("Student 20 Stunden", "de"), ("student 20 hours", "en"), ("20 Stunden", "de"),
    ("20 hours", "en"), ("S17 20u", "nl"),
])
def test_planned_hours(text: str, lang: str) -> None:
    assert hear(text, lang).values[Field.PLANNED_HOURS] == 20


def test_hours_word_is_a_clock_time_without_a_student() -> None:
    assert hear("20 heures").values == {Field.START_HOUR: T(20)}
    assert hear("20 heures", expecting=Field.PLANNED_HOURS).values == {Field.PLANNED_HOURS: 20}
    assert hear("38h").values == {Field.PLANNED_HOURS: 38}


# -- declaration kinds -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "kind"), [
    ("IN", "fr", Kind.IN), ("in", "nl", Kind.IN), ("entrée", "fr", Kind.IN),
    ("Entree", "fr", Kind.IN), ("début", "fr", Kind.IN), ("aanwerving", "nl", Kind.IN),
    ("indienst", "nl", Kind.IN), ("in dienst", "nl", Kind.IN), ("Beginn", "de", Kind.IN),
    ("Eintritt", "de", Kind.IN), ("start", "en", Kind.IN), ("start", "nl", Kind.IN),
    ("OUT", "fr", Kind.OUT), ("out", "de", Kind.OUT), ("sortie", "fr", Kind.OUT),
    ("fin", "fr", Kind.OUT), ("uitdienst", "nl", Kind.OUT), ("uit dienst", "nl", Kind.OUT),
    ("Austritt", "de", Kind.OUT), ("update", "en", Kind.UPDATE),
    ("modification", "fr", Kind.UPDATE), ("modifier", "fr", Kind.UPDATE),
    ("wijziging", "nl", Kind.UPDATE), ("wijzigen", "nl", Kind.UPDATE),
    ("Änderung", "de", Kind.UPDATE), ("ändern", "de", Kind.UPDATE),
    ("annulation", "fr", Kind.CANCEL), ("annulering", "nl", Kind.CANCEL),
    ("Stornierung", "de", Kind.CANCEL), ("cancellation", "en", Kind.CANCEL),
    ("déclaration", "fr", Kind.IN), ("ENTRÉE", "nl", Kind.IN),
])
def test_kinds(text: str, lang: str, kind: Kind) -> None:
    heard = hear(text, lang)
    assert (heard.kind, heard.command) == (kind, None)


@pytest.mark.parametrize(("text", "lang"), [
    ("annuler la déclaration", "fr"), ("annuler la dimona", "fr"),
    ("annuler 100000000162", "fr"), ("annuleer de aangifte", "nl"),
    ("aangifte annuleren", "nl"), ("Meldung stornieren", "de"),
    ("cancel the declaration", "en"), ("annuler la période", "fr"),
    ("annuler l'entrée", "fr"),
])
def test_cancel_verb_with_a_declaration_is_the_cancel_kind(text: str, lang: str) -> None:
    heard = hear(text, lang)
    assert (heard.kind, heard.command) == (Kind.CANCEL, None)


@pytest.mark.parametrize(("text", "lang"), [
    ("annuler", "fr"), ("stop", "fr"), ("annuleren", "nl"), ("stop", "nl"),
    ("abbrechen", "de"), ("cancel", "en"), ("stop", "en"), ("quitter", "fr"),
    ("stop la déclaration", "fr"),
])
def test_cancel_alone_is_the_global_command(text: str, lang: str) -> None:
    heard = hear(text, lang)
    assert (heard.kind, heard.command) == (None, Command.CANCEL)


def test_lower_case_in_is_a_preposition_in_a_sentence() -> None:
    assert hear("in de horeca", "nl").kind is None
    assert hear("IN de horeca", "nl").kind is Kind.IN


# -- committees and worker types ---------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "code"), [
    ("horeca", "fr", "302"), ("hôtellerie", "fr", "302"), ("Gastgewerbe", "de", "302"),
    ("HORECA", "nl", "302"), ("construction", "fr", "124"), ("bouw", "nl", "124"),
    ("Bau", "de", "124"), ("transport", "nl", "140"), ("agriculture", "fr", "144"),
    ("landbouw", "nl", "144"), ("Landwirtschaft", "de", "144"), ("horticulture", "fr", "145"),
    ("tuinbouw", "nl", "145"), ("Gartenbau", "de", "145"), ("électricien", "fr", "149"),
    ("elektricien", "nl", "149"), ("Elektriker", "de", "149"),
    ("pompes funèbres", "fr", "320"), ("Pompes Funebres", "fr", "320"),
    ("begrafenis", "nl", "320"), ("Bestattung", "de", "320"), ("intérim", "fr", "322"),
    ("interim", "en", "322"), ("uitzend", "nl", "322"), ("Zeitarbeit", "de", "322"),
    ("autre", "fr", "XXX"), ("andere", "nl", "XXX"), ("other", "en", "XXX"),
    ("sonstige", "de", "XXX"), ("xxx", "fr", "XXX"), ("pc 302", "fr", "302"),
    ("cp 302", "fr", "302"), ("pk 302", "nl", "302"), ("PC302", "de", "302"),
    ("commission paritaire 124", "fr", "124"), ("paritair comité 140", "nl", "140"),
    ("jc: 149", "en", "149"), ("horeca", "de", "302"),
])
def test_committees(text: str, lang: str, code: str) -> None:
    assert hear(text, lang).values == {Field.COMMITTEE: code}


@pytest.mark.parametrize("code", COMMITTEES)
def test_every_committee_code(code: str) -> None:
    assert hear(code, "nl", Field.COMMITTEE).values == {Field.COMMITTEE: code}


def test_unknown_committee_when_expected_is_kept_raw() -> None:
    assert hear("200", expecting=Field.COMMITTEE).values == {Field.COMMITTEE: "200"}
    assert hear("pc 200").values == {Field.COMMITTEE: "200"}
    assert hear("200").values == {}


@pytest.mark.parametrize(("text", "lang", "code"), [
    ("étudiant", "fr", "STU"), ("Etudiante", "fr", "STU"), ("jobiste", "fr", "STU"),
    ("student", "nl", "STU"), ("Student", "de", "STU"), ("jobstudent", "nl", "STU"),
    ("extra", "fr", "EXT"), ("occasionnel", "fr", "EXT"),
    ("gelegenheidswerknemer", "nl", "EXT"), ("Aushilfe", "de", "EXT"),
    ("Gelegenheitsarbeitnehmer", "de", "EXT"), ("flexi", "nl", "FLX"),
    ("flexijob", "fr", "FLX"), ("flexi-job", "de", "FLX"), ("type: STU", "fr", "STU"),
    ("étudiant", "nl", "STU"),
])
def test_worker_types(text: str, lang: str, code: str) -> None:
    assert hear(text, lang).values == {Field.WORKER_TYPE: code}


@pytest.mark.parametrize("code", sorted(WORKER_TYPES))
def test_every_worker_type_code(code: str) -> None:
    assert hear(code, "de").values == {Field.WORKER_TYPE: code}
    assert hear(f"IN {code} 302", "fr").values[Field.WORKER_TYPE] == code


def test_codes_that_are_words_need_capitals_in_a_sentence() -> None:
    assert hear("wie alt", "de").values == {}
    assert hear("IN ALT", "de").values == {Field.WORKER_TYPE: "ALT"}


def test_expected_field_breaks_a_tie() -> None:
    assert hear("autre", expecting=Field.WORKER_TYPE).values == {Field.WORKER_TYPE: "OTH"}
    assert hear("autre", expecting=Field.COMMITTEE).values == {Field.COMMITTEE: "XXX"}


def test_unknown_worker_type_when_expected_is_kept_raw() -> None:
    assert hear("xyz", expecting=Field.WORKER_TYPE).values == {Field.WORKER_TYPE: "XYZ"}
    assert hear("bonjour", expecting=Field.WORKER_TYPE).values == {}


# -- yes / no, choices --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("oui", "fr"), ("Oui.", "fr"), ("ja", "nl"), ("ja", "de"), ("yes", "en"), ("si", "fr"),
    ("ok", "fr"), ("OK", "nl"), ("d'accord", "fr"), ("d’accord", "fr"), ("jawel", "nl"),
    ("klopt", "nl"), ("dat klopt", "nl"), ("genau", "de"), ("richtig", "de"),
    ("correct", "en"), ("oui merci", "fr"), ("ja bitte", "de"), ("yep", "en"),
])
def test_yes(text: str, lang: str) -> None:
    heard = hear(text, lang)
    assert heard.answer is True
    assert heard.values == {}


@pytest.mark.parametrize(("text", "lang"), [
    ("non", "fr"), ("nee", "nl"), ("neen", "nl"), ("nein", "de"), ("no", "en"),
    ("pas d'accord", "fr"), ("klopt niet", "nl"), ("falsch", "de"), ("Nein, danke", "de"),
])
def test_no(text: str, lang: str) -> None:
    assert hear(text, lang).answer is False


def test_digits_answer_only_when_an_answer_is_expected() -> None:
    assert hear("1", expect_answer=True).answer is True
    assert hear("2", expect_answer=True).answer is False
    assert hear("1").answer is None
    assert hear("3", expect_answer=True).answer is None


@pytest.mark.parametrize(("text", "lang", "choice"), [
    ("1", "fr", 1), ("9", "nl", 9), (" 3 ", "de", 3), ("un", "fr", 1), ("twee", "nl", 2),
    ("drei", "de", 3), ("four", "en", 4), ("eins", "de", 1), ("een", "nl", 1),
])
def test_menu_choice(text: str, lang: str, choice: int) -> None:
    heard = hear(text, lang)
    assert heard.choice == choice
    assert heard.values == {}


@pytest.mark.parametrize("text", ["10", "0", "1 2", "1 étudiant", "le 1"])
def test_not_a_choice(text: str) -> None:
    assert hear(text).choice is None


def test_an_answer_with_a_value() -> None:
    heard = hear("non, le 16")
    assert heard.answer is False
    assert heard.values == {Field.START_DATE: D(2026, 12, 16)}
    assert hear("ja, 20 uur", "nl", Field.PLANNED_HOURS).values == {Field.PLANNED_HOURS: 20}


# -- global commands -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "command"), [
    ("aide", "fr", Command.HELP), ("help", "en", Command.HELP), ("hulp", "nl", Command.HELP),
    ("Hilfe", "de", Command.HELP), ("?", "fr", Command.HELP), ("help", "nl", Command.HELP),
    ("retour", "fr", Command.BACK), ("précédent", "fr", Command.BACK),
    ("terug", "nl", Command.BACK), ("vorige", "nl", Command.BACK),
    ("zurück", "de", Command.BACK), ("zurueck", "de", Command.BACK),
    ("back", "en", Command.BACK), ("répéter", "fr", Command.REPEAT),
    ("repeter", "fr", Command.REPEAT), ("herhaal", "nl", Command.REPEAT),
    ("wiederholen", "de", Command.REPEAT), ("repeat", "en", Command.REPEAT),
    ("recommencer", "fr", Command.RESTART), ("opnieuw", "nl", Command.RESTART),
    ("neu starten", "de", Command.RESTART), ("restart", "en", Command.RESTART),
    ("menu", "fr", Command.RESTART), ("Menü", "de", Command.RESTART),
    ("retour svp", "fr", Command.BACK), ("terug", "fr", Command.BACK),
])
def test_commands(text: str, lang: str, command: Command) -> None:
    heard = hear(text, lang)
    assert heard.command is command
    assert heard.kind is None


@pytest.mark.parametrize(("text", "lang", "target"), [
    ("français", "nl", "fr"), ("francais", "de", "fr"), ("FR", "nl", "fr"),
    ("Frans", "nl", "fr"), ("nederlands", "fr", "nl"), ("NL", "fr", "nl"),
    ("vlaams", "fr", "nl"), ("Flämisch", "de", "nl"), ("deutsch", "fr", "de"),
    ("DE", "nl", "de"), ("allemand", "fr", "de"), ("english", "fr", "en"),
    ("EN", "de", "en"), ("en", "nl", "en"), ("in het Nederlands", "fr", "nl"),
    ("auf Deutsch bitte", "fr", "de"), ("anglais", "fr", "en"),
])
def test_language_switch(text: str, lang: str, target: str) -> None:
    heard = hear(text, lang)
    assert (heard.command, heard.language) == (Command.LANGUAGE, target)


def test_language_codes_count_only_alone() -> None:
    assert hear("de 18h à 23h").command is None
    assert hear("15 en 16 december", "nl").command is None


# -- corrections ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "target"), [
    ("change worker", "en", Field.WORKER), ("corriger la date", "fr", Field.START_DATE),
    ("wijzig datum", "nl", Field.START_DATE), ("Datum ändern", "de", Field.START_DATE),
    ("changer le travailleur", "fr", Field.WORKER), ("wijzig de werknemer", "nl", Field.WORKER),
    ("modifier l'heure de fin", "fr", Field.END_HOUR), ("Enddatum korrigieren", "de",
                                                         Field.END_DATE),
    ("change the end time", "en", Field.END_HOUR), ("verander het aantal uren", "nl",
                                                    Field.PLANNED_HOURS),
    ("corriger la commission paritaire", "fr", Field.COMMITTEE),
])
def test_correction_of_a_field(text: str, lang: str, target: Field) -> None:
    heard = hear(text, lang)
    assert (heard.command, heard.target, heard.kind) == (Command.CORRECT, target, None)
    assert heard.values == {}


@pytest.mark.parametrize(("text", "lang", "target", "value"), [
    ("date 16/12", "fr", Field.START_DATE, D(2026, 12, 16)),
    ("datum 16/12", "nl", Field.START_DATE, D(2026, 12, 16)),
    ("date de fin 20/12", "fr", Field.END_DATE, D(2026, 12, 20)),
    ("heure de fin 23h", "fr", Field.END_HOUR, T(23)),
    ("change the date to 16/12", "en", Field.START_DATE, D(2026, 12, 16)),
    ("corriger l'heure de fin: 23h30", "fr", Field.END_HOUR, T(23, 30)),
    ("Enddatum 20.12.", "de", Field.END_DATE, D(2026, 12, 20)),
    ("werknemer 85073100130", "nl", Field.WORKER, "85073100130"),
])
def test_correction_with_a_value(text: str, lang: str, target: Field, value: object) -> None:
    heard = hear(text, lang)
    assert (heard.command, heard.target) == (Command.CORRECT, target)
    assert heard.values == {target: value}


def test_field_name_answering_its_own_question_is_no_correction() -> None:
    heard = hear("date 16/12", expecting=Field.START_DATE)
    assert heard.command is None
    assert heard.values == {Field.START_DATE: D(2026, 12, 16)}


def test_sms_labels_are_no_correction() -> None:
    assert hear("niss 85073100130").command is None
    assert hear("pc 302").command is None


def test_correct_verb_alone() -> None:
    heard = hear("corriger")
    assert (heard.command, heard.target) == (Command.CORRECT, None)


# -- parse_field ---------------------------------------------------------------------------

@pytest.mark.parametrize(("fld", "text", "lang", "value"), [
    (Field.PLANNED_HOURS, "15", "fr", 15),
    (Field.PLANNED_HOURS, "vingt heures", "fr", 20),
    (Field.COMMITTEE, "302", "nl", "302"),
    (Field.COMMITTEE, "horeca", "de", "302"),
    (Field.END_DATE, "demain", "fr", D(2026, 12, 2)),
    (Field.END_DATE, "15/12", "fr", D(2026, 12, 15)),
    (Field.START_DATE, "15122026", "fr", D(2026, 12, 15)),
    (Field.START_HOUR, "1830", "fr", T(18, 30)),
    (Field.END_HOUR, "23 Uhr", "de", T(23)),
    (Field.PERIOD, "100000000162", "en", "100000000162"),
    (Field.PERIOD, "1000 0000 0162", "en", "100000000162"),
    (Field.WORKER, "85 07 31 001 30", "nl", "85073100130"),
    (Field.WORKER, "8507310013", "nl", "8507310013"),
    (Field.EMPLOYER, "0403.199.702", "fr", ("enterprise", "0403199702")),
    (Field.EMPLOYER, "0009354-67", "fr", ("nsso", "000935467")),
    (Field.WORKER_TYPE, "flexi", "fr", "FLX"),
    (Field.START_DATE, "31/02", "fr", "31/02"),
    (Field.START_HOUR, "bonjour", "fr", None),
    (Field.WORKER, "", "fr", None),
])
def test_parse_field(fld: Field, text: str, lang: str, value: object) -> None:
    assert parse_field(fld, text, lang, TODAY) == value


@pytest.mark.parametrize(("text", "lang", "target", "value"), [
    ("wijzig de einddatum naar 20/12", "nl", Field.END_DATE, D(2026, 12, 20)),
    ("Enddatum auf 20.12. ändern", "de", Field.END_DATE, D(2026, 12, 20)),
    ("update the end date to 20/12", "en", Field.END_DATE, D(2026, 12, 20)),
    ("changer la date en 16/12", "fr", Field.START_DATE, D(2026, 12, 16)),
    ("non, date 16/12", "fr", Field.START_DATE, D(2026, 12, 16)),
])
def test_correction_verb_and_value_apart(text: str, lang: str, target: Field, value: object
                                         ) -> None:
    heard = hear(text, lang)
    assert (heard.command, heard.target, heard.kind) == (Command.CORRECT, target, None)
    assert heard.values == {target: value}


@pytest.mark.parametrize(("text", "lang"), [
    ("nee, de datum klopt niet", "nl"), ("nein, das Datum ist falsch", "de"),
    ("no, the date is wrong", "en"), ("non, la date est fausse", "fr"),
])
def test_no_with_a_field_name_is_a_correction(text: str, lang: str) -> None:
    heard = hear(text, lang, expect_answer=True)
    assert (heard.answer, heard.command, heard.target) == (False, Command.CORRECT,
                                                          Field.START_DATE)


@pytest.mark.parametrize(("text", "lang"), [
    ("modifier la période 100000000162 fin 20/12", "fr"),
    ("UPDATE 100000000162 einde 20/12", "nl"), ("wijzig 100000000162 einddatum 20/12", "nl"),
    ("type:UPDATE periode:100000000162 fin:20/12", "fr"),
])
def test_update_verb_with_a_period_is_the_update_kind(text: str, lang: str) -> None:
    heard = hear(text, lang)
    assert (heard.kind, heard.command) == (Kind.UPDATE, None)
    assert heard.values == {Field.PERIOD: "100000000162", Field.END_DATE: D(2026, 12, 20)}


def test_rest_keeps_what_was_not_understood() -> None:
    assert hear("IN 0403199702 bla").rest == "bla"
    assert hear("BE 0403.199.702").rest == ""
    assert hear("").rest == ""


@pytest.mark.parametrize(("text", "lang", "n"), [
    ("la première", "fr", 1), ("le deuxième", "fr", 2), ("de eerste", "nl", 1),
    ("de tweede", "nl", 2), ("die erste", "de", 1), ("the first one", "en", 1), ("2", "fr", 2),
])
def test_an_ordinal_alone_is_a_choice_in_a_list(text: str, lang: str, n: int) -> None:
    heard = understand(text, lang, datetime.date(2026, 12, 1), expect_choice=True)
    assert heard.choice == n and heard.values == {}


def test_without_a_list_an_ordinal_is_a_day() -> None:
    heard = understand("le deuxième", "fr", datetime.date(2026, 12, 1))
    assert heard.choice is None and heard.values[Field.START_DATE] == datetime.date(2026, 12, 2)
