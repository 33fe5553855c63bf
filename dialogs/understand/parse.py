"""One utterance -> :class:`Understood`: digits, tags, grammar, then what is left.

After the grammar (:mod:`~dialogs.understand.grammar`) has taken the
structured parts, the leftover tokens are read:

- commands, language names, committees, worker types, yes/no: the first wins;
- a cancel verb (``annuler``, ``annuleren``, ``stornieren``, ``cancel``) is the
  CANCEL *kind* when the utterance also names a declaration (``déclaration``,
  ``aangifte``, ``Meldung``), a kind or a period (label or 12-digit number),
  and the global CANCEL *command* otherwise; ``stop``/``abbrechen`` are
  always the command, ``annulation``/``annulering``/``Stornierung`` always
  the kind;
- an update verb (``modifier``, ``wijzigen``, ``ändern``) with a field name
  and no declaration is a correction of that field (``wijzig de datum``),
  else the UPDATE kind; a correct verb (``corriger``, ``verbeteren``,
  ``korrigieren``, ``change``) is always a correction, of the field named if
  any; "no" with a field name is a correction too (``nee, de datum klopt niet``);
- a kind word wins over a start or end label left without a value, which is
  the IN or OUT kind (``début``, ``fin``); a declaration word alone is IN;
- dates and clock times fill the start first and the end next -- the end
  first when the dialog expects it, the caller corrects it or the kind is OUT;
- ``18h`` (a number and an hour word, no minutes) is a number of planned
  hours when the dialog expects them, when the worker type said takes
  planned hours (STU, O17, S17) or when above 24, and a clock time otherwise;
- digit groups are joined and classified (:mod:`~dialogs.understand.numerals`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Final, cast

from core.anomalies import Field
from core.model import Kind
from core.reference import WORKER_TYPES
from dialogs.understand import numerals, times
from dialogs.understand.grammar import Draft, apply
from dialogs.understand.result import Command, Understood
from dialogs.understand.tagging import Tok, tag

__all__ = ["understand"]

_HOUR_FIELDS: Final = (Field.START_HOUR, Field.END_HOUR)
_DATE_FIELDS: Final = (Field.START_DATE, Field.END_DATE)
_ANSWER_DIGITS: Final = {"1": True, "2": False}
_PERIOD_LENGTH: Final = 12
#: Leftover tags kept for reading, by group (yes and no are one group: answers).
_GROUPS: Final = {"K": "K", "S": "S", "E": "E", "X": "X", "l": "l", "J": "J", "W": "W",
                  "y": "a", "n": "a", "d": "d", "t": "t", "h": "t", "p": "p"}
#: Structure words: what they meant, if anything, the grammar has taken.
_SPENT: Final = frozenset("cmgz_@&exFTU:.")


@dataclass(slots=True)
class _Left:
    """The leftover tokens, by group, in the order said."""

    groups: dict[str, list[Tok]] = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    runs: list[list[Tok]] = field(default_factory=list)  # consecutive numbers
    rest: list[str] = field(default_factory=list)

    def values(self, group: str) -> list[object]:
        return [t.value for t in self.groups.get(group, ())]

    def first(self, group: str) -> object | None:
        return next(iter(self.values(group)), None)

    @property
    def period(self) -> bool:
        """A period was named: a period label or a 12-digit number."""
        labels = any(cast("tuple[Field, bool]", t.value)[0] is Field.PERIOD
                     for t in self.groups.get("I", ()))
        return labels or any(len("".join(str(t.value) for t in run)) == _PERIOD_LENGTH
                             for run in self.runs)


def _sort(toks: list[Tok], draft: Draft) -> _Left:
    left = _Left()
    previous = ""
    for tok in toks:
        left.tags.add(tok.tag)
        if tok.tag == "N":
            if previous != "N":
                left.runs.append([])
            left.runs[-1].append(tok)
        elif tok.tag in _GROUPS:
            left.groups.setdefault(_GROUPS[tok.tag], []).append(tok)
        elif tok.tag == "I":
            left.groups.setdefault("I", []).append(tok)
            draft.named.append(cast("tuple[Field, bool]", tok.value)[0])
        elif tok.tag not in _SPENT:
            left.rest.append(tok.text)
        previous = tok.tag
    return left


def _names_declaration(left: _Left, draft: Draft) -> bool:
    return bool("z" in left.tags or left.groups.get("K") or left.period
                or Field.PERIOD in draft.values)


def _command(left: _Left, draft: Draft) -> tuple[Command | None, str | None, Field | None]:
    """The command, the language to switch to and the field to correct."""
    fields = [f for f in draft.named if f is not Field.PERIOD]
    target = fields[0] if fields else None
    if draft.command is not None:
        return draft.command, None, draft.target
    if "X" in left.groups:
        return cast("Command", left.first("X")), None, None
    if "l" in left.groups:
        return Command.LANGUAGE, str(left.first("l")), None
    if "g" in left.tags or (target and "m" in left.tags and not _names_declaration(left, draft)):
        return Command.CORRECT, None, target
    if target and left.first("a") is False and not left.tags & set("cmK"):
        return Command.CORRECT, None, target  # "non, la date est fausse"
    if "c" in left.tags and not _names_declaration(left, draft):
        return Command.CANCEL, None, None
    return None, None, target  # a field named alone: a choice in a list of fields


def _kind(left: _Left, draft: Draft) -> Kind | None:
    if "c" in left.tags and _names_declaration(left, draft):
        return Kind.CANCEL
    if "K" in left.groups:
        return cast("Kind", left.first("K"))
    if "m" in left.tags and draft.command is not Command.CORRECT:
        return Kind.UPDATE
    labels = [tok.tag for tok in left.groups.get("S", []) + left.groups.get("E", [])]
    if labels:
        return Kind.IN if labels[0] == "S" else Kind.OUT
    if "z" in left.tags and not (left.tags & set("cmgX")) and not left.period:
        return Kind.IN
    return None


def _order(draft: Draft, kind: Kind | None, pair: tuple[Field, Field]) -> tuple[Field, Field]:
    """Which of start/end a lone date or time fills first."""
    wanted = draft.target or draft.expecting
    end_first = wanted is pair[1] or (kind is Kind.OUT and wanted is not pair[0])
    return (pair[1], pair[0]) if end_first else pair


def _fill(draft: Draft, fields: tuple[Field, Field], values: list[object], rest: list[str]
          ) -> None:
    rest.extend(str(value) for value in values
                if not (draft.put(fields[0], value) or draft.put(fields[1], value)))


def _clocks(left: _Left, draft: Draft) -> list[object]:
    """Clock times in the order said; ``18h`` atoms may be planned hours instead."""
    worker_type = str(draft.values.get(Field.WORKER_TYPE))
    planned_type = worker_type in WORKER_TYPES and WORKER_TYPES[worker_type].planned_hours
    clocks: list[object] = []
    for tok in left.groups.get("t", []):
        if tok.tag == "t":
            clocks.append(tok.value)
            continue
        number = int(str(tok.value))
        wants_planned = draft.expecting is Field.PLANNED_HOURS or (
            draft.expecting not in _HOUR_FIELDS and (planned_type or number > 24))
        if not (wants_planned and draft.put(Field.PLANNED_HOURS, number)):
            clocks.append(times.make_time(number) or tok.text)
    return clocks


def _number(digits: str, draft: Draft, bare: bool) -> bool:
    found = numerals.classify(digits, draft.today, draft.expecting, bare=bare)
    if found and found[0] in draft.values:
        found = numerals.classify(digits, draft.today)
    return bool(found and draft.put(*found))


def _values(left: _Left, draft: Draft, kind: Kind | None, bare: bool) -> None:
    for group, fld in (("J", Field.COMMITTEE), ("W", Field.WORKER_TYPE),
                       ("p", Field.PLANNED_HOURS)):
        if group in left.groups:
            draft.put(fld, left.first(group))
    _fill(draft, _order(draft, kind, _HOUR_FIELDS), _clocks(left, draft), left.rest)
    _fill(draft, _order(draft, kind, _DATE_FIELDS), left.values("d"), left.rest)
    join_all = bare and draft.expecting not in (None, Field.PLANNED_HOURS)
    for run in left.runs:
        digits = numerals.segment([str(t.value) for t in run], join_all=join_all)
        left.rest.extend(d for d in digits if not _number(d, draft, bare))


def _bare(toks: list[Tok], expect_answer: bool) -> tuple[int | None, bool | None]:
    """A number said alone: a menu choice, and with ``expect_answer`` 1 = yes, 2 = no."""
    if len(toks) != 1 or toks[0].tag != "N" or len(str(toks[0].value)) > 2:
        return None, None
    digits = str(toks[0].value)
    choice = int(digits) if 1 <= int(digits) <= 9 else None
    return choice, _ANSWER_DIGITS.get(digits.lstrip("0")) if expect_answer else None


def _unknown_type(toks: list[Tok], draft: Draft) -> bool:
    """A three-letter word alone, when a worker type is expected, is kept raw."""
    word = toks[0].text if len(toks) == 1 and toks[0].tag == "w" else ""
    if draft.expecting is Field.WORKER_TYPE and len(word) == 3 and word.isalnum():
        return draft.put(Field.WORKER_TYPE, word.upper())
    return False


def _ordinal(toks: list[Tok]) -> int | None:
    """An ordinal said alone (``la première``, ``de tweede``, ``die erste``, ``the first one``)."""
    said = [t for t in toks if t.tag not in ("e", ".")]
    if said and said[0].tag == "O" and all(t.tag == "N" for t in said[1:2]) and len(said) <= 2:
        return int(str(said[0].value))
    if len(said) == 1 and said[0].tag == "N" and len(toks) == 2 and toks[1].tag == ".":
        return int(str(said[0].value))  # "erste" comes out as "1."
    return None


def understand(text: str, lang: str, today: datetime.date, expecting: Field | None = None,
               *, expect_answer: bool = False, expect_choice: bool = False) -> Understood:
    """Read one utterance; see the package docstring."""
    toks = tag(numerals.words_to_digits(text, lang), lang, expecting)
    if expect_choice and (ordinal := _ordinal(toks)):
        return Understood(choice=ordinal)
    draft = Draft(today, expecting)
    choice, answer = _bare(toks, expect_answer)
    left = _sort(apply(toks, draft), draft)
    draft.command, language, draft.target = _command(left, draft)
    kind = _kind(left, draft)
    _values(left, draft, kind, bare=bool(toks) and all(t.tag == "N" for t in toks))
    if _unknown_type(toks, draft) or choice is not None:
        left.rest.clear()
    return Understood(
        command=draft.command, language=language, kind=kind, choice=choice, values=draft.values,
        answer=cast("bool | None", left.first("a")) if answer is None else answer,
        rest=" ".join(left.rest), target=draft.target)
