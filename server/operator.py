"""Commands for people who run the service: registries and enrolled phones."""

from __future__ import annotations

import argparse
import sys

from channels.common.phones import normalize
from channels.sms.notify import resolve_and_notify
from channels.sms.outbound import sender_from
from channels.voice.pins import hash_pin
from core.clock import Clock
from core.registry import parse_employers, parse_workers
from core.service import Declarations
from core.store import Store
from locales import Message, localize
from server.settings import Settings

__all__ = ["import_registry", "phones"]


def _say(lang: str, msg_id: str, error: bool = False, **params: object) -> None:
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
        _say(lang, "import.row", True, line=p.line, problem=problem)
    if problems:
        _say(lang, "import.failed", True, count=len(problems))
        return 1
    if employers is not None:
        count = await store.put_employers(employers.records)
    elif workers is not None:
        count = await store.put_identities(workers.records)
        await resolve_and_notify(Declarations(store, clock), store, store, sender_from(settings))
    _say(lang, f"import.{args.what}.ok", count=count)
    return 0


async def phones(store: Store, clock: Clock, args: argparse.Namespace, lang: str,
                 pepper: str | None = None) -> int:
    service = Declarations(store, clock)
    employer = await service.employer(args.employer) if args.employer else None
    if args.employer and employer is None:
        _say(lang, "phones.unknown_employer", True, number=args.employer)
        return 1
    if args.phones_command == "list":
        for e in await store.employer_phones(employer.employer_id if employer else None):
            _say(lang, "phones.item", phone=e.phone, name=e.employer.name,
                 language=e.conversation_language, pin="PIN" if e.pin else "-")
        return 0
    phone = normalize(args.phone)
    if phone is None:
        _say(lang, "phones.bad_phone", True, phone=args.phone)
        return 1
    if args.phones_command == "remove":
        count = await store.remove_phone(phone, employer.employer_id if employer else None)
        _say(lang, "phones.removed", phone=phone, count=count)
        return 0 if count else 1
    assert employer is not None
    pin = hash_pin(args.pin, pepper) if args.pin else None
    await store.enroll_phone(phone, employer.employer_id, args.phone_lang, pin)
    _say(lang, "phones.added", phone=phone, name=employer.name)
    return 0
