"""Who is calling ``/api/v1``: one bearer token resolved to one principal, once per request.

* :class:`Operator` — the bearer of the API token (``--api-token``); without a
  token, anyone, when the service listens on loopback only (a local tool).
* :class:`Institution` — the bearer of a subscriber's key
  (``dimona-talk subscribers add``), looked up by its hash.

Routes named ``feed.*`` (the mutation feed and the relations) are for
institutions only: no key or an unknown one is 401, any other principal 403.
Every other route refuses an institution's key with 403, whatever the API
token: a key opens its own feed and nothing else. A paused subscriber's key
is refused everywhere (403). Routes say which principal they may serve; the
check "may act for employer X" of employer keys will sit beside it.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from pydantic import SecretStr

from channels.common.keys import key_hash
from channels.rest.answers import error, language
from core.feed import Subscriber
from core.store import SubscriberStore

__all__ = ["FEED_ROUTES", "PRINCIPAL", "Institution", "Operator", "Principal", "bearer",
           "institution", "principals"]

#: The prefix of the names of the routes that serve institutions.
FEED_ROUTES: Final = "feed."


@dataclass(frozen=True, slots=True)
class Operator:
    """Whoever may declare and consult: the API token's bearer (or the local user)."""


@dataclass(frozen=True, slots=True)
class Institution:
    """A subscriber of the feed, with its deliberation and scope."""

    subscriber: Subscriber


Principal = Operator | Institution
PRINCIPAL: Final[web.RequestKey[Principal]] = web.RequestKey("principal")


def bearer(request: web.Request) -> str | None:
    """The token of ``Authorization: Bearer <token>``, if any."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def institution(request: web.Request) -> Subscriber:
    """The subscriber a ``feed.*`` route serves (the middleware let no one else in)."""
    principal = request[PRINCIPAL]
    assert isinstance(principal, Institution)
    return principal.subscriber


def _unauthorized(request: web.Request) -> web.HTTPException:
    refusal = error(web.HTTPUnauthorized, language(request), "api.unauthorized")
    refusal.headers["WWW-Authenticate"] = 'Bearer realm="dimona-talk"'
    return refusal


def _forbidden(request: web.Request, msg_id: str = "api.forbidden") -> web.HTTPException:
    return error(web.HTTPForbidden, language(request), msg_id)


def principals(api_token: SecretStr | None, open_loopback: bool,
               subscribers: SubscriberStore) -> Middleware:
    """The middleware that resolves the bearer and lets each principal only where it may go."""

    local = api_token is None and open_loopback

    async def resolve(token: str | None) -> Principal | None:
        if token is None:
            return None
        if api_token is not None and hmac.compare_digest(
                token.encode(), api_token.get_secret_value().encode()):
            return Operator()
        found = await subscribers.subscriber_by_key(key_hash(token))
        return Institution(found) if found is not None else None

    @web.middleware
    async def resolved(request: web.Request, handler: Handler) -> web.StreamResponse:
        principal = await resolve(bearer(request))
        feed = (request.match_info.route.name or "").startswith(FEED_ROUTES)
        if isinstance(principal, Institution):
            if principal.subscriber.paused:
                raise _forbidden(request, "api.paused")
            if not feed:
                raise _forbidden(request)
        elif feed:
            raise _unauthorized(request) if principal is None else _forbidden(request)
        elif principal is None:
            if not local:
                raise _unauthorized(request)
            principal = Operator()
        request[PRINCIPAL] = principal
        return await handler(request)

    return resolved
