"""The NSSO envelope answer and the personnel file's user company, through the real app.

``Accept: application/vnd.nsso.dimona+json`` (or ``?format=nsso``) answers as the NSSO's
REST service does; the flat answer stays the default; both carry the time of receipt.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from tests.channels.rest.test_api import EMPLOYER, JAN, dimona_in

Client = TestClient[web.Request, web.Application]
NSSO = "application/vnd.nsso.dimona+json"
RECEIVED = "2026-12-01T09:30:00+01:00"  # the tests' clock, Brussels


async def post(client: Client, body: Any, *, accept: str | None = None, query: str = "",
               lang: str = "fr") -> tuple[int, str, Any]:
    headers = {"Accept-Language": lang, **({"Accept": accept} if accept else {})}
    resp = await client.post(f"/api/v1/declarations{query}", json=body, headers=headers)
    return resp.status, resp.content_type, await resp.json(content_type=None)


async def test_the_nsso_envelope_on_accept_or_format(client: Client) -> None:
    status, media, doc = await post(client, dimona_in(), accept=NSSO)
    assert (status, media) == (201, NSSO)
    answer = doc["declarationStatus"]
    number = answer["dimonaDeclarationId"]
    assert isinstance(number, int) and len(str(number)) == 12
    assert answer["result"] == "A" and answer["declarationType"] == "IN"
    assert answer["period"] == {"id": number} and answer["dimonaPeriodId"] == number
    assert answer["createdAt"] == RECEIVED and answer["anomalies"] == []
    again = await client.get(f"/api/v1/declarations/{number}?format=nsso")
    assert again.content_type == NSSO and await again.json(content_type=None) == doc
    flat = await client.get(f"/api/v1/declarations/{number}")
    flat_doc = await flat.json()
    assert flat.content_type == "application/json"
    assert flat_doc["declarationId"] == str(number) and flat_doc["createdAt"] == RECEIVED
    status, media, by_query = await post(
        client, dimona_in(startHour="0800", endHour="1000"), query="?format=nsso")
    assert (status, media) == (201, NSSO) and by_query["declarationStatus"]["result"] == "A"


async def test_anomalies_carry_error_ids_and_french_and_dutch_labels(client: Client) -> None:
    _, _, first = await post(client, dimona_in(), accept=NSSO)
    period = first["declarationStatus"]["period"]["id"]
    cancel = {"employer": EMPLOYER, "dimonaCancel": {"periodId": period}}
    assert (await post(client, cancel))[0] == 201
    _, _, twice = await post(client, cancel, accept=f"{NSSO}, application/json;q=0.5",
                             lang="de")
    answer = twice["declarationStatus"]
    assert answer["result"] == "B"
    [anomaly] = answer["anomalies"]
    assert anomaly["errorId"] == "00913-355"  # the NSSO's own id
    assert str(period) in anomaly["labelFr"] and str(period) in anomaly["labelNl"]
    assert anomaly["labelFr"] != anomaly["labelNl"]  # not in German: the NSSO's two
    bad = dimona_in()
    bad["worker"] = {"ssin": "85073100131"}
    _, _, refused = await post(client, bad, query="?format=nsso")
    answer = refused["declarationStatus"]
    assert answer["period"] is None and answer["dimonaPeriodId"] is None
    [anomaly] = answer["anomalies"]
    assert re.fullmatch(r"\d{5}-\d{3}", anomaly["errorId"]) and anomaly["field"] == "ssin"
    late = dimona_in(startDate="2026-11-20", endDate="2026-11-20")
    _, _, warned = await post(client, late, query="?format=nsso")
    assert warned["declarationStatus"]["result"] == "W"
    assert warned["declarationStatus"]["anomalies"][0]["severity"] == "warning"


async def test_the_flat_answer_stays_the_default_and_formats_are_checked(
        client: Client) -> None:
    status, media, doc = await post(client, dimona_in(), accept="application/json, */*")
    assert (status, media) == (201, "application/json") and doc["createdAt"] == RECEIVED
    status, _, error = await post(client, dimona_in(startHour="0600", endHour="0700"),
                                  query="?format=xml")
    assert status == 400 and error["code"] == "api.format"
    listing = await client.get("/api/v1/periods", params={"employer": "0403199702"})
    assert len((await listing.json())["periods"]) == 1  # nothing filed by the bad format


async def test_periods_list_the_user_company_and_the_sub_entity(client: Client) -> None:
    agency = dimona_in(userEnterpriseNumber="0852093431", userJointCommissionNumber="302")
    agency["dimonaIn"]["features"] = {"jointCommissionNumber": "322", "workerType": "EXT"}
    foreign = dimona_in(userName="Hotel Lux SARL", userAddress="Rue 1, 1111 Luxembourg",
                        userJointCommissionNumber="302")
    foreign["dimonaIn"]["features"] = {"jointCommissionNumber": "322", "workerType": "OTH"}
    for hours in ("startHour", "endHour"):
        foreign["dimonaIn"].pop(hours)
    foreign["dimonaIn"]["endDate"] = "2026-12-31"
    for body in (agency, foreign):
        status, _, doc = await post(client, body)
        assert status == 201 and doc["result"] in ("A", "W"), doc["anomalies"]
    listing = await client.get("/api/v1/periods", params={"employer": "0403199702",
                                                          "ssin": JAN})
    by_user = {p.get("userName") or p["userEnterpriseNumber"]: p
               for p in (await listing.json())["periods"]}
    assert by_user["0852093431"]["userJointCommissionNumber"] == "302"
    assert "userName" not in by_user["0852093431"]
    lux = by_user["Hotel Lux SARL"]
    assert lux["userEnterpriseNumber"] is None and lux["userJointCommissionNumber"] == "302"
    public = {"employer": {"nssoNumber": "000935467"}, "worker": {"ssin": JAN},
              "dimonaIn": {"features": {"jointCommissionNumber": "XXX", "workerType": "OTH"},
                           "startDate": "2026-12-15", "subEntityNbr": "0000522002"}}
    status, _, doc = await post(client, public)
    assert status == 201 and doc["result"] == "A", doc
    listing = await client.get("/api/v1/periods", params={"employer": "000935467"})
    [period] = (await listing.json())["periods"]
    assert period["subEntityNbr"] == "0000522002" and "userName" not in period
