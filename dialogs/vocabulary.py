"""What a caller may say at a question, as words: for voice platforms that recognise from a list.

A VoiceXML platform recognises speech against grammars, and Twilio takes hints:
both are given the phrases the dialog understands at this point, in the
conversation's language, from the same word lists that read what was said
(:mod:`dialogs.understand`). The platform passes back what it heard, and the
dialog reads it like any other answer: a phrase listed here is understood.

>>> from dialogs.turn import Expect, Input
>>> words = dict(vocabulary(Reply((), Expect(Input.YES_NO), language="nl")))
>>> "ja" in words["yes"] and "nee" in words["no"] and "herhaal" in words["commands"]
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from core.anomalies import Field
from core.model import Kind
from dialogs.turn import Command, Input, Reply, Vocabulary
from dialogs.understand.lexicon import LANGUAGES as LEXICON

__all__ = ["vocabulary"]

#: The commands a caller may say anywhere (CORRECT is a verb with a field, not a phrase).
_COMMANDS: Final = (Command.HELP, Command.BACK, Command.REPEAT, Command.CANCEL,
                    Command.RESTART)
_COMMITTEE_FIELDS: Final = frozenset({Field.COMMITTEE.value, Field.USER_COMMITTEE.value})


def _unique(phrases: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for p in phrases if p.strip()))


def vocabulary(reply: Reply) -> Vocabulary:
    """The phrases understood at the question ``reply`` asks, by category."""
    if reply.expect.input in (Input.NONE, Input.SECRET):
        return ()
    words = LEXICON[reply.language]
    found: list[tuple[str, tuple[str, ...]]] = []
    if reply.expect.field == "language":  # the call's language menu: each language's names
        found.append(("languages", _unique(name for each in LEXICON.values()
                                           for names in each["languages"].values()
                                           for name in names)))
    if reply.expect.input is Input.YES_NO or reply.expect.declinable:
        found += [("yes", _unique(words["yes"])), ("no", _unique(words["no"]))]
    if reply.phase == "menu" and reply.expect.input is Input.CHOICE:
        found.append(("kinds", _unique(p for kind in Kind for p in words["kinds"][kind])))
    if reply.expect.field == Field.WORKER_TYPE.value:
        codes = [c.value for c in reply.offered] or list(words["worker_types"])
        found.append(("worker_types", _unique(
            p for code in codes for p in (code, *words["worker_types"].get(code, ())))))
    if reply.expect.field in _COMMITTEE_FIELDS:
        found.append(("committees", _unique(p for names in words["committees"].values()
                                            for p in names)))
    found.append(("commands", _unique(p for c in _COMMANDS for p in words["commands"][c])))
    return tuple((category, phrases) for category, phrases in found if phrases)
