"""The institutions' routes through the real app: keys, scopes, the feed and the relations.

Every response is checked against the served OpenAPI document (``openapi_checks``).
Real processes, pushes and the broker are in ``tests/test_feed_processes.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from channels.common.keys import FEED, key_hash, new_key, new_signing_secret
from core.feed import NewSubscriber, scope_from
from server.appkeys import STORE

Client = TestClient[web.Request, web.Application]
ALPHA, BETA = "0403199702", "0852093431"  # demo employers
JAN, MARIE = "85073100130", "92041512230"  # demo workers


def _in(employer: str, ssin: str, committee: str = "302", day: str = "2026-12-15",
        worker_type: str = "EXT") -> dict[str, Any]:
    body: dict[str, Any] = {"features": {"jointCommissionNumber": committee,
                                         "workerType": worker_type},
                            "startDate": day}
    if worker_type == "EXT":
        body.update(endDate=day, startHour="1800", endHour="2300")
    return {"employer": {"enterpriseNumber": employer}, "worker": {"ssin": ssin},
            "dimonaIn": body}


async def _declare(client: Client, body: dict[str, Any], results: str = "AW"
                   ) -> dict[str, Any]:
    resp = await client.post("/api/v1/declarations", json=body)
    assert resp.status == 201, await resp.text()
    doc: dict[str, Any] = await resp.json()
    assert doc["result"] in results, doc
    return doc


Subscribe = Callable[..., Awaitable[str]]


@pytest.fixture
def subscribe(client: Client) -> Subscribe:
    """Add a subscriber straight in the app's store; its key."""

    async def add(name: str, employers: tuple[str, ...] = (), committees: tuple[str, ...] = (),
                  fields: str | None = None, paused: bool = False) -> str:
        key = new_key(FEED)
        store = client.app[STORE]
        new = NewSubscriber(name, f"CSI/{name}", scope_from(employers, committees, fields),
                            new_signing_secret())
        assert await store.add_subscriber(new, key_hash(key), await _now(client)) is not None
        if paused:
            await store.pause_subscriber(name, True)
        return key

    return add


async def _now(client: Client) -> Any:
    from server.appkeys import DECLARATIONS

    return client.app[DECLARATIONS].clock.now()


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def _pull(client: Client, key: str, **query: Any) -> dict[str, Any]:
    resp = await client.get("/api/v1/mutations", params=query, headers=_bearer(key))
    assert resp.status == 200, await resp.text()
    assert resp.headers["Cache-Control"] == "no-store"
    doc: dict[str, Any] = await resp.json()
    return doc


async def test_the_feed_carries_every_change_in_order(client: Client,
                                                      subscribe: Subscribe) -> None:
    key = await subscribe("Everything")
    placed = await _declare(client, _in(ALPHA, JAN))
    await _declare(client, {"employer": {"enterpriseNumber": ALPHA}, "dimonaUpdate": {
        "periodId": placed["periodId"], "endHour": "2330"}})
    await _declare(client, {"employer": {"enterpriseNumber": ALPHA},
                            "dimonaCancel": {"periodId": placed["periodId"]}})
    page = await _pull(client, key)
    assert page["deliberation"] == "CSI/Everything" and page["cursor"] == 3
    assert page["next"] == "/api/v1/mutations?after=3&limit=100"
    kinds = [(m["sequence"], m["kind"], m["result"]) for m in page["mutations"]]
    assert kinds == [(1, "IN", "A"), (2, "UPDATE", "A"), (3, "CANCEL", "A")]
    first = page["mutations"][0]
    assert first["deliberation"] == "CSI/Everything"
    assert (first["enterpriseNumber"], first["ssin"], first["jointCommissionNumber"],
            first["workerType"], first["startDate"], first["endDate"], first["startHour"],
            first["endHour"], first["periodId"], first["declarationId"], first["status"]) == (
        ALPHA, JAN, "302", "EXT", "2026-12-15", "2026-12-15", "1800", "2300",
        placed["periodId"], placed["declarationId"], "active")
    assert page["mutations"][1]["endHour"] == "2330"
    assert page["mutations"][2]["status"] == "cancelled"
    # the cursor: nothing more, then pages of one
    assert (await _pull(client, key, after=3))["mutations"] == []
    one = await _pull(client, key, after=0, limit=1)
    assert [m["sequence"] for m in one["mutations"]] == [1] and one["cursor"] == 1


