"""Bounded, well-formed bodies: what every request must be before any route sees it.

The root application's :func:`bounded` middleware runs before every gateway's guard
(signatures, keys): a hostile request is refused on its shape alone, with a short
reason, nothing changed and no traceback logged:

* a body over its route's limit: 413 (from ``Content-Length`` before reading, or while
  reading a chunked one). Limits are per route: :data:`WEBHOOK_LIMIT` (64 KiB) for the
  SMS and voice webhooks, :data:`DEFAULT_LIMIT` (1 MiB) elsewhere; a sub-application
  sets its own with ``app[BODY_LIMIT] = n`` and a handler with ``@body_limit(n)``
  (``stream=True``: the handler reads the body itself, as it comes; nothing is read
  or checked here for it but its ``Content-Length``);
* a body not received within ``body_timeout`` seconds: 408, the connection closed;
* a charset Python does not know: 415; a body that is not text in its charset (UTF-8
  when none is named) for a form, JSON, XML or text: 400;
* a form (urlencoded or multipart) that does not parse: 400;
* JSON that does not parse, nests deeper than Python can read, or holds a lone
  surrogate (``"\\ud800"``, which no UTF-8 can carry): 400.

A sub-application answers these refusals in its own form with ``app[REFUSE]``
(the API: its JSON errors, in the caller's language); others get plain text.

A request's headers have their own time (``header_timeout``, the server's keep-alive
timer, :mod:`server.serving`), and the server caps its connections.
"""

from __future__ import annotations

import asyncio
import codecs
import json
from collections.abc import Callable
from typing import Any, Final, TypeVar

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from channels.common.metrics import refused

__all__ = [
    "BODY_LIMIT",
    "DEFAULT_LIMIT",
    "REFUSE",
    "WEBHOOK_LIMIT",
    "Refuse",
    "TooLarge",
    "body_limit",
    "bounded",
    "check_json",
    "json_body",
    "limit_of",
    "read_json",
]

WEBHOOK_LIMIT: Final = 64 * 1024
#: The request key of the JSON a body held, as the middleware read it.
_JSON_BODY: Final = web.RequestKey("json_body", object)
DEFAULT_LIMIT: Final = 1024 * 1024
#: The limit of a streaming handler that bounds its body itself (the batch files).
STREAMED: Final = 2**63 - 1
#: A sub-application's body limit, in bytes (its routes' unless a handler says otherwise).
BODY_LIMIT: Final = web.AppKey("body_limit", int)

#: How a sub-application words a refusal: the request, the HTTP error, the reason
#: (``body_too_large``, ``unsupported_charset``, ``bad_body``, ``bad_json``, ``slow_body``)
#: and the route's limit in bytes.
Refuse = Callable[[web.Request, type[web.HTTPException], str, int], web.HTTPException]
REFUSE: Final[web.AppKey[Refuse]] = web.AppKey("refuse")

_FORMS: Final = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_TEXTS: Final = ("text/", "application/x-www-form-urlencoded", "application/json",
                 "application/xml")
_LIMIT_ATTR: Final = "__dimona_body_limit__"
_PARSE_ERRORS: Final = (ValueError, LookupError, AssertionError, RuntimeError, TypeError,
                        IndexError, Warning)

F = TypeVar("F", bound=Callable[..., Any])


def body_limit(size: int, *, stream: bool = False) -> Callable[[F], F]:
    """A handler's own body limit (bytes); ``stream``: it reads its body itself."""

    def mark(handler: F) -> F:
        setattr(handler, _LIMIT_ATTR, (size, stream))
        return handler

    return mark


def limit_of(request: web.Request) -> tuple[int, bool]:
    """The body limit of the route a request goes to, and whether its handler streams."""
    own = getattr(request.match_info.handler, _LIMIT_ATTR, None)
    if own is not None:
        return int(own[0]), bool(own[1])
    for app in reversed(request.match_info.apps):
        if BODY_LIMIT in app:
            return app[BODY_LIMIT], False
    return DEFAULT_LIMIT, False


class TooLarge(web.HTTPClientError):
    """413, built like the other errors (aiohttp's own wants the sizes)."""

    status_code = 413


_TEXT: Final = {"body_too_large": "body too large", "unsupported_charset": "unknown charset",
                "bad_body": "malformed body", "bad_json": "malformed JSON",
                "slow_body": "body not received in time"}


def _refuse(request: web.Request, status: type[web.HTTPException], reason: str,
            limit: int) -> web.HTTPException:
    refused("bad_body" if reason == "bad_json" else reason)
    own = next((app[REFUSE] for app in reversed(request.match_info.apps) if REFUSE in app),
               None)
    error = own(request, status, reason, limit) if own else status(text=_TEXT[reason])
    if reason == "slow_body":
        error.headers["Connection"] = "close"
    return error


