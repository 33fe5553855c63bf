"""``/api/v1/batches`` through the real app, on SQLite and PostgreSQL.

A file goes in, the acknowledgement comes back at once (202 and a ticket, or 422
and why), the app's processor judges every line, and each line comes back as a
notification that matches the personnel file.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from core.clock import FixedClock
from core.service import Declarations
from core.store import open_store
from tests.channels.batch.conftest import (
    ENT,
    JAN,
    LUKAS,
    MARIE,
    UNKNOWN,
    Api,
    ApiFactory,
    csv_file,
    in_body,
    in_row,
    ndjson_file,
)


async def _periods_made(api: Api) -> tuple[str, str, str]:
    """Three periods declared one by one first, for the file's OUT, UPDATE and CANCEL."""
    made = []
    for body in (in_body(MARIE, "2026-12-10", features={"jointCommissionNumber": "XXX",
                                                         "workerType": "OTH"},
                         endDate=None, startHour=None, endHour=None),
                 in_body(JAN, "2026-12-20"), in_body(JAN, "2026-12-22")):
        made.append((await api.declare(body))["periodId"])
    return made[0], made[1], made[2]


async def test_a_csv_file_with_every_kind_good_and_bad(api: Api) -> None:
    open_period, ext, other = await _periods_made(api)
    rows: list[dict[str, Any]] = [
        in_row(JAN, "2026-12-15"),  # 2: A
        in_row(JAN, "2026-12-15", startHour="2000"),  # 3: overlaps line 2: B
        in_row("85073100131"),  # 4: check digits: B
        {"kind": "OUT", "enterpriseNumber": ENT, "periodId": open_period,
         "endDate": "2026-12-31"},  # 5: A
        {"kind": "OUT", "enterpriseNumber": ENT, "periodId": "100000099995",
         "endDate": "2026-12-31"},  # 6: unknown period: B
        {"kind": "UPDATE", "enterpriseNumber": ENT, "periodId": ext, "endHour": "2200"},  # 7: A
        {"kind": "UPDATE", "enterpriseNumber": ENT, "periodId": ext,
         "jointCommissionNumber": "XXX"},  # 8: a characteristic: B
        {"kind": "CANCEL", "enterpriseNumber": ENT, "periodId": other},  # 9: A
        {"kind": "CANCEL", "enterpriseNumber": ENT, "periodId": other},  # 10: cancelled: B
        in_row(UNKNOWN, "2026-12-16"),  # 11: S
        in_row(LUKAS, "2026-11-20", jointCommissionNumber="XXX", workerType="OTH",
               startHour="", endHour=""),  # 12: late: W
    ]
    status, ack = await api.send(csv_file(rows, ";"), lang="en")
    assert status == 202 and ack["status"] == "accepted" and ack["lines"] == len(rows)
    assert ack["ticket"] in ack["message"] and "Acknowledgement" in ack["message"]
    done = await api.done(ack["ticket"])
    assert done["done"] == len(rows) and done["counts"] == {"A": 4, "W": 1, "B": 5, "S": 1}
    notes = await api.notifications(ack["ticket"])
    assert [n["line"] for n in notes] == list(range(2, 2 + len(rows)))
    assert "".join(n["result"] for n in notes) == "ABBABABABSW"
    assert notes[1]["anomalies"][0]["code"] == "90374-910" and notes[1]["periodId"] is None
    assert notes[2]["anomalies"][0]["code"] == "00024-904"
    assert all(a["message"] for n in notes for a in n["anomalies"])
    # Every notification matches the personnel file.
    file = {p["periodId"]: p for p in await api.periods()}
    assert file[notes[0]["periodId"]]["startDate"] == "2026-12-15"
    assert file[open_period]["endDate"] == "2026-12-31"
    assert file[ext]["endHour"] == "2200"
    assert file[other]["status"] == "cancelled"
    assert notes[9]["periodId"] and file[notes[9]["periodId"]]["status"] == "pending"
    for n in notes:
        decl = await api.client.get(f"/api/v1/declarations/{n['declarationId']}")
        assert (await decl.json())["result"] == n["result"]


async def test_ndjson_lines_give_what_rest_gives_one_by_one(make_api: ApiFactory,
                                                            process_db: str, tmp_path: Any
                                                            ) -> None:
    bodies = [in_body(JAN, f"2026-12-{d}") for d in (15, 16, 17, 17)]  # 3 in a row, 1 overlap
    bodies += [in_body(MARIE, "2026-12-15", features={"jointCommissionNumber": "XXX",
                                                      "workerType": "STU"},
                       plannedHoursNumber=700, startHour=None, endHour=None)]
    bodies += [{"employer": {"enterpriseNumber": ENT}, "dimonaCancel": {"periodId": 100000099995}}]
    batch = await make_api(process_db)
    one = await make_api(str(tmp_path / "one.db"))
    rest = [await one.declare(b) for b in bodies]
    status, ack = await batch.send(ndjson_file(bodies), "application/x-ndjson")
    assert status == 202 and ack["lines"] == len(bodies)
    await batch.done(ack["ticket"])
    notes = await batch.notifications(ack["ticket"], lang="nl")
    seen = [(n["result"], [a["code"] for a in n["anomalies"]]) for n in notes]
    assert seen == [(r["result"], [a["code"] for a in r["anomalies"]]) for r in rest]
    assert [p["startDate"] for p in await batch.periods()] == \
        [p["startDate"] for p in await one.periods()]


