"""Reference tables (core.reference) and the fields each declaration needs."""

from __future__ import annotations

import datetime

import pytest

from core import reference as ref
from core.anomalies import Field
from core.model import Identity, Kind, Request
from core.rules import derive, needed_fields
from core.rules.needs import takes_hours
from tests.core import _data
from tests.core._data import ENT_A, W1, D, T, in_req

F = Field
ALL_TYPES = {"OTH", "STU", "EXT", "FLX", "DWD", "BCW", "RTA", "ALT", "IVT", "TRI", "STG", "A17",
             "O17", "S17", "T17", "PMP", "TEA", "QUA", "STX"}


# ------------------------------------------------------------------------ tables


def test_committees() -> None:
    assert ref.COMMITTEES == ("XXX", "124", "140", "144", "145", "149", "302", "320", "322")
    assert ref.HORECA == "302"
    assert ref.AGENCY == "322"
    assert "322" not in ref.USER_COMMITTEES
    assert set(ref.USER_COMMITTEES) == set(ref.COMMITTEES) - {"322"}


def test_worker_types() -> None:
    assert set(ref.WORKER_TYPES) == ALL_TYPES
    assert all(code == wtype.code for code, wtype in ref.WORKER_TYPES.items())


@pytest.mark.parametrize(("code", "last_closed", "first_open"), [
    ("O17", D(2021, 12, 31), D(2022, 1, 1)),
    ("S17", D(2021, 12, 31), D(2022, 1, 1)),
    ("T17", D(2021, 12, 31), D(2022, 1, 1)),
    ("ALT", D(2023, 8, 31), D(2023, 9, 1)),
])
def test_types_opening_on_a_date(code: str, last_closed: datetime.date,
                                 first_open: datetime.date) -> None:
    assert not ref.type_open_on(code, last_closed)
    assert ref.type_open_on(code, first_open)
    assert ref.type_open_on(code, D(2030, 6, 1))


@pytest.mark.parametrize(("code", "last_open", "first_closed"), [
    ("A17", D(2021, 12, 31), D(2022, 1, 1)),
    ("TEA", D(2021, 12, 31), D(2022, 1, 1)),
    ("QUA", D(2022, 12, 31), D(2023, 1, 1)),
    ("STX", D(2013, 12, 31), D(2014, 1, 1)),
])
def test_types_closing_on_a_date(code: str, last_open: datetime.date,
                                 first_closed: datetime.date) -> None:
    assert ref.type_open_on(code, last_open)
    assert not ref.type_open_on(code, first_closed)
    assert not ref.type_open_on(code, D(2026, 6, 1))


@pytest.mark.parametrize("code", sorted(ALL_TYPES - {"O17", "S17", "T17", "ALT", "A17", "TEA",
                                                      "QUA", "STX"}))
def test_types_always_open(code: str) -> None:
    assert ref.type_open_on(code, D(1920, 1, 1))
    assert ref.type_open_on(code, D(2035, 12, 31))


@pytest.mark.parametrize("committee", ref.COMMITTEES)
def test_ext_only_with_occasional_committees(committee: str) -> None:
    assert ("EXT" in ref.allowed_types(committee)) == (committee in {"144", "145", "302", "320",
                                                                      "322"})


@pytest.mark.parametrize("committee", ref.COMMITTEES)
def test_bcw_and_rta_only_with_construction(committee: str) -> None:
    assert ("BCW" in ref.allowed_types(committee)) == (committee == "124")
    assert ("RTA" in ref.allowed_types(committee)) == (committee == "124")


def test_every_committee_allows_something_and_unknown_none() -> None:
    for committee in ref.COMMITTEES:
        assert ref.allowed_types(committee), committee
        assert ref.allowed_types(committee) <= ALL_TYPES
    assert ref.allowed_types("999") == frozenset()
    assert ref.allowed_types("") == frozenset()


def test_end_date_required_types() -> None:
    required = {c for c, t in ref.WORKER_TYPES.items() if t.end_date}
    assert {"EXT", "STU", "IVT", "TRI", "STG", "A17", "O17", "S17", "T17", "FLX"} <= required
    assert required.isdisjoint({"OTH", "DWD", "BCW", "RTA", "ALT", "PMP"})


def test_planned_hours_types() -> None:
    assert {c for c, t in ref.WORKER_TYPES.items() if t.planned_hours} == {"STU", "O17", "S17"}
    assert ref.PLANNED_HOURS_RANGE == (1, 999)


def test_hours_types() -> None:
    assert {c for c, t in ref.WORKER_TYPES.items() if t.hours} == {"EXT"}
    assert {c for c, t in ref.WORKER_TYPES.items() if t.niss_required} == {"EXT"}


