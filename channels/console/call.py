"""``dimona-talk call``: a phone call in a terminal, through the desk the voice servers use.

Each step prints what the caller would hear, one sentence a line, then a
prompt showing the keypad entry expected (``[11]`` eleven keys, ``[#]`` any
number of keys ended by hash, ``[1]`` one key). Type keys (``85073100130``,
``*``, ``0``), or words as a recogniser would pass them on; an empty line is
silence. With ``speak=True`` and ``espeak-ng`` installed, prompts are spoken.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from dataclasses import replace
from typing import Final, TextIO

from channels.common.phones import normalize
from channels.voice.call import Desk
from channels.voice.step import Ask, Heard, Step

__all__ = ["heard_from", "simulate"]

_KEYS: Final = frozenset("0123456789*#")
_ESPEAK_VOICES: Final = {"fr": "fr-be", "nl": "nl", "de": "de", "en": "en"}
#: The number the simulator pretends was dialled when a language is given.
_SIM_NUMBER: Final = "+3225550000"


def heard_from(line: str) -> Heard:
    """A typed line as the voice server would report it.

    >>> heard_from("85 07 31 001 30#"), heard_from("  ")
    (Heard(digits='85073100130', speech=None), Heard(digits=None, speech=None))
    >>> heard_from("quinze décembre")
    Heard(digits=None, speech='quinze décembre')
    """
    text = line.strip()
    keys = text.replace(" ", "")
    if keys and set(keys) <= _KEYS:
        return Heard(digits=keys.removesuffix("#") or None)
    return Heard(speech=text or None)


def _shape(ask: Ask) -> str:
    return f"[{ask.digits}]" if ask.digits else "[#]"


class _Voice:
    """Speaks sentences aloud with espeak-ng when asked to and installed."""

    def __init__(self, enabled: bool) -> None:
        self.binary = shutil.which("espeak-ng") if enabled else None

    def say(self, text: str, lang: str) -> None:
        if self.binary:
            subprocess.run([self.binary, "-v", _ESPEAK_VOICES[lang], text], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _play(step: Step, voice: _Voice, out: TextIO) -> None:
    for said in step.said:
        out.write(f"< {said.text}\n")
        out.flush()
        voice.say(said.text, said.lang)
    if step.transfer:
        out.write(f"<. -> {step.transfer}\n")
    elif step.hangup:
        out.write("<.\n")
    out.flush()


async def simulate(desk: Desk, phone: str, lang: str | None = None, *, speak: bool = False,
                   stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Play one call; returns when the call ends or the input does."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    called = None
    if lang:
        desk = desk.configured(
            replace(desk.config, numbers={**desk.config.numbers, _SIM_NUMBER: lang}))
        called = _SIM_NUMBER
    voice, call = _Voice(speak), f"sim:{uuid.uuid4()}"
    _, step = await desk.answer(call, Heard(), phone=normalize(phone) or phone, called=called)
    interactive = stdin.isatty()
    while True:
        _play(step, voice, stdout)
        if step.ask is None:
            return 0
        stdout.write(f"{_shape(step.ask)} > ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        if not interactive:
            stdout.write(line if line.endswith("\n") else line + "\n")
        _, step = await desk.answer(call, heard_from(line))
