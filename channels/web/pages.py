"""What every page shares: its language, its visitor's rights, CSRF and security headers.

A handler is written as ``async def handler(request, page) -> response`` and wrapped by
:func:`page`, which

- picks the language: ``?lang=`` (the switch on every page, remembered in a cookie),
  else the cookie, else ``Accept-Language``;
- gives every browser a random form token (cookie ``dimona_form``): each form carries it
  in a hidden field, and a POST whose field does not match the cookie, or that comes from
  another site (``Origin``, ``Sec-Fetch-Site``), is refused (403) before the handler runs;
- finds the visitor's principal (:mod:`channels.web.rights`): the employer key of the
  ``dimona_key`` cookie, else in demo mode every employer, else the key page;
- sets a strict Content-Security-Policy (no inline script or style, nothing from
  elsewhere) and the other security headers on every answer, redirects included.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlencode, urlsplit

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler
from babel.dates import format_date, format_time

from channels.common.languages import accept_language
from channels.web.rights import EVERYONE, Keys, Principal, employers_of
from core.clock import BRUSSELS, Clock
from core.ids import enterprise, niss, nsso
from core.model import Employer
from core.service import Declarations
from core.store import ConversationStore
from locales import LANGUAGES, LOCALES, Message, localize

__all__ = [
    "CSP",
    "FORM_COOKIE",
    "KEY_COOKIE",
    "LANG_COOKIE",
    "WEB",
    "Page",
    "Shown",
    "WebParts",
    "offered_employers",
    "page",
    "render",
]

CSP: Final = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
              "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS: Final = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
LANG_COOKIE: Final = "dimona_lang"
FORM_COOKIE: Final = "dimona_form"
KEY_COOKIE: Final = "dimona_key"
FORM_FIELD: Final = "csrf"
_YEAR: Final = 365 * 24 * 3600


@dataclass(frozen=True, slots=True)
class WebParts:
    """What the pages are handed by the server."""

    service: Declarations
    drafts: ConversationStore
    keys: Keys
    clock: Clock
    open_loopback: bool  # demo mode: no key needed
    demo_employers: tuple[str, ...] = ()  # offered first in demo mode
    extra: dict[str, Any] = field(default_factory=dict)  # the simulator's parts


WEB: Final = web.AppKey("web", WebParts)


@dataclass(slots=True)
class Page:
    """One request as a page sees it."""

    request: web.Request
    lang: str
    form_token: str
    principal: Principal | None
    cookies: dict[str, str | None] = field(default_factory=dict)  # to set (None: delete)
    demo: bool = False  # open loopback mode, no key: every page open


    @property
    def parts(self) -> WebParts:
        return self.request.app[WEB]

    @property
    def browser(self) -> str:
        """This browser, as drafts remember it (a hash of its form token)."""
        return hashlib.sha256(self.form_token.encode()).hexdigest()[:32]

    def t(self, message_id: str, **params: object) -> str:
        """A text of the catalog, in the page's language."""
        return localize(Message(message_id, params), self.lang)

    def say(self, message: Message) -> str:
        """A message of the core or the dialogs, in the page's language."""
        return localize(message, self.lang)

    @staticmethod
    def language_name(lang: str) -> str:
        """A language named in itself (Nederlands, Deutsch...)."""
        return localize(Message(f"web.lang.{lang}"), lang)

    def switch(self, lang: str) -> str:
        """This page's address in another language (GET parameters kept)."""
        query = {k: v for k, v in self.request.query.items() if k != "lang"}
        return f"{self.request.path}?{urlencode({**query, 'lang': lang})}"


def _language(request: web.Request) -> tuple[str, bool]:
    """The page's language, and whether it was just chosen (to remember it)."""
    chosen = request.query.get("lang", "")
    if chosen in LANGUAGES:
        return chosen, True
    kept = request.cookies.get(LANG_COOKIE, "")
    if kept in LANGUAGES:
        return kept, False
    return accept_language(request.headers.get("Accept-Language", "")), False


