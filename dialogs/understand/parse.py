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
- a leave verb is an OUT, but with "instead of" (``stopt op 20/12 ipv 18``) the end
  already declared changes: an UPDATE;
- a kind word wins over a start or end label left without a value, which is
  the IN or OUT kind (``début``, ``fin``) -- but an end word with a clock time said
  apart (``a fini plus tôt hier, à 15h``) is that end hour, and no kind;
  a declaration word alone is IN;
- a worker's name with one date and a clock time and no kind: the date is the day of the
  work meant, the time the change (``jan morgen einde 23u30``);
- dates and clock times fill the start first and the end next -- the end
  first when the dialog expects it, the caller corrects it or the kind is OUT;
- ``18h`` (a number and an hour word, no minutes) is a number of planned
  hours when the dialog expects them, when the worker type said takes
  planned hours (STU, O17, S17) or when above 24, and a clock time otherwise;
- digit groups are joined and classified (:mod:`~dialogs.understand.numerals`).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Final, cast

from core.anomalies import Field
from core.ids import is_digits
from core.model import Kind
from core.reference import AGENCY, COMMITTEES, WORKER_TYPES
from dialogs.understand import dates, numerals, rules, times
from dialogs.understand.grammar import Findings, apply
from dialogs.understand.lexicon import street
from dialogs.understand.result import Command, Understood
from dialogs.understand.tagging import Names, Tok, tag
from dialogs.understand.tags import Tag
from dialogs.understand.tokens import fold

__all__ = ["forget", "name_and_address", "understand"]

_HOUR_FIELDS: Final = (Field.START_HOUR, Field.END_HOUR)
_DATE_FIELDS: Final = (Field.START_DATE, Field.END_DATE)
_ANSWER_DIGITS: Final = {"1": True, "2": False}
_PERIOD_LENGTH: Final = 12
#: Leftover tags kept for reading, by group (yes and no are one group: answers; clock
#: times and "18h" are one group: clock times).
_GROUPS: Final = {Tag.KIND: Tag.KIND, Tag.START: Tag.START, Tag.END: Tag.END,
                  Tag.COMMAND: Tag.COMMAND, Tag.LANGUAGE: Tag.LANGUAGE,
                  Tag.COMMITTEE: Tag.COMMITTEE, Tag.WORKER_TYPE: Tag.WORKER_TYPE,
                  Tag.YES: Tag.YES, Tag.NO: Tag.YES, Tag.DATE: Tag.DATE, Tag.TIME: Tag.TIME,
                  Tag.HOURS: Tag.TIME, Tag.PLANNED: Tag.PLANNED, Tag.NAME: Tag.NAME,
                  Tag.LEAVE_VERB: Tag.LEAVE_VERB}
#: Structure words: what they meant, if anything, the grammar has taken.
_SPENT: Final = frozenset({
    Tag.CANCEL_VERB, Tag.UPDATE_VERB, Tag.CORRECT_VERB, Tag.DECLARATION, Tag.SPENT, Tag.AT,
    Tag.AND, Tag.ARTICLE, Tag.NEXT, Tag.FROM, Tag.RANGE, Tag.UNTIL, Tag.COLON, Tag.STOP,
    Tag.EXTEND_VERB, Tag.WORK, Tag.INSTEAD, Tag.PART_OF_DAY, Tag.PAST, Tag.TO, Tag.HALF,
    Tag.QUARTER})
_NISS_LENGTH: Final = 11


@dataclass(slots=True)
class _Left:
    """The leftover tokens, by group, in the order said."""

    groups: dict[Tag, list[Tok]] = field(default_factory=dict)
    tags: set[Tag] = field(default_factory=set)
    runs: list[list[Tok]] = field(default_factory=list)  # consecutive numbers
    rest: list[str] = field(default_factory=list)

    def values(self, group: Tag) -> list[object]:
        return [t.value for t in self.groups.get(group, ())]

    def first(self, group: Tag) -> object | None:
        return next(iter(self.values(group)), None)

    @property
    def period(self) -> bool:
        """A period was named: a period label or a 12-digit number."""
        labels = any(cast("tuple[Field, bool]", t.value)[0] is Field.PERIOD
                     for t in self.groups.get(Tag.LABEL, ()))
        return labels or any(len("".join(str(t.value) for t in run)) == _PERIOD_LENGTH
                             for run in self.runs)