def _is_text(content_type: str) -> bool:
    return content_type.startswith(_TEXTS) or content_type.endswith(("+json", "+xml"))


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def read_json(text: str) -> Any:
    """``text`` read as JSON Python can read and UTF-8 can carry; ValueError when not.

    >>> read_json('{"a": [1]}')
    {'a': [1]}
    """
    try:
        value = json.loads(text)
        json.dumps(value, ensure_ascii=False).encode()
    except RecursionError:
        raise ValueError("JSON nested too deep") from None
    return value  # UnicodeEncodeError is a ValueError


def check_json(text: str) -> bool:
    """Whether ``text`` is JSON Python can read and UTF-8 can carry.

    >>> check_json('{"a": [1]}'), check_json("[" * 100_000), check_json('"\\\\ud800"')
    (True, False, False)
    """
    try:
        read_json(text)
    except ValueError:
        return False
    return True


def json_body(request: web.Request, text: str) -> Any:
    """The JSON of a body whose text is ``text``: the value the middleware read already
    when its media type says JSON (read once a request), else ``text`` read now
    (:func:`read_json`: ValueError when it is not JSON)."""
    if _JSON_BODY in request:
        return request[_JSON_BODY]
    return read_json(text)


async def _body(request: web.Request, seconds: float) -> bytes | None:
    """The body (None for a multipart form, parsed instead), within ``seconds``; no timer
    when it has all arrived already (reading it then cannot wait)."""
    if request.content.is_eof():
        return await _body_now(request)
    async with asyncio.timeout(seconds):
        return await _body_now(request)


async def _body_now(request: web.Request) -> bytes | None:
    if request.content_type == "multipart/form-data":
        await request.post()
        return None
    return await request.read()


async def _read(request: web.Request, limit: int, seconds: float) -> bytes | None:
    """The body (None for a multipart form, parsed instead); 408 or 413 on the way."""
    try:
        return await _body(request, seconds)
    except TimeoutError:
        raise _refuse(request, web.HTTPRequestTimeout, "slow_body", limit) from None
    except web.HTTPRequestEntityTooLarge:
        raise _refuse(request, TooLarge, "body_too_large", limit) from None
    except web.HTTPException:
        raise
    except _PARSE_ERRORS:
        raise _refuse(request, web.HTTPBadRequest, "bad_body", limit) from None


def _bounded_by_length(request: web.Request, length: int | None, limit: int) -> bool:
    """Whether the body cannot exceed ``limit`` whatever is read: its ``Content-Length``
    says so and nothing inflates it (no ``Content-Encoding``); the request then needs no
    copy with the limit as its ``client_max_size`` (the parser stops at the length)."""
    return (length is not None and length <= min(limit, request.client_max_size)
            and request.headers.get("Content-Encoding", "identity").lower() == "identity")


async def _check(request: web.Request, limit: int, seconds: float) -> web.Request:
    """The request, its body read within bounds and checked; or a refusal."""
    length = request.content_length
    if length is not None and length > limit:
        raise _refuse(request, TooLarge, "body_too_large", limit)
    charset = request.charset
    if charset is not None:
        try:
            codecs.lookup(charset)
        except LookupError:
            raise _refuse(request, web.HTTPUnsupportedMediaType, "unsupported_charset",
                          limit) from None
    if not _bounded_by_length(request, length, limit):
        request = request.clone(client_max_size=limit)
    body = await _read(request, limit, seconds)
    kind = request.content_type
    if body is None:
        return request
    if _is_text(kind):
        try:
            text = body.decode(charset or "utf-8")
        except (UnicodeError, LookupError):
            raise _refuse(request, web.HTTPBadRequest, "bad_body", limit) from None
        if _is_json(kind):
            try:
                request[_JSON_BODY] = read_json(text)
            except ValueError:
                raise _refuse(request, web.HTTPBadRequest, "bad_json", limit) from None
    if kind in _FORMS:
        try:
            await request.post()
        except _PARSE_ERRORS:
            raise _refuse(request, web.HTTPBadRequest, "bad_body", limit) from None
    return request


def bounded(body_timeout: float) -> Middleware:
    """The root application's middleware: bodies bounded and well formed, or 4xx."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        limit, streamed = limit_of(request)
        if streamed:
            length = request.content_length
            if length is not None and length > limit:
                raise _refuse(request, TooLarge, "body_too_large", limit)
        elif request.body_exists:
            request = await _check(request, limit, body_timeout)
        return await handler(request)

    return middleware
