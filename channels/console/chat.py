"""The console channel: talk to the bot in a terminal, or pipe a transcript in.

A trusted local channel: no enrolled phone is needed, the employer number is
taken from the utterance or asked for.
"""

from __future__ import annotations

import sys
from typing import TextIO

from channels.common.phones import normalize
from core.clock import Clock
from core.service import Declarations
from core.store import Store
from dialogs.engine import Engine
from dialogs.turn import Caller, Channel, Reply, Turn
from locales import localize

__all__ = ["chat", "render_text"]


def render_text(reply: Reply) -> str:
    return "\n".join(localize(m, reply.language) for m in reply.messages)


async def chat(store: Store, clock: Clock, phone: str, lang: str | None,
               stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """One utterance per line in, one reply per utterance out."""
    engine = Engine(Declarations(store, clock), clock)
    number = normalize(phone) or phone
    caller = Caller(phone=number, language=lang, trusted=True)
    interactive = stdin.isatty()
    key = f"console:{number}"
    if lang:
        await engine.set_language(key, lang)
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        if not line.strip() and not interactive:
            continue
        reply = await engine.handle(Turn(key, Channel.CONSOLE, text=line.strip(), caller=caller))
        stdout.write(render_text(reply) + "\n")
        if not interactive:
            stdout.write("\n")
        stdout.flush()
