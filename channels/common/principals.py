"""Who a request acts as: a bearer key resolves to a principal, and the principal says
which employers it may act for. The one rights layer of every channel that takes keys.

Principals today:

- :class:`Operator` — the operator's ``--api-token`` (and, on loopback with no
  token set, every request: open loopback mode). Sees and acts for every employer.
- :class:`EmployerKey` — a key from ``dimona-talk api-keys add`` (stored hashed, see
  :mod:`channels.common.keys`): its employers only (a secretariat's key holds many).

The pieces:

- :class:`Authenticator` — built once by the server with one :data:`Resolver` per kind
  of key (:func:`operator_token`, :func:`api_keys`); ``resolve(token)`` gives the
  principal of a key (None: no such key), ``principal(request)`` that of a request's
  ``Authorization: Bearer`` header.
- ``Authenticator.middleware(admit, ...)`` — a sub-application's guard: no principal is
  401; a principal whose kind the route does not admit is 403 (401 when the request
  bore no key at all); a route admits ``admit``, or what its :func:`admits`
  decorator says; the principal is then :func:`principal_of` the request.
- ``principal.may_act_for(employer_id)`` — the check each route makes for the employer
  a request names or reads; ``principal.sees_all`` tells whether a missing thing may be
  answered 404 (only to a principal who could see it if it existed: to anyone else a
  missing and a foreign declaration, period or employer answer the same 403).

Another kind of key plugs in with a class that implements :class:`Principal`, a
:data:`Resolver` for its keys added to the server's :class:`Authenticator`, and
``@admits(ItsClass)`` on the routes meant for it: every other route refuses it with
403, since each sub-application admits only the kinds it names. The institutions'
subscriber keys do so (:mod:`channels.rest.principals`: ``Institution``).

>>> import asyncio
>>> auth = Authenticator([operator_token(SecretStr("op"))])
>>> asyncio.run(auth.resolve("op")), asyncio.run(auth.resolve("nope"))
(Operator(), None)
>>> EmployerKey(7, frozenset({1})).may_act_for(2), Operator().may_act_for(2)
(False, True)
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from pydantic import SecretStr

from channels.common.keys import EMPLOYER, key_hash
from core.model import Employer
from core.store import ApiKeyStore

__all__ = ["API_KEY_PREFIX", "Authenticator", "EmployerKey", "Operator", "Principal",
           "Refusal", "Resolver", "admits", "api_keys", "hashed_keys", "operator_token",
           "principal_of"]

#: The prefix of employers' API keys (``dtk_...``).
API_KEY_PREFIX: Final = EMPLOYER
_ADMITS: Final = "__dimona_admits__"


class Principal(Protocol):
    """Whoever a request acts as."""

    @property
    def id(self) -> str:
        """Stable and not secret (``operator``, ``apikey:7``): what scopes idempotency keys
        and what logs may name."""
        ...

    @property
    def sees_all(self) -> bool:
        """Every employer's data: a missing thing may then be told apart (404)."""
        ...

    def may_act_for(self, employer_id: int) -> bool:
        """Whether it may declare for, and read the personnel file of, this employer."""
        ...


@dataclass(frozen=True, slots=True)
class Operator:
    """The operator's key: every employer."""

    @property
    def id(self) -> str:
        return "operator"

    @property
    def sees_all(self) -> bool:
        return True

    def may_act_for(self, employer_id: int) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class EmployerKey:
    """An employer's (or a secretariat's) API key: its employers only (``employers``:
    the records of those employers, for pages that offer them)."""

    key_id: int
    employer_ids: frozenset[int]
    name: str | None = None
    employers: tuple[Employer, ...] = ()

    @property
    def id(self) -> str:
        return f"apikey:{self.key_id}"

    @property
    def sees_all(self) -> bool:
        return False

    def may_act_for(self, employer_id: int) -> bool:
        return employer_id in self.employer_ids


_PRINCIPAL: Final = web.RequestKey("dimona_principal", Principal)
#: A bearer key to its principal, or None when the key is not of this kind.
Resolver = Callable[[str], Awaitable[Principal | None]]
#: The answer to a request refused (401 or 403), in the sub-application's own format.
Refusal = Callable[[web.Request], web.HTTPException]


