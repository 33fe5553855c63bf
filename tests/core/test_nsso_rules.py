"""The NSSO rules of issue 12, through core.service on a real store (SQLite and PostgreSQL).

Deadlines on every kind, the four characteristics, the pending path of a worker
without a NISS, sub-entities, provisional NSSO numbers, agency horeca days and
the flexi-job conditions; each rule accepted, warned or refused as the
reference says, with the parameters its words need.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace

import pytest

from core import anomalies as codes_
from core import reference as ref
from core.anomalies import Field
from core.clock import BRUSSELS, FixedClock
from core.demo import load_demo
from core.ids import period as period_id
from core.model import Declaration, Employer, Identity, Kind, Period, PeriodStatus, Request, Result
from core.registry import parse_employers
from core.rules import needed_fields
from core.service import OPEN_END, Declarations
from core.store import Store, open_store
from tests.core import _data
from tests.core._data import ENT_A, ENT_B, NSSO_A, W1, W2, W3, D, T, codes, in_req

NOW = datetime.datetime(2026, 3, 10, 9, 0)  # Brussels, a Tuesday
DAY = datetime.timedelta(days=1)
AGENCY = _data.enterprise(12345678)
PROVISIONAL, DEFINITIVE = "5000000120", "127792067"
SUBS = ("0000522001", "0000522002")
EMPLOYERS = [
    Employer(0, "Brasserie Alpha", ENT_A, None, "fr"),
    Employer(0, "Hotel Beta", ENT_B, None, "nl"),
    Employer(0, "PersoPoint", None, NSSO_A, "nl", SUBS),
    Employer(0, "Interim Plus", AGENCY, None, "fr"),
    Employer(0, "Nouvelle SRL", None, PROVISIONAL, "fr"),
]
IDENTITIES = [Identity("Janssens", "Jan", D(1985, 7, 31), W1),
              Identity("Peeters", "An", D(1985, 7, 30), W2),
              Identity("Dubois", "Marie", D(1990, 2, 15), W3)]


@pytest.fixture
async def store(store_location: str) -> AsyncIterator[Store]:
    store = await open_store(store_location)
    await store.put_employers(EMPLOYERS)
    await store.put_identities(IDENTITIES)
    yield store
    await store.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def service(store: Store, clock: FixedClock) -> Declarations:
    return Declarations(store, clock)


def _update(pid: str, **kw: object) -> Request:
    return Request(Kind.UPDATE, employer_enterprise=ENT_A, period_id=pid,
                   **kw)  # type: ignore[arg-type]


def _out(pid: str, end: datetime.date, employer: str = ENT_A) -> Request:
    return Request(Kind.OUT, employer_enterprise=employer, period_id=pid, end_date=end)


def _ext(day: datetime.date, **kw: object) -> Request:
    base: dict[str, object] = {"committee": "302", "worker_type": "EXT", "start_date": day,
                                   "end_date": day, "start_hour": T(18), "end_hour": T(23)}
    base.update(kw)
    return in_req(**base)


def _placed(day: datetime.date, user: str | None = ENT_B, **kw: object) -> Request:
    """A horeca occasional worker placed by the agency with a user company."""
    base: dict[str, object] = {"employer_enterprise": AGENCY, "committee": "322",
                                   "user_committee": "302", "user_enterprise": user}
    base.update(kw)
    return _ext(day, **base)


def _params(decl: Declaration, code: str) -> dict[str, object]:
    [hit] = [a for a in decl.anomalies if a.code == code]
    return dict(hit.params)


async def _accepted(service: Declarations, req: Request) -> Declaration:
    decl = await service.submit(req)
    assert decl.result in (Result.ACCEPTED, Result.WARNING), codes(decl)
    assert decl.period_id is not None
    return decl


async def _period(service: Declarations, pid: str, employer: str = ENT_A) -> Period:
    found = await service.employer(employer)
    assert found is not None
    [period] = [p for p in await service.periods(found) if p.period_id == pid]
    return period


# ================================================================== deadlines


@pytest.mark.parametrize(("end", "sent", "late"), [
    (D(2026, 3, 13), D(2026, 3, 16), None),  # Friday: due on Monday
    (D(2026, 3, 13), D(2026, 3, 17), (D(2026, 3, 16), 1)),
    (D(2026, 4, 3), D(2026, 4, 7), None),  # Easter Monday is no working day
    (D(2026, 4, 3), D(2026, 4, 10), (D(2026, 4, 7), 3)),
    (D(2026, 3, 10), D(2026, 3, 10), None),  # declared on the day itself
])
async def test_an_out_is_due_the_first_working_day_after_the_end(
        service: Declarations, clock: FixedClock, end: datetime.date, sent: datetime.date,
        late: tuple[datetime.date, int] | None) -> None:
    placed = await _accepted(service, in_req(start_date=D(2026, 3, 10)))
    assert placed.period_id
    clock.set(datetime.datetime.combine(sent, datetime.time(23, 30)))
    out = await service.submit(_out(placed.period_id, end))
    if late is None:
        assert out.result is Result.ACCEPTED, codes(out)
        return
    assert out.result is Result.WARNING and codes(out) == ["00911-917"]
    assert _params(out, "00911-917") == {"deadline": late[0].isoformat(), "days": late[1],
                                         "end": end.isoformat()}
    assert (await _period(service, placed.period_id)).end_date == end


async def test_an_update_moving_the_start_back_is_late_once_that_day_passed(
        service: Declarations) -> None:
    placed = await _accepted(service, in_req(start_date=D(2026, 3, 20)))
    assert placed.period_id
    still_ahead = await service.submit(_update(placed.period_id, start_date=D(2026, 3, 12)))
    assert still_ahead.result is Result.ACCEPTED, codes(still_ahead)
    today = await service.submit(_update(placed.period_id, start_date=D(2026, 3, 10)))
    assert today.result is Result.ACCEPTED, codes(today)
    back = await service.submit(_update(placed.period_id, start_date=D(2026, 3, 2)))
    assert back.result is Result.WARNING and codes(back) == ["00910-917"]
    assert _params(back, "00910-917") == {"start": "2026-03-02", "deadline": "2026-03-02",
                                          "days": 8}
    later = await service.submit(_update(placed.period_id, start_date=D(2026, 3, 5)))
    assert later.result is Result.ACCEPTED, codes(later)  # moved forward: nothing due


async def test_an_update_extending_the_end_is_due_after_the_end_on_file(
        service: Declarations, clock: FixedClock) -> None:
    placed = await _accepted(service, in_req(start_date=D(2026, 3, 2), end_date=D(2026, 3, 6)))
    assert placed.period_id and placed.result is Result.WARNING  # the IN itself is late
    clock.set(datetime.datetime(2026, 3, 9, 17))  # Monday: the first working day after
    in_time = await service.submit(_update(placed.period_id, end_date=D(2026, 3, 13)))
    assert in_time.result is Result.ACCEPTED, codes(in_time)
    clock.set(datetime.datetime(2026, 3, 18, 8))  # the end on file is now 13/3, a Friday
    extended = await service.submit(_update(placed.period_id, end_date=D(2026, 3, 31)))
    assert extended.result is Result.WARNING and codes(extended) == ["00911-917"]
    assert _params(extended, "00911-917") == {"deadline": "2026-03-16", "days": 2,
                                              "end": "2026-03-31"}
    clock.set(datetime.datetime(2026, 4, 3, 8))  # removing the end of 31/3 was due on 1/4
    reopened = await service.submit(_update(placed.period_id, remove_end_date=True))
    assert reopened.result is Result.WARNING and codes(reopened) == ["00911-917"]
    assert _params(reopened, "00911-917") == {"deadline": "2026-04-01", "days": 2,
                                              "end": "2026-03-31"}
    assert (await _period(service, placed.period_id)).end_date is None


async def test_an_update_moving_the_end_earlier_is_due_after_the_new_end(
        service: Declarations, clock: FixedClock) -> None:
    placed = await _accepted(service, in_req(start_date=D(2026, 3, 10), end_date=D(2026, 6, 30)))
    assert placed.period_id
    clock.set(datetime.datetime(2026, 3, 20, 8))
    earlier = await service.submit(_update(placed.period_id, end_date=D(2026, 3, 17)))
    assert earlier.result is Result.WARNING and codes(earlier) == ["00911-917"]
    assert _params(earlier, "00911-917") == {"deadline": "2026-03-18", "days": 2,
                                             "end": "2026-03-17"}


async def test_open_end_9999_reopens_in_an_update_only(service: Declarations) -> None:
    placed = await _accepted(service, in_req(start_date=D(2026, 3, 16), end_date=D(2026, 6, 30)))
    assert placed.period_id
    reopened = await service.submit(_update(placed.period_id, end_date=OPEN_END))
    assert reopened.result is Result.ACCEPTED, codes(reopened)
    assert reopened.request.remove_end_date and reopened.request.end_date is None
    assert (await _period(service, placed.period_id)).end_date is None
    refused = await service.submit(in_req(ssin=W2, end_date=OPEN_END))
    assert refused.result is Result.REFUSED and codes(refused) == ["00911-905"]
    out = await service.submit(_out(placed.period_id, OPEN_END))
    assert out.result is Result.REFUSED and "00911-905" in codes(out)


async def test_a_flexi_job_end_never_moves_later(service: Declarations) -> None:
    flexi = await _accepted(service, in_req(worker_type="FLX", start_date=D(2026, 4, 1),
                                            end_date=D(2026, 5, 31)))
    assert flexi.period_id
    for change in ({"end_date": D(2026, 6, 30)}, {"remove_end_date": True},
                   {"end_date": OPEN_END}):
        later = await service.submit(_update(flexi.period_id, **change))
        assert later.result is Result.REFUSED and "00911-918" in codes(later), change
        assert _params(later, "00911-918") == {"type": "FLX", "end": "2026-05-31"}
    earlier = await service.submit(_update(flexi.period_id, end_date=D(2026, 5, 15)))
    assert earlier.result is Result.ACCEPTED, codes(earlier)
    # more work: a new flexi period from the next day is no overlap
    more = await service.submit(in_req(worker_type="FLX", start_date=D(2026, 5, 16),
                                       end_date=D(2026, 6, 30)))
    assert more.result is Result.ACCEPTED, codes(more)


# ================================================================ flexi-jobs


async def test_a_late_flexi_job_loses_the_flexi_conditions(service: Declarations) -> None:
    late = await service.submit(in_req(worker_type="FLX", committee="302",
                                       start_date=D(2026, 3, 9), end_date=D(2026, 3, 9),
                                       start_hour=T(18), end_hour=T(23)))
    assert late.result is Result.WARNING
    assert codes(late) == ["00910-917", codes_.FLEXI_ACCESS]
    advice = _params(late, codes_.FLEXI_ACCESS)
    assert advice == {"reason": "late", "advisedCommittee": "XXX", "advisedType": "OTH"}
    # following the advice is accepted: ordinary staff coexists with the flexi period
    ordinary = await service.submit(in_req(committee=str(advice["advisedCommittee"]),
                                           worker_type=str(advice["advisedType"]),
                                           start_date=D(2026, 3, 9), end_date=D(2026, 3, 9)))
    assert ordinary.result is Result.WARNING and codes(ordinary) == ["00910-917"]


async def test_flexi_job_conditions_checked_from_the_data(service: Declarations,
                                                          clock: FixedClock) -> None:
    # not in agriculture or horticulture (opt-outs)
    for committee in ("144", "145"):
        refused = await service.submit(in_req(worker_type="FLX", committee=committee,
                                              start_date=D(2026, 3, 16),
                                              end_date=D(2026, 3, 31)))
        assert "00655-907" in codes(refused)
    # at most one quarter
    long = await service.submit(in_req(worker_type="FLX", start_date=D(2026, 3, 16),
                                       end_date=D(2026, 4, 15)))
    assert codes(long) == ["00911-914"]
    # at most 31 days before its quarter, a day with hours too
    clock.set(datetime.datetime(2026, 5, 30, 9))
    early = await service.submit(in_req(worker_type="FLX", start_date=D(2026, 7, 2),
                                        end_date=D(2026, 7, 2), start_hour=T(9),
                                        end_hour=T(17)))
    assert codes(early) == ["00910-915"]
    clock.set(datetime.datetime(2026, 5, 31, 9))
    assert (await service.submit(early.request)).result is Result.ACCEPTED
    # a daily flexi-job past midnight ends the next day, with its hours
    night = await service.submit(in_req(ssin=W2, worker_type="FLX", start_date=D(2026, 6, 5),
                                        end_date=D(2026, 6, 6), start_hour=T(22),
                                        end_hour=T(3)))
    assert night.result is Result.ACCEPTED, codes(night)
    two_days = await service.submit(in_req(ssin=W3, worker_type="FLX", start_date=D(2026, 6, 5),
                                           end_date=D(2026, 6, 6)))
    assert two_days.result is Result.ACCEPTED, codes(two_days)


# ============================================================ characteristics


async def test_agency_placements_with_different_users_coexist(service: Declarations) -> None:
    day = D(2026, 3, 20)
    first = await _accepted(service, _placed(day, ENT_B))
    other_user = await service.submit(_placed(day, ENT_A))
    assert other_user.result is Result.ACCEPTED, codes(other_user)
    same_user = await service.submit(_placed(day, ENT_B, start_hour=T(20), end_hour=T(22)))
    assert same_user.result is Result.REFUSED and codes(same_user) == [codes_.OVERLAP]
    assert _params(same_user, codes_.OVERLAP) == {"periodId": first.period_id,
                                                  "start": day.isoformat()}
    # a foreign user, known by its name, is a user of its own
    foreign = {"employer_enterprise": AGENCY, "committee": "322", "worker_type": "OTH",
                   "start_date": D(2026, 4, 1), "end_date": D(2026, 4, 30), "user_committee": "124"}
    abroad = await service.submit(in_req(user_name="Bau GmbH", user_address="Aachen", **foreign))
    assert abroad.result is Result.ACCEPTED, codes(abroad)
    other = await service.submit(in_req(user_name="Haus AG", user_address="Köln", **foreign))
    assert other.result is Result.ACCEPTED, codes(other)
    again = await service.submit(in_req(user_name="Bau GmbH", user_address="Aachen", **foreign))
    assert codes(again) == [codes_.OVERLAP]
    assert abroad.period_id
    assert (await _period(service, abroad.period_id, AGENCY)).user_name == "Bau GmbH"


async def test_sub_entities_are_characteristics(service: Declarations) -> None:
    base = {"employer_enterprise": None, "employer_nsso": NSSO_A, "start_date": D(2026, 3, 16)}
    one = await _accepted(service, in_req(sub_entity=SUBS[0], **base))
    two = await service.submit(in_req(sub_entity=SUBS[1], **base))
    assert two.result is Result.ACCEPTED, codes(two)
    dup = await service.submit(in_req(sub_entity=SUBS[0], **base))
    assert codes(dup) == [codes_.OVERLAP] and _params(dup, codes_.OVERLAP)["periodId"] == \
        one.period_id
    assert one.period_id
    stored = await _period(service, one.period_id, NSSO_A)
    assert stored.sub_entity == SUBS[0]
    moved = await service.submit(Request(Kind.UPDATE, employer_nsso=NSSO_A,
                                         period_id=one.period_id, sub_entity=SUBS[1],
                                         end_date=D(2026, 6, 30)))
    assert moved.result is Result.REFUSED and codes(moved) == ["00652-918"]


# ================================================================ sub-entities


async def test_a_sub_entity_is_asked_checked_and_refused_elsewhere(
        service: Declarations) -> None:
    perso = await service.employer("0009354-67")
    assert perso is not None and perso.sub_entities == SUBS
    req = in_req(employer_enterprise=None, employer_nsso="0009354-67")
    assert needed_fields(req, perso) == [Field.SUB_ENTITY]
    assert needed_fields(req) == []  # without the employer, nothing says so
    missing = await service.submit(req)
    assert missing.result is Result.REFUSED and codes(missing) == ["00652-901"]
    unknown = await service.submit(replace(req, sub_entity="0000522009"))
    assert codes(unknown) == ["00652-906"]
    assert _params(unknown, "00652-906") == {"value": "0000522009"}
    short = await service.submit(replace(req, sub_entity="52200"))
    assert codes(short) == ["00652-903"]
    ok = await service.submit(replace(req, sub_entity="00 0052 2002"))
    assert ok.result is Result.ACCEPTED and ok.request.sub_entity == SUBS[1]
    alpha = await service.employer(ENT_A)
    assert needed_fields(in_req(), alpha) == []
    elsewhere = await service.submit(in_req(ssin=W2, sub_entity=SUBS[0]))
    assert codes(elsewhere) == ["00652-902"]


async def test_the_demo_has_persopoint_with_sub_entities(store_location: str) -> None:
    store = await open_store(store_location)
    try:
        await load_demo(store)
        await load_demo(store)
        service = Declarations(store, FixedClock(NOW))
        perso = await service.employer("0009354-67")
        assert perso is not None and len(perso.sub_entities) == 3
        decl = await service.submit(in_req(employer_enterprise=None, employer_nsso="000935467",
                                           ssin="85073100130", sub_entity=perso.sub_entities[0],
                                           start_date=D(2026, 3, 16)))
        assert decl.result is Result.ACCEPTED, codes(decl)
    finally:
        await store.close()


# ================================================== provisional NSSO numbers


async def test_the_definitive_number_takes_over_from_the_provisional_one(
        service: Declarations, store: Store) -> None:
    prov = {"employer_enterprise": None, "employer_nsso": PROVISIONAL}
    first = await _accepted(service, in_req(start_date=D(2026, 3, 16), **prov))
    assert first.period_id
    report = parse_employers(
        b"enterprise_number,nsso_number,name,language,provisional_nsso_number\n"
        b",1277920-67,Nouvelle SRL,fr,50000001-20\n")
    assert report.problems == []
    await store.put_employers(report.records)

    closed = await service.submit(in_req(ssin=W2, start_date=D(2026, 3, 16), **prov))
    assert closed.result is Result.REFUSED and codes(closed) == ["00014-908"]
    assert _params(closed, "00014-908") == {"number": "1277920-67"}
    # the personnel file answers under the definitive number only
    assert await service.employer(PROVISIONAL) is None
    moved = await _period(service, first.period_id, DEFINITIVE)
    assert moved.start_date == D(2026, 3, 16)
    out = await service.submit(Request(Kind.OUT, employer_nsso=DEFINITIVE,
                                       period_id=first.period_id, end_date=D(2026, 3, 31)))
    assert out.result is Result.ACCEPTED, codes(out)
    stored = await service.get(first.declaration_id)
    employer = await service.employer(DEFINITIVE)
    assert stored is not None and employer is not None
    assert stored.employer_id == employer.employer_id
    # and the overlap check sees the moved period
    dup = await service.submit(in_req(employer_enterprise=None, employer_nsso=DEFINITIVE,
                                      start_date=D(2026, 3, 20), end_date=D(2026, 3, 25)))
    assert codes(dup) == [codes_.OVERLAP]


def test_employer_csv_checks_the_optional_columns() -> None:
    header = b"enterprise_number,nsso_number,name,language,sub_entities,provisional_nsso_number\n"
    good = parse_employers(header + b",000935467,PersoPoint,nl,0000522001;0000522002 ,\n"
                                    b",127792067,Nouvelle,fr,,5000000120\n")
    assert good.problems == []
    assert good.records[0].sub_entities == SUBS and good.records[1].provisional_nsso == PROVISIONAL
    bad = parse_employers(header + b",000935467,PersoPoint,nl,522001,\n"
                                   b",127792067,Nouvelle,fr,,127792067\n"
                                   b",5000000217,Autre,fr,,5000000120\n")
    assert [(p.line, p.code) for p in bad.problems] == [
        (2, "sub_entity"), (3, "provisional"), (4, "definitive")]
    twice = parse_employers(header + b",127792067,Nouvelle,fr,,5000000120\n"
                                     b",000935467,Autre,fr,,5000000120\n")
    assert [(p.line, p.code) for p in twice.problems] == [(3, "duplicate")]
    # the four columns alone still do
    assert parse_employers(b"enterprise_number,nsso_number,name,language\n"
                           b"0403199702,,Alpha,fr\n").problems == []
    wrong = parse_employers(b"enterprise_number,nsso_number,name,language,colour\n")
    assert [p.code for p in wrong.problems] == ["header"]


# ============================================================ without a NISS


async def test_identity_zones_are_checked_one_by_one(service: Declarations) -> None:
    partial = Identity("Peeters", "", D(1990, 2, 15), None, {"sex": "M", "street": "x" * 36,
                                                            "country": "BE"})
    decl = await service.submit(in_req(ssin=None, identity=partial))
    assert decl.result is Result.REFUSED and decl.period_id is None
    by_field = {a.field: a.code for a in decl.anomalies}
    assert by_field == {
        Field.FIRST_NAME: "00026-901", Field.SEX: "00029-903", Field.STREET: "00030-930",
        Field.COUNTRY: "00035-903", Field.BIRTH_PLACE: "00168-901",
        Field.BIRTH_COUNTRY: "00169-901", Field.NATIONALITY: "00119-901",
        Field.HOUSE_NUMBER: "00031-901", Field.ZIP_CODE: "00033-901", Field.CITY: "00034-901"}
    [street] = [a for a in decl.anomalies if a.field is Field.STREET]
    assert street.params == {"max": 35}
    future = await service.submit(in_req(ssin=None, identity=_data.identity(
        born=D(2026, 6, 1))))
    assert codes(future) == ["00028-905"]
    year_only = await service.submit(in_req(ssin=None, identity=replace(
        _data.identity(), birth_date=None, extra={**_data.identity().extra,
                                                  "birthDate": "1990-00-00"})))
    assert year_only.result is Result.PENDING, codes(year_only)


async def test_a_worker_without_niss_is_identified_and_the_period_takes_the_niss(
        service: Declarations, store: Store, clock: FixedClock) -> None:
    newcomer = _data.identity("Van den Berghe", "Ilse", D(1995, 5, 4))
    decl = await service.submit(in_req(ssin=None, identity=newcomer, start_date=D(2026, 3, 16)))
    assert decl.result is Result.PENDING and decl.period_id == decl.declaration_id
    assert await service.resolve_pending() == []
    niss = _data.niss("950504", 124)
    await store.put_identities([Identity("VAN DEN BERGHE", "Ilse", D(1995, 5, 4), niss),
                                Identity("Van den Berghe", "Jan", D(1995, 5, 4), W3)])
    clock.advance(hours=3)
    [final] = await service.resolve_pending()
    assert final.declaration_id == decl.declaration_id and final.result is Result.ACCEPTED
    assert final.created_at == NOW.replace(tzinfo=BRUSSELS)  # the time of receipt stays
    assert await service.get(decl.declaration_id) == final
    alpha = await service.employer(ENT_A)
    assert alpha is not None
    [period] = await service.periods(alpha, niss)
    assert period.period_id == decl.period_id and period.status is PeriodStatus.ACTIVE
    assert await service.resolve_pending() == []
    # from now on the worker is declared by NISS, and its file is checked
    dup = await service.submit(in_req(ssin=niss, start_date=D(2026, 4, 1)))
    assert codes(dup) == [codes_.OVERLAP]


async def test_an_identified_worker_whose_period_overlaps_is_refused_in_the_end(
        service: Declarations, store: Store) -> None:
    await _accepted(service, in_req(ssin=W3, start_date=D(2026, 3, 16)))
    marie = _data.identity("Dubois", "Marie", D(1990, 2, 15))
    pending = await service.submit(in_req(ssin=None, identity=marie, start_date=D(2026, 4, 1)))
    assert pending.result is Result.PENDING
    [final] = await service.resolve_pending()
    assert final.result is Result.REFUSED and codes(final) == [codes_.OVERLAP]
    assert final.period_id is None
    alpha = await service.employer(ENT_A)
    assert alpha is not None
    assert [p.ssin for p in await service.periods(alpha)] == [W3]  # nothing else on file


async def test_an_unidentified_worker_is_refused_after_the_delay(
        store: Store, clock: FixedClock) -> None:
    service = Declarations(store, clock, identification_delay=datetime.timedelta(hours=6))
    stranger = _data.identity("Nobody", "Known", D(1980, 1, 1))
    by_identity = await service.submit(in_req(ssin=None, identity=stranger))
    by_niss = await service.submit(in_req(ssin=_data.STRANGER, worker_type="DWD"))
    assert (by_identity.result, by_niss.result) == (Result.PENDING, Result.PENDING)
    clock.advance(hours=5, minutes=59)
    assert await service.resolve_pending() == []
    clock.advance(minutes=1)
    finals = await service.resolve_pending()
    assert sorted(d.declaration_id for d in finals) == sorted(
        [by_identity.declaration_id, by_niss.declaration_id])
    for final in finals:
        assert final.result is Result.REFUSED and codes(final) == ["00024-931"]
        assert final.period_id is None and await service.get(final.declaration_id) == final
    alpha = await service.employer(ENT_A)
    assert alpha is not None and await service.periods(alpha) == []


async def test_the_registry_rejects_a_pending_declaration_once(service: Declarations) -> None:
    pending = await service.submit(in_req(ssin=None, identity=_data.identity("X", "Y")))
    assert pending.result is Result.PENDING
    rejected = await service.reject(pending.declaration_id)
    assert rejected is not None and rejected.result is Result.REFUSED
    assert codes(rejected) == ["00024-931"] and rejected.period_id is None
    assert await service.get(pending.declaration_id) == rejected
    assert await service.reject(pending.declaration_id) is None
    assert await service.reject(period_id.make(4_000_000_000)) is None
    accepted = await _accepted(service, in_req())
    assert await service.reject(accepted.declaration_id) is None
    assert await service.resolve_pending() == []


async def test_a_second_in_for_the_same_person_without_niss_is_a_duplicate(
        service: Declarations) -> None:
    lien = _data.identity("Van den Berghe", "Ilse", D(1995, 5, 4))
    day = {"start_date": D(2026, 3, 16), "end_date": D(2026, 3, 16)}
    first = await service.submit(in_req(ssin=None, identity=lien, **day))
    assert first.result is Result.PENDING
    # the same person, written otherwise: a retry files nothing more
    again = replace(lien, last_name="VAN DEN BERGHE", first_name="ilse")
    dup = await service.submit(in_req(ssin=None, identity=again, **day))
    assert dup.result is Result.REFUSED and codes(dup) == [codes_.OVERLAP]
    assert dup.anomalies[0].params == {"periodId": first.period_id, "start": "2026-03-16"}
    assert dup.period_id is None
    # another person, day, employer or characteristic: not a duplicate
    others = [
        in_req(ssin=None, identity=replace(lien, birth_date=D(1995, 5, 5)), **day),
        in_req(ssin=None, identity=replace(lien, first_name="Ilona"), **day),
        in_req(ssin=None, identity=lien, start_date=D(2026, 3, 17), end_date=D(2026, 3, 17)),
        in_req(ssin=None, identity=lien, employer_enterprise=ENT_B, **day),
        in_req(ssin=None, identity=lien, worker_type="DWD", **day),
    ]
    for req in others:
        assert (await service.submit(req)).result is Result.PENDING, req
    # a period cancelled, or refused in the end, no longer counts
    cancel = Request(Kind.CANCEL, employer_enterprise=ENT_A, period_id=first.period_id)
    assert (await service.submit(cancel)).result is Result.ACCEPTED
    assert (await service.submit(in_req(ssin=None, identity=again, **day))).result \
        is Result.PENDING


async def test_a_cancelled_pending_period_stays_cancelled_when_identified(
        service: Declarations, store: Store) -> None:
    pending = await service.submit(in_req(ssin=_data.STRANGER, start_date=D(2026, 3, 16)))
    assert pending.period_id
    cancel = Request(Kind.CANCEL, employer_enterprise=ENT_A, period_id=pending.period_id)
    assert (await service.submit(cancel)).result is Result.ACCEPTED
    await store.put_identities([Identity("Nieuw", "Nel", None, _data.STRANGER)])
    [final] = await service.resolve_pending()
    assert final.result is Result.ACCEPTED
    assert (await _period(service, pending.period_id)).status is PeriodStatus.CANCELLED


# ============================================================ agency horeca days


async def _seed_days(store: Store, employer_id: int, days: Iterable[datetime.date],
                     **kw: object) -> None:
    """Accepted horeca EXT periods written straight into the file (other workers)."""
    async with store.unit() as unit:
        for n, day in enumerate(days):
            number = await unit.next_number()
            pid = period_id.make(number)
            worker = _data.niss("700101", 2 * (n % 400) + 1)
            period = replace(Period(pid, employer_id, worker, "302", "EXT", day, day, T(8),
                                    T(12)), **kw)  # type: ignore[arg-type]
            await unit.save(Declaration(pid, in_req(ssin=worker), Result.ACCEPTED, (),
                                        NOW.replace(tzinfo=BRUSSELS), pid, employer_id),
                            period)


async def test_agency_horeca_days_count_against_the_user_company(
        service: Declarations, store: Store, clock: FixedClock) -> None:
    clock.set(datetime.datetime(2026, 1, 1, 8))
    beta = await service.employer(ENT_B)
    agency = await service.employer(AGENCY)
    assert beta is not None and agency is not None
    first = D(2026, 1, 2)
    await _seed_days(store, beta.employer_id, (first + n * DAY for n in range(150)))
    await _seed_days(store, agency.employer_id, (first + n * DAY for n in range(150, 199)),
                     committee="322", user_committee="302", user_enterprise=ENT_B)
    # the agency's own days elsewhere do not count for Beta
    await _seed_days(store, agency.employer_id, (first + n * DAY for n in range(200, 240)),
                     committee="322", user_committee="302", user_enterprise=ENT_A)
    day200 = await service.submit(_placed(first + 300 * DAY))
    assert day200.result is Result.ACCEPTED, codes(day200)
    day201 = await service.submit(_placed(first + 301 * DAY, ssin=W2))
    assert day201.result is Result.WARNING and codes(day201) == [codes_.EXT_USER_DAYS]
    assert _params(day201, codes_.EXT_USER_DAYS) == {
        "days": 201, "limit": 200, "year": 2026, "user": ENT_B,
        "advisedCommittee": "322", "advisedType": "OTH"}
    # Beta declaring its own occasional worker counts the agency's days too
    own = await service.submit(_ext(first + 302 * DAY, employer_enterprise=ENT_B, ssin=W3))
    assert codes(own) == [codes_.EXT_EMPLOYER_DAYS]
    assert _params(own, codes_.EXT_EMPLOYER_DAYS)["days"] == 202
    # the agency placing with Alpha stays far from Alpha's quota
    alpha_user = await service.submit(_placed(first + 302 * DAY, ENT_A))
    assert alpha_user.result is Result.ACCEPTED, codes(alpha_user)


async def test_agency_horeca_days_count_for_the_worker_and_in_a_row(
        service: Declarations, clock: FixedClock) -> None:
    clock.set(datetime.datetime(2026, 3, 1, 8))
    day = D(2026, 3, 2)
    await _accepted(service, _placed(day))
    await _accepted(service, _ext(day + DAY, employer_enterprise=ENT_B))
    third = await service.submit(_placed(day + 2 * DAY))
    assert third.result is Result.WARNING and codes(third) == [codes_.EXT_CONSECUTIVE]
    assert _params(third, codes_.EXT_CONSECUTIVE)["days"] == 3
    elsewhere = await service.submit(_placed(day + 3 * DAY, ENT_A))
    assert elsewhere.result is Result.ACCEPTED, codes(elsewhere)


async def test_agency_horeca_needs_the_users_enterprise_number(service: Declarations) -> None:
    foreign = await service.submit(_placed(D(2026, 3, 20), None, user_name="Hotel Sonne",
                                           user_address="Aachen"))
    assert foreign.result is Result.REFUSED and codes(foreign) == ["00131-901"]


# ===================================================================== advice


async def test_every_advice_names_a_combination_the_rules_accept(
        service: Declarations, clock: FixedClock) -> None:
    """Over the 50 days, 2 in a row, a late flexi-job: the advised declaration goes through."""
    clock.set(datetime.datetime(2026, 3, 1, 8))
    day = D(2026, 3, 2)
    seen: list[Declaration] = []
    for n in range(3):
        seen.append(await _accepted(service, _ext(day + n * DAY)))
    seen.append(await _accepted(service, _placed(day + 10 * DAY, ssin=W2)))
    for n in range(1, 3):
        seen.append(await _accepted(service, _placed(day + (10 + n) * DAY, ssin=W2)))
    clock.set(datetime.datetime(2026, 3, 20, 8))
    seen.append(await _accepted(service, in_req(ssin=W3, worker_type="FLX", committee="302",
                                                start_date=D(2026, 3, 19),
                                                end_date=D(2026, 3, 19), start_hour=T(18),
                                                end_hour=T(23))))
    advised = [(d, a) for d in seen for a in d.anomalies if "advisedType" in a.params]
    assert {a.code for _, a in advised} == {codes_.EXT_CONSECUTIVE, codes_.FLEXI_ACCESS}
    for decl, anomaly in advised:
        committee, wtype = str(anomaly.params["advisedCommittee"]), \
            str(anomaly.params["advisedType"])
        assert wtype in ref.allowed_types(committee)
        original = decl.request
        assert original.start_date is not None
        follow = replace(original, committee=committee, worker_type=wtype, start_hour=None,
                         end_hour=None, end_date=original.start_date + 2 * DAY)
        if committee != ref.AGENCY:
            follow = replace(follow, user_enterprise=None, user_committee=None)
        assert follow.start_date
        clock.set(datetime.datetime.combine(follow.start_date, datetime.time(7)))
        result = await service.submit(follow)
        assert result.result is Result.ACCEPTED, (anomaly.code, codes(result))
    # the horeca committee itself takes no ordinary staff: OTH in 302 is refused
    assert "OTH" not in ref.allowed_types(ref.HORECA)
    assert ref.ordinary_staff(ref.HORECA) == ("XXX", "OTH")


# ========================================================== time of receipt


async def test_the_time_of_receipt_is_kept(service: Declarations, clock: FixedClock) -> None:
    clock.set(datetime.datetime(2026, 3, 10, 23, 59, 30))
    decl = await _accepted(service, in_req())
    stored = await service.get(decl.declaration_id)
    assert stored is not None and stored.created_at == decl.created_at
    assert stored.created_at.utcoffset() == datetime.timedelta(hours=1)
    assert stored.created_at.isoformat() == "2026-03-10T23:59:30+01:00"
