"""Per-employer API keys through the real app: a key declares for and reads its employers
only; anything else is 403 and shows nothing, whether it is someone else's or missing.

Keys are made with the real ``api-keys add`` command (its operator function, on the
app's own store) and the service listens off loopback (``0.0.0.0``), where a request
without a key is refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from channels.common.keys import FEED, key_hash, new_key, new_signing_secret
from core.clock import SystemClock
from core.feed import NewSubscriber, scope_from
from server import cli, operator
from server.appkeys import STORE
from tests.channels.rest.test_api import EMPLOYER, JAN, dimona_in

Client = TestClient[web.Request, web.Application]
RESTO, HAVEN, BAKERY = "0403199702", "0852093431", "051234526"  # demo employers


async def add_key(client: Client, capsys: pytest.CaptureFixture[str], *employers: str,
                  name: str | None = None) -> str:
    """``dimona-talk api-keys add``: the key it prints, alone on stdout."""
    argv = ["api-keys", "add", *(a for e in employers for a in ("--employer", e))]
    args = cli.parser().parse_args([*argv, *(["--name", name] if name else [])])
    capsys.readouterr()
    assert await operator.api_keys(client.app[STORE], SystemClock(), args, "en") == 0
    out = capsys.readouterr().out.split()
    assert len(out) == 1 and out[0].startswith("dtk_")
    return out[0]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def declare(client: Client, key: str, body: Any) -> tuple[int, Any]:
    resp = await client.post("/api/v1/declarations", json=body, headers=bearer(key))
    return resp.status, await resp.json()


@pytest.fixture
async def public(app_client: Callable[..., Awaitable[Client]]) -> Client:
    """The service off loopback, with the operator's token set."""
    return await app_client(host="0.0.0.0", api_token="op")


def for_employer(body: dict[str, Any], number: str) -> dict[str, Any]:
    field = "nssoNumber" if len(number) == 9 else "enterpriseNumber"
    return {**body, "employer": {field: number}}


async def test_a_key_declares_and_reads_for_its_employers_only(
        public: Client, capsys: pytest.CaptureFixture[str]) -> None:
    key = await add_key(public, capsys, RESTO, name="Brasserie")
    status, mine = await declare(public, key, dimona_in())
    assert status == 201 and mine["result"] == "A"
    own = await public.get(f"/api/v1/declarations/{mine['declarationId']}", headers=bearer(key))
    assert own.status == 200 and (await own.json()) == mine
    periods = await public.get("/api/v1/periods", params={"employer": RESTO}, headers=bearer(key))
    assert [p["periodId"] for p in (await periods.json())["periods"]] == [mine["periodId"]]
    # another employer: refused before anything is judged or written
    status, refused = await declare(public, key, for_employer(dimona_in(), HAVEN))
    assert status == 403 and refused["code"] == "api.forbidden"
    listing = await public.get("/api/v1/periods", params={"employer": HAVEN},
                               headers=bearer(key))
    assert listing.status == 403
    everything = await public.get("/api/v1/periods", params={"employer": HAVEN},
                                  headers=bearer("op"))
    assert (await everything.json())["periods"] == []  # nothing was filed for the other one


async def test_foreign_and_missing_things_answer_alike(
        public: Client, capsys: pytest.CaptureFixture[str]) -> None:
    resto, haven = (await add_key(public, capsys, RESTO), await add_key(public, capsys, HAVEN))
    _, theirs = await declare(public, haven, for_employer(dimona_in(), HAVEN))
    foreign, missing = theirs["declarationId"], "999999999999"

    async def answer(method: str, url: str, **kw: Any) -> tuple[int, Any]:
        resp = await public.request(method, url, headers=bearer(resto), **kw)
        return resp.status, await resp.json()

    assert await answer("GET", f"/api/v1/declarations/{foreign}") == \
        await answer("GET", f"/api/v1/declarations/{missing}")
    assert (await answer("GET", f"/api/v1/declarations/{missing}"))[0] == 403
    # an employer not registered, one of another key, one not even valid
    nowhere = await answer("GET", "/api/v1/periods", params={"employer": "0477123402"})
    assert nowhere == await answer("GET", "/api/v1/periods", params={"employer": HAVEN})
    assert nowhere == await answer("GET", "/api/v1/periods", params={"employer": "12"})
    assert nowhere[0] == 403
    # a period of another employer, declared under the key's own employer
    for kind in ("dimonaOut", "dimonaCancel"):
        body: dict[str, Any] = {"employer": EMPLOYER, kind: {"periodId": theirs["periodId"]}}
        if kind == "dimonaOut":
            body[kind]["endDate"] = "2026-12-15"
        gone = {**body, kind: {**body[kind], "periodId": "100000009961"}}  # well formed, no one's
        assert await answer("POST", "/api/v1/declarations", json=body) == \
            await answer("POST", "/api/v1/declarations", json=gone)
        assert (await answer("POST", "/api/v1/declarations", json=body))[0] == 403
    # to the operator a missing thing is missing
    assert (await public.get(f"/api/v1/declarations/{missing}", headers=bearer("op"))
            ).status == 404
    assert (await public.get("/api/v1/periods", params={"employer": "0477123402"},
                             headers=bearer("op"))).status == 404
    seen = await public.get(f"/api/v1/declarations/{foreign}", headers=bearer("op"))
    assert seen.status == 200


async def test_a_secretariat_key_holds_many_employers(
        public: Client, capsys: pytest.CaptureFixture[str]) -> None:
    key = await add_key(public, capsys, RESTO, BAKERY, name="Secretariat")
    assert (await declare(public, key, dimona_in()))[0] == 201
    bakery = for_employer(dimona_in(startHour="0600", endHour="1000"), BAKERY)
    status, doc = await declare(public, key, bakery)
    assert status == 201 and doc["result"] == "A"
    assert (await declare(public, key, for_employer(dimona_in(), HAVEN)))[0] == 403