async def test_scopes_filter_employers_committees_and_fields(client: Client,
                                                             subscribe: Subscribe) -> None:
    horeca = await subscribe("Horeca", committees=("302",))
    alpha = await subscribe("Alpha", employers=(ALPHA,), fields="ssin,startDate")
    both = await subscribe("Both", employers=(BETA,), committees=("XXX",))
    await _declare(client, _in(ALPHA, JAN))                                    # 1
    await _declare(client, _in(BETA, MARIE))                                   # 2
    await _declare(client, _in(ALPHA, MARIE, "XXX", "2026-12-02", "OTH"))      # 3
    await _declare(client, _in(BETA, JAN, "XXX", "2026-12-03", "OTH"))         # 4
    seen = {name: await _pull(client, key) for name, key in
            (("horeca", horeca), ("alpha", alpha), ("both", both))}
    assert [m["sequence"] for m in seen["horeca"]["mutations"]] == [1, 2]
    assert [m["sequence"] for m in seen["alpha"]["mutations"]] == [1, 3]
    assert [m["sequence"] for m in seen["both"]["mutations"]] == [4]
    assert all(page["cursor"] == 4 for page in seen.values())  # past what it may not see
    assert set(seen["alpha"]["mutations"][0]) == {"sequence", "time", "kind", "deliberation",
                                                  "ssin", "startDate"}


async def test_a_long_poll_ends_when_a_mutation_in_scope_commits(client: Client,
                                                                 subscribe: Subscribe) -> None:
    key = await subscribe("Horeca", committees=("302",))
    waiting = asyncio.create_task(_pull(client, key, after=0, wait=30))
    await asyncio.sleep(0.2)
    await _declare(client, _in(ALPHA, MARIE, "XXX", "2026-12-02", "OTH"))  # not in scope
    await asyncio.sleep(0.2)
    assert not waiting.done()
    await _declare(client, _in(ALPHA, JAN))
    page = await asyncio.wait_for(waiting, 30)
    assert [m["sequence"] for m in page["mutations"]] == [2] and page["cursor"] == 2
    empty = await _pull(client, key, after=2, wait=0.2)  # nothing new: empty, cursor kept
    assert empty["mutations"] == [] and empty["cursor"] == 2


async def test_keys_open_their_feed_and_nothing_else(app_client: Any) -> None:
    client: Client = await app_client(api_token="operator")
    key = new_key(FEED)
    store = client.app[STORE]
    new = NewSubscriber("Fund", "CSI/1", scope_from((), (), None), new_signing_secret())
    await store.add_subscriber(new, key_hash(key), await _now(client))
    operator = _bearer("operator")
    statuses = {
        "no key": (await client.get("/api/v1/mutations")).status,
        "unknown key": (await client.get("/api/v1/mutations", headers=_bearer("dtf_x"))).status,
        "operator on feed": (await client.get("/api/v1/mutations", headers=operator)).status,
        "operator on relations": (await client.get("/api/v1/relations?ssin=" + JAN,
                                                   headers=operator)).status,
        "key on feed": (await client.get("/api/v1/mutations", headers=_bearer(key))).status,
        "key on periods": (await client.get(f"/api/v1/periods?employer={ALPHA}",
                                            headers=_bearer(key))).status,
        "key on declarations": (await client.post("/api/v1/declarations", json=_in(ALPHA, JAN),
                                                  headers=_bearer(key))).status,
        "key on a declaration": (await client.get("/api/v1/declarations/100000000162",
                                                  headers=_bearer(key))).status,
        "key on openapi": (await client.get("/api/v1/openapi.json",
                                            headers=_bearer(key))).status,
        "operator on periods": (await client.get(f"/api/v1/periods?employer={ALPHA}",
                                                 headers=operator)).status,
    }
    assert statuses == {"no key": 401, "unknown key": 401, "operator on feed": 403,
                        "operator on relations": 403, "key on feed": 200,
                        "key on periods": 403, "key on declarations": 403,
                        "key on a declaration": 403, "key on openapi": 403,
                        "operator on periods": 200}
    refused = await client.post("/api/v1/declarations", json=_in(ALPHA, JAN),
                                headers=_bearer(key))
    assert (await refused.json())["code"] == "api.forbidden"
    assert await store.last_mutation() == 0  # the refused request declared nothing
    await store.pause_subscriber("Fund", True)
    paused = await client.get("/api/v1/mutations", headers=_bearer(key))
    assert paused.status == 403 and (await paused.json())["code"] == "api.paused"