def operator_token(token: SecretStr | None) -> Resolver:
    """The operator's token (compared in constant time); none set: nobody is the operator."""

    async def resolve(found: str) -> Principal | None:
        if token is None:
            return None
        ok = hmac.compare_digest(found.encode("utf-8", "surrogatepass"),
                                 token.get_secret_value().encode("utf-8", "surrogatepass"))
        return Operator() if ok else None

    return resolve


_K = TypeVar("_K")


def hashed_keys(prefix: str, find: Callable[[str], Awaitable[_K | None]],
                principal: Callable[[_K], Principal]) -> Resolver:
    """Keys of one kind: those starting with ``prefix``, found by their hash with ``find``,
    the record found made a principal; a key of another kind, or unknown, is None."""

    async def resolve(token: str) -> Principal | None:
        if not token.startswith(prefix):
            return None
        found = await find(key_hash(token))
        return principal(found) if found is not None else None

    return resolve


def api_keys(store: ApiKeyStore) -> Resolver:
    """Employers' keys, found by their digest."""
    return hashed_keys(API_KEY_PREFIX, store.api_key, lambda key: EmployerKey(
        key.key_id, key.employer_ids, key.name, key.employers))


_H = TypeVar("_H", bound=Callable[..., object])


def admits(*kinds: type[Principal]) -> Callable[[_H], _H]:
    """On a route handler: the kinds of principal it admits, instead of its app's;
    none named: any principal (a key of any kind, still never no key)."""

    def mark(handler: _H) -> _H:
        setattr(handler, _ADMITS, kinds)
        return handler

    return mark


def principal_of(request: web.Request) -> Principal:
    """The principal the sub-application's middleware admitted for this request."""
    return request[_PRINCIPAL]


def _bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class Authenticator:
    """Bearer keys to principals, through each kind's resolver in turn.

    ``anonymous``: the principal of a request without a key (open loopback mode: the
    :class:`Operator`); None (the default) refuses such requests.
    """

    def __init__(self, resolvers: Sequence[Resolver], anonymous: Principal | None = None
                 ) -> None:
        self.resolvers = list(resolvers)
        self.anonymous = anonymous

    def add(self, resolver: Resolver) -> None:
        """Plug in another kind of key."""
        self.resolvers.append(resolver)

    async def resolve(self, token: str) -> Principal | None:
        """The principal of a key; None when no resolver knows it."""
        for resolver in self.resolvers:
            found = await resolver(token)
            if found is not None:
                return found
        return None

    def admitting(self, *kinds: type[Principal]) -> Resolver:
        """:meth:`resolve`, for those kinds only (another kind's key is no key here):
        for pages that take a key in a form rather than a header."""

        async def resolve(token: str) -> Principal | None:
            found = await self.resolve(token)
            return found if isinstance(found, kinds) else None

        return resolve

    async def principal(self, request: web.Request) -> Principal | None:
        """The principal of a request's bearer key; ``anonymous`` when it bears none.

        A key that is not known is refused, never taken as no key.
        """
        token = _bearer(request)
        if token is None:
            return self.anonymous if "Authorization" not in request.headers else None
        return await self.resolve(token)

    def middleware(self, admit: tuple[type[Principal], ...], *, unauthenticated: Refusal,
                   forbidden: Refusal) -> Middleware:
        """A sub-application's guard: 401 without a known key, 403 for a kind not admitted."""

        @web.middleware
        async def authenticated(request: web.Request, handler: Handler) -> web.StreamResponse:
            principal = await self.principal(request)
            if principal is None:
                raise unauthenticated(request)
            route = request.match_info
            kinds = getattr(route.handler, _ADMITS, admit)
            if route.http_exception is None and kinds and not isinstance(principal, kinds):
                # no key at all (open loopback mode) where a key of another kind is
                # needed: ask for one; a key of the wrong kind: refused
                raise unauthenticated(request) if _bearer(request) is None \
                    else forbidden(request)
            request[_PRINCIPAL] = principal
            return await handler(request)

        return authenticated