def _sort(toks: list[Tok], found: Findings) -> _Left:
    left = _Left()
    previous: Tag | None = None
    for tok in toks:
        left.tags.add(tok.tag)
        if tok.tag is Tag.NUMBER:
            if previous is not Tag.NUMBER:
                left.runs.append([])
            left.runs[-1].append(tok)
        elif tok.tag in _GROUPS:
            left.groups.setdefault(_GROUPS[tok.tag], []).append(tok)
        elif tok.tag is Tag.LABEL:
            left.groups.setdefault(Tag.LABEL, []).append(tok)
            found.named.append(cast("tuple[Field, bool]", tok.value)[0])
        elif tok.tag not in _SPENT:
            left.rest.append(tok.text)
        previous = tok.tag
    return left


def _names_declaration(left: _Left, found: Findings) -> bool:
    return bool(Tag.DECLARATION in left.tags or left.groups.get(Tag.KIND) or left.period
                or Field.PERIOD in found.values)


def _refers(left: _Left, found: Findings) -> bool:
    """Existing work is named: a declaration, a period, a worker, a day, a worker type."""
    niss = any(len("".join(str(t.value) for t in run)) == _NISS_LENGTH for run in left.runs)
    return bool(_names_declaration(left, found) or niss or found.day
                or {Tag.NAME, Tag.WORK, Tag.WORKER_TYPE, Tag.DATE} & left.tags
                or {Field.WORKER, Field.START_DATE, Field.END_DATE} & set(found.values))


def _command(left: _Left, found: Findings) -> tuple[Command | None, str | None, Field | None]:
    """The command, the language to switch to and the field to correct."""
    fields = [f for f in found.named if f is not Field.PERIOD]
    target = fields[0] if fields else None
    if found.command is not None:
        return found.command, None, found.target
    if Tag.COMMAND in left.groups:
        return cast("Command", left.first(Tag.COMMAND)), None, None
    if Tag.LANGUAGE in left.groups:
        return Command.LANGUAGE, str(left.first(Tag.LANGUAGE)), None
    if Tag.CORRECT_VERB in left.tags or (target and Tag.UPDATE_VERB in left.tags
                                         and not _names_declaration(left, found)):
        return Command.CORRECT, None, target
    if target and left.first(Tag.YES) is False and not left.tags & {
            Tag.CANCEL_VERB, Tag.UPDATE_VERB, Tag.KIND}:
        return Command.CORRECT, None, target  # "non, la date est fausse"
    if Tag.CANCEL_VERB in left.tags and not _refers(left, found):
        return Command.CANCEL, None, None
    leave = left.first(Tag.LEAVE_VERB)
    if isinstance(leave, Command) and not _refers(left, found):
        return leave, None, None  # "quitter" alone stops the conversation
    return None, None, target  # a field named alone: a choice in a list of fields


def _kind(left: _Left, found: Findings) -> Kind | None:
    if Tag.CANCEL_VERB in left.tags and _refers(left, found):
        return Kind.CANCEL
    if Tag.KIND in left.groups:
        return cast("Kind", left.first(Tag.KIND))
    if Tag.LEAVE_VERB in left.tags and found.command is None:
        return Kind.UPDATE if found.instead else Kind.OUT  # "stopt de 20e ipv de 18e"
    if Tag.EXTEND_VERB in left.tags:
        return Kind.UPDATE
    if Tag.UPDATE_VERB in left.tags and found.command is not Command.CORRECT:
        return Kind.UPDATE
    labels = [tok.tag for tok in left.groups.get(Tag.START, []) + left.groups.get(Tag.END, [])]
    if labels:
        return Kind.IN if labels[0] is Tag.START else Kind.OUT
    if Tag.DECLARATION in left.tags and not (left.tags & {
            Tag.CANCEL_VERB, Tag.UPDATE_VERB, Tag.CORRECT_VERB, Tag.COMMAND}) and not left.period:
        return Kind.IN
    return None