async def test_on_loopback_without_a_token_a_key_still_opens_only_its_feed(
        client: Client, subscribe: Subscribe) -> None:
    key = await subscribe("Fund")
    assert (await client.get(f"/api/v1/periods?employer={ALPHA}")).status == 200
    assert (await client.get(f"/api/v1/periods?employer={ALPHA}",
                             headers=_bearer(key))).status == 403
    assert (await client.get("/api/v1/mutations")).status == 401


async def test_bad_parameters_are_refused(client: Client, subscribe: Subscribe) -> None:
    key = await subscribe("Fund")
    for query in ({"after": "-1"}, {"limit": "ten"}, {"wait": "-2"}, {"wait": "nan"}):
        resp = await client.get("/api/v1/mutations", params=query, headers=_bearer(key))
        assert resp.status == 400, query
        assert (await resp.json())["code"] == "api.bad_parameter"
    capped = await _pull(client, key, limit=100000, wait=0)
    assert capped["next"].endswith("limit=1000")


async def test_relations_within_the_scope(client: Client, subscribe: Subscribe) -> None:
    everything = await subscribe("Everything")
    alpha = await subscribe("Alpha", employers=(ALPHA,), committees=("302",),
                            fields="ssin,startDate,endDate,periodId,enterpriseNumber")
    blind = await subscribe("Blind", fields="startDate")
    first = await _declare(client, _in(ALPHA, JAN))
    await _declare(client, _in(ALPHA, JAN, "XXX", "2026-12-02", "OTH"))
    await _declare(client, _in(BETA, JAN, "XXX", "2026-12-03", "OTH"))
    await _declare(client, {"employer": {"enterpriseNumber": ALPHA}, "worker": {"ssin":
                            "90010100123"}, "dimonaIn": _in(ALPHA, JAN)["dimonaIn"]}, "S")

    async def get(key: str, **query: str) -> tuple[int, Any]:
        resp = await client.get("/api/v1/relations", params=query, headers=_bearer(key))
        return resp.status, await resp.json()

    status, doc = await get(everything, ssin="85.07.31-001.30")
    assert status == 200 and doc["deliberation"] == "CSI/Everything"
    assert [(r["enterpriseNumber"], len(r["periods"])) for r in doc["relations"]] == [
        (ALPHA, 2), (BETA, 1)]
    assert doc["relations"][0]["startDate"] == "2026-12-02"
    assert doc["relations"][0]["endDate"] is None  # the OTH period is open
    status, doc = await get(everything, employer=ALPHA)
    assert [r["ssin"] for r in doc["relations"]] == [JAN]  # the pending worker is not shown
    status, doc = await get(alpha, employer=ALPHA)
    [relation] = doc["relations"]
    assert relation == {"enterpriseNumber": ALPHA, "ssin": JAN, "startDate": "2026-12-15",
                        "endDate": "2026-12-15", "periods": [{
                            "periodId": first["periodId"], "ssin": JAN,
                            "startDate": "2026-12-15", "endDate": "2026-12-15"}]}
    assert (await get(alpha, employer=BETA))[0] == 403  # outside its employers
    assert (await get(alpha, employer="0477123402"))[0] == 403  # unknown, not said so
    assert (await get(everything, employer="0477123402"))[0] == 404
    assert (await get(alpha, ssin=JAN))[1]["relations"][0]["enterpriseNumber"] == ALPHA
    assert (await get(blind, ssin=JAN))[0] == 403  # may not look people up by NISS
    assert (await get(everything))[0] == 400
    assert (await get(everything, ssin="85073100131"))[0] == 400
