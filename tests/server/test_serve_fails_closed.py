"""``serve`` fails closed, through real processes.

Off loopback (``--host 0.0.0.0``) it does not start while a gateway it serves has no
secret, and says which setting is missing and which switch turns the gateway off;
switched off, a gateway is not mounted. Employers' keys in the store are credentials
of the API on their own. On loopback a gateway without its secret is served open,
with a warning naming the setting.
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.processes import ROOT, Server, cli, env, free_port, run

SECRETS = ("DIMONA_API_TOKEN", "DIMONA_TWILIO_AUTH_TOKEN", "DIMONA_PUBLIC_URL",
           "DIMONA_KANNEL_SECRET", "DIMONA_VXML_SECRET")


def refused(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """``serve`` off loopback, which must stop by itself."""
    return subprocess.run(cli("serve", "--host", "0.0.0.0", "--port", str(free_port()), *args),
                          cwd=ROOT, env=env(**{"DIMONA_LANG": "en", **variables}),
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as client:
        yield client


def test_off_loopback_every_open_gateway_is_named(tmp_path: Path) -> None:
    done = refused("--db", str(tmp_path / "x.db"))
    assert done.returncode == 2, done.stdout + done.stderr
    for variable in SECRETS:
        assert variable in done.stderr, variable
    for switch in ("--no-api", "--no-twilio", "--no-kannel", "--no-vxml"):
        assert switch in done.stderr, switch
    assert "/sms/kannel" in done.stderr and "api-keys add" in done.stderr


def test_each_secret_given_or_gateway_switched_off_is_no_longer_named(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    done = refused("--db", db, "--twilio-auth-token", "t", "--no-kannel", "--no-api",
                   DIMONA_VXML_SECRET="v")
    assert done.returncode == 2
    assert "DIMONA_PUBLIC_URL" in done.stderr  # a Twilio token needs the public URL
    named = [v for v in SECRETS if v in done.stderr]
    assert named == ["DIMONA_PUBLIC_URL"], done.stderr
    in_french = refused("--db", db, "--no-api", "--no-twilio", "--no-vxml", DIMONA_LANG="fr")
    assert in_french.returncode == 2 and "Démarrage refusé" in in_french.stderr
    assert "DIMONA_KANNEL_SECRET" in in_french.stderr


async def test_with_every_served_gateway_closed_it_starts(
        tmp_path: Path, session: aiohttp.ClientSession) -> None:
    server = Server(str(tmp_path / "x.db"), tmp_path, "--demo", "--api-token", "op",
                    "--no-twilio", "--no-vxml", host="0.0.0.0",
                    variables={"DIMONA_KANNEL_SECRET": "k"}).start()
    try:
        await server.ready(session)
        async with session.get(f"{server.url}/api/v1/openapi.json",
                               headers={"Authorization": "Bearer op"}) as resp:
            assert resp.status == 200
        async with session.get(f"{server.url}/api/v1/openapi.json") as resp:
            assert resp.status == 401
        for off in ("/sms/twilio", "/voice/twilio", "/voice/vxml"):  # not mounted
            async with session.post(f"{server.url}{off}", data={"From": "+32470123456"}) as resp:
                assert resp.status == 404, off
        async with session.get(f"{server.url}/sms/kannel", params={"text": "x"}) as resp:
            assert resp.status == 403  # mounted, and closed without its secret
    finally:
        server.stop()
    assert "Warning" not in server.output()


async def test_employers_keys_are_the_api_s_credentials(
        tmp_path: Path, session: aiohttp.ClientSession) -> None:
    db = str(tmp_path / "x.db")
    assert refused("--db", db, "--no-twilio", "--no-kannel", "--no-vxml").returncode == 2
    added = await run("api-keys", "add", "--db", db, "--employer", "0403199702", check=False)
    assert added.returncode == 1  # no such employer yet: nothing was made
    imported = tmp_path / "employers.csv"
    imported.write_text("enterprise_number,nsso_number,name,language\n0403199702,,Resto,fr\n",
                        encoding="utf-8")
    await run("registry", "import", "employers", str(imported), "--db", db)
    added = await run("api-keys", "add", "--db", db, "--employer", "0403199702")
    key = added.stdout.strip()
    server = Server(db, tmp_path, "--no-twilio", "--no-kannel", "--no-vxml",
                    host="0.0.0.0").start()
    try:
        await server.ready(session)
        url = f"{server.url}/api/v1/periods?employer=0403199702"
        async with session.get(url) as resp:
            assert resp.status == 401
        async with session.get(url, headers={"Authorization": f"Bearer {key}"}) as resp:
            assert resp.status == 200 and (await resp.json())["periods"] == []
    finally:
        server.stop()


async def test_on_loopback_an_open_gateway_is_a_warning(
        tmp_path: Path, session: aiohttp.ClientSession) -> None:
    server = Server(str(tmp_path / "x.db"), tmp_path, "--kannel-secret", "k", "--no-vxml",
                    variables={"DIMONA_LANG": "en"}).start()
    try:
        await server.ready(session)
        async with session.get(f"{server.url}/api/v1/openapi.json") as resp:
            assert resp.status == 200  # open, as the warning said
    finally:
        server.stop()
    warnings = [line for line in server.output().splitlines() if line.startswith("Warning")]
    assert len(warnings) == 2, server.output()
    assert any("/api/v1" in w and "DIMONA_API_TOKEN" in w for w in warnings)
    assert any("/sms/twilio, /voice/twilio" in w and "DIMONA_TWILIO_AUTH_TOKEN" in w
               for w in warnings)