def _order(found: Findings, kind: Kind | None, pair: tuple[Field, Field], extend: bool
           ) -> tuple[Field, Field]:
    """Which of start/end a lone date or time fills first."""
    wanted = found.target or found.expecting
    end_first = wanted is pair[1] or ((kind is Kind.OUT or extend) and wanted is not pair[0])
    return (pair[1], pair[0]) if end_first else pair


def _fill(found: Findings, fields: tuple[Field, Field], said: list[tuple[Tok, object]],
          rest: list[str]) -> None:
    for tok, value in said:
        if found.put(fields[0], value):
            placed = fields[0]
        elif found.put(fields[1], value):
            placed = fields[1]
        else:
            rest.append(tok.text)
            continue
        if rules.bare(tok):
            found.twelve.add(placed)


def _clocks(left: _Left, found: Findings) -> list[tuple[Tok, object]]:
    """Clock times in the order said; ``18h`` atoms may be planned hours instead."""
    worker_type = str(found.values.get(Field.WORKER_TYPE))
    planned_type = worker_type in WORKER_TYPES and WORKER_TYPES[worker_type].planned_hours
    clocks: list[tuple[Tok, object]] = []
    for tok in left.groups.get(Tag.TIME, []):
        if tok.tag is Tag.TIME:
            clocks.append((tok, tok.value))
            continue
        number = int(str(tok.value))
        wants_planned = found.expecting is Field.PLANNED_HOURS or (
            found.expecting not in _HOUR_FIELDS and (planned_type or number > 24))
        if not (wants_planned and found.put(Field.PLANNED_HOURS, number)):
            clocks.append((tok, times.make_time(number) or tok.text))
    return clocks


def _number(digits: str, found: Findings, bare: bool) -> bool:
    number = numerals.classify(digits, found.today, found.expecting, bare=bare)
    if number and number[0] in found.values:
        number = numerals.classify(digits, found.today)
    if number and number[0] in _HOUR_FIELDS and len(digits) <= 2 and 1 <= int(digits) <= 12:
        found.twelve.add(number[0])  # "11" alone, asked for the end time: maybe 23:00
    return bool(number and found.put(*number))


def _ends_at(left: _Left) -> bool:
    """An end word left without its value or a leave verb, no kind word, and a clock time
    said ("Marie a fini plus tôt hier, à 15h", "jan hört morgen um 23 Uhr auf"): the end
    hour changes -- no OUT, which carries no hour."""
    labels = left.groups.get(Tag.START, []) + left.groups.get(Tag.END, [])
    ends = (bool(labels) and labels[0].tag is Tag.END) or Tag.LEAVE_VERB in left.tags
    return ends and Tag.TIME in left.groups and Tag.KIND not in left.groups


def _values(left: _Left, found: Findings, kind: Kind | None, bare: bool,
            end_first: bool = False) -> None:
    committee = Field.USER_COMMITTEE if found.expecting is Field.USER_COMMITTEE else \
        Field.COMMITTEE
    for group, fld in ((Tag.COMMITTEE, committee), (Tag.WORKER_TYPE, Field.WORKER_TYPE),
                       (Tag.PLANNED, Field.PLANNED_HOURS)):
        if group in left.groups:
            found.put(fld, left.first(group))
    extend = Tag.EXTEND_VERB in left.tags or end_first
    _fill(found, _order(found, kind, _HOUR_FIELDS, extend), _clocks(left, found), left.rest)
    _fill(found, _order(found, kind, _DATE_FIELDS, extend),
          [(t, t.value) for t in left.groups.get(Tag.DATE, [])], left.rest)
    join_all = bare and found.expecting not in (None, Field.PLANNED_HOURS)
    for run in left.runs:
        digits = numerals.segment([str(t.value) for t in run], join_all=join_all)
        left.rest.extend(_said(run, [(d, _number(d, found, bare)) for d in digits]))
    _agency(left, found)


