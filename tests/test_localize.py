"""Rendering messages and anomalies in the caller's language."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

import pytest

from core import anomalies as codes
from core import reference as ref
from core.anomalies import ZONES, Anomaly, Field, Problem, Severity, field_anomaly
from core.model import Kind, Result
from core.rules.identity import ZONES as IDENTITY_ZONES
from core.rules.identity import Kind as ZoneKind
from locales import (
    LANGUAGES,
    LOCALES,
    Message,
    describe,
    localize,
    localize_all,
    message_for,
    nsso_anomaly,
)
from locales._render import LOCALE_DIR, load_catalog
from locales.texts import TEXTS

languages = pytest.mark.parametrize("lang", LANGUAGES)
translated = pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
RULES = Path(codes.__file__).parent / "rules"

#: A plausible value for every placeholder name used in the registry.
SAMPLES: dict[str, object] = {
    "result": Message("result.W"),  # a label rendered in the same language (web pages)
    "field": "startDate", "type": "STU", "committee": "302", "value": "999",
    "periodId": "100000000162", "start": "2026-12-15", "end": "2026-12-31",
    "first": "1920-01-01", "last": "2035-12-31", "since": "2023-09-01", "until": "2021-12-31",
    "days": 15, "limit": 50, "year": 2026, "excess": 12, "quota": 650, "count": 1234,
    "line": 7, "problem": Message("import.problem.date", {"value": "1985-13-01"}),
    "header": "ssin,last_name,first_name,birth_date", "column": "ssin", "expected": "integer",
    "number": "0403199702", "code": "90373-421", "n": 2, "name": "Brasserie du Marché",
    "date": "2026-12-15", "hours": 20, "period": "100000000162", "ssin": "85073100130",
    "phone": "+32470123456", "language": "nl", "pin": "PIN", "minutes": 15, "label": "EXT",
    "text": "555", "keys": "1 5, 1 2, 2 0 2 6", "max": 35, "advisedType": "OTH",
    "advisedCommittee": "XXX", "user": "0403199702", "deadline": "2026-12-16",
    "address": "Kerkstraat 1, 9000 Gent", "old": 40,
    "enterprise": "0403199702", "nsso": "051234526", "old_start": "18:00", "old_end": "23:00",
    "status": Message("result.A"), "kind": Message("kind.IN"), "time": "09:30",
    "new": Message("sms.compact.end", {"date": "15/12/2026"}), "numbers": "0403199702",
    # the operator's commands: api-keys, serve
    "id": 3, "prefix": "dtk_AbCd", "created": "2026-12-01 09:30", "host": "0.0.0.0",
    "routes": "/sms/kannel", "setting": "DIMONA_KANNEL_SECRET (--kannel-secret)",
    "switch": "--no-kannel",
    # the feed's subscribers command
    "deliberation": "CSI/24/123", "key": "dtf_x", "secret": "whsec_eA==",
    "url": "ftp://x", "stream": "a.b", "fields": "ssin, startDate", "state": "active",
    "employers": "0403199702", "committees": "302", "target": "webhook",
    "where": "https://fund.example/hook", "delivered": 12, "failures": 3,
    "attempt": "2026-12-01T09:30:00+00:00", "retry": "-", "owner": "host:1:ab",
    # the batch channel
    "ticket": "4823019475561203", "done": 1200, "found": 9, "types": "text/csv",
    "accepted": 900, "warnings": 200, "refused": 80, "pending": 20, "file": "decl.csv",
    "command": "dimona-talk batch notifications 4823019475561203", "reason": "not found",
    "message": "Authentication required.",
}

P, F = Problem, Field
_ID = (P.FORMAT, P.CHECKSUM, P.RANGE)
_PERIOD = "100000000162"
_DATE = "2026-12-15"
_ADVICE = {"advisedCommittee": "XXX", "advisedType": "OTH"}


def _validity(code: str) -> Anomaly:
    """A worker-type validity anomaly exactly as core.rules.shape builds it."""
    wtype = ref.WORKER_TYPES[code]
    return field_anomaly(F.WORKER_TYPE, P.TYPE_CLOSED, type=code,
                         since=(wtype.valid_from or datetime.date.min).isoformat(),
                         until=(wtype.valid_until or datetime.date.max).isoformat())


#: Every anomaly core/rules can produce, with the parameters it gives.
ANOMALIES: list[Anomaly] = [
    *(field_anomaly(f, P.MISSING) for f in (
        F.EMPLOYER, F.WORKER, F.COMMITTEE, F.WORKER_TYPE, F.START_DATE, F.END_DATE,
        F.START_HOUR, F.END_HOUR, F.PLANNED_HOURS, F.USER_ENTERPRISE, F.USER_COMMITTEE,
        F.PERIOD, F.SUB_ENTITY)),
    # a worker without a NISS: every mandatory zone missing, every text zone too long,
    # every coded zone in a wrong format
    *(field_anomaly(z.field, P.MISSING) for z in IDENTITY_ZONES.values() if z.required),
    *(field_anomaly(z.field, P.TOO_LONG, max=z.max_length) for z in IDENTITY_ZONES.values()
      if z.kind is ZoneKind.TEXT),
    *(field_anomaly(z.field, P.FORMAT) for z in IDENTITY_ZONES.values()
      if z.kind is not ZoneKind.TEXT),
    field_anomaly(F.BIRTH_DATE, P.RANGE, first="1906", last="2026"),
    field_anomaly(F.WORKER, P.UNIDENTIFIED),
    field_anomaly(F.EMPLOYER, P.CLOSED, number="1277920-67"),
    field_anomaly(F.SUB_ENTITY, P.FORMAT, kind="subentity"),
    field_anomaly(F.SUB_ENTITY, P.FORBIDDEN),
    field_anomaly(F.SUB_ENTITY, P.UNKNOWN, value="0000522009"),
    *(field_anomaly(f, P.FROZEN, periodId=_PERIOD) for f in (
        F.SUB_ENTITY, F.USER_ENTERPRISE, F.USER_COMMITTEE, F.USER_NAME)),
    field_anomaly(F.END_DATE, P.FROZEN, type="FLX", end=_DATE),
    field_anomaly(F.END_DATE, P.LATE, Severity.WARNING, deadline=_DATE, days=3, end=_DATE),
    *(field_anomaly(F.EMPLOYER, p, kind=k) for p in _ID for k in ("enterprise", "nsso")),
    *(field_anomaly(F.WORKER, p, kind="niss") for p in _ID),
    *(field_anomaly(F.USER_ENTERPRISE, p, kind="enterprise") for p in _ID),
    *(field_anomaly(F.PERIOD, p, kind="period") for p in (P.FORMAT, P.CHECKSUM)),
    field_anomaly(F.EMPLOYER, P.UNKNOWN),
    field_anomaly(F.COMMITTEE, P.RANGE, value="200"),
    field_anomaly(F.WORKER_TYPE, P.RANGE, value="ABC"),
    field_anomaly(F.USER_COMMITTEE, P.RANGE, value="322"),
    *(field_anomaly(f, P.RANGE, first="1920-01-01", last="2035-12-31")
      for f in (F.START_DATE, F.END_DATE)),
    field_anomaly(F.PLANNED_HOURS, P.RANGE, first=1, last=999),
    *(field_anomaly(f, P.FORBIDDEN, periodId=_PERIOD) for f in (F.COMMITTEE, F.WORKER_TYPE)),
    field_anomaly(F.WORKER_TYPE, P.NOT_ALLOWED, type="STU", committee="302"),
    _validity("A17"), _validity("ALT"),
    *(field_anomaly(F.END_DATE, p, start=_DATE)
      for p in (P.BEFORE_START, P.SAME_DAY, P.SAME_QUARTER)),
    *(field_anomaly(f, P.FORBIDDEN, type="STU") for f in (F.START_HOUR, F.END_HOUR)),
    field_anomaly(F.END_HOUR, P.BEFORE_START, start="22:00"),
    field_anomaly(F.PLANNED_HOURS, P.FORBIDDEN, type="OTH"),
    *(field_anomaly(f, P.FORBIDDEN, committee="XXX")
      for f in (F.USER_ENTERPRISE, F.USER_COMMITTEE, F.USER_NAME)),
    field_anomaly(F.START_DATE, P.TOO_EARLY, days=15),
    field_anomaly(F.START_DATE, P.LATE, Severity.WARNING, deadline=_DATE, days=2, start=_DATE),
    field_anomaly(F.START_DATE, P.FROZEN, type="STU"),
    *(field_anomaly(F.PERIOD, p, periodId=_PERIOD) for p in (
        P.UNKNOWN, P.ALREADY_CANCELLED, P.NOTHING)),
    field_anomaly(F.PERIOD, P.CLOSED, periodId=_PERIOD, end=_DATE),
    field_anomaly(F.PERIOD, P.TOO_LATE, periodId=_PERIOD, start=_DATE),
    Anomaly(codes.OVERLAP, params={"periodId": _PERIOD, "start": _DATE}, field=F.START_DATE),
    Anomaly(codes.STUDENT_QUOTA, Severity.WARNING, {"excess": 12, "quota": 650, "year": 2026},
            F.PLANNED_HOURS),
    Anomaly(codes.EXT_WORKER_DAYS, Severity.WARNING,
            {"days": 51, "limit": 50, "year": 2026, **_ADVICE}, F.START_DATE),
    Anomaly(codes.EXT_EMPLOYER_DAYS, Severity.WARNING,
            {"days": 201, "limit": 200, "year": 2026, **_ADVICE}, F.START_DATE),
    Anomaly(codes.EXT_USER_DAYS, Severity.WARNING,
            {"days": 201, "limit": 200, "year": 2026, "user": "0403199702", **_ADVICE},
            F.USER_ENTERPRISE),
    Anomaly(codes.EXT_CONSECUTIVE, Severity.WARNING, {"days": 3, **_ADVICE}, F.START_DATE),
    Anomaly(codes.FLEXI_ACCESS, Severity.WARNING, {"reason": "late", **_ADVICE}, F.WORKER_TYPE),
    # not the rules': the batch channel's, for a line its key may not send
    Anomaly(codes.NOT_MANDATED, params={"number": "0403199702"}, field=F.EMPLOYER),
]


def _named_in_rules() -> set[str]:
    """Codes written out in core/rules, ``*-<problem>`` when the field is a variable."""
    found = set()
    for path in RULES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "field_anomaly":
                found.add(_literal_code(*(ast.unparse(arg) for arg in node.args[:2])))
            elif isinstance(node, ast.Attribute) and ast.unparse(node.value) == "codes":
                found.add(getattr(codes, node.attr))
    return found - {""}


def _literal_code(fld: str, problem: str) -> str:
    """``ZONE-NUMBER``, ``*-NUMBER`` or "" (problem computed: listed by hand)."""
    if not problem.startswith("Problem."):
        return ""
    number = Problem[problem.removeprefix("Problem.")].value
    if fld.startswith("Field."):
        return f"{ZONES[Field[fld.removeprefix('Field.')]]}-{number}"
    return f"*-{number}"


def test_every_anomaly_named_in_the_rules_is_listed_here() -> None:
    listed = {a.code for a in ANOMALIES} | {f"*-{a.code.partition('-')[2]}" for a in ANOMALIES}
    assert _named_in_rules() - listed == set()


@languages
@pytest.mark.parametrize("message_id", sorted(TEXTS))
def test_every_message_renders(lang: str, message_id: str) -> None:
    params = {name: SAMPLES[name] for name in PLACEHOLDER.findall(TEXTS[message_id])}
    text = localize(Message(message_id, params), lang)
    assert text.strip() and "%(" not in text


@pytest.mark.parametrize("anomaly", ANOMALIES, ids=lambda a: a.code)
def test_every_anomaly_has_its_own_text(anomaly: Anomaly) -> None:
    assert message_for(anomaly).id.startswith(f"anomaly.{anomaly.code}")


@translated
@pytest.mark.parametrize("anomaly", ANOMALIES, ids=lambda a: a.code)
def test_anomalies_are_translated(lang: str, anomaly: Anomaly) -> None:
    text = describe(anomaly, lang)
    assert text.strip() and text != describe(anomaly, "en")


@languages
def test_official_codes(lang: str) -> None:
    quota = Anomaly("90017-369", Severity.WARNING, {"excess": 12, "quota": 650, "year": 2026})
    cancelled = Anomaly("00913-355", params={"periodId": _PERIOD}, field=F.PERIOD)
    assert all(n in describe(quota, lang) for n in ("12", "650", "2026"))
    assert _PERIOD in describe(cancelled, lang)


@pytest.mark.parametrize(("lang", "month"), [
    ("fr", "décembre"), ("nl", "december"), ("de", "Dezember"), ("en", "December")])
@pytest.mark.parametrize("day", [_DATE, datetime.date(2026, 12, 15)])
def test_dates_are_written_in_the_language(lang: str, month: str, day: object) -> None:
    text = localize(Message("anomaly.00910-917", {"start": day, "days": 2}), lang)
    assert month in text and "15" in text and "2026-12-15" not in text


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", ("Etudiant", "Horeca")), ("nl", ("Student", "Horeca")),
    ("de", ("Student", "Hotel- und Gaststättengewerbe")), ("en", ("Student", "Hospitality"))])
def test_codes_are_shown_by_their_labels(lang: str, words: tuple[str, str]) -> None:
    anomaly = field_anomaly(F.WORKER_TYPE, P.NOT_ALLOWED, type="STU", committee="302")
    assert all(word in describe(anomaly, lang) for word in words)


def test_worker_type_validity_picks_the_open_side() -> None:
    assert message_for(_validity("A17")).id.endswith(".until")
    assert message_for(_validity("ALT")).id.endswith(".since")
    assert "1 septembre 2023" in describe(_validity("ALT"), "fr")


@languages
def test_unlisted_problems_fall_back_to_the_field(lang: str) -> None:
    anomaly = field_anomaly(F.USER_NAME, P.MISSING)
    assert message_for(anomaly).id == "problem.901"
    assert localize(Message("field.userName"), lang) in describe(anomaly, lang)


def test_unknown_codes_are_quoted() -> None:
    anomaly = Anomaly("90373-421")
    assert message_for(anomaly).id == "anomaly.other"
    assert "90373-421" in describe(anomaly, "nl")


@languages
def test_a_message_can_be_a_parameter(lang: str) -> None:
    problem = Message("import.problem.ssin", {"value": "85073003329"})
    row = localize(Message("import.row", {"line": 3, "problem": problem}), lang)
    assert localize(problem, lang) in row and "3" in row


def test_json_paths_are_shown_as_given() -> None:
    text = localize(Message("api.missing", {"field": "$.dimonaIn.startDate"}), "de")
    assert "$.dimonaIn.startDate" in text


@pytest.mark.parametrize(("family", "codes_"), [
    ("field", [f.value for f in Field]), ("worker_type", list(ref.WORKER_TYPES)),
    ("committee", list(ref.COMMITTEES)), ("result", [r.value for r in Result]),
    ("kind", [k.value for k in Kind]), ("problem", [p.value for p in Problem])])
def test_every_code_has_a_label(family: str, codes_: list[str]) -> None:
    assert [c for c in codes_ if f"{family}.{c}" not in TEXTS] == []


def test_languages_alternate_in_one_process() -> None:
    message = Message("anomaly.00913-355", {"periodId": _PERIOD})
    order = ["fr", "nl", "fr", "de", "nl", "en", "de"]
    texts = localize_all([message], "fr") + [localize(message, lang) for lang in order]
    assert texts[0] == texts[1] == texts[3]
    assert texts[2] == texts[5] and texts[4] == texts[7]
    assert len({texts[1], texts[2], texts[4], texts[6]}) == 4


def test_each_language_has_a_belgian_locale() -> None:
    assert set(LOCALES) == set(LANGUAGES)
    assert all(locale.endswith("_BE") for locale in LOCALES.values())


def test_mistakes_are_raised() -> None:
    with pytest.raises(KeyError, match="no text"):
        localize(Message("anomaly.nope"), "fr")
    with pytest.raises(KeyError, match="periodId"):
        localize(Message("anomaly.00913-355"), "fr")
    with pytest.raises(ValueError, match="unsupported language"):
        localize(Message("result.A"), "it")


def test_a_missing_catalog_is_raised(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="fr"):
        load_catalog(tmp_path, "fr")
    assert load_catalog(LOCALE_DIR, "fr").gettext("Refused") == "Refusée"


@languages
def test_an_employer_without_a_number_is_sent_to_wide(lang: str) -> None:
    """SEED2: without an NSSO or enterprise number, identify through WIDE first."""
    for problem in (P.MISSING, P.UNKNOWN):
        text = describe(field_anomaly(F.EMPLOYER, problem), lang)
        assert "wide" in text.lower() and "Dimona" in text
    assert "administra" not in describe(field_anomaly(F.EMPLOYER, P.UNKNOWN), lang)


def test_the_nsso_envelope_gets_error_ids_and_french_and_dutch_labels() -> None:
    quota = Anomaly(codes.STUDENT_QUOTA, Severity.WARNING, {"excess": 12, "quota": 650,
                                                          "year": 2026}, F.PLANNED_HOURS)
    out = nsso_anomaly(quota)
    assert out == {"errorId": "90017-369", "labelFr": describe(quota, "fr"),
                   "labelNl": describe(quota, "nl")}
    assert "650" in str(out["labelFr"]) and out["labelFr"] != out["labelNl"]
    flexi = Anomaly(codes.FLEXI_ACCESS, Severity.WARNING, {"reason": "late", **_ADVICE})
    assert nsso_anomaly(flexi)["errorId"] == "90017-510"
    # dimona-talk's own codes have the NSSO's shape but no official id
    assert nsso_anomaly(Anomaly(codes.OVERLAP, params={"periodId": _PERIOD,
                                                       "start": _DATE}))["errorId"] is None
    assert set(codes.OFFICIAL_ERROR_IDS) <= {a.code for a in ANOMALIES}
    assert all(re.fullmatch(r"\d{5}-\d{3}", a.code) for a in ANOMALIES)
