"""Institutions as principals of the rights layer (:mod:`channels.common.principals`).

The bearer of a subscriber's key (``dimona-talk subscribers add``, found by its hash)
is an :class:`Institution`. The feed's routes (``GET /mutations``, ``GET /relations``)
admit institutions only: no key is 401, the operator's or an employer's 403. Every
other route of the API admits the operator and employers' keys only, so an
institution's key is refused there with 403: a key opens its own feed and nothing
else. A paused subscriber's key opens nothing (403 ``api.paused`` on its feed).
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from channels.common.keys import FEED
from channels.common.principals import Resolver, hashed_keys, principal_of
from channels.rest.answers import error, language
from core.feed import Subscriber
from core.store import SubscriberStore

__all__ = ["Institution", "institution", "subscriber_keys"]


@dataclass(frozen=True, slots=True)
class Institution:
    """A subscriber of the feed, with its deliberation and scope. It declares for no one;
    what it reads goes through its scope (:class:`core.feed.Scope`)."""

    subscriber: Subscriber

    @property
    def id(self) -> str:
        return f"subscriber:{self.subscriber.subscriber_id}"

    @property
    def sees_all(self) -> bool:
        return False

    def may_act_for(self, employer_id: int) -> bool:
        return False


def subscriber_keys(store: SubscriberStore) -> Resolver:
    """Institutions' keys (``dtf_...``), found by their hash."""
    return hashed_keys(FEED, store.subscriber_by_key, Institution)


def institution(request: web.Request) -> Subscriber:
    """The subscriber a feed route serves (its route admits no one else); a paused one's
    key opens nothing (403)."""
    principal = principal_of(request)
    assert isinstance(principal, Institution)
    if principal.subscriber.paused:
        raise error(web.HTTPForbidden, language(request), "api.paused")
    return principal.subscriber
