"""The web pages on the root application: ``/`` and its screens, the key page, the assets.

:func:`setup_web` adds the routes of :mod:`channels.web.dimona`,
:mod:`channels.web.personnel` and :mod:`channels.web.phone`, the key page, and the
static files of the package (``static/``, installed with it). Templates are
Jinja2 with autoescaping on (``templates/``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web

from channels.web import dimona, personnel, phone
from channels.web.pages import KEY_COOKIE, WEB, Page, WebParts, page, render
from locales import Message, message_for

__all__ = ["STATIC", "setup_web"]

STATIC: Final = Path(__file__).parent / "static"

routes = web.RouteTableDef()


@routes.get("/")
async def home(request: web.Request) -> web.StreamResponse:
    return await page(_home, needs_key=False)(request)


async def _home(request: web.Request, page_: Page) -> web.StreamResponse:
    return render(page_, "home.html", {})


def _next(value: str) -> str:
    """Where to go after the key page: a path of this site only."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return "/"
    return value


@routes.get("/key")
async def key_page(request: web.Request) -> web.StreamResponse:
    return await page(_key_page, needs_key=False)(request)


async def _key_page(request: web.Request, page_: Page) -> web.StreamResponse:
    return render(page_, "key.html", {"next": _next(request.query.get("next", "/")),
                                      "errors": {}})


@routes.post("/key")
async def key_post(request: web.Request) -> web.StreamResponse:
    return await page(_key_post, needs_key=False)(request)


async def _key_post(request: web.Request, page_: Page) -> web.StreamResponse:
    form = await request.post()
    key = str(form.get("key", "")).strip()
    target = _next(str(form.get("next", "/")))
    if key and await page_.parts.keys(key) is not None:
        page_.cookies[KEY_COOKIE] = key
        raise web.HTTPSeeOther(target)
    return render(page_, "key.html", {"next": target,
                                      "errors": {"key": [Message("web.key.wrong")]}},
                  status=401)


@routes.post("/key/forget")
async def key_forget(request: web.Request) -> web.StreamResponse:
    return await page(_key_forget, needs_key=False)(request)


async def _key_forget(request: web.Request, page_: Page) -> web.StreamResponse:
    page_.cookies[KEY_COOKIE] = None
    raise web.HTTPSeeOther("/")


async def _static_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith("/static/"):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")


def setup_web(app: web.Application, parts: WebParts) -> None:
    """Add the pages to the root application, with the parts they are handed."""
    app[WEB] = parts
    env = aiohttp_jinja2.setup(
        app, loader=jinja2.PackageLoader("channels.web", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["message_for"] = message_for
    for table in (routes, dimona.routes, personnel.routes, phone.routes):
        app.add_routes(table)
    app.router.add_static("/static/", STATIC)
    app.on_response_prepare.append(_static_headers)
