"""The ``dimona-talk`` command: serve, chat, batch, and the tools for people who run it.

Settings flags are not listed here: each command takes the flags of the settings
slices it uses (:data:`_SLICES`), built from their fields (``--sms-rate`` from
``sms_rate``, with ``DIMONA_SMS_RATE`` in its help). What a command acts on (a
phone, a file, an employer) stays an argument of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

from channels.batch import BatchSettings
from channels.common.twilio import TwilioSettings
from channels.console.call import simulate
from channels.console.chat import chat
from channels.rest.api import ApiSettings
from channels.sms.flow import SmsPartsSettings
from channels.sms.kannel import KannelSettings
from channels.sms.outbound import TwilioOutboundSettings
from channels.voice.config import VoiceSettings
from channels.voice.pins import PinSettings
from core.clock import Clock
from core.demo import load_demo
from core.store import Store, open_store
from dialogs.call import diagram as call_diagram
from dialogs.flows import FLOWS, diagram
from locales import LANGUAGES, Message, localize
from server import logs
from server.app import create_app, desk_for, engine_for
from server.batches import add_batch_parser, batch_command
from server.operator import api_keys, import_registry, phones, reject
from server.serving import serve
from server.settings import (
    ENV_PREFIX,
    ClockSettings,
    DemoSettings,
    DialogSettings,
    MessageSettings,
    PendingSettings,
    Settings,
    StoreSettings,
)
from server.startup import refusals, warnings
from server.subscribers import subscribers

__all__ = ["main"]

#: The settings each command reads; ``serve`` reads them all.
_SLICES: Final[dict[str, tuple[type[BaseModel], ...]]] = {
    "": (MessageSettings,),
    "serve": tuple(base for base in Settings.__bases__
                   if base not in (BaseSettings, MessageSettings)),
    "chat": (StoreSettings, DemoSettings, ClockSettings, DialogSettings),
    "call": (StoreSettings, DemoSettings, ClockSettings, DialogSettings, VoiceSettings,
             PinSettings),
    "registry": (StoreSettings, ClockSettings, PendingSettings, KannelSettings, TwilioSettings,
                 TwilioOutboundSettings, SmsPartsSettings),
    "phones": (StoreSettings, ClockSettings, PinSettings),
    "batch": (StoreSettings, ClockSettings, ApiSettings, BatchSettings),
    "api-keys": (StoreSettings, ClockSettings),
    "subscribers": (StoreSettings, ClockSettings),
}


def _fields(command: str) -> dict[str, FieldInfo]:
    """The fields of a command's settings, each once, in the order of its slices."""
    out: dict[str, FieldInfo] = {}
    for piece in _SLICES[command]:
        for name, info in piece.model_fields.items():
            out.setdefault(name, info)
    return out


def _add_settings(parser: argparse.ArgumentParser, command: str) -> None:
    for name, info in _fields(command).items():
        flag = "--" + name.replace("_", "-")
        text = f"{info.description} ({ENV_PREFIX}{name.upper()})"
        if info.annotation is bool:
            parser.add_argument(flag, dest=name, action=argparse.BooleanOptionalAction,
                                default=None, help=text)
        else:
            parser.add_argument(flag, dest=name, default=None, metavar=name.upper(), help=text)


def settings_from(args: argparse.Namespace) -> Settings:
    """Flags given, then ``DIMONA_*`` variables, then defaults; a bad value is an error."""
    given = {name: getattr(args, name) for name in Settings.model_fields
             if getattr(args, name, None) is not None}
    try:
        return Settings(**given)
    except ValidationError as error:
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else ""
            where = (f"--{name.replace('_', '-')}" if name in given
                     else f"{ENV_PREFIX}{name.upper()}") if name else "settings"
            print(f"dimona-talk: {where}={problem.get('input')!s}: {problem['msg']}",
                  file=sys.stderr)
        raise SystemExit(2) from None


