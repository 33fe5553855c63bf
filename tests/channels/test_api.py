"""The REST API through the real aiohttp app, SQLite file and demo registries."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

Client = TestClient[web.Request, web.Application]

EMPLOYER = {"enterpriseNumber": "0403199702"}
JAN = "85073100130"


def dimona_in(**fields: Any) -> dict[str, Any]:
    body = {"features": {"jointCommissionNumber": "302", "workerType": "EXT"},
            "startDate": "2026-12-15", "endDate": "2026-12-15",
            "startHour": "1800", "endHour": "2300"}
    body.update(fields)
    return {"employer": EMPLOYER, "worker": {"ssin": JAN}, "dimonaIn": body}


async def post(client: Client, body: Any, lang: str = "fr") -> tuple[int, dict[str, Any], Any]:
    resp = await client.post("/api/v1/declarations", json=body,
                             headers={"Accept-Language": lang})
    return resp.status, await resp.json(), resp.headers


async def test_in_is_accepted_and_numbered(client: Client) -> None:
    status, doc, headers = await post(client, dimona_in())
    assert status == 201
    assert doc["result"] == "A" and doc["type"] == "IN"
    assert doc["periodId"] == doc["declarationId"] and len(doc["periodId"]) == 12
    assert doc["anomalies"] == []
    assert doc["createdAt"] == "2026-12-01T09:30:00+01:00"  # the time of receipt, Brussels
    assert headers["Location"] == f"/api/v1/declarations/{doc['declarationId']}"
    again = await client.get(headers["Location"])
    assert again.status == 200 and await again.json() == doc


async def test_checksum_is_a_business_refusal_with_a_message(client: Client) -> None:
    body = dimona_in()
    body["worker"] = {"ssin": "85073100131"}
    status, doc, _ = await post(client, body, lang="nl")
    assert status == 201 and doc["result"] == "B" and doc["periodId"] is None
    [anomaly] = doc["anomalies"]
    assert anomaly["code"] == "00024-904" and anomaly["severity"] == "error"
    assert anomaly["message"] and anomaly["field"] == "ssin"
    assert (await client.get(f"/api/v1/declarations/{doc['declarationId']}")).status == 200


async def test_messages_follow_accept_language(client: Client) -> None:
    body = dimona_in(startDate="2026-11-20", endDate="2026-11-20")  # late: a warning
    texts = {}
    for lang in ("fr", "nl", "de", "en"):
        body["dimonaIn"]["startHour"] = f"{10 + 2 * len(texts):02d}00"  # a new slot each time
        body["dimonaIn"]["endHour"] = f"{11 + 2 * len(texts):02d}00"
        status, doc, _ = await post(client, body, lang)
        assert status == 201 and doc["result"] == "W", doc
        texts[lang] = doc["anomalies"][0]["message"]
    assert len(set(texts.values())) == 4


async def test_out_update_cancel_chain(client: Client) -> None:
    start = {"features": {"jointCommissionNumber": "XXX", "workerType": "OTH"},
             "startDate": "2026-12-10"}
    _, doc, _ = await post(client, {"employer": EMPLOYER, "worker": {"ssin": JAN},
                                    "dimonaIn": start})
    period = doc["periodId"]
    _, out, _ = await post(client, {"employer": EMPLOYER,
                                    "dimonaOut": {"periodId": period, "endDate": "2026-12-31"}})
    assert out["result"] == "A" and out["type"] == "OUT" and out["periodId"] == period
    _, upd, _ = await post(client, {"employer": EMPLOYER,
                                    "dimonaUpdate": {"periodId": int(period), "endDate": None}})
    assert upd["result"] == "A", upd
    listing = await client.get("/api/v1/periods", params={"employer": "0403.199.702",
                                                          "ssin": JAN})
    [row] = (await listing.json())["periods"]
    assert row["endDate"] is None and row["status"] == "active"
    _, cancel, _ = await post(client, {"employer": EMPLOYER, "dimonaCancel": {"periodId": period}})
    assert cancel["result"] == "A"
    _, twice, _ = await post(client, {"employer": EMPLOYER, "dimonaCancel": {"periodId": period}})
    assert twice["result"] == "B" and twice["anomalies"][0]["code"] == "00913-355"


async def test_student_over_quota_is_a_warning_with_the_excess(client: Client) -> None:
    student = {"employer": EMPLOYER, "worker": {"ssin": "01020300467"}}
    stu = {"features": {"jointCommissionNumber": "XXX", "workerType": "STU"},
           "startDate": "2026-12-02", "endDate": "2026-12-31", "plannedHoursNumber": 600}
    _, first, _ = await post(client, {**student, "dimonaIn": stu})
    assert first["result"] == "A"
    other = {"employer": {"enterpriseNumber": "0852093431"}, "worker": student["worker"],
             "dimonaIn": {**stu, "plannedHoursNumber": 80}}
    _, second, _ = await post(client, other, lang="en")
    assert second["result"] == "W"
    [warning] = second["anomalies"]
    assert warning["code"] == "90017-369" and warning["params"]["excess"] == 30
    assert "30" in warning["message"]


async def test_unknown_worker_is_pending(client: Client) -> None:
    body = dimona_in()
    body["worker"] = {"ssin": "90010100123"}
    status, doc, _ = await post(client, body)
    assert status == 201 and doc["result"] == "S" and doc["periodId"]


async def test_malformed_requests_get_400_with_fields(client: Client) -> None:
    resp = await client.post("/api/v1/declarations", data="{not json",
                             headers={"Content-Type": "application/json"})
    assert resp.status == 400 and (await resp.json())["code"] == "api.invalid_json"
    status, doc, _ = await post(client, {"employer": EMPLOYER})
    assert status == 400 and doc["errors"][0]["code"] == "api.envelope"
    status, doc, _ = await post(client, dimona_in(startDate="15/12/2026", startHour=18))
    assert status == 400
    assert {e["field"] for e in doc["errors"]} == {"$.dimonaIn.startDate", "$.dimonaIn.startHour"}
    assert all(e["message"] for e in doc["errors"])


async def test_missing_fields_are_refused_by_the_core(client: Client) -> None:
    status, doc, _ = await post(client, {"employer": EMPLOYER, "worker": {"ssin": JAN},
                                         "dimonaIn": {"features": {
                                             "jointCommissionNumber": "XXX",
                                             "workerType": "STU"}, "startDate": "2026-12-02"}})
    assert status == 201 and doc["result"] == "B"
    assert {a["code"] for a in doc["anomalies"]} == {"00911-901", "01135-901"}


async def test_unknown_employer_and_declaration(client: Client) -> None:
    _, doc, _ = await post(client, {**dimona_in(), "employer": {"enterpriseNumber": "0477123402"}})
    assert doc["result"] == "B" and doc["anomalies"][0]["code"] == "00014-906"
    assert (await client.get("/api/v1/declarations/999999999999")).status == 404
    assert (await client.get("/api/v1/periods", params={"employer": "0477123402"})).status == 404


async def test_token_guards_the_api(app_client: Any) -> None:
    client = await app_client(api_token="s3cret")
    assert (await client.post("/api/v1/declarations", json=dimona_in())).status == 401
    resp = await client.post("/api/v1/declarations", json=dimona_in(),
                             headers={"Authorization": "Bearer s3cret"})
    assert resp.status == 201


async def test_openapi_document_is_valid(client: Client) -> None:
    from openapi_spec_validator import validate

    resp = await client.get("/api/v1/openapi.json")
    spec = await resp.json()
    validate(spec)
    assert {"/declarations", "/declarations/{declarationId}", "/periods"} <= set(spec["paths"])


async def test_a_worker_without_niss_is_checked_zone_by_zone(client: Client) -> None:
    worker = {"lastName": "Peeters", "firstName": "Lien", "birthDate": "1999-01-05",
              "sex": "3", "birthPlace": "Gent", "birthPlaceCountry": "00150"}
    body = {"employer": EMPLOYER, "worker": worker,
            "dimonaIn": {"features": {"jointCommissionNumber": "XXX", "workerType": "OTH"},
                         "startDate": "2026-12-15"}}
    status, doc, _ = await post(client, body, lang="nl")
    assert status == 201 and doc["result"] == "B"
    assert {a["field"] for a in doc["anomalies"]} == {
        "sex", "nationality", "street", "houseNumber", "zipCode", "city", "country"}
    worker.update(sex="2", nationality="00150", street="Veldstraat", houseNumber="12",
                  zipCode="9000", city="Gent", country="00150")
    status, doc, _ = await post(client, body, lang="nl")
    assert status == 201 and doc["result"] == "S" and doc["anomalies"] == []