def _said(run: list[Tok], numbers: list[tuple[str, bool]]) -> list[str]:
    """The numbers not used, as they were said: never digits glued from several tokens."""
    out, at = [], 0
    for number, used in numbers:
        taken = ""
        while at < len(run) and len(taken) < len(number):
            taken += str(run[at].value)
            if not used:
                out.append(run[at].text)
            at += 1
    return out


def _agency(left: _Left, found: Findings) -> None:
    """Two committees, one of them 322: the agency's is 322, the other the user's."""
    said = [str(t.value) for t in left.groups.get(Tag.COMMITTEE, [])]
    said += [w for w in left.rest if w in COMMITTEES]
    committee = found.values.get(Field.COMMITTEE)
    others = [c for c in said if c not in (committee, AGENCY)]
    if AGENCY in (committee, *said) and Field.USER_COMMITTEE not in found.values and others:
        found.values[Field.COMMITTEE] = AGENCY
        found.put(Field.USER_COMMITTEE, others[0] if committee == AGENCY else committee)
        for code in (others[0], AGENCY):
            if code in left.rest:
                left.rest.remove(code)


def _bare(toks: list[Tok], expect_answer: bool) -> tuple[int | None, bool | None]:
    """A number said alone: a menu choice, and with ``expect_answer`` 1 = yes, 2 = no."""
    if len(toks) != 1 or toks[0].tag is not Tag.NUMBER or len(str(toks[0].value)) > 2:
        return None, None
    digits = str(toks[0].value)
    choice = int(digits) if 1 <= int(digits) <= 9 else None
    return choice, _ANSWER_DIGITS.get(digits.lstrip("0")) if expect_answer else None


def _unknown_type(toks: list[Tok], found: Findings) -> bool:
    """A three-letter word alone, when a worker type is expected, is kept raw."""
    word = toks[0].text if len(toks) == 1 and toks[0].tag is Tag.WORD else ""
    if found.expecting is Field.WORKER_TYPE and len(word) == 3 and word.isalnum():
        return found.put(Field.WORKER_TYPE, word.upper())
    return False


def _ordinal(toks: list[Tok]) -> int | None:
    """An ordinal said alone (``la première``, ``de tweede``, ``die erste``, ``the first one``)."""
    said = [t for t in toks if t.tag not in (Tag.ARTICLE, Tag.STOP)]
    if said and said[0].tag is Tag.ORDINAL and all(t.tag is Tag.NUMBER for t in said[1:2]) \
            and len(said) <= 2:
        return int(str(said[0].value))
    if len(said) == 1 and said[0].tag is Tag.NUMBER and len(toks) == 2 and toks[1].tag is Tag.STOP:
        return int(str(said[0].value))  # "erste" comes out as "1."
    return None


def understand(text: str, lang: str, today: datetime.date, expecting: Field | None = None,
               *, expect_answer: bool = False, expect_choice: bool = False,
               names: Collection[str] = (), start: datetime.date | None = None) -> Understood:
    """Read one utterance; see the package docstring. ``start``: the start date already
    known, after which an end said as a weekday or a day alone falls."""
    if names:  # the personnel file's names: read as it is
        return _read(text, lang, today, expecting, expect_answer, expect_choice, names, start)
    heard = _remembered(text, lang, today, expecting, expect_answer, expect_choice, start)
    return replace(heard, values=dict(heard.values))  # the one part a caller could change


