"""``dimona-talk batch submit|status|notifications``: the batch channel from a terminal.

``--url URL`` talks to a running service (``--key`` is then its bearer token);
otherwise the command opens the store of ``--db`` itself and, for ``submit``,
processes the file there: without ``--key`` as the operator (whoever opens the
store file), with one as that key (the operator's ``--api-token`` or an
employer's key), exactly as the API would.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp

from channels.common.principals import Operator, Principal
from channels.console.batch import (
    Batches,
    Failed,
    Local,
    Remote,
    status_text,
    submit,
    write_notifications,
)
from core.service import Declarations
from core.store import Store, open_store
from locales import LANGUAGES, Message, localize
from server.app import authenticator_for, processor_for
from server.settings import Settings

__all__ = ["add_batch_parser", "batch_command"]

_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=300)


def add_batch_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                     add_settings: Callable[[argparse.ArgumentParser, str], None]) -> None:
    batch = commands.add_parser("batch", help="send a batch file, follow it, read its "
                                              "notifications").add_subparsers(
        dest="batch_command", required=True)
    send = batch.add_parser("submit", help="send a file (CSV or NDJSON) and follow it")
    send.add_argument("file", type=Path)
    send.add_argument("--idempotency-key", help="the same file with the same key: one batch")
    status = batch.add_parser("status", help="a batch's status and counts")
    status.add_argument("ticket")
    notes = batch.add_parser("notifications", help="a batch's notifications, as JSON lines")
    notes.add_argument("ticket")
    notes.add_argument("--out", type=Path, help="write them to this file (default: stdout)")
    notes.add_argument("--after", type=int, default=0, help="only those after this seq")
    for cmd in (send, status, notes):
        cmd.add_argument("--url", help="a running service (else the store of --db)")
        cmd.add_argument("--key", help="the API key (bearer token)")
        cmd.add_argument("--lang", dest="sub_lang", choices=LANGUAGES,
                         help="language of messages and notifications")
        add_settings(cmd, "batch")


async def _principal(key: str | None, store: Store, settings: Settings) -> Principal:
    """Who acts on the store directly: the operator, or the key given, resolved as the API
    resolves it (the operator's token, an employer's key)."""
    if key is None:
        return Operator()
    found = await authenticator_for(store, settings).resolve(key)
    if found is None:
        raise Failed("batch.cli.key")
    return found


@contextlib.asynccontextmanager
async def _batches(settings: Settings, args: argparse.Namespace, lang: str
                   ) -> AsyncIterator[Batches]:
    if args.url:
        async with aiohttp.ClientSession(timeout=_TIMEOUT) as session:
            yield Remote(session, args.url, args.key, lang)
        return
    store = await open_store(settings.db)
    try:
        principal = await _principal(args.key, store, settings)
        clock = settings.clock()
        processor = processor_for(store, Declarations(store, clock), clock, settings)
        yield Local(store, processor, clock, principal, settings.batch_max_bytes, lang)
    finally:
        await store.close()


def _say(text: str) -> None:
    print(text, flush=True)


async def _run(batches: Batches, settings: Settings, args: argparse.Namespace,
               lang: str) -> int:
    where = f"--url {args.url}" if args.url else f"--db {settings.db}"
    if args.batch_command == "submit":
        return await submit(batches, args.file, args.idempotency_key, lang,
                            f"dimona-talk batch notifications {{ticket}} {where}", _say)
    if args.batch_command == "status":
        doc = await batches.status(args.ticket)
        if doc is None:
            raise Failed("batch.unknown", ticket=args.ticket)
        _say(status_text(doc, lang))
        return 0
    if args.out is None:
        await write_notifications(batches, args.ticket, args.after, sys.stdout.buffer)
        return 0
    with args.out.open("wb") as out:
        count = await write_notifications(batches, args.ticket, args.after, out)
    _say(localize(Message("batch.cli.written", {"file": str(args.out), "count": count}), lang))
    return 0


async def batch_command(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    """0 done; 1 a refused file or an unknown ticket; 2 the command could not do its work."""
    try:
        async with _batches(settings, args, lang) as batches:
            return await _run(batches, settings, args, lang)
    except Failed as failed:
        print(localize(failed.message, lang), file=sys.stderr)
        return 1 if failed.message.id == "batch.unknown" else 2