def _commands(parser: argparse.ArgumentParser
              ) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    commands = parser.add_subparsers(dest="command", required=True)
    _add_settings(commands.add_parser("serve", help="run the HTTP service"), "serve")
    talk = commands.add_parser("chat", help="talk to the bot in a terminal (or pipe a transcript)")
    talk.add_argument("--from", dest="phone", required=True, help="the caller's phone number")
    talk.add_argument("--lang", dest="chat_lang", choices=LANGUAGES, help="conversation language")
    talk.add_argument("--employer", dest="chat_employers", action="append", default=[],
                      metavar="NUMBER", help="talk as a phone enrolled for this employer "
                                             "(repeat for several): it declares for them only")
    _add_settings(talk, "chat")
    call = commands.add_parser("call", help="a phone call in the terminal: keys or words")
    call.add_argument("--from", dest="phone", required=True, help="the caller id (enrolled)")
    call.add_argument("--lang", dest="call_lang", choices=LANGUAGES,
                      help="as if the dialled number were set for this language (no menu)")
    call.add_argument("--speak", action="store_true", help="speak prompts with espeak-ng")
    _add_settings(call, "call")
    drawing = commands.add_parser(
        "diagram", help="write a Mermaid diagram per dialog, and one of a phone call's stages")
    drawing.add_argument("--out", type=Path, default=Path("docs/dialogs"))
    return commands


def _admin_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    registry = commands.add_parser("registry", help="employer and identity registries")
    registry_cmds = registry.add_subparsers(dest="registry_command", required=True)
    imp = registry_cmds.add_parser("import", help="import a CSV file, all rows or none")
    imp.add_argument("what", choices=("employers", "workers"))
    imp.add_argument("file", type=Path)
    rej = registry_cmds.add_parser(
        "reject", help="refuse a pending declaration: the worker cannot be identified")
    rej.add_argument("declaration_id", help="the declaration number")
    for cmd in (imp, rej):
        cmd.add_argument("--lang", dest="sub_lang", choices=LANGUAGES,
                         help="language of messages")
        _add_settings(cmd, "registry")
    _api_key_parsers(commands)
    phone_cmds = commands.add_parser("phones", help="phones enrolled to declare").add_subparsers(
        dest="phones_command", required=True)
    for name in ("add", "list", "remove"):
        cmd = phone_cmds.add_parser(name)
        cmd.add_argument("--employer", required=name == "add", help="enterprise or NSSO number")
        if name != "list":
            cmd.add_argument("--phone", required=True)
        if name == "add":
            cmd.add_argument("--lang", dest="phone_lang", choices=LANGUAGES)
            cmd.add_argument("--pin", help="PIN the phone types on voice calls")
        _add_settings(cmd, "phones")
    _subscriber_parsers(commands)


def _subscriber_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    subs = commands.add_parser(
        "subscribers", help="institutions following the personnel file (push, pull, broker)"
    ).add_subparsers(dest="subscribers_command", required=True)
    add = subs.add_parser("add", help="add one; prints its key once")
    add.add_argument("--name", required=True)
    add.add_argument("--deliberation", required=True,
                     help="the deliberation's reference, sent with every delivery")
    add.add_argument("--employer", action="extend", nargs="+", metavar="NUMBER",
                     help="employers it may see (--employer A B, or repeat; none: every one)")
    add.add_argument("--committee", action="extend", nargs="+", metavar="JC",
                     help="joint committees it may see (--committee 302 124, or repeat; "
                          "none: every committee)")
    add.add_argument("--fields", metavar="F1,F2", help="the fields it may see (default: all)")
    add.add_argument("--webhook", metavar="URL", help="push each mutation to this URL")
    add.add_argument("--stream", metavar="NAME", help="publish to this NATS JetStream stream")
    for name in ("add", "list"):
        (add if name == "add" else subs.add_parser("list", help="with delivery state")
         ).add_argument("--json", action="store_true", help="print JSON")
    for name, text in (("remove", "forget it and its key"), ("pause", "stop its pushes and "
                       "pulls"), ("resume", "start them again where they stopped")):
        _named(subs.add_parser(name, help=text))
    for cmd in subs.choices.values():
        _add_settings(cmd, "subscribers")


def _named(cmd: argparse.ArgumentParser) -> None:
    """A subscriber named by ``--name NAME`` or as the argument (``pause NAME``)."""
    cmd.add_argument("name", nargs="?", help="the subscriber's name (or --name)")
    cmd.add_argument("--name", dest="name_flag", metavar="NAME", help="the subscriber's name")


def _api_key_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    key_cmds = commands.add_parser(
        "api-keys", help="employers' keys for /api/v1").add_subparsers(
        dest="api_keys_command", required=True)
    add = key_cmds.add_parser("add", help="a new key, printed once")
    add.add_argument("--employer", action="extend", nargs="+", required=True,
                     help="enterprise or NSSO numbers the key acts for (--employer A B, "
                          "or repeat)")
    add.add_argument("--name", help="who holds it (a secretariat, a payroll tool)")
    remove = key_cmds.add_parser("remove", help="a key opens nothing any more")
    remove.add_argument("key", help="its number (as listed) or the key itself")
    for cmd in (add, key_cmds.add_parser("list", help="the keys, never their secret"), remove):
        _add_settings(cmd, "api-keys")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dimona-talk", description=__doc__.splitlines()[0])
    _add_settings(parser, "")
    commands = _commands(parser)
    _admin_parsers(commands)
    add_batch_parser(commands, _add_settings)
    return parser


