"""The web pages through the real app: CSP and security headers, CSRF, rights, languages,
the screens' problems at their fields, confirming only what was shown, the CSV export."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from typing import Any

import pytest

from channels.web.pages import CSP
from tests.channels.rest.test_rights import add_key
from tests.channels.web.forms import Client, action, declare_in, page, submit, token

PAGES = ("/", "/dimona", "/personnel", "/personnel?employer=0403199702", "/key")


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_has_a_strict_csp_and_no_inline_code(client: Client, path: str
                                                                ) -> None:
    response = await client.get(path)
    html = await response.text()
    assert response.status == 200
    assert response.headers["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "default-src 'none'" in CSP
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "an inline script"
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), "inline style or handler"
    assert not re.search(r'(src|href)="(https?:)?//', html), "an asset from elsewhere"


async def test_a_redirect_and_a_refusal_carry_the_headers_too(client: Client) -> None:
    refused = await client.post("/dimona", data={"employer": "0403199702"})
    assert refused.status == 403 and refused.headers["Content-Security-Policy"] == CSP
    html = await page(client, "/dimona")
    moved = await client.post("/dimona", data={"csrf": token(html), "employer": "0403199702",
                                               "kind": "IN"}, allow_redirects=False)
    assert moved.status == 303 and moved.headers["Content-Security-Policy"] == CSP


async def test_the_assets_are_served_by_the_app(client: Client) -> None:
    for path in ("/static/app.css", "/static/app.js", "/static/favicon.svg"):
        response = await client.get(path)
        assert response.status == 200, path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "@media print" in await (await client.get("/static/app.css")).text()


# ---------------------------------------------------------------------- CSRF


async def test_a_post_without_the_form_token_does_nothing(client: Client) -> None:
    await page(client, "/dimona")  # the browser has its form cookie
    for data in ({"employer": "0403199702", "kind": "IN"},
                 {"employer": "0403199702", "kind": "IN", "csrf": "forged"}):
        response = await client.post("/dimona", data=data, allow_redirects=False)
        assert response.status == 403
        assert "rien n'a été fait" in unescape(await response.text())


async def test_a_post_from_another_site_is_refused_even_with_the_token(client: Client
                                                                        ) -> None:
    html = await page(client, "/dimona")
    data = {"csrf": token(html), "employer": "0403199702", "kind": "IN"}
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = await client.post("/dimona", data=data, headers=headers,
                                     allow_redirects=False)
        assert response.status == 403
    same = await client.post("/dimona", data=data, allow_redirects=False,
                             headers={"Origin": f"http://{client.host}:{client.port}"})
    assert same.status == 303


async def test_every_form_carries_the_token(client: Client) -> None:
    overview, _ = await declare_in(client)
    for html in (await page(client, "/dimona"), overview, await page(client, "/key")):
        forms = html.count("<form method=\"post\"")
        assert forms and html.count('name="csrf"') >= forms


# ---------------------------------------------------------------------- languages


@pytest.mark.parametrize(("header", "lang", "word"), [
    ("nl-BE,nl;q=0.9", "nl", "Dimona-aangifte"), ("de", "de", "Dimona-Meldung"),
    ("en-GB", "en", "Dimona declaration"), ("it", "fr", "Déclaration Dimona")])
async def test_the_language_follows_accept_language(client: Client, header: str, lang: str,
                                                    word: str) -> None:
    response = await client.get("/dimona", headers={"Accept-Language": header})
    html = await response.text()
    assert f'<html lang="{lang}">' in html and word in html
    assert response.headers["Content-Language"] == lang


async def test_the_switch_on_every_page_is_remembered(client: Client) -> None:
    for path in PAGES:
        html = await page(client, path)
        for lang in ("fr", "nl", "de", "en"):
            assert f'hreflang="{lang}"' in html, (path, lang)
    switched = await client.get("/personnel?lang=de", headers={"Accept-Language": "nl"})
    assert "Personalakte" in await switched.text()
    later = await client.get("/dimona", headers={"Accept-Language": "nl"})
    assert "Dimona-Meldung" in await later.text()


# ---------------------------------------------------------------------- rights


async def test_off_loopback_every_page_asks_for_a_key(app_client: Any) -> None:
    client: Client = await app_client(host="0.0.0.0")
    for path in ("/dimona", "/personnel?employer=0403199702", "/personnel.csv?employer=0403199702"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303, path
        assert response.headers["Location"].startswith("/key?next=")
    home = await client.get("/")
    assert home.status == 200 and "Mode démo" not in await home.text()


async def test_a_wrong_key_opens_nothing_and_the_operator_token_opens_all(app_client: Any
                                                                           ) -> None:
    client: Client = await app_client(host="0.0.0.0", api_token="s3cret")
    html = await page(client, "/key?next=/personnel")
    wrong = await client.post("/key", data={"csrf": token(html), "key": "guess",
                                            "next": "/personnel"}, allow_redirects=False)
    assert wrong.status == 401 and "n'ouvre rien" in unescape(await wrong.text())
    ok = await client.post("/key", data={"csrf": token(html), "key": "s3cret",
                                         "next": "/personnel"}, allow_redirects=False)
    assert ok.status == 303 and ok.headers["Location"] == "/personnel"
    assert (await client.get("/dimona", allow_redirects=False)).status == 200
    elsewhere = await client.post("/key", data={"csrf": token(html), "key": "s3cret",
                                                "next": "https://evil.example/"},
                                  allow_redirects=False)
    assert elsewhere.headers["Location"] == "/"
    home = await page(client, "/")
    forget = await client.post("/key/forget", data={"csrf": token(home)},
                               allow_redirects=False)
    assert forget.status == 303
    assert (await client.get("/dimona", allow_redirects=False)).status == 303


async def test_an_employer_key_opens_its_employers_pages_only(
        app_client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """The key page takes an employer's API key (api-keys add): the rights of the API."""
    client: Client = await app_client(host="0.0.0.0")
    key = await add_key(client, capsys, "0403199702")
    html = await page(client, "/key?next=/personnel")
    ok = await client.post("/key", data={"csrf": token(html), "key": key,
                                         "next": "/personnel"}, allow_redirects=False)
    assert ok.status == 303
    own = await page(client, "/personnel")  # its one employer, chosen for it
    assert "Brasserie du Marché" in own and "Eetcafé De Gentse Haven" not in own
    assert (await client.get("/personnel?employer=0852093431")).status == 404
    assert (await client.get("/personnel.csv?employer=0852093431")).status == 404
    assert (await client.get("/personnel.csv?employer=0403199702")).status == 200
    html = await page(client, "/dimona")
    foreign = await submit(client, html, employer="0852093431", kind="IN")
    assert foreign.status == 422 and 'id="e-employer-1"' in await foreign.text()