# Utterances repeat (yes, a menu number, a worker type, an hour): reading one is a pure
# function of its text and context, and costs a tenth of a turn, so the last ones are kept.
@functools.lru_cache(maxsize=4096)
def _remembered(text: str, lang: str, today: datetime.date, expecting: Field | None,
                expect_answer: bool, expect_choice: bool,
                start: datetime.date | None) -> Understood:
    return _read(text, lang, today, expecting, expect_answer, expect_choice, (), start)


def forget() -> None:
    """Drop the utterances kept: the next reading of each is done again (a benchmark or a
    count of the work reads them afresh)."""
    _remembered.cache_clear()


def _read(text: str, lang: str, today: datetime.date, expecting: Field | None,
          expect_answer: bool, expect_choice: bool, names: Collection[str],
          start: datetime.date | None) -> Understood:
    toks = tag(numerals.words_to_digits(text, lang), lang, expecting, Names(names))
    if expect_choice and (ordinal := _ordinal(toks)):
        return Understood(choice=ordinal)
    found = Findings(today, expecting)
    choice, answer = _bare(toks, expect_answer)
    left = _sort(apply(toks, found), found)
    found.command, language, found.target = _command(left, found)
    kind = _kind(left, found)
    ended = kind is Kind.OUT and _ends_at(left)
    kind = None if ended else kind
    _values(left, found, kind, bare=bool(toks) and all(t.tag is Tag.NUMBER for t in toks),
            end_first=ended)
    said_end = {Field.END_HOUR} if ended else {Field.END_DATE} if Tag.EXTEND_VERB in left.tags \
        else set()
    found.explicit |= said_end & set(found.values)  # "a fini ... à 15h", "blijft tot de 20e"
    if found.target in found.values and found.command is None:
        found.explicit.add(found.target)  # "de einddatum van lea is nu de 20ste"
    _evening(found)
    _floating_end(found, found.values.get(Field.START_DATE, start))
    if found.same_day and isinstance(found.values.get(Field.START_DATE), datetime.date):
        found.put(Field.END_DATE, found.values[Field.START_DATE], explicit=True)
        found.same_day = False
    if kind is Kind.IN and found.day:
        found.put(Field.START_DATE, found.day)
        found.day = None
    if _unknown_type(toks, found) or choice is not None:
        left.rest.clear()
    instead = tuple(_instead(found))  # a pair with its field named is that field's value
    if kind in (None, Kind.UPDATE) and Tag.NAME in left.groups:
        _day_of_work(found, instead, said_kind=kind is not None)
    return Understood(
        command=found.command, language=language, kind=kind, choice=choice, values=found.values,
        answer=cast("bool | None", left.first(Tag.YES)) if answer is None else answer,
        rest=" ".join(left.rest), target=found.target, explicit=frozenset(found.explicit),
        names=tuple(str(v) for v in left.values(Tag.NAME)), day=found.day,
        instead=instead, same_day=found.same_day,
        no_user_number=found.no_user_number, twelve=frozenset(found.twelve),
        user_company=_user_company(text, found.user_words))


def _user_company(text: str, words: str | None) -> tuple[str, str] | None:
    """The user company's name and address as written (a comma between them), or None.

    >>> _user_company("IN utilisateur Bäckerei Müller, Hauptstraße 5, 4700 Eupen PK 302",
    ...               "backerei muller hauptstrasse 5 4700 eupen")
    ('Bäckerei Müller', 'Hauptstraße 5, 4700 Eupen')
    >>> _user_company("utilisateur Hôtel de la Gare, place 12", "hotel de gare place 12")
    ('Hôtel de la Gare', 'place 12')
    >>> _user_company("utilisateur Colruyt cp 202", "colruyt") is None
    True
    """
    if not words:
        return None
    folded, at = [], []  # the text folded a character at a time, and where each came from
    for i, char in enumerate(text):
        for c in fold(char):
            folded.append(c)
            at.append(i)
    between = r"(?:[\W_]+\w+)*?[\W_]+"  # fillers the tagger dropped ("la", "svp")
    said_words = (re.escape(w) for w in words.split() if w.isalnum())
    found = re.search(between.join(said_words), "".join(folded), re.IGNORECASE)
    return name_and_address(text[at[found.start()]:at[found.end() - 1] + 1] if found else words)