def test_same_quarter_and_same_day_types() -> None:
    quarter = {c for c, t in ref.WORKER_TYPES.items() if t.same_quarter}
    assert {"STU", "O17", "S17"} <= quarter
    assert "FLX" in quarter  # a flexi period is at most one quarter
    assert {c for c, t in ref.WORKER_TYPES.items() if t.same_day} == {"A17", "T17", "QUA"}


def test_takes_hours() -> None:
    day = D(2026, 5, 4)
    assert takes_hours(Request(Kind.IN, worker_type="EXT"))
    assert takes_hours(Request(Kind.IN, worker_type="FLX", start_date=day, end_date=day))
    assert not takes_hours(Request(Kind.IN, worker_type="FLX", start_date=day,
                                   end_date=day + datetime.timedelta(days=1)))
    assert not takes_hours(Request(Kind.IN, worker_type="FLX", start_date=day))
    for code in ALL_TYPES - {"EXT", "FLX"}:
        assert not takes_hours(Request(Kind.IN, worker_type=code, start_date=day, end_date=day))


@pytest.mark.parametrize(("year", "hours"), [
    (2017, 475), (2020, 475), (2022, 475), (2023, 600), (2024, 600), (2025, 650), (2026, 650),
    (2030, 650),
])
def test_student_quota(year: int, hours: int) -> None:
    assert ref.student_quota(year) == hours


def test_horeca_and_date_limits() -> None:
    assert (ref.EXT_DAYS_PER_WORKER, ref.EXT_DAYS_PER_EMPLOYER, ref.EXT_CONSECUTIVE_DAYS) == (
        50, 200, 2)
    assert ref.FIRST_START_DATE == D(1920, 1, 1)
    assert ref.YEARS_AHEAD == 10


# ----------------------------------------------------------------- needed_fields

START = D(2026, 5, 4)


def _base(code: str, committee: str, **kw: object) -> Request:
    return in_req(worker_type=code, committee=committee, start_date=START, **kw)


NEEDED_CASES = [
    ("OTH", "XXX", []),
    ("DWD", "XXX", []),
    ("PMP", "XXX", []),
    ("ALT", "XXX", []),
    ("BCW", "124", []),
    ("RTA", "124", []),
    ("TEA", "XXX", []),
    ("STX", "XXX", []),
    ("STU", "XXX", [F.END_DATE, F.PLANNED_HOURS]),
    ("O17", "XXX", [F.END_DATE, F.PLANNED_HOURS]),
    ("S17", "XXX", [F.END_DATE, F.PLANNED_HOURS]),
    ("T17", "XXX", [F.END_DATE]),
    ("A17", "XXX", [F.END_DATE]),
    ("IVT", "XXX", [F.END_DATE]),
    ("TRI", "XXX", [F.END_DATE]),
    ("STG", "XXX", [F.END_DATE]),
    ("FLX", "XXX", [F.END_DATE]),
    ("QUA", "144", [F.END_DATE]),
    ("EXT", "144", [F.START_HOUR, F.END_HOUR, F.END_DATE]),
    ("EXT", "145", [F.START_HOUR, F.END_HOUR, F.END_DATE]),
    ("EXT", "320", [F.START_HOUR, F.END_HOUR, F.END_DATE]),
    # horeca may be declared on a day forfait: no end hour needed
    ("EXT", "302", [F.START_HOUR, F.END_DATE]),
    # committee 322: end date and the user's data
    ("OTH", "322", [F.END_DATE, F.USER_ENTERPRISE, F.USER_COMMITTEE]),
    ("STU", "322", [F.END_DATE, F.PLANNED_HOURS, F.USER_ENTERPRISE, F.USER_COMMITTEE]),
    ("EXT", "322", [F.START_HOUR, F.END_HOUR, F.END_DATE, F.USER_ENTERPRISE, F.USER_COMMITTEE]),
]


@pytest.mark.parametrize(("code", "committee", "needed"), NEEDED_CASES)
def test_needed_fields_per_type(code: str, committee: str, needed: list[Field]) -> None:
    assert needed_fields(_base(code, committee)) == needed


def test_every_type_has_a_needed_fields_case() -> None:
    assert {code for code, _, _ in NEEDED_CASES} == ALL_TYPES


def test_needed_fields_once_filled_is_empty() -> None:
    assert needed_fields(_base("STU", "XXX", end_date=D(2026, 6, 30), planned_hours=80)) == []
    assert needed_fields(_base("EXT", "144", end_date=START, start_hour=T(8),
                               end_hour=T(16))) == []
    assert needed_fields(_base("EXT", "302", end_date=START, start_hour=T(8))) == []
    assert needed_fields(_base("OTH", "322", end_date=START, user_enterprise=ENT_A,
                               user_committee="XXX")) == []