async def test_keys_are_needed_and_a_removed_key_opens_nothing(
        public: Client, capsys: pytest.CaptureFixture[str]) -> None:
    key = await add_key(public, capsys, RESTO)
    no_key = await public.post("/api/v1/declarations", json=dimona_in())
    assert no_key.status == 401 and no_key.headers["WWW-Authenticate"].startswith("Bearer")
    for wrong in ("dtk_nothing", key[:-1], key + "x", "op2", key.upper()):
        assert (await public.get("/api/v1/openapi.json", headers=bearer(wrong))).status == 401
    basic = await public.get("/api/v1/openapi.json", headers={"Authorization": f"Basic {key}"})
    assert basic.status == 401
    assert (await public.get("/api/v1/openapi.json", headers=bearer(key))).status == 200
    args = cli.parser().parse_args(["api-keys", "remove", key])
    assert await operator.api_keys(public.app[STORE], SystemClock(), args, "en") == 0
    assert (await public.get("/api/v1/openapi.json", headers=bearer(key))).status == 401


async def test_on_loopback_without_a_token_a_key_still_has_its_rights(
        app_client: Callable[..., Awaitable[Client]],
        capsys: pytest.CaptureFixture[str]) -> None:
    client = await app_client()  # 127.0.0.1, no token: open loopback mode
    key = await add_key(client, capsys, RESTO)
    assert (await declare(client, key, for_employer(dimona_in(), HAVEN)))[0] == 403
    assert (await client.get("/api/v1/periods", params={"employer": HAVEN})).status == 200
    assert (await client.get("/api/v1/periods", params={"employer": HAVEN},
                             headers=bearer("dtk_unknown"))).status == 401


async def test_an_institution_s_key_opens_its_feed_and_no_employer_s_data(
        public: Client) -> None:
    """The institutions' keys (issue 14) are another kind in the same layer."""
    key = new_key(FEED)
    new = NewSubscriber("Fund", "CSI/1", scope_from((), (), None), new_signing_secret())
    await public.app[STORE].add_subscriber(new, key_hash(key), SystemClock().now())
    for method, url in (("GET", "/api/v1/periods?employer=0403199702"),
                        ("GET", "/api/v1/declarations/100000000162"),
                        ("POST", "/api/v1/declarations"), ("GET", "/api/v1/openapi.json")):
        resp = await public.request(method, url, headers=bearer(key), json=dimona_in())
        assert resp.status == 403, url
    assert (await public.get("/api/v1/mutations", headers=bearer(key))).status == 200
    # nor does the web pages' key page take it
    html = await (await public.get("/key")).text()
    csrf = html.split('name="csrf" value="')[1].split('"')[0]
    page = await public.post("/key", data={"csrf": csrf, "key": key, "next": "/"},
                             allow_redirects=False)
    assert page.status == 401


async def test_an_employer_s_key_is_refused_on_the_feed(
        public: Client, capsys: pytest.CaptureFixture[str]) -> None:
    key = await add_key(public, capsys, RESTO)
    for url in ("/api/v1/mutations", "/api/v1/relations?employer=0403199702"):
        assert (await public.get(url, headers=bearer(key))).status == 403
        assert (await public.get(url)).status == 401


async def test_the_operator_token_acts_for_everyone(public: Client) -> None:
    status, doc = await declare(public, "op", for_employer(dimona_in(), HAVEN))
    assert status == 201 and doc["result"] == "A"
    assert (await declare(public, "op", {**dimona_in(), "worker": {"ssin": JAN}}))[0] == 201


#: A malformed period id, the core's anomaly, and a word of its text in each language.
_MALFORMED = [("abc", "00913-903", ("12 chiffres", "12 cijfers", "12 Ziffern", "12 digits")),
              ("1234567890123456", "00913-903", ("12 chiffres", "12 cijfers", "12 Ziffern",
                                                 "12 digits")),
              ("100000000126", "00913-904", ("chiffres", "cijfers", "Ziffern", "digits"))]


@pytest.mark.parametrize(("period_id", "code", "words"), _MALFORMED)
async def test_a_malformed_period_id_under_a_key_is_the_cores_refusal_not_a_403(
        public: Client, capsys: pytest.CaptureFixture[str], period_id: str, code: str,
        words: tuple[str, ...]) -> None:
    """A period id that is no period id names nobody's period: the core refuses it, with
    its anomaly in the caller's language, in OUT, UPDATE and CANCEL alike."""
    key = await add_key(public, capsys, RESTO)
    for kind, extra in (("dimonaOut", {"endDate": "2026-12-20"}),
                        ("dimonaUpdate", {"endDate": "2026-12-20"}), ("dimonaCancel", {})):
        body = {"employer": {"enterpriseNumber": RESTO}, kind: {"periodId": period_id, **extra}}
        for lang, word in zip(("fr", "nl", "de", "en"), words, strict=True):
            resp = await public.post("/api/v1/declarations", json=body,
                                     headers={**bearer(key), "Accept-Language": lang})
            doc = await resp.json()
            assert resp.status == 201, doc
            assert doc["result"] == "B" and [a["code"] for a in doc["anomalies"]] == [code]
            assert word in doc["anomalies"][0]["message"], doc


async def test_a_well_formed_period_of_no_one_is_still_a_403(
        public: Client, capsys: pytest.CaptureFixture[str]) -> None:
    key = await add_key(public, capsys, RESTO)
    body = {"employer": {"enterpriseNumber": RESTO}, "dimonaCancel": {"periodId": "100000000162"}}
    status, doc = await declare(public, key, body)
    assert status == 403 and doc["code"] == "api.forbidden"