async def test_notifications_speak_the_language_asked_for(api: Api) -> None:
    _, ack = await api.send(csv_file([in_row(LUKAS, "2026-11-20")]))
    await api.done(ack["ticket"])
    texts = {lang: (await api.notifications(ack["ticket"], lang))[0]["anomalies"][0]["message"]
             for lang in ("fr", "nl", "de", "en")}
    assert len(set(texts.values())) == 4
    words = {lang: (await api.status(ack["ticket"], lang))["message"] for lang in ("fr", "nl")}
    assert "Ticket" in words["fr"] and words["fr"] != words["nl"]


async def _declared(api: Api, result: str) -> float:
    """``dimona_declarations_total{kind="IN", result=...}`` as /metrics says it now."""
    text = await (await api.client.get("/metrics")).text()
    line = f'dimona_declarations_total{{kind="IN",result="{result}"}} '
    return next((float(row.removeprefix(line)) for row in text.splitlines()
                 if row.startswith(line)), 0.0)


async def test_a_batch_file_s_declarations_are_counted_in_the_metrics(api: Api) -> None:
    before = {r: await _declared(api, r) for r in "AWBS"}
    rows = [in_row(JAN, f"2026-12-{d:02d}", startHour="0800", endHour="0900")
            for d in range(1, 6)] + [in_row("85073100131"), in_row(UNKNOWN, "2026-12-16")]
    _, ack = await api.send(csv_file(rows))
    await api.done(ack["ticket"])
    after = {r: await _declared(api, r) for r in "AWBS"}
    told = Counter(n["result"] for n in await api.notifications(ack["ticket"]))
    assert sum(told.values()) == 7 and set(told) >= {"A", "B", "S"}, told
    assert {r: after[r] - before[r] for r in "AWBS"} == {r: told[r] for r in "AWBS"}


async def test_after_and_limit_page_through_the_notifications(api: Api) -> None:
    rows = [in_row(JAN, f"2026-12-{d:02d}", startHour="0800", endHour="0900")
            for d in range(1, 11)]
    _, ack = await api.send(csv_file(rows))
    await api.done(ack["ticket"])
    assert [n["line"] for n in await api.notifications(ack["ticket"], after=7)] == [8, 9, 10, 11]
    assert [n["line"] for n in await api.notifications(ack["ticket"], after=3, limit=2)] == [4, 5]
    bad = await api.client.get(f"/api/v1/batches/{ack['ticket']}/notifications?after=x")
    assert bad.status == 400


async def test_a_pending_line_gets_its_final_notification(api: Api, process_db: str,
                                                          clock: FixedClock) -> None:
    _, ack = await api.send(csv_file([in_row(UNKNOWN, "2026-12-16"), in_row(JAN)]))
    await api.done(ack["ticket"])
    first = await api.notifications(ack["ticket"])
    assert [n["result"] for n in first] == ["S", "A"] and not any(n["final"] for n in first)
    store = await open_store(process_db)
    try:  # the identity registry rejects the worker (as `registry` would, in any process)
        assert await Declarations(store, clock).reject(first[0]["declarationId"])
    finally:
        await store.close()
    notes = await api.notifications(ack["ticket"])
    assert [(n["line"], n["result"], n["final"]) for n in notes] == [
        (2, "S", False), (3, "A", False), (2, "B", True)]
    assert notes[2]["seq"] == 4 and notes[2]["anomalies"][0]["code"] == "00024-931"
    assert await api.notifications(ack["ticket"], after=3) == notes[2:]
    assert (await api.status(ack["ticket"]))["counts"] == {"A": 1, "W": 0, "B": 1, "S": 0}


async def test_one_idempotency_key_is_one_batch(api: Api) -> None:
    file = csv_file([in_row()])
    status, first = await api.send(file, key="k-1")
    again_status, again = await api.send(file, key="k-1")
    assert status == again_status == 202 and again["ticket"] == first["ticket"]
    conflict, doc = await api.send(csv_file([in_row(MARIE)]), key="k-1")
    assert conflict == 409 and doc["code"] == "batch.key_reused"
    _, other = await api.send(file)  # no key: another batch
    assert other["ticket"] != first["ticket"]
    await api.done(first["ticket"])
    await api.done(other["ticket"])
    results = [(await api.notifications(t))[0]["result"] for t in (first["ticket"],
                                                                    other["ticket"])]
    assert results == ["A", "B"]  # the second file overlaps the first: judged once each
    bad, doc = await api.send(file, key="é")
    assert bad == 400 and doc["code"] == "api.idempotency_key"
    refused = csv_file([{"kind": "IN", "bogus": "1"}])
    s1, r1 = await api.send(refused, key="k-2")
    s2, r2 = await api.send(refused, key="k-2")
    assert s1 == s2 == 422 and r1["ticket"] == r2["ticket"]