def name_and_address(said: str) -> tuple[str, str] | None:
    """A company's name and its address: apart at the first comma, else before the first
    street word (said on the phone, there is no comma); None when they cannot be told apart.

    >>> name_and_address("Boulangerie Dupont, rue Haute 5, 1000 Bruxelles")
    ('Boulangerie Dupont', 'rue Haute 5, 1000 Bruxelles')
    >>> name_and_address("bakkerij janssens kerkstraat 1 9000 gent")
    ('bakkerij janssens', 'kerkstraat 1 9000 gent')
    >>> name_and_address("Smith Ltd 1 High Street London")
    ('Smith Ltd', '1 High Street London')
    >>> name_and_address("Colruyt") is None
    True
    """
    name, comma, address = said.partition(",")
    if not comma:
        words = said.split()
        at = next((i for i, w in enumerate(words) if i and street(w)), len(words))
        at = next((i for i in range(max(1, at - 2), at) if words[i].isdigit()), at)  # 1 High St
        name, address = " ".join(words[:at]), " ".join(words[at:])
    if not (name.strip(" ,") and address.strip(" ,")):
        return None
    return name.strip(" ,"), address.strip(" ,")


def _floating_end(found: Findings, start: object) -> None:
    """``du lundi au vendredi``, ``du 28 au 3``: an end said as a weekday or a day alone is
    the first such day on or after the start, not after today."""
    end = found.values.get(Field.END_DATE)
    if not (isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start):
        return
    how = found.floating.get(end)
    if how is not None:
        kind, number = how
        again = dates.weekday(start, number) if kind == "weekday" else \
            dates.next_day(start, number)
        found.values[Field.END_DATE] = again or end


def _day_of_work(found: Findings, instead: tuple[tuple[object, object], ...], said_kind: bool
                 ) -> None:
    """A worker of the file named with one date and a clock time, no kind said ("jan
    morgen einde 23u30", "pieter begint zaterdag om 17u30"), or an UPDATE with a date
    said without its label ("hier marie est partie à 15h au lieu de 18h"): the date is
    the day of the work referred to, the time its change."""
    dates = [f for f in _DATE_FIELDS if f in found.values]
    day = found.values.get(dates[0]) if len(dates) == 1 else None
    if said_kind and (not dates or dates[0] in found.explicit):
        return
    if found.day is None and isinstance(day, datetime.date) and (instead or any(
            f in found.values for f in _HOUR_FIELDS)):
        found.day = day
        del found.values[dates[0]]
        found.explicit.discard(dates[0])


def _evening(found: Findings) -> None:
    """``du soir``, ``ce soir``: the start is an afternoon or evening time, the end after it."""
    if found.part_of_day != 12:
        return
    start, end = (found.values.get(f) for f in _HOUR_FIELDS)
    if isinstance(start, datetime.time) and start.hour < 12:
        start = found.values[Field.START_HOUR] = datetime.time(start.hour + 12, start.minute)
    if isinstance(end, datetime.time) and end.hour < 12:
        later = datetime.time(end.hour + 12, end.minute)
        if not isinstance(start, datetime.time) or later > start:
            found.values[Field.END_HOUR] = later
    found.twelve.clear()


def _typed(tok: Tok) -> object:
    """A value said in an "instead" pair: a date, a time, or a number (of hours, a day)."""
    if tok.tag in (Tag.DATE, Tag.TIME):
        return tok.value
    return int(str(tok.value)) if is_digits(str(tok.value)) else tok.value


def _instead(found: Findings) -> list[tuple[object, object]]:
    pairs = []
    for fld, new, old in found.instead:
        if fld is not None:
            found.put(fld, _typed(new) if fld not in _HOUR_FIELDS else rules.clock(new),
                      explicit=True)
        else:
            pairs.append((_typed(new), _typed(old)))
    return pairs