def test_needed_fields_flexi_one_day_takes_hours() -> None:
    one_day = _base("FLX", "XXX", end_date=START)
    assert needed_fields(one_day) == [F.START_HOUR, F.END_HOUR]
    assert needed_fields(_base("FLX", "XXX", end_date=START, start_hour=T(18),
                               end_hour=T(23))) == []
    period = _base("FLX", "XXX", end_date=D(2026, 6, 30))
    assert needed_fields(period) == []


def test_needed_fields_agency_user_foreign_or_belgian() -> None:
    foreign = _base("OTH", "322", end_date=START, user_name="Bauhaus GmbH",
                    user_address="Hauptstr. 1, Aachen", user_committee="124")
    assert needed_fields(foreign) == []
    name_only = _base("OTH", "322", end_date=START, user_name="Bauhaus GmbH",
                      user_committee="124")
    assert needed_fields(name_only) == [F.USER_ENTERPRISE]
    no_committee = _base("OTH", "322", end_date=START, user_enterprise=ENT_A)
    assert needed_fields(no_committee) == [F.USER_COMMITTEE]


def test_needed_fields_worker_identity() -> None:
    identity = _data.identity()
    oth = in_req(ssin=None, identity=identity)
    assert needed_fields(oth) == []
    # without a NISS, every mandatory identity zone is asked, in the web form's order
    partial = in_req(ssin=None, identity=Identity("Peeters", "An", D(1990, 2, 15)))
    assert needed_fields(partial) == [
        F.SEX, F.BIRTH_PLACE, F.BIRTH_COUNTRY, F.NATIONALITY, F.STREET, F.HOUSE_NUMBER,
        F.ZIP_CODE, F.CITY, F.COUNTRY]
    assert needed_fields(in_req(ssin=None)) == [F.WORKER]
    # an occasional worker must have a NISS: identity data is not enough
    ext = _base("EXT", "144", ssin=None, identity=identity, end_date=START,
                start_hour=T(8), end_hour=T(12))
    assert needed_fields(ext) == [F.WORKER]


def test_needed_fields_empty_in_in_asking_order() -> None:
    assert needed_fields(Request(Kind.IN)) == [
        F.EMPLOYER, F.WORKER, F.COMMITTEE, F.WORKER_TYPE, F.START_DATE]
    assert needed_fields(Request(Kind.IN, employer_nsso="000935467", worker_type="STU")) == [
        F.WORKER, F.COMMITTEE, F.START_DATE, F.END_DATE, F.PLANNED_HOURS]
    assert needed_fields(Request(Kind.IN, worker_type="ZZZ")) == [
        F.EMPLOYER, F.WORKER, F.COMMITTEE, F.START_DATE]


@pytest.mark.parametrize(("kind", "needed"), [
    (Kind.OUT, [F.EMPLOYER, F.PERIOD, F.END_DATE]),
    (Kind.UPDATE, [F.EMPLOYER, F.PERIOD]),
    (Kind.CANCEL, [F.EMPLOYER, F.PERIOD]),
])
def test_needed_fields_other_kinds(kind: Kind, needed: list[Field]) -> None:
    assert needed_fields(Request(kind)) == needed
    full = Request(kind, employer_enterprise=ENT_A, period_id="100000000162",
                   end_date=D(2026, 6, 1))
    assert needed_fields(full) == []
    # OUT/UPDATE/CANCEL never ask for the worker or the characteristics
    assert F.WORKER not in needed_fields(Request(kind, ssin=None))


# ------------------------------------------------------------------------ derive


def test_derive_same_day_types_and_night_shift() -> None:
    for code in ("A17", "T17"):
        assert derive(_base(code, "XXX")).end_date == START
    day = derive(_base("EXT", "302", start_hour=T(8), end_hour=T(16)))
    assert day.end_date == START
    night = derive(_base("EXT", "302", start_hour=T(22), end_hour=T(2)))
    assert night.end_date == START + datetime.timedelta(days=1)


def test_derive_leaves_other_cases_alone() -> None:
    stu = _base("STU", "XXX")
    assert derive(stu) is stu
    given = _base("A17", "XXX", end_date=D(2026, 5, 5))
    assert derive(given).end_date == D(2026, 5, 5)
    update = Request(Kind.UPDATE, worker_type="A17", start_date=START)
    assert derive(update).end_date is None
    assert derive(_base("EXT", "302")).end_date is None  # no hours yet: unknown
    assert derive(Request(Kind.IN, employer_enterprise=ENT_A, ssin=W1)).end_date is None