async def test_a_draft_belongs_to_the_browser_that_started_it(client: Client,
                                                              app_client: Any) -> None:
    html = await page(client, "/dimona")
    started = await submit(client, html, employer="0403199702", kind="IN")
    other: Client = await app_client()
    response = await other.get(started.url.path, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/dimona?gone=1"


# ---------------------------------------------------------------------- the screens


async def test_a_problem_is_shown_at_its_field_in_the_page_s_language(client: Client) -> None:
    html = await page(client, "/dimona?lang=nl")
    html = await (await submit(client, html, employer="0403199702", kind="IN")).text()
    html = await (await submit(client, html)).text()
    response = await submit(client, html, workerMode="niss", ssin="85073100131")
    text = await response.text()
    assert response.status == 422
    field = text[text.index('<label for="f-ssin"'):text.index('id="f-ssin"')]
    assert 'class="error" id="e-ssin-1"' in field and "INSZ" in field
    assert 'aria-describedby="h-ssin e-ssin-1" aria-invalid="true"' in text


async def test_an_unknown_employer_is_refused_at_its_field(client: Client) -> None:
    html = await page(client, "/dimona")
    response = await submit(client, html, employer="0202239951", kind="IN")
    text = await response.text()
    assert response.status == 422 and 'id="e-employer-1"' in text and "wide" in text.lower()


async def test_the_worker_types_are_those_of_the_committee(client: Client) -> None:
    html = await page(client, "/dimona")
    html = await (await submit(client, html, employer="0403199702", kind="IN")).text()
    html = await (await submit(client, html)).text()
    html = await (await submit(client, html, workerMode="niss", ssin="85073100130")).text()
    shown = await (await submit(client, html, action="refresh",
                                jointCommissionNumber="302")).text()
    types = re.findall(r'<option value="([A-Z0-9]{3})" data-committees', shown)
    assert sorted(types) == ["EXT", "FLX"]


async def test_only_the_overview_shown_is_filed_and_only_once(client: Client) -> None:
    overview, path = await declare_in(client)
    assert path.endswith("/summary") and "Acceptée" in overview
    assert (await page(client, "/personnel?employer=0403199702")).count("100000000") == 0
    stale = await client.post(action(overview), data={"csrf": token(overview),
                                                      "action": "confirm", "shown": "0" * 32})
    assert stale.status == 409 and "a changé" in await stale.text()
    confirmed = await client.post(action(overview), data={
        "csrf": token(overview), "action": "confirm",
        "shown": re.search(r'name="shown" value="(\w+)"', overview).group(1)})  # type: ignore[union-attr]
    receipt = await confirmed.text()
    assert confirmed.url.path == "/dimona/receipt/100000000162"
    assert "Acceptée" in receipt and "Brasserie du Marché" in receipt and "Peeters" in receipt
    again = await client.post(action(overview), data={"csrf": token(overview),
                                                      "action": "confirm", "shown": "x"})
    assert again.url.path == "/dimona/receipt/100000000162"
    file = await page(client, "/personnel?employer=0403199702")
    assert file.count("<td>100000000162</td>") == 1


async def test_the_csv_export_follows_the_filters(client: Client) -> None:
    overview, _ = await declare_in(client)
    shown = re.search(r'name="shown" value="(\w+)"', overview).group(1)  # type: ignore[union-attr]
    await client.post(action(overview), data={"csrf": token(overview), "action": "confirm",
                                              "shown": shown})
    response = await client.get("/personnel.csv?employer=0403199702&type=EXT")
    assert response.status == 200 and response.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(await response.text())))
    assert [(r["periodId"], r["lastName"], r["workerType"], r["status"]) for r in rows] == [
        ("100000000162", "Peeters", "EXT", "active")]
    assert rows[0]["declarations"] == "100000000162:IN:A"
    none = await client.get("/personnel.csv?employer=0403199702&type=STU")
    assert len(list(csv.reader(io.StringIO(await none.text())))) == 1  # the header only


async def test_an_employer_with_sub_entities_chooses_one(client: Client) -> None:
    html = await page(client, "/dimona")
    found = await (await submit(client, html, employer="000935467", identifiedBy="nsso",
                                kind="IN")).text()
    assert "État belge - PersoPoint" in unescape(found) and "0009354-67" in found
    assert re.findall(r'<option value="(\d{10})"', found) == [
        "0000522001", "0000522002", "0000522003"]
    missing = await submit(client, found)
    assert missing.status == 422 and 'id="e-subEntityNbr-1"' in await missing.text()
    chosen = await submit(client, found, subEntityNbr="0000522002")
    assert chosen.status == 200 and chosen.url.path.endswith("/worker")