async def test_unreadable_files_are_refused_whole(api: Api) -> None:
    good = in_row()
    header = ",".join(good)
    line = ",".join(good.values())
    cases: dict[str, tuple[str | bytes, str]] = {
        "batch.encoding": (f"{header}\n{line}\n".encode() + b"IN,\xff\n", "text/csv"),
        "batch.column": (csv_file([{**good, "colour": "red"}]), "text/csv"),
        "batch.no_kind": (csv_file([{k: v for k, v in good.items() if k != "kind"}]),
                          "text/csv"),
        "batch.fields": (f"{header}\n{line}\n{line},extra\n", "text/csv"),
        "batch.record": (f'{header}\n"IN,{line[3:]}\n', "text/csv"),
        "batch.kind": (csv_file([{**good, "kind": "START"}]), "text/csv"),
        "api.date": (csv_file([{**good, "startDate": "15/12/2026"}]), "text/csv"),
        "batch.empty": (f"{header}\n\n", "text/csv"),
        "batch.header": ("", "text/csv"),
        "api.type": (csv_file([{**good, "plannedHoursNumber": "\u00b2"}]), "text/csv"),
        "api.hour": (csv_file([{**good, "startHour": "1\u00b200"}]), "text/csv"),
        "batch.json": (ndjson_file([in_body()]) + "{not json\n", "application/x-ndjson"),
        "api.envelope": ('{"employer": {"enterpriseNumber": "0403199702"}}\n',
                         "application/x-ndjson"),
    }
    for code, (body, media) in cases.items():
        status, doc = await api.send(body, media, lang="nl")
        assert status == 422, (code, doc)
        assert doc["status"] == "refused" and doc["errors"][0]["code"] == code, (code, doc)
        assert doc["errors"][0]["line"] >= 1 and doc["errors"][0]["message"]
        assert (await api.status(doc["ticket"]))["status"] == "refused"
        assert await api.notifications(doc["ticket"]) == []
    assert await api.periods() == []  # nothing of any refused file was declared
    wrong = await api.client.post("/api/v1/batches", data=b"x",
                                  headers={"Content-Type": "application/json"})
    assert wrong.status == 415
    assert (await api.client.get("/api/v1/batches/1234")).status == 404
    for after in ("\u00b2", "9" * 30):  # a digit to str.isdigit, not to int(); past a bigint
        resp = await api.client.get(f"/api/v1/batches/{doc['ticket']}/notifications",
                                    params={"after": after})
        assert resp.status == 400, after
    one = await api.client.post("/api/v1/declarations", json=in_body(startHour="1\u00b200"))
    assert one.status == 400 and (await one.json())["errors"][0]["code"] == "api.hour"


async def test_a_file_over_the_size_limit(make_api: ApiFactory, process_db: str) -> None:
    api = await make_api(process_db, batch_max_bytes=2_000)
    rows = [in_row(JAN, f"2026-12-{d:02d}", startHour="0800", endHour="0900")
            for d in range(1, 31)]
    status, doc = await api.send(csv_file(rows))
    assert status == 422 and doc["errors"][0]["code"] == "batch.too_large"
    assert await api.periods() == []
    status, _ = await api.send(csv_file(rows[:5]))
    assert status == 202


async def test_the_api_token_guards_batches(make_api: ApiFactory, process_db: str) -> None:
    api = await make_api(process_db, api_token="s3cret")
    status, _ = await api.send(csv_file([in_row()]))
    assert status == 401
    resp = await api.client.post("/api/v1/batches", data=csv_file([in_row()]).encode(),
                                 headers={"Content-Type": "text/csv",
                                          "Authorization": "Bearer s3cret"})
    assert resp.status == 202


async def test_a_csv_line_and_an_ndjson_line_name_the_sub_entity_alike(api: Api) -> None:
    """``subEntityNbr``: a CSV column as it is an NDJSON field; the period is the sub-entity's."""
    persopoint, sub = "000935467", "0000522002"
    row = {"kind": "IN", "nssoNumber": persopoint, "ssin": JAN, "jointCommissionNumber": "XXX",
           "workerType": "OTH", "startDate": "2026-12-15", "subEntityNbr": sub}
    status, ack = await api.send(csv_file([row]))
    assert status == 202, ack
    await api.done(ack["ticket"])
    body = {"employer": {"nssoNumber": persopoint}, "worker": {"ssin": MARIE},
            "dimonaIn": {"features": {"jointCommissionNumber": "XXX", "workerType": "OTH"},
                         "startDate": "2026-12-15", "subEntityNbr": sub}}
    _, second = await api.send(ndjson_file([body]), "application/x-ndjson")
    await api.done(second["ticket"])
    notes = [*await api.notifications(ack["ticket"]), *await api.notifications(second["ticket"])]
    assert [n["result"] for n in notes] == ["A", "A"], notes
    file = {p["periodId"]: p for p in await api.periods(persopoint)}
    assert [file[n["periodId"]].get("subEntityNbr") for n in notes] == [sub, sub]