def _language(settings: Settings, args: argparse.Namespace) -> str:
    """The language of this command's messages: ``--lang``, else the system's, else English."""
    chosen = getattr(args, "sub_lang", None) or settings.lang
    code = chosen or os.environ.get("LANG", "")[:2].lower()
    return code if code in LANGUAGES else "en"


def _serve(settings: Settings, lang: str) -> int:
    """Listen, unless a gateway would be open off loopback (then say what is missing)."""
    if not settings.open_loopback:
        problems = asyncio.run(_refusals(settings))
        for problem in problems:
            print(localize(problem, lang), file=sys.stderr)
        if problems:
            return 2
    for warning in warnings(settings):
        print(localize(warning, lang), file=sys.stderr, flush=True)
    logs.setup()
    serve(create_app(settings, settings.clock()), settings.host, settings.port,
          header_timeout=settings.header_timeout, max_connections=settings.max_connections,
          say=lambda text: print(text, flush=True))
    return 0


async def _refusals(settings: Settings) -> list[Message]:
    store = await open_store(settings.db)
    try:
        return await refusals(settings, store)
    finally:
        await store.close()


async def _with_store(settings: Settings, work: Callable[[Store, Clock], Awaitable[int]],
                      *, demo: bool = False) -> int:
    store = await open_store(settings.db)
    try:
        if demo:
            await load_demo(store)
        return await work(store, settings.clock())
    finally:
        await store.close()


def _new_file(db: str) -> bool:
    """Whether ``db`` names an SQLite file that does not exist yet."""
    return "://" not in db and not Path(db).exists()


def _diagram(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    drawings = {**{dialog: diagram(dialog) for dialog in FLOWS}, "call": call_diagram()}
    for name, drawing in drawings.items():
        path = args.out / f"{name.lower()}.mmd"
        path.write_text(drawing + "\n", encoding="utf-8")
        print(path)
    return 0


async def _chat(store: Store, clock: Clock, settings: Settings, args: argparse.Namespace) -> int:
    return await chat(engine_for(store, clock, settings), args.phone, args.chat_lang,
                      employers=args.chat_employers)


async def _call(store: Store, clock: Clock, settings: Settings, args: argparse.Namespace) -> int:
    desk = desk_for(store, engine_for(store, clock, settings), clock, settings)
    return await simulate(desk, args.phone, args.call_lang, speak=args.speak)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments, with a subscriber's name taken from ``--name`` or the argument."""
    found = parser()
    args = found.parse_args(argv)
    if hasattr(args, "name_flag"):
        args.name = args.name_flag or args.name
        if not args.name:
            found.error(f"subscribers {args.subscribers_command}: give the subscriber's name "
                        "(NAME or --name NAME)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    if args.command == "diagram":
        return _diagram(args)
    settings = settings_from(args)
    lang = _language(settings, args)
    if args.command == "serve":
        return _serve(settings, lang)
    if args.command == "chat":  # a console on a new file works out of the box
        demo = settings.demo or _new_file(settings.db)
        return asyncio.run(_with_store(settings, lambda s, c: _chat(s, c, settings, args),
                                       demo=demo))
    if args.command == "call":
        return asyncio.run(_with_store(settings, lambda s, c: _call(s, c, settings, args),
                                       demo=settings.demo))
    if args.command == "phones":
        return asyncio.run(_with_store(
            settings, lambda s, c: phones(s, c, args, lang, settings.pepper)))
    if args.command == "batch":
        return asyncio.run(batch_command(settings, args, lang))
    if args.command == "api-keys":
        return asyncio.run(_with_store(settings, lambda s, c: api_keys(s, c, args, lang)))
    if args.command == "subscribers":
        return asyncio.run(_with_store(settings, lambda s, c: subscribers(s, c, args, lang)))
    if args.registry_command == "reject":
        return asyncio.run(_with_store(settings, lambda s, c: reject(s, c, settings, args, lang)))
    return asyncio.run(_with_store(
        settings, lambda s, c: import_registry(s, c, settings, args, lang)))


if __name__ == "__main__":
    sys.exit(main())
