"""Commands for people who run the service: registries, enrolled phones, API keys."""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from channels.common.keys import EMPLOYER, key_hash, new_key, shown
from channels.common.phones import normalize
from channels.sms.notify import notify_final, resolve_and_notify
from channels.sms.outbound import Sender, sender_from
from channels.voice.pins import hash_pin
from core.clock import Clock
from core.ids import is_digits
from core.model import Employer
from core.registry import parse_employers, parse_workers
from core.service import Declarations
from core.store import ApiKey, Store
from locales import Message, localize
from server.app import declarations_for
from server.settings import Settings

__all__ = ["api_keys", "import_registry", "phones", "reject", "say"]


@asynccontextmanager
async def _sender(settings: Settings) -> AsyncIterator[Sender | None]:
    """The command's SMS sender (none when no gateway is set), closed when it is done."""
    sender = sender_from(settings)
    try:
        yield sender
    finally:
        if sender is not None:
            await sender.close()


def say(lang: str, msg_id: str, error: bool = False, **params: object) -> None:
    """An operator command's message in ``lang``: on stderr when it is an error."""
    print(localize(Message(msg_id, params), lang), file=sys.stderr if error else sys.stdout)


async def import_registry(store: Store, clock: Clock, settings: Settings,
                          args: argparse.Namespace, lang: str) -> int:
    """All rows or none; bad rows reported with their line number."""
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"{args.file}: {error.strerror}", file=sys.stderr)
        return 2
    employers = parse_employers(data) if args.what == "employers" else None
    workers = parse_workers(data) if employers is None else None
    problems = employers.problems if employers else workers.problems if workers else []
    for p in problems:
        problem = localize(Message(f"import.problem.{p.code}", p.params), lang)
        say(lang, "import.row", True, line=p.line, problem=problem)
    if problems:
        say(lang, "import.failed", True, count=len(problems))
        return 1
    if employers is not None:
        count = await store.put_employers(employers.records)
    elif workers is not None:
        count = await store.put_identities(workers.records)
        async with _sender(settings) as sender:
            await resolve_and_notify(declarations_for(store, clock, settings), store, store,
                                     sender, settings.sms_max_parts)
    say(lang, f"import.{args.what}.ok", count=count)
    return 0


#: The digits a PIN has: what a caller types on a keypad.
_PIN_DIGITS: Final = (4, 8)


def _keyed(pin: str) -> bool:
    """Whether a caller can type ``pin`` on a keypad.

    >>> _keyed("1234"), _keyed("12"), _keyed("abcd"), _keyed("12\u00b234")
    (True, False, False, False)
    """
    return is_digits(pin) and _PIN_DIGITS[0] <= len(pin) <= _PIN_DIGITS[1]


async def phones(store: Store, clock: Clock, args: argparse.Namespace, lang: str,
                 pepper: str | None = None) -> int:
    service = Declarations(store, clock)
    employer = await service.employer(args.employer) if args.employer else None
    if args.employer and employer is None:
        say(lang, "phones.unknown_employer", True, number=args.employer)
        return 1
    if args.phones_command == "list":
        for e in await store.employer_phones(employer.employer_id if employer else None):
            say(lang, "phones.item", phone=e.phone, name=e.employer.name,
                 language=e.conversation_language, pin="PIN" if e.pin else "-")
        return 0
    phone = normalize(args.phone)
    if phone is None:
        say(lang, "phones.bad_phone", True, phone=args.phone)
        return 1
    if args.phones_command == "remove":
        count = await store.remove_phone(phone, employer.employer_id if employer else None)
        say(lang, "phones.removed", phone=phone, count=count)
        return 0 if count else 1
    assert employer is not None
    if args.pin is not None and not _keyed(args.pin):
        say(lang, "phones.bad_pin", True, first=_PIN_DIGITS[0], last=_PIN_DIGITS[1])
        return 1
    pin = hash_pin(args.pin, pepper) if args.pin else None
    await store.enroll_phone(phone, employer.employer_id, args.phone_lang, pin)
    say(lang, "phones.added", phone=phone, name=employer.name)
    return 0


async def reject(store: Store, clock: Clock, settings: Settings, args: argparse.Namespace,
                 lang: str) -> int:
    """The identity registry knows no such person: refuse a pending declaration (final)."""
    service = declarations_for(store, clock, settings)
    refused = await service.reject(args.declaration_id)
    if refused is None:
        say(lang, "registry.not_pending", True, id=args.declaration_id)
        return 1
    say(lang, "registry.rejected", id=refused.declaration_id)
    async with _sender(settings) as sender:
        await notify_final(service, store, store, sender, clock, settings.sms_max_parts)
    return 0


def _named(employers: tuple[Employer, ...]) -> str:
    return ", ".join(f"{e.number} {e.name}" for e in employers)


async def _key_to_remove(store: Store, given: str) -> ApiKey | None:
    """The key named by its number (as listed) or by the key itself."""
    if given.startswith(EMPLOYER):
        return await store.api_key(key_hash(given))
    return next((k for k in await store.api_keys() if str(k.key_id) == given), None)


async def api_keys(store: Store, clock: Clock, args: argparse.Namespace, lang: str) -> int:
    """``api-keys add`` (the key printed once, alone on stdout), ``list``, ``remove``."""
    if args.api_keys_command == "list":
        keys = await store.api_keys()
        for k in keys:
            say(lang, "api_keys.item", id=k.key_id, prefix=k.prefix, name=k.name or "-",
                 employers=_named(k.employers), created=k.created_at.isoformat(" ", "minutes"))
        if not keys:
            say(lang, "api_keys.none")
        return 0
    if args.api_keys_command == "remove":
        key = await _key_to_remove(store, args.key)
        if key is None or not await store.remove_api_key(key.key_id):
            say(lang, "api_keys.unknown", True, key=args.key)
            return 1
        say(lang, "api_keys.removed", id=key.key_id)
        return 0
    service = Declarations(store, clock)
    employers: list[Employer] = []
    for number in args.employer:
        employer = await service.employer(number)
        if employer is None:
            say(lang, "phones.unknown_employer", True, number=number)
            return 1
        employers.append(employer)
    token = new_key(EMPLOYER)
    key_id = await store.add_api_key(key_hash(token), shown(token), args.name,
                                     sorted({e.employer_id for e in employers}), clock.now())
    print(token, flush=True)
    say(lang, "api_keys.added", True, id=key_id, employers=_named(tuple(employers)))
    return 0
