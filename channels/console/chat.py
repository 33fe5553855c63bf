"""The console channel: talk to the bot in a terminal, or pipe a transcript in.

A trusted local channel: no enrolled phone is needed, the employer number is
taken from the utterance or asked for. Given ``employers``, it talks as a phone
enrolled for them would (``dimona-talk chat --employer N``): those employers
only, the one employer taken without asking.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Protocol, TextIO

from channels.common.dialog import Dialog
from channels.common.phones import normalize
from dialogs.turn import Caller, Channel, Reply, Turn
from locales import localize

__all__ = ["ConsoleDialog", "chat", "render_text"]


class ConsoleDialog(Dialog, Protocol):
    """The console also opens a conversation in the language asked for."""

    async def set_language(self, key: str, lang: str) -> None: ...


def render_text(reply: Reply) -> str:
    return "\n".join(localize(m, reply.language) for m in reply.messages)


async def chat(engine: ConsoleDialog, phone: str, lang: str | None,
               stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
               employers: Sequence[str] = ()) -> int:
    """One utterance per line in, one reply per utterance out."""
    number = normalize(phone) or phone
    caller = Caller(phone=number, employers=tuple(employers), language=lang,
                    trusted=not employers)
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
