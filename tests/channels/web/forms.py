"""A browser without a browser: follow the web pages' forms with the aiohttp test client."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

Client = TestClient[web.Request, web.Application]
_TOKEN = re.compile(r'name="csrf" value="([^"]+)"')
_ACTION = re.compile(r'<form method="post" action="([^"]+)"')


def token(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "a form without its CSRF field"
    return found.group(1)


def action(html: str) -> str:
    found = _ACTION.search(html)
    assert found, "no form"
    return found.group(1)


async def submit(client: Client, html: str, **fields: Any) -> ClientResponse:
    """Post the page's form with ``fields``, as a browser of that page would."""
    data = {"csrf": token(html), "action": "next", **fields}
    return await client.post(action(html), data=data, allow_redirects=True)


async def page(client: Client, path: str, **headers: str) -> str:
    response = await client.get(path, headers=headers)
    assert response.status == 200, (path, response.status)
    return await response.text()


async def declare_in(client: Client, **period: str) -> tuple[str, str]:
    """A whole IN of a horeca extra through the screens: the overview page and its URL."""
    html = await page(client, "/dimona")
    html = await (await submit(client, html, employer="0403199702", kind="IN",
                               identifiedBy="enterprise")).text()
    html = await (await submit(client, html)).text()  # the employer found
    html = await (await submit(client, html, workerMode="niss", ssin="85073100130")).text()
    html = await (await submit(client, html, jointCommissionNumber="302",
                               workerType="EXT")).text()
    fields = {"startDate": "2026-12-15", "endDate": "2026-12-15", "startHour": "18:00",
              "endHour": "23:00", **period}
    response = await submit(client, html, **fields)
    return await response.text(), str(response.url.path)