def _same_site(request: web.Request) -> bool:
    """A POST from one of our own pages, as far as the browser says where it came from."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


async def _form_ok(request: web.Request, token: str | None) -> bool:
    if token is None or not _same_site(request):
        return False
    sent = str((await request.post()).get(FORM_FIELD, ""))
    return hmac.compare_digest(sent.encode(), token.encode())


async def _principal(request: web.Request) -> Principal | None:
    parts = request.app[WEB]
    key = request.cookies.get(KEY_COOKIE)
    if key:
        return await parts.keys(key)
    return EVERYONE if parts.open_loopback else None


def _finish(page_: Page, response: web.StreamResponse, set_form: bool) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    secure = page_.request.secure
    if set_form:
        response.set_cookie(FORM_COOKIE, page_.form_token, httponly=True, samesite="Strict",
                            secure=secure, path="/")
    for name, kept in page_.cookies.items():
        if kept is None:
            response.del_cookie(name, path="/")
        else:
            response.set_cookie(name, kept, httponly=True, samesite="Strict", secure=secure,
                                path="/", max_age=_YEAR if name == LANG_COOKIE else None)


PageHandler = Callable[[web.Request, Page], Awaitable[web.StreamResponse]]


def page(handler: PageHandler, *, needs_key: bool = True) -> Handler:
    """The aiohttp handler of a page (see the module's documentation)."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        lang, chosen = _language(request)
        token = request.cookies.get(FORM_COOKIE)
        page_ = Page(request, lang, token or secrets.token_urlsafe(24), None)
        if chosen:
            page_.cookies[LANG_COOKIE] = lang
        try:
            response = await _run(handler, request, page_, token, needs_key)
        except web.HTTPException as answer:
            _finish(page_, answer, token is None)
            raise
        _finish(page_, response, token is None)
        return response

    return wrapped


async def _run(handler: PageHandler, request: web.Request, page_: Page, token: str | None,
               needs_key: bool) -> web.StreamResponse:
    if request.method == "POST" and not await _form_ok(request, token):
        return render(page_, "error.html", {"message": page_.t("web.error.form")}, status=403)
    page_.principal = await _principal(request)
    page_.demo = page_.principal is EVERYONE
    if request.cookies.get(KEY_COOKIE) and page_.principal is None:
        page_.cookies[KEY_COOKIE] = None  # a key that no longer opens anything
    if needs_key and page_.principal is None:
        target = request.path_qs if request.method == "GET" else request.path
        raise web.HTTPSeeOther(f"/key?{urlencode({'next': target})}")
    return await handler(request, page_)


async def offered_employers(page_: Page) -> list[Employer]:
    """The employers a visitor is offered: its key's, or in demo mode the demo ones."""
    held = employers_of(page_.principal)
    if held is not None:
        return list(held)
    found = [await page_.parts.service.employer(n) for n in page_.parts.demo_employers]
    return [e for e in found if e is not None]


def render(page_: Page, template: str, context: Mapping[str, Any], status: int = 200
           ) -> web.Response:
    """A template in the page's language; every text through ``t``."""
    full = {"page": page_, "t": page_.t, "show": Shown(page_.lang), "lang": page_.lang,
            "languages": LANGUAGES,
            "csrf": page_.form_token, **context}
    response = aiohttp_jinja2.render_template(template, page_.request, full, status=status)
    response.headers["Content-Language"] = page_.lang
    return response


class Shown:
    """Values written for a reader of one language: dates, times, numbers, labels."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = LOCALES[lang]

    def t(self, message_id: str, **params: object) -> str:
        return localize(Message(message_id, params), self.lang)

    def label(self, name: str) -> str:
        """A field's label as a form shows it: its catalog words, capitalised."""
        text = self.t(f"field.{name}")
        return text[:1].upper() + text[1:]

    def date(self, value: datetime.date | None) -> str:
        return format_date(value, "medium", locale=self.locale) if value else ""

    def when(self, value: datetime.datetime) -> str:
        """A moment in Brussels time, to the minute."""
        local = value.astimezone(BRUSSELS)
        return f"{format_date(local, 'medium', locale=self.locale)} " \
               f"{format_time(local, 'short', locale=self.locale)}"

    def hour(self, value: datetime.time | None) -> str:
        return format_time(value, "short", locale=self.locale) if value else ""

    def worker_type(self, code: str | None) -> str:
        return f"{self.t(f'worker_type.{code}')} - {code}" if code else ""

    def committee(self, code: str | None) -> str:
        return f"{self.t(f'committee.{code}')} - {code}" if code else ""

    @staticmethod
    def niss(value: str | None) -> str:
        return niss.format(value) if value and niss.is_valid(value) else (value or "")

    @staticmethod
    def enterprise(value: str | None) -> str:
        return enterprise.format(value) if value and enterprise.is_valid(value) else (value or "")

    @staticmethod
    def nsso(value: str | None) -> str:
        return nsso.format(value) if value and nsso.is_valid(value) else (value or "")
