"""``dimona-talk subscribers``: the institutions that follow the personnel file.

``add`` prints the subscriber's key once (the store keeps its hash) and, with a
webhook, the secret its requests are signed with; ``list`` shows each one's
deliberation, scope and the state of its pushes; ``pause`` and ``resume`` stop
and restart its pushes and pulls (nothing is lost: the cursor waits);
``remove`` forgets it and its key.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
from typing import Any, Final
from urllib.parse import urlsplit

from channels.common.keys import FEED, key_hash, new_key, new_signing_secret
from core.clock import Clock
from core.feed import FIELDS, NewSubscriber, PushState, ScopeError, Subscriber, scope_from
from core.store import Store
from locales import Message, localize
from server.operator import say

__all__ = ["subscribers"]

#: A JetStream stream name: no spaces, dots, wildcards or path separators.
_STREAM: Final = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _problem(args: argparse.Namespace) -> tuple[str, dict[str, object]] | None:
    """What is wrong with the flags of ``add``, as a message id and its parameters."""
    if not args.name.strip() or not args.deliberation.strip():
        return "subscribers.empty", {}
    if args.webhook:
        url = urlsplit(args.webhook)
        if url.scheme not in ("http", "https") or not url.netloc:
            return "subscribers.bad_webhook", {"url": args.webhook}
    if args.stream and not _STREAM.match(args.stream):
        return "subscribers.bad_stream", {"stream": args.stream}
    return None


async def _add(store: Store, clock: Clock, args: argparse.Namespace, lang: str) -> int:
    found = _problem(args)
    if found:
        say(lang, found[0], True, **found[1])
        return 1
    try:
        scope = scope_from(args.employer or [], args.committee or [], args.fields)
    except ScopeError as bad:
        say(lang, f"subscribers.bad_{bad.code}", True, value=bad.value,
             fields=", ".join(FIELDS))
        return 1
    key, secret = new_key(FEED), new_signing_secret()
    new = NewSubscriber(args.name.strip(), args.deliberation.strip(), scope, secret,
                        args.webhook, args.stream)
    added = await store.add_subscriber(new, key_hash(key), clock.now())
    if added is None:
        say(lang, "subscribers.taken", True, name=new.name)
        return 1
    if args.json:
        print(json.dumps({"name": added.name, "key": key,
                          "secret": secret if added.webhook else None}))
        return 0
    say(lang, "subscribers.added", name=added.name, deliberation=added.deliberation)
    say(lang, "subscribers.key", key=key)
    if added.webhook:
        say(lang, "subscribers.secret", secret=secret)
    return 0


def _when(value: datetime.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _push_json(p: PushState) -> dict[str, Any]:
    return {"target": p.target.value, "delivered": p.delivered, "failures": p.failures,
            "lastError": p.last_error, "lastAttempt": _when(p.last_attempt),
            "lastSuccess": _when(p.last_success), "retryAt": _when(p.retry_at),
            "owner": p.owner, "leaseUntil": p.lease_until}


def _json(s: Subscriber, pushes: list[PushState]) -> dict[str, Any]:
    scope = s.scope
    return {"name": s.name, "deliberation": s.deliberation, "paused": s.paused,
            "employers": sorted(scope.employers), "committees": sorted(scope.committees),
            "fields": sorted(scope.fields) if scope.fields is not None else None,
            "webhook": s.webhook, "stream": s.stream, "createdAt": _when(s.created_at),
            "pushes": [_push_json(p) for p in pushes]}


def _show(s: Subscriber, pushes: list[PushState], last: int, lang: str) -> None:
    every = localize(Message("subscribers.all"), lang)
    scope = s.scope
    state = Message("subscribers.state.paused" if s.paused else "subscribers.state.active")
    say(lang, "subscribers.item", name=s.name, deliberation=s.deliberation, state=state,
         employers=" ".join(sorted(scope.employers)) or every,
         committees=" ".join(sorted(scope.committees)) or every,
         fields=",".join(sorted(scope.fields)) if scope.fields is not None else every)
    for p in pushes:
        where = s.webhook if p.target.value == "webhook" else s.stream
        say(lang, "subscribers.push", target=p.target.value, where=where or "-",
             delivered=p.delivered, last=last, failures=p.failures,
             problem=p.last_error or "-", attempt=_when(p.last_attempt) or "-",
             retry=_when(p.retry_at) or "-", owner=p.owner or "-")


async def _list(store: Store, args: argparse.Namespace, lang: str) -> int:
    last = await store.last_mutation()
    found = [(s, await store.push_states(s.subscriber_id)) for s in await store.subscribers()]
    if args.json:
        print(json.dumps({"feed": last, "subscribers": [_json(s, p) for s, p in found]},
                         indent=2))
        return 0
    if not found:
        say(lang, "subscribers.none")
    for s, pushes in found:
        _show(s, pushes, last, lang)
    return 0


async def subscribers(store: Store, clock: Clock, args: argparse.Namespace, lang: str) -> int:
    command = args.subscribers_command
    if command == "add":
        return await _add(store, clock, args, lang)
    if command == "list":
        return await _list(store, args, lang)
    if command == "remove":
        done = await store.remove_subscriber(args.name)
    else:
        done = await store.pause_subscriber(args.name, command == "pause")
    if not done:
        say(lang, "subscribers.unknown", True, name=args.name)
        return 1
    say(lang, f"subscribers.{command}d", name=args.name)
    return 0
