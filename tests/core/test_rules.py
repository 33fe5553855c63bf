"""core.rules.judge on hand-made snapshots: pure, no store, no clock."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import replace

import pytest

from core.anomalies import Severity
from core.ids import period as period_id
from core.model import Employer, Identity, Kind, Period, PeriodStatus, Request, Result
from core.rules import Snapshot, Verdict, judge
from tests.core._data import ENT_A, ENT_B, NSSO_A, W1, W2, D, T, codes, identity, in_req

TODAY = D(2026, 3, 10)
NUMBER = period_id.make(1_000_000_500)
EMP = Employer(1, "Brasserie Alpha", ENT_A)
OTHER = Employer(2, "Hotel Beta", ENT_B)
DAY = datetime.timedelta(days=1)

_ids = itertools.count(1_000_000_001)


def P(**kw: object) -> Period:
    """A stored period of W1 with employer 1 (OTH in XXX from 2026-03-16, open)."""
    base: dict[str, object] = dict(
        period_id=period_id.make(next(_ids)), employer_id=1, ssin=W1, committee="XXX",
        worker_type="OTH", start_date=D(2026, 3, 16))
    base.update(kw)
    return Period(**base)  # type: ignore[arg-type]


def snap(**kw: object) -> Snapshot:
    base: dict[str, object] = dict(employer=EMP, identity_known=True)
    base.update(kw)
    return Snapshot(**base)  # type: ignore[arg-type]


def run(req: Request, snapshot: Snapshot | None = None, today: datetime.date = TODAY) -> Verdict:
    return judge(req, snapshot if snapshot is not None else snap(), today, NUMBER)


def refused(verdict: Verdict, *expected: str) -> None:
    assert verdict.result is Result.REFUSED, verdict
    assert verdict.period is None
    for code in expected:
        assert code in codes(verdict), (code, codes(verdict))
    assert all(a.severity is Severity.ERROR for a in verdict.anomalies
               if a.code in expected)


def accepted(verdict: Verdict) -> Period:
    assert verdict.result is Result.ACCEPTED, verdict
    assert verdict.anomalies == ()
    assert verdict.period is not None
    return verdict.period


def warned(verdict: Verdict, code: str) -> dict[str, object]:
    assert verdict.result is Result.WARNING, verdict
    assert verdict.period is not None
    hits = [a for a in verdict.anomalies if a.code == code]
    assert len(hits) == 1, codes(verdict)
    assert hits[0].severity is Severity.WARNING
    assert not any(a.is_error for a in verdict.anomalies)
    return dict(hits[0].params)


def ext(day: datetime.date, start: int | None = 8, end: int | None = 16, **kw: object) -> Request:
    """A horeca occasional worker for one day, with hours."""
    base: dict[str, object] = dict(
        committee="302", worker_type="EXT", start_date=day, end_date=day,
        start_hour=T(start) if start is not None else None,
        end_hour=T(end) if end is not None else None)
    base.update(kw)
    return in_req(**base)


def stu(start: datetime.date, end: datetime.date, hours: int, **kw: object) -> Request:
    return in_req(worker_type="STU", start_date=start, end_date=end, planned_hours=hours, **kw)


# ===================================================================== IN basics


def test_in_accepted_creates_the_period_with_the_declaration_number() -> None:
    req = in_req(end_date=D(2026, 9, 30))
    period = accepted(run(req))
    assert period == Period(NUMBER, 1, W1, "XXX", "OTH", D(2026, 3, 16), D(2026, 9, 30),
                            status=PeriodStatus.ACTIVE)


def test_in_without_end_date_is_fine_for_oth() -> None:
    assert accepted(run(in_req())).end_date is None


def test_in_with_nsso_employer() -> None:
    accepted(run(in_req(employer_enterprise=None, employer_nsso=NSSO_A)))


# ------------------------------------------------------------------- employer


def test_employer_unknown_to_the_registry() -> None:
    refused(run(in_req(), snap(employer=None)), "00014-906")


@pytest.mark.parametrize(("kw", "code"), [
    ({"employer_enterprise": "0403199703"}, "00014-904"),
    ({"employer_enterprise": "2403199702"}, "00014-905"),
    ({"employer_enterprise": "04031997"}, "00014-903"),
    ({"employer_enterprise": "04O3199702"}, "00014-903"),
    ({"employer_enterprise": None, "employer_nsso": "0009354-68"}, "00014-904"),
    ({"employer_enterprise": None, "employer_nsso": "2000000-12"}, "00014-905"),
    ({"employer_enterprise": None}, "00014-901"),
])
def test_employer_number_checks(kw: dict[str, object], code: str) -> None:
    verdict = run(in_req(**kw), snap(employer=None))
    refused(verdict, code)
    assert "00014-906" not in codes(verdict)  # a bad number is not looked up


# --------------------------------------------------------------------- worker


def test_worker_niss_checksum() -> None:
    refused(run(in_req(ssin="85073100131")), "00024-904")


def test_worker_niss_length() -> None:
    refused(run(in_req(ssin="8507310013")), "00024-903")


def test_worker_missing() -> None:
    refused(run(in_req(ssin=None)), "00024-901")


def test_worker_identity_without_niss_is_pending() -> None:
    req = in_req(ssin=None, identity=identity())
    verdict = run(req, snap(identity_known=False))
    assert verdict.result is Result.PENDING
    assert verdict.period is not None
    assert verdict.period.status is PeriodStatus.PENDING
    assert verdict.period.period_id == NUMBER
    assert verdict.period.ssin is None


def test_valid_niss_unknown_to_the_registry_is_pending() -> None:
    verdict = run(in_req(), snap(identity_known=False))
    assert verdict.result is Result.PENDING
    assert verdict.period is not None and verdict.period.status is PeriodStatus.PENDING


def test_pending_keeps_its_warnings() -> None:
    verdict = run(in_req(start_date=TODAY - DAY), snap(identity_known=False))
    assert verdict.result is Result.PENDING
    assert codes(verdict) == ["00910-917"]


def test_pending_but_invalid_is_refused() -> None:
    refused(run(in_req(committee="999"), snap(identity_known=False)), "00046-905")


def test_occasional_worker_needs_a_niss() -> None:
    req = ext(D(2026, 3, 20), ssin=None, identity=Identity("Peeters", "An"))
    refused(run(req, snap(identity_known=False)), "00024-901")


# ---------------------------------------------------- committee and worker type


def test_unknown_committee_and_type() -> None:
    refused(run(in_req(committee="999")), "00046-905")
    refused(run(in_req(committee="302.01")), "00046-905")
    refused(run(in_req(worker_type="ZZZ")), "00655-905")


@pytest.mark.parametrize("committee", ["XXX", "124", "140", "149"])
def test_ext_not_allowed_outside_occasional_committees(committee: str) -> None:
    refused(run(ext(D(2026, 3, 20), committee=committee)), "00655-907")


@pytest.mark.parametrize("committee", ["144", "145", "302", "320"])
def test_ext_allowed_in_occasional_committees(committee: str) -> None:
    accepted(run(ext(D(2026, 3, 20), committee=committee)))


def test_ext_allowed_in_agency_committee() -> None:
    accepted(run(ext(D(2026, 3, 20), committee="322", user_enterprise=ENT_B,
                     user_committee="302")))


@pytest.mark.parametrize("code", ["BCW", "RTA"])
def test_construction_types_only_in_124(code: str) -> None:
    accepted(run(in_req(committee="124", worker_type=code)))
    for committee in ("XXX", "140", "149", "302"):
        refused(run(in_req(committee=committee, worker_type=code)), "00655-907")


# --------------------------------------------------------- type validity dates


@pytest.mark.parametrize(("code", "bad", "good", "extra"), [
    ("A17", D(2022, 1, 1), D(2021, 12, 31), {}),
    ("O17", D(2021, 12, 31), D(2026, 3, 16), {"planned_hours": 10}),
    ("S17", D(2021, 12, 31), D(2026, 3, 16), {"planned_hours": 10}),
    ("T17", D(2021, 12, 31), D(2026, 3, 16), {}),
    ("ALT", D(2023, 8, 31), D(2023, 9, 1), {}),
    ("TEA", D(2022, 1, 3), D(2021, 12, 31), {}),
    ("STX", D(2014, 1, 2), D(2013, 12, 31), {}),
])
def test_worker_type_validity(code: str, bad: datetime.date, good: datetime.date,
                              extra: dict[str, object]) -> None:
    needs_end = code in ("A17", "T17", "O17", "S17")
    end = {"end_date": bad} if needs_end else {}
    refused(run(in_req(worker_type=code, start_date=bad, **end, **extra)), "00655-911")
    end = {"end_date": good} if needs_end else {}
    verdict = run(in_req(worker_type=code, start_date=good, **end, **extra))
    assert verdict.result in (Result.ACCEPTED, Result.WARNING), codes(verdict)
    assert "00655-911" not in codes(verdict)


def test_quarantine_type_closed() -> None:
    req = ext(D(2023, 1, 2), committee="144", worker_type="QUA", start_hour=None,
              end_hour=None)
    refused(run(req), "00655-911")


# ----------------------------------------------------------------- date range


def test_start_date_range() -> None:
    refused(run(in_req(start_date=D(1919, 12, 31))), "00910-905")
    assert run(in_req(start_date=D(1920, 1, 1))).result is Result.WARNING  # late, but valid
    accepted(run(in_req(start_date=D(2035, 12, 31))))  # before current year + 10
    refused(run(in_req(start_date=D(2036, 1, 1))), "00910-905")


def test_date_range_follows_today() -> None:
    accepted(run(in_req(start_date=D(2036, 1, 1)), today=D(2027, 1, 1)))


def test_end_date_range() -> None:
    req = in_req(start_date=D(1990, 1, 1), end_date=D(1998, 12, 31))
    refused(run(req), "00911-905")
    refused(run(in_req(end_date=D(2036, 1, 1))), "00911-905")
    accepted(run(in_req(end_date=D(2035, 12, 31))))


def test_end_before_start() -> None:
    refused(run(in_req(end_date=D(2026, 3, 15))), "00911-912")
    accepted(run(in_req(end_date=D(2026, 3, 16))))


# --------------------------------------------------------- end date per type


@pytest.mark.parametrize(("code", "extra"), [
    ("STU", {"planned_hours": 20}), ("IVT", {}), ("TRI", {}), ("STG", {}), ("T17", {}),
    ("O17", {"planned_hours": 20}), ("S17", {"planned_hours": 20}), ("FLX", {}),
])
def test_end_date_required(code: str, extra: dict[str, object]) -> None:
    refused(run(in_req(worker_type=code, **extra)), "00911-901")
    accepted(run(in_req(worker_type=code, end_date=D(2026, 3, 16), **extra,
                        **({"start_hour": T(9), "end_hour": T(17)} if code == "FLX" else {}))))


def test_end_date_required_for_a17() -> None:
    refused(run(in_req(worker_type="A17", start_date=D(2021, 6, 1))), "00911-901")


def test_end_date_required_for_ext() -> None:
    refused(run(ext(D(2026, 3, 20), end_date=None)), "00911-901")


def test_end_date_required_for_agency() -> None:
    req = in_req(committee="322", user_enterprise=ENT_B, user_committee="124")
    refused(run(req), "00911-901")
    accepted(run(replace(req, end_date=D(2026, 3, 20))))


@pytest.mark.parametrize("code", ["T17", "A17"])
def test_one_day_types(code: str) -> None:
    start = D(2026, 3, 16) if code == "T17" else D(2021, 6, 1)
    today = TODAY if code == "T17" else D(2021, 5, 20)
    refused(run(in_req(worker_type=code, start_date=start, end_date=start + DAY), today=today),
            "00911-913")
    accepted(run(in_req(worker_type=code, start_date=start, end_date=start), today=today))


def test_ext_lasts_one_day_or_one_night() -> None:
    day = D(2026, 3, 20)
    refused(run(ext(day, end_date=day + 2 * DAY)), "00911-913")
    accepted(run(ext(day, 22, 2, end_date=day + DAY)))


@pytest.mark.parametrize(("code", "extra"), [
    ("STU", {"planned_hours": 20}), ("O17", {"planned_hours": 20}),
    ("S17", {"planned_hours": 20}), ("FLX", {}),
])
def test_same_quarter(code: str, extra: dict[str, object]) -> None:
    refused(run(in_req(worker_type=code, start_date=D(2026, 3, 20), end_date=D(2026, 4, 1),
                       **extra)), "00911-914")
    accepted(run(in_req(worker_type=code, start_date=D(2026, 3, 20), end_date=D(2026, 3, 31),
                        **extra)))


def test_flexi_period_is_at_most_a_quarter() -> None:
    accepted(run(in_req(worker_type="FLX", start_date=D(2026, 4, 1), end_date=D(2026, 6, 30))))
    refused(run(in_req(worker_type="FLX", start_date=D(2026, 4, 1), end_date=D(2026, 7, 1))),
            "00911-914")


# ----------------------------------------------------------------------- hours


@pytest.mark.parametrize(("code", "extra"), [
    ("OTH", {}), ("STU", {"end_date": D(2026, 3, 16), "planned_hours": 8}),
    ("IVT", {"end_date": D(2026, 3, 16)}), ("BCW", {"committee": "124"}),
])
def test_hours_forbidden_outside_ext_and_one_day_flexi(code: str, extra: dict[str, object]
                                                       ) -> None:
    verdict = run(in_req(worker_type=code, start_hour=T(9), end_hour=T(17), **extra))
    refused(verdict, "00777-902", "00778-902")
    accepted(run(in_req(worker_type=code, **extra)))


def test_hours_forbidden_for_a_flexi_period() -> None:
    req = in_req(worker_type="FLX", end_date=D(2026, 3, 20), start_hour=T(9), end_hour=T(17))
    refused(run(req), "00777-902", "00778-902")


def test_one_day_flexi_needs_hours() -> None:
    day = D(2026, 3, 16)
    refused(run(in_req(worker_type="FLX", end_date=day)), "00777-901", "00778-901")
    accepted(run(in_req(worker_type="FLX", end_date=day, start_hour=T(18), end_hour=T(23))))


def test_ext_needs_hours() -> None:
    refused(run(ext(D(2026, 3, 20), None, None, committee="144")), "00777-901", "00778-901")
    # horeca: a day forfait has no end hour
    accepted(run(ext(D(2026, 3, 20), 8, None)))
    refused(run(ext(D(2026, 3, 20), None, None)), "00777-901")


def test_ext_end_hour_after_start_hour_on_the_same_day() -> None:
    refused(run(ext(D(2026, 3, 20), 16, 8)), "00778-912")
    refused(run(ext(D(2026, 3, 20), 8, 8)), "00778-912")
    accepted(run(ext(D(2026, 3, 20), 8, 9)))


# --------------------------------------------------------------- planned hours


@pytest.mark.parametrize("code", ["STU", "O17", "S17"])
def test_planned_hours_required_and_ranged(code: str) -> None:
    base = in_req(worker_type=code, end_date=D(2026, 3, 31))
    refused(run(base), "01135-901")
    refused(run(replace(base, planned_hours=0)), "01135-905")
    refused(run(replace(base, planned_hours=1000)), "01135-905")
    refused(run(replace(base, planned_hours=-5)), "01135-905")
    accepted(run(replace(base, planned_hours=1)))
    if code != "STU":  # 999 student hours would exceed the yearly quota (a warning)
        accepted(run(replace(base, planned_hours=999)))


@pytest.mark.parametrize(("code", "extra"), [
    ("OTH", {}), ("T17", {"end_date": D(2026, 3, 16)}), ("FLX", {"end_date": D(2026, 3, 20)}),
    ("IVT", {"end_date": D(2026, 3, 20)}),
])
def test_planned_hours_forbidden_otherwise(code: str, extra: dict[str, object]) -> None:
    refused(run(in_req(worker_type=code, planned_hours=10, **extra)), "01135-902")


# ------------------------------------------------------------- agency (322)


def _agency(**kw: object) -> Request:
    return in_req(committee="322", end_date=D(2026, 3, 20), **kw)


def test_agency_user_with_enterprise_number() -> None:
    accepted(run(_agency(user_enterprise=ENT_B, user_committee="302")))
    accepted(run(_agency(user_enterprise="0566.988.259", user_committee="XXX")))


def test_agency_foreign_user_with_name_and_address() -> None:
    accepted(run(_agency(user_name="Bauhaus GmbH", user_address="Hauptstr. 1, 52062 Aachen",
                         user_committee="124")))
    refused(run(_agency(user_name="Bauhaus GmbH", user_committee="124")), "00131-901")


def test_agency_user_data_required() -> None:
    refused(run(_agency()), "00131-901", "00153-901")
    refused(run(_agency(user_enterprise=ENT_B)), "00153-901")
    refused(run(_agency(user_committee="124")), "00131-901")


def test_agency_user_data_checked() -> None:
    refused(run(_agency(user_enterprise="0566988258", user_committee="124")), "00131-904")
    refused(run(_agency(user_enterprise=ENT_B, user_committee="322")), "00153-905")
    refused(run(_agency(user_enterprise=ENT_B, user_committee="999")), "00153-905")


def test_user_data_forbidden_outside_agency() -> None:
    refused(run(in_req(user_enterprise=ENT_B)), "00131-902")
    refused(run(in_req(user_committee="124")), "00153-902")
    refused(run(in_req(user_name="Bauhaus GmbH")), "00154-902")


# ------------------------------------------------------ declared too far ahead


@pytest.mark.parametrize(("code", "extra"), [
    ("O17", {"planned_hours": 5}), ("S17", {"planned_hours": 5}), ("T17", {}),
])
def test_article_17_at_most_15_days_ahead(code: str, extra: dict[str, object]) -> None:
    ok = TODAY + 15 * DAY
    accepted(run(in_req(worker_type=code, start_date=ok, end_date=ok, **extra)))
    early = TODAY + 16 * DAY
    refused(run(in_req(worker_type=code, start_date=early, end_date=early, **extra)),
            "00910-915")


def test_flexi_period_at_most_31_days_before_its_quarter() -> None:
    today = D(2026, 5, 31)  # 31 days before 1 July
    accepted(run(in_req(worker_type="FLX", start_date=D(2026, 7, 1), end_date=D(2026, 9, 30)),
                 today=today))
    refused(run(in_req(worker_type="FLX", start_date=D(2026, 7, 1), end_date=D(2026, 9, 30)),
                today=today - DAY), "00910-915")


# ----------------------------------------------------------------------- late


def test_late_in_is_accepted_with_a_warning() -> None:
    params = warned(run(in_req(start_date=TODAY - DAY)), "00910-917")
    assert params == {"start": "2026-03-09", "deadline": "2026-03-09", "days": 1}


def test_in_on_its_start_day_is_not_late() -> None:
    accepted(run(in_req(start_date=TODAY)))


# ==================================================================== overlaps


def test_duplicate_in_is_refused() -> None:
    existing = P(end_date=D(2026, 6, 30))
    verdict = run(in_req(end_date=D(2026, 6, 30)), snap(worker_periods=(existing,)))
    refused(verdict, "90374-910")
    [hit] = [a for a in verdict.anomalies if a.code == "90374-910"]
    assert hit.params == {"periodId": existing.period_id, "start": "2026-03-16"}


@pytest.mark.parametrize(("start", "end", "clash"), [
    (D(2026, 3, 1), D(2026, 3, 16), True),    # ends on the first day of the other
    (D(2026, 3, 1), D(2026, 3, 15), False),   # ends the day before
    (D(2026, 6, 30), None, True),             # starts on its last day
    (D(2026, 7, 1), None, False),             # starts the day after
    (D(2026, 4, 1), D(2026, 4, 2), True),     # inside
    (D(2026, 1, 1), None, True),              # open, covers it all
])
def test_overlap_with_a_closed_period(start: datetime.date, end: datetime.date | None,
                                      clash: bool) -> None:
    existing = P(start_date=D(2026, 3, 16), end_date=D(2026, 6, 30))
    verdict = run(in_req(start_date=start, end_date=end), snap(worker_periods=(existing,)))
    assert ("90374-910" in codes(verdict)) is clash
    assert (verdict.result is Result.REFUSED) is clash


def test_overlap_with_an_open_period() -> None:
    existing = P(start_date=D(2026, 1, 1))
    refused(run(in_req(start_date=D(2030, 1, 1)), snap(worker_periods=(existing,))),
            "90374-910")
    # a period that ends before an open one starts is fine
    later = P(start_date=D(2026, 3, 21))
    accepted(run(in_req(start_date=D(2026, 3, 16), end_date=D(2026, 3, 20)),
                 snap(worker_periods=(later,))))


@pytest.mark.parametrize("other", [
    {"employer_id": 2},
    {"committee": "149"},
    {"worker_type": "DWD"},
    {"status": PeriodStatus.CANCELLED},
])
def test_no_overlap_when_characteristics_differ_or_cancelled(other: dict[str, object]) -> None:
    existing = P(**other)
    accepted(run(in_req(), snap(worker_periods=(existing,))))


def test_pending_period_counts_for_overlap() -> None:
    existing = P(status=PeriodStatus.PENDING)
    refused(run(in_req(), snap(worker_periods=(existing,))), "90374-910")


def _ext_period(day: datetime.date, start: int | None, end: int | None, **kw: object) -> Period:
    base: dict[str, object] = dict(
        committee="302", worker_type="EXT", start_date=day, end_date=day,
        start_hour=T(start) if start is not None else None,
        end_hour=T(end) if end is not None else None)
    base.update(kw)
    return P(**base)


@pytest.mark.parametrize(("hours", "clash"), [
    ((13, 17), False),       # after
    ((12, 16), False),       # starts when the other ends
    ((6, 8), False),         # ends when the other starts
    ((11, 15), True),        # overlaps the end
    ((7, 9), True),          # overlaps the start
    ((8, 12), True),         # the same slot again
    ((9, None), True),       # day forfait from 9: rest of the day
])
def test_ext_time_slots_on_the_same_day(hours: tuple[int, int | None], clash: bool) -> None:
    day = D(2026, 3, 20)
    existing = _ext_period(day, 8, 12)
    verdict = run(ext(day, *hours), snap(worker_periods=(existing,)))
    assert (verdict.result is Result.REFUSED) is clash, codes(verdict)
    if not clash:
        assert verdict.period is not None and verdict.period.period_id == NUMBER


def test_ext_day_forfait_blocks_the_day() -> None:
    day = D(2026, 3, 20)
    existing = _ext_period(day, 8, None)
    refused(run(ext(day, 18, 22), snap(worker_periods=(existing,))), "90374-910")
    accepted(run(ext(day + DAY, 8, 12), snap(worker_periods=(existing,))))


def test_ext_night_shift_overlaps_next_morning() -> None:
    day = D(2026, 3, 20)
    night = _ext_period(day, 22, 2, end_date=day + DAY)
    refused(run(ext(day + DAY, 1, 6), snap(worker_periods=(night,))), "90374-910")
    accepted(run(ext(day + DAY, 2, 6), snap(worker_periods=(night,))))


# ============================================================== student quota


def _stu_period(hours: int, start: datetime.date = D(2026, 1, 5), **kw: object) -> Period:
    return P(worker_type="STU", start_date=start,
             end_date=D(start.year, 3 * ((start.month - 1) // 3) + 3, 28), planned_hours=hours,
             **kw)


def test_student_quota_exceeded_across_employers() -> None:
    periods = (_stu_period(300, employer_id=2), _stu_period(300, D(2026, 2, 1)))
    req = stu(D(2026, 4, 1), D(2026, 6, 30), 100)
    params = warned(run(req, snap(worker_periods=periods)), "90017-369")
    assert params == {"excess": 50, "quota": 650, "year": 2026}


def test_student_quota_exactly_reached_is_fine() -> None:
    periods = (_stu_period(550, employer_id=2),)
    accepted(run(stu(D(2026, 4, 1), D(2026, 6, 30), 100), snap(worker_periods=periods)))


def test_student_quota_alone_over_the_limit() -> None:
    params = warned(run(stu(D(2026, 3, 16), D(2026, 3, 31), 700)), "90017-369")
    assert params["excess"] == 50


def test_student_quota_excess_is_at_most_the_new_hours() -> None:
    periods = (_stu_period(700, employer_id=2),)
    params = warned(run(stu(D(2026, 4, 1), D(2026, 6, 30), 20), snap(worker_periods=periods)),
                    "90017-369")
    assert params["excess"] == 20


@pytest.mark.parametrize("other", [
    {"start": D(2025, 10, 1)},                                     # last year
    {"status": PeriodStatus.CANCELLED},                            # cancelled
])
def test_student_quota_ignores_other_years_and_cancelled(other: dict[str, object]) -> None:
    start = other.pop("start", D(2026, 1, 5))
    periods = (_stu_period(600, start, **other),)  # type: ignore[arg-type]
    accepted(run(stu(D(2026, 4, 1), D(2026, 6, 30), 100), snap(worker_periods=periods)))


def test_student_quota_ignores_other_types() -> None:
    periods = (P(worker_type="OTH", start_date=D(2026, 1, 5), end_date=D(2026, 1, 6),
                 planned_hours=600),)
    accepted(run(stu(D(2026, 4, 1), D(2026, 6, 30), 100), snap(worker_periods=periods)))


def test_student_quota_of_the_start_year() -> None:
    periods = (_stu_period(550, D(2024, 1, 5), employer_id=2),)
    params = warned(run(stu(D(2024, 4, 1), D(2024, 6, 30), 100), snap(worker_periods=periods),
                        today=D(2024, 3, 1)), "90017-369")
    assert params == {"excess": 50, "quota": 600, "year": 2024}


# ============================================================== horeca quotas


def _days(first: datetime.date, count: int, step: int = 2) -> list[datetime.date]:
    return [first + i * step * DAY for i in range(count)]


def test_horeca_worker_fifty_days() -> None:
    # 50 days already, spread over two employers and never consecutive
    periods = tuple(_ext_period(d, 8, 12, employer_id=1 + i % 2)
                    for i, d in enumerate(_days(D(2026, 1, 2), 50)))
    day = D(2026, 12, 1)
    params = warned(run(ext(day), snap(worker_periods=periods), today=D(2026, 11, 1)),
                    "90017-921")
    assert params == {"days": 51, "limit": 50, "year": 2026, "advisedCommittee": "XXX", "advisedType": "OTH"}
    accepted(run(ext(day), snap(worker_periods=periods[:49]), today=D(2026, 11, 1)))


def test_horeca_worker_days_count_once_per_day_and_per_year() -> None:
    periods = [_ext_period(d, 8, 11) for d in _days(D(2026, 1, 2), 49)]
    # a second slot on a day already counted adds no day
    periods.append(_ext_period(D(2026, 1, 2), 14, 18))
    # last year's days do not count
    periods += [_ext_period(d, 8, 12) for d in _days(D(2025, 1, 2), 20)]
    accepted(run(ext(D(2026, 12, 1)), snap(worker_periods=tuple(periods)),
                 today=D(2026, 11, 1)))


def test_horeca_worker_days_ignore_other_committees_and_cancelled() -> None:
    periods = [_ext_period(d, 8, 12, committee="144") for d in _days(D(2026, 1, 2), 30)]
    periods += [_ext_period(d, 8, 12, status=PeriodStatus.CANCELLED)
                for d in _days(D(2026, 1, 3), 30)]
    accepted(run(ext(D(2026, 12, 1)), snap(worker_periods=tuple(periods)),
                 today=D(2026, 11, 1)))


def test_horeca_employer_two_hundred_days() -> None:
    days = frozenset(D(2026, 1, 1) + i * DAY for i in range(200))
    day = D(2026, 12, 1)
    params = warned(run(ext(day), snap(employer_ext_days=days), today=D(2026, 11, 1)),
                    "90017-922")
    assert params == {"days": 201, "limit": 200, "year": 2026, "advisedCommittee": "XXX", "advisedType": "OTH"}
    # the day itself already counted: still 200
    accepted(run(ext(D(2026, 1, 1)), snap(employer_ext_days=days), today=D(2025, 12, 1)))
    # 199 days: the new one is the 200th
    fewer = frozenset(sorted(days)[1:])
    accepted(run(ext(day), snap(employer_ext_days=fewer), today=D(2026, 11, 1)))
    # last year's days do not count
    old = frozenset(d.replace(year=2025) for d in days)
    accepted(run(ext(day), snap(employer_ext_days=old), today=D(2026, 11, 1)))


@pytest.mark.parametrize(("offsets", "run_length"), [
    ((-1, -2), 3),
    ((-1, 1), 3),
    ((1, 2), 3),
    ((-2, -1, 1, 2), 5),
])
def test_horeca_third_consecutive_day(offsets: tuple[int, ...], run_length: int) -> None:
    day = D(2026, 3, 20)
    periods = tuple(_ext_period(day + o * DAY, 8, 12) for o in offsets)
    params = warned(run(ext(day), snap(worker_periods=periods)), "90017-923")
    assert params == {"days": run_length, "advisedCommittee": "XXX", "advisedType": "OTH"}


@pytest.mark.parametrize("periods", [
    (("own", -1),),                    # two days in a row is allowed
    (("own", -2), ("own", 2)),         # gaps
    (("other", -1), ("other", -2)),    # the run is with another employer
    (("own", -1), ("other", -2)),
])
def test_horeca_two_consecutive_days_are_fine(periods: tuple[tuple[str, int], ...]) -> None:
    day = D(2026, 3, 20)
    stored = tuple(_ext_period(day + o * DAY, 8, 12, employer_id=1 if who == "own" else 2)
                   for who, o in periods)
    accepted(run(ext(day), snap(worker_periods=stored)))


def test_non_horeca_ext_has_no_day_quota() -> None:
    day = D(2026, 3, 20)
    periods = tuple(_ext_period(day + o * DAY, 8, 12, committee="144") for o in (-2, -1))
    accepted(run(ext(day, committee="144"), snap(worker_periods=periods)))


# ========================================================================= OUT


def out(target: Period, end: datetime.date | None = D(2026, 6, 30), **kw: object) -> Request:
    return Request(Kind.OUT, employer_enterprise=ENT_A, period_id=target.period_id,
                   end_date=end, **kw)  # type: ignore[arg-type]


def test_out_sets_the_end_date() -> None:
    target = P()
    period = accepted(run(out(target), snap(target=target)))
    assert period == replace(target, end_date=D(2026, 6, 30))


def test_out_on_its_start_day() -> None:
    target = P()
    assert accepted(run(out(target, target.start_date), snap(target=target))).end_date == \
        target.start_date


def test_out_of_a_period_that_already_ends() -> None:
    target = P(end_date=D(2026, 5, 1))
    verdict = run(out(target), snap(target=target))
    refused(verdict, "00913-908")


def test_out_before_the_start() -> None:
    target = P()
    refused(run(out(target, D(2026, 3, 15)), snap(target=target)), "00911-912")


def test_out_needs_period_and_end_date() -> None:
    target = P()
    refused(run(out(target, None), snap(target=target)), "00911-901")
    refused(run(replace(out(target), period_id=None), snap(target=None)), "00913-901")


def test_out_of_an_unknown_or_foreign_period() -> None:
    target = P()
    refused(run(out(target), snap(target=None)), "00913-906")
    refused(run(out(target), snap(target=replace(target, employer_id=2))), "00913-906")


def test_out_with_a_bad_period_number() -> None:
    target = P()
    refused(run(replace(out(target), period_id="100000000163"), snap(target=target)),
            "00913-904")


def test_out_of_a_cancelled_period() -> None:
    target = P(status=PeriodStatus.CANCELLED)
    refused(run(out(target), snap(target=target)), "00913-355")


def test_out_end_date_range() -> None:
    target = P()
    refused(run(out(target, D(2036, 1, 1)), snap(target=target)), "00911-905")


# ====================================================================== UPDATE


def upd(target: Period, **kw: object) -> Request:
    return Request(Kind.UPDATE, employer_enterprise=ENT_A, period_id=target.period_id,
                   **kw)  # type: ignore[arg-type]


def test_update_end_and_start_dates() -> None:
    target = P(end_date=D(2026, 6, 30))
    period = accepted(run(upd(target, start_date=D(2026, 3, 17), end_date=D(2026, 7, 31)),
                          snap(target=target)))
    assert period == replace(target, start_date=D(2026, 3, 17), end_date=D(2026, 7, 31))


def test_update_hours_of_an_occasional_worker() -> None:
    day = D(2026, 3, 20)
    target = _ext_period(day, 8, 12)
    period = accepted(run(upd(target, end_hour=T(14)), snap(target=target)))
    assert (period.start_hour, period.end_hour) == (T(8), T(14))
    refused(run(upd(target, end_hour=T(7)), snap(target=target)), "00778-912")


def test_update_cannot_add_hours_to_oth() -> None:
    target = P()
    refused(run(upd(target, start_hour=T(8)), snap(target=target)), "00777-902")


def test_update_planned_hours() -> None:
    target = _stu_period(40)
    period = accepted(run(upd(target, planned_hours=60), snap(target=target)))
    assert period.planned_hours == 60
    refused(run(upd(target, planned_hours=0), snap(target=target)), "01135-905")


def test_update_planned_hours_counts_against_the_quota_without_itself() -> None:
    target = _stu_period(100)
    others = (_stu_period(500, D(2026, 2, 2), employer_id=2),)
    workers = (*others, target)
    accepted(run(upd(target, planned_hours=150), snap(target=target, worker_periods=workers)))
    params = warned(run(upd(target, planned_hours=200),
                        snap(target=target, worker_periods=workers)), "90017-369")
    assert params["excess"] == 50


def test_update_cannot_move_a_student_start() -> None:
    target = _stu_period(40)
    refused(run(upd(target, start_date=D(2026, 1, 6)), snap(target=target)), "00910-918")
    # the same start again is no change
    accepted(run(upd(target, start_date=target.start_date, planned_hours=41),
                 snap(target=target)))


def test_update_remove_end_date() -> None:
    target = P(end_date=D(2026, 6, 30))
    period = accepted(run(upd(target, remove_end_date=True), snap(target=target)))
    assert period.end_date is None


@pytest.mark.parametrize("target", [
    _stu_period(40), P(worker_type="IVT", end_date=D(2026, 6, 30)),
    P(committee="322", end_date=D(2026, 6, 30), user_enterprise=ENT_B, user_committee="124"),
], ids=["STU", "IVT", "322"])
def test_update_cannot_remove_a_required_end_date(target: Period) -> None:
    refused(run(upd(target, remove_end_date=True), snap(target=target)), "00911-901")


def test_update_that_changes_nothing() -> None:
    target = P(end_date=D(2026, 6, 30))
    refused(run(upd(target), snap(target=target)), "00913-919")
    refused(run(upd(target, end_date=D(2026, 6, 30)), snap(target=target)), "00913-919")


@pytest.mark.parametrize(("kw", "code"), [
    ({"committee": "149"}, "00046-902"),
    ({"worker_type": "DWD"}, "00655-902"),
])
def test_update_cannot_change_committee_or_type(kw: dict[str, object], code: str) -> None:
    target = P(end_date=D(2026, 6, 30))
    refused(run(upd(target, end_date=D(2026, 7, 31), **kw), snap(target=target)), code)
    # repeating the current characteristics is harmless
    accepted(run(upd(target, end_date=D(2026, 7, 31), committee="XXX", worker_type="OTH"),
                 snap(target=target)))


def test_update_end_before_start() -> None:
    target = P(end_date=D(2026, 6, 30))
    refused(run(upd(target, start_date=D(2026, 7, 1)), snap(target=target)), "00911-912")


def test_update_respects_the_type_shape() -> None:
    target = _stu_period(40)  # Q1
    refused(run(upd(target, end_date=D(2026, 4, 2)), snap(target=target)), "00911-914")


def test_update_into_an_overlap() -> None:
    target = P(start_date=D(2026, 3, 16), end_date=D(2026, 3, 31))
    later = P(start_date=D(2026, 5, 1), end_date=D(2026, 6, 30))
    snapshot = snap(target=target, worker_periods=(target, later))
    verdict = run(upd(target, end_date=D(2026, 5, 1)), snapshot)
    refused(verdict, "90374-910")
    assert [a.params for a in verdict.anomalies] == [
        {"periodId": later.period_id, "start": later.start_date.isoformat()}]
    # moving within its own span does not clash with itself
    accepted(run(upd(target, end_date=D(2026, 4, 30)), snapshot))


def test_update_of_an_unknown_foreign_or_cancelled_period() -> None:
    target = P()
    refused(run(upd(target, end_date=D(2026, 4, 1)), snap(target=None)), "00913-906")
    refused(run(upd(target, end_date=D(2026, 4, 1)),
                snap(target=replace(target, employer_id=2))), "00913-906")
    refused(run(upd(target, end_date=D(2026, 4, 1)),
                snap(target=replace(target, status=PeriodStatus.CANCELLED))), "00913-355")


# ====================================================================== CANCEL


def cancel(target: Period) -> Request:
    return Request(Kind.CANCEL, employer_enterprise=ENT_A, period_id=target.period_id)


@pytest.mark.parametrize("start", [TODAY, TODAY + DAY, D(2026, 12, 31)])
def test_cancel_until_the_start_day(start: datetime.date) -> None:
    target = P(start_date=start)
    period = accepted(run(cancel(target), snap(target=target)))
    assert period == replace(target, status=PeriodStatus.CANCELLED)
    assert not period.is_live


def test_cancel_after_the_start_day() -> None:
    target = P(start_date=TODAY - DAY)
    verdict = run(cancel(target), snap(target=target))
    refused(verdict, "00913-909")
    assert verdict.anomalies[0].params == {"periodId": target.period_id,
                                           "start": "2026-03-09"}


def test_second_cancel_is_refused_with_355() -> None:
    target = P(status=PeriodStatus.CANCELLED)
    verdict = run(cancel(target), snap(target=target))
    refused(verdict, "00913-355")
    assert codes(verdict) == ["00913-355"]


def test_cancel_of_a_pending_period() -> None:
    target = P(status=PeriodStatus.PENDING)
    assert accepted(run(cancel(target), snap(target=target))).status is PeriodStatus.CANCELLED


def test_cancel_needs_a_period() -> None:
    refused(run(Request(Kind.CANCEL, employer_enterprise=ENT_A)), "00913-901")
    refused(run(cancel(P()), snap(target=None)), "00913-906")


def test_cancel_by_another_employer() -> None:
    target = P(employer_id=2)
    refused(run(cancel(target), snap(target=target)), "00913-906")
    accepted(run(replace(cancel(target), employer_enterprise=ENT_B),
                 snap(employer=OTHER, target=target)))


# ======================================================================= purity


def test_judge_is_pure() -> None:
    existing = P(end_date=D(2026, 6, 30))
    snapshot = snap(worker_periods=(existing,))
    req = in_req(start_date=D(2026, 7, 1))
    first, second = run(req, snapshot), run(req, snapshot)
    assert first == second
    assert snapshot.worker_periods == (existing,)


def test_refused_verdicts_never_carry_a_period() -> None:
    for req in (in_req(ssin="1"), in_req(committee="999"), Request(Kind.OUT), Request(Kind.IN)):
        verdict = run(req)
        assert verdict.result is Result.REFUSED and verdict.period is None

