"""Rights: a file may only hold lines for its key's employers; any other line is refused
with its own notification and the rest goes on. Real employers' keys (``api-keys add``),
the real app off loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.channels.batch.conftest import ENT, JAN, MARIE, Api, ApiFactory, csv_file, in_row
from tests.channels.rest.test_rights import add_key, bearer

HAVEN = "0852093431"  # another demo employer
UNKNOWN = "0202239951"  # valid check digits, in no registry


async def _send(api: Api, key: str, body: str) -> tuple[int, dict[str, object]]:
    resp = await api.client.post("/api/v1/batches", data=body.encode(),
                                 headers={"Content-Type": "text/csv", **bearer(key)})
    doc: dict[str, object] = await resp.json()
    return resp.status, doc


async def _notes(api: Api, key: str, ticket: str) -> list[dict[str, object]]:
    resp = await api.client.get(f"/api/v1/batches/{ticket}/notifications", headers=bearer(key))
    assert resp.status == 200
    return api.check.check_lines("notifications", "Notification", await resp.text())


async def _done(api: Api, key: str, ticket: str) -> None:
    async with asyncio.timeout(60):
        while True:
            resp = await api.client.get(f"/api/v1/batches/{ticket}", headers=bearer(key))
            if (await resp.json())["status"] == "done":
                return
            await asyncio.sleep(0.05)


async def test_a_file_with_a_foreign_employers_lines_under_a_scoped_key(
        make_api: ApiFactory, process_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    api = await make_api(process_db, host="0.0.0.0", api_token="op")
    theirs = await api.client.post("/api/v1/declarations", headers=bearer("op"), json={
        "employer": {"enterpriseNumber": HAVEN}, "worker": {"ssin": MARIE},
        "dimonaIn": {"features": {"jointCommissionNumber": "XXX", "workerType": "OTH"},
                     "startDate": "2026-12-20"}})
    their_period = (await theirs.json())["periodId"]
    resto = await add_key(api.client, capsys, ENT, name="Brasserie")
    rows = [in_row(JAN), in_row(MARIE, enterpriseNumber=HAVEN),
            {"kind": "CANCEL", "enterpriseNumber": ENT, "periodId": their_period},
            in_row(MARIE, enterpriseNumber=UNKNOWN), in_row(JAN, "2026-12-16")]
    status, ack = await _send(api, resto, csv_file(rows))
    assert status == 202, ack
    await _done(api, resto, str(ack["ticket"]))
    notes = await _notes(api, resto, str(ack["ticket"]))
    assert [(n["line"], n["result"]) for n in notes] == [(2, "A"), (3, "B"), (4, "B"), (5, "B"),
                                                         (6, "A")]
    for refused in notes[1:4]:
        anomalies: Any = refused["anomalies"]
        assert [a["code"] for a in anomalies] == ["00014-932"]
        assert refused["declarationId"] is None
    listing = await api.client.get("/api/v1/periods", params={"employer": HAVEN},
                                   headers=bearer("op"))
    [period] = (await listing.json())["periods"]  # theirs, untouched: still active
    assert period["periodId"] == their_period and period["status"] == "active"
    # Another key reads nothing of it; a secretariat's key acts for both employers.
    haven = await add_key(api.client, capsys, HAVEN)
    other = await api.client.get(f"/api/v1/batches/{ack['ticket']}", headers=bearer(haven))
    assert other.status == 404
    secretariat = await add_key(api.client, capsys, ENT, HAVEN, name="Secretariat")
    status, ack = await _send(api, secretariat, csv_file(
        [in_row(JAN, "2026-12-18"), in_row(MARIE, "2026-12-18", enterpriseNumber=HAVEN)]))
    await _done(api, secretariat, str(ack["ticket"]))
    assert [n["result"] for n in await _notes(api, secretariat, str(ack["ticket"]))] == \
        ["A", "A"]
    no_key = await api.client.post("/api/v1/batches", data=b"kind\n",
                                   headers={"Content-Type": "text/csv"})
    assert no_key.status == 401


async def test_a_malformed_period_id_under_a_scoped_key_is_the_cores_refusal(
        make_api: ApiFactory, process_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """OUT, UPDATE and CANCEL lines naming a period id that is no period id (letters, too
    long, a wrong check): the core's anomaly, in the language asked for, not a rights refusal."""
    api = await make_api(process_db, host="0.0.0.0", api_token="op")
    resto = await add_key(api.client, capsys, ENT, name="Brasserie")
    rows = [{"kind": "OUT", "enterpriseNumber": ENT, "periodId": "12ab", "endDate": "2026-12-20"},
            {"kind": "UPDATE", "enterpriseNumber": ENT, "periodId": "1234567890123456",
             "endDate": "2026-12-20"},
            {"kind": "CANCEL", "enterpriseNumber": ENT, "periodId": "100000000126"}]
    status, ack = await _send(api, resto, csv_file(rows))
    assert status == 202, ack
    await _done(api, resto, str(ack["ticket"]))
    resp = await api.client.get(f"/api/v1/batches/{ack['ticket']}/notifications",
                                headers={**bearer(resto), "Accept-Language": "nl"})
    notes = api.check.check_lines("notifications", "Notification", await resp.text())
    codes = [[a["code"] for a in n["anomalies"]] for n in notes]
    assert codes == [["00913-903"], ["00913-903"], ["00913-904"]]
    assert all(n["result"] == "B" and n["declarationId"] for n in notes)
    assert "12 cijfers" in notes[0]["anomalies"][0]["message"]
