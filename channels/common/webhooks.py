"""What every webhook needs from a request: its parameters, and a guard that fails closed.

Each gateway (a sub-application) is guarded by :func:`guard`: with its secret
set, a request must prove it (a signature, a shared ``secret=``); with its
secret unset, every request is refused (403), unless the service is in open
loopback mode (listening on a loopback address only, see
:attr:`server.settings.Settings.open_loopback`), where the route stays open as
it always was for demos and tests.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from pydantic import SecretStr

__all__ = ["Check", "forbidden", "guard", "params", "secret_matches"]

#: Whether a request proves the gateway's secret (given as plain text).
Check = Callable[[web.Request, str], Awaitable[bool]]
Refusal = Callable[[web.Request, str], web.HTTPException]

UNCONFIGURED: Final = "gateway not configured"


def forbidden(_: web.Request, reason: str) -> web.HTTPException:
    return web.HTTPForbidden(text=reason)


def guard(secret: SecretStr | None, open_loopback: bool, check: Check, *,
          reason: str = "invalid secret", refuse: Refusal = forbidden) -> Middleware:
    """A middleware that lets through only the requests ``check`` accepts.

    >>> import asyncio
    >>> from aiohttp.test_utils import make_mocked_request
    >>> async def never(request: web.Request, secret: str) -> bool:
    ...     return False
    >>> async def ok(request: web.Request) -> web.Response:
    ...     return web.Response(text="ok")
    >>> def status(middleware: Middleware) -> int:
    ...     try:
    ...         return asyncio.run(middleware(make_mocked_request("GET", "/"), ok)).status
    ...     except web.HTTPException as error:
    ...         return error.status
    >>> status(guard(None, False, never)), status(guard(None, True, never))
    (403, 200)
    >>> status(guard(SecretStr("s"), True, never))
    403
    """

    @web.middleware
    async def guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
        if secret is None:
            if not open_loopback:
                raise refuse(request, UNCONFIGURED)
        elif not await check(request, secret.get_secret_value()):
            raise refuse(request, reason)
        return await handler(request)

    return guarded


def secret_matches(found: dict[str, str], expected: str) -> bool:
    """A shared ``secret=`` parameter, compared in constant time."""
    return hmac.compare_digest(found.get("secret", "").encode(), expected.encode())


async def params(request: web.Request) -> dict[str, str]:
    """The query string, and for a POST its form on top (Kannel and VoiceXML send either)."""
    found = dict(request.query)
    if request.method == "POST":
        found.update({k: str(v) for k, v in (await request.post()).items()})
    return found
