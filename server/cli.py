"""The ``dimona-talk`` command: serve, chat, and the tools for people who run it."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from aiohttp import web

from server.operator import import_registry, phones
from server.app import create_app
from channels.console.chat import chat
from server.settings import Settings
from channels.console.call import simulate
from core.clock import Clock, FixedClock, SystemClock
from core.demo import load_demo
from core.store import Store, open_store
from dialogs.flows import FLOWS, diagram
from locales import LANGUAGES

__all__ = ["main"]

_DB_HELP = "SQLite file or postgresql:// URL (DIMONA_DB)"


def _env_language() -> str:
    code = (os.environ.get("DIMONA_LANG") or os.environ.get("LANG", ""))[:2].lower()
    return code if code in LANGUAGES else "en"


def _serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--db", help=_DB_HELP)
    serve.add_argument("--host", help="address to listen on (DIMONA_HOST)")
    serve.add_argument("--port", type=int, help="port (DIMONA_PORT)")
    serve.add_argument("--demo", action="store_true", help="load demo employers and workers")
    serve.add_argument("--api-token", help="bearer token required by /api/v1 (DIMONA_API_TOKEN)")
    serve.add_argument("--public-url", help="base URL the gateways call (DIMONA_PUBLIC_URL)")
    serve.add_argument("--twilio-auth-token", help="check X-Twilio-Signature with it")
    serve.add_argument("--kannel-secret", help="require secret=... on /sms/kannel")
    serve.add_argument("--kannel-sendsms-url", help="Kannel sendsms URL for notifications")
    serve.add_argument("--kannel-user", help="Kannel sendsms user")
    serve.add_argument("--kannel-password", help="Kannel sendsms password")
    serve.add_argument("--kannel-sender", help="sender number of notifications")
    serve.add_argument("--sms-rate", type=int, help="messages a phone may send per minute")
    serve.add_argument("--transfer-number", help="a human to offer after three failed tries")


def _admin_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    registry = commands.add_parser("registry", help="employer and identity registries")
    imp = registry.add_subparsers(dest="registry_command", required=True).add_parser(
        "import", help="import a CSV file, all rows or none")
    imp.add_argument("what", choices=("employers", "workers"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", help=_DB_HELP)
    imp.add_argument("--lang", dest="sub_lang", choices=LANGUAGES, help="language of messages")
    phone_cmds = commands.add_parser("phones", help="phones enrolled to declare").add_subparsers(
        dest="phones_command", required=True)
    for name in ("add", "list", "remove"):
        cmd = phone_cmds.add_parser(name)
        cmd.add_argument("--db", help=_DB_HELP)
        cmd.add_argument("--employer", required=name == "add", help="enterprise or NSSO number")
        if name != "list":
            cmd.add_argument("--phone", required=True)
        if name == "add":
            cmd.add_argument("--lang", dest="phone_lang", choices=LANGUAGES)
            cmd.add_argument("--pin", help="PIN the phone types on voice calls")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dimona-talk", description=__doc__)
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of this command's messages")
    commands = parser.add_subparsers(dest="command", required=True)
    _serve_parser(commands)
    _admin_parsers(commands)
    talk = commands.add_parser("chat", help="talk to the bot in a terminal (or pipe a transcript)")
    talk.add_argument("--db", help=_DB_HELP)
    talk.add_argument("--from", dest="phone", required=True, help="the caller's phone number")
    talk.add_argument("--lang", dest="chat_lang", choices=LANGUAGES, help="conversation language")
    talk.add_argument("--demo", action="store_true", help="load demo employers and workers")
    call = commands.add_parser("call", help="a phone call in the terminal: keys or words")
    call.add_argument("--db", help=_DB_HELP)
    call.add_argument("--from", dest="phone", required=True, help="the caller id (enrolled)")
    call.add_argument("--lang", dest="call_lang", choices=LANGUAGES,
                      help="as if the dialled number were set for this language (no menu)")
    call.add_argument("--demo", action="store_true", help="load demo employers and workers")
    call.add_argument("--transfer-number", help="a human the call can be put through to")
    call.add_argument("--speak", action="store_true", help="speak prompts with espeak-ng")
    drawing = commands.add_parser("diagram", help="write a Mermaid diagram per dialog")
    drawing.add_argument("--out", type=Path, default=Path("docs/dialogs"))
    return parser


def _clock() -> Clock:
    """The wall clock, unless ``DIMONA_NOW`` fixes it (demos and replays)."""
    fixed = os.environ.get("DIMONA_NOW")
    return FixedClock(datetime.datetime.fromisoformat(fixed)) if fixed else SystemClock()


_SERVE_FLAGS = ("db", "host", "port", "demo", "api_token", "public_url", "twilio_auth_token",
                "kannel_secret", "kannel_sendsms_url", "kannel_user", "kannel_password",
                "kannel_sender", "sms_rate", "transfer_number")


def _serve(args: argparse.Namespace) -> int:
    settings = Settings.from_env({name: getattr(args, name) for name in _SERVE_FLAGS})
    web.run_app(create_app(settings, _clock()), host=settings.host, port=settings.port,
                print=lambda text: print(text, flush=True))
    return 0


async def _with_store(args: argparse.Namespace,
                      work: Callable[[Store, Clock], Awaitable[int]]) -> int:
    store = await open_store(Settings.from_env({"db": args.db}).db)
    try:
        if getattr(args, "demo", False):
            await load_demo(store)
        return await work(store, _clock())
    finally:
        await store.close()


def _new_file(db: str | None) -> bool:
    """Whether ``db`` names an SQLite file that does not exist yet."""
    location = Settings.from_env({"db": db}).db
    return "://" not in location and not Path(location).exists()


def _diagram(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for dialog in FLOWS:
        path = args.out / f"{dialog.lower()}.mmd"
        path.write_text(diagram(dialog) + "\n", encoding="utf-8")
        print(path)
    return 0


async def _call(store: Store, clock: Clock, args: argparse.Namespace) -> int:
    settings = Settings.from_env({"db": args.db, "transfer_number": args.transfer_number})
    return await simulate(store, clock, settings, args.phone, args.call_lang, speak=args.speak)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = args.lang or getattr(args, "sub_lang", None) or _env_language()
    if args.command == "serve":
        return _serve(args)
    if args.command == "diagram":
        return _diagram(args)
    if args.command == "chat":
        args.demo = args.demo or _new_file(args.db)  # a console works out of the box
        return asyncio.run(_with_store(args, lambda s, c: chat(s, c, args.phone, args.chat_lang)))
    if args.command == "call":
        return asyncio.run(_with_store(args, lambda s, c: _call(s, c, args)))
    if args.command == "phones":
        return asyncio.run(_with_store(args, lambda s, c: phones(s, c, args, lang)))
    return asyncio.run(_with_store(args, lambda s, c: import_registry(s, c, args, lang)))


if __name__ == "__main__":
    sys.exit(main())
