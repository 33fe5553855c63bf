"""Stage 1b of the grammar, after the atoms: phrases that say how values relate.

- ``1 étudiant``: a count before a worker type, no number of hours;
- ``du soir``, ``'s avonds``, ``abends``: the times said are evening ones;
- ``le même jour``, ``am selben Tag``: the end is on the start's day;
- ``utilisateur 0852093431 cp 302``: the user company of agency work and its
  committee, never the employer's (``pas de numéro``: it has none);
  ``utilisateur Boulangerie Dupont, rue Haute 5, 1000 Bruxelles cp 302``: a user
  company named, without a number (its words, up to a label, are its name and address);
- ``60h au lieu de 40``, ``9u ipv 8u``, ``statt``: a new value for an old one;
- ``l'extra de demain``, ``de flexi van vrijdag``, ``Lukas vom Samstag``: the
  day of existing work, not a date to declare.
"""

from __future__ import annotations

import re
from typing import Final, cast

from core.anomalies import Field
from core.reference import COMMITTEES
from dialogs.understand import numerals
from dialogs.understand.rules import Findings, Rule, part, text
from dialogs.understand.tagging import Tok
from dialogs.understand.tags import Tag

__all__ = ["PHRASES"]

_VALUE: Final = "[{DATE}{TIME}{HOURS}{PLANNED}{NUMBER}]"
_LABELLED: Final = {(Tag.START, Tag.DATE): Field.START_DATE, (Tag.END, Tag.DATE): Field.END_DATE,
                    (Tag.START, Tag.TIME): Field.START_HOUR, (Tag.END, Tag.TIME): Field.END_HOUR,
                    (Tag.START, Tag.HOURS): Field.START_HOUR, (Tag.END, Tag.HOURS): Field.END_HOUR}


def _spent(toks: list[Tok]) -> list[Tok]:
    return [Tok(Tag.SPENT, text(toks))]


def _count(toks: list[Tok], _m: re.Match[str], _: Findings) -> list[Tok] | None:
    return _spent(toks) if toks[0].value == "1" else None


def _part_of_day(toks: list[Tok], _m: re.Match[str], found: Findings) -> list[Tok] | None:
    found.part_of_day = int(str(toks[0].value))
    return _spent(toks)


def _same_day(toks: list[Tok], _m: re.Match[str], found: Findings) -> list[Tok] | None:
    found.same_day = True
    return _spent(toks)


def _no_number(toks: list[Tok], _m: re.Match[str], found: Findings) -> list[Tok] | None:
    found.no_user_number = True
    return _spent(toks)


def _user_number(digits: str, found: Findings, committee_next: bool) -> bool:
    if committee_next or (len(digits) == 3 and digits in COMMITTEES):
        return found.put(Field.USER_COMMITTEE, digits, explicit=True)
    if len(digits) in (9, 10):
        scheme, number = numerals.employer(digits)
        return scheme == "enterprise" and found.put(Field.USER_ENTERPRISE, number, explicit=True)
    return False


def _user(toks: list[Tok], _m: re.Match[str], found: Findings) -> list[Tok] | None:
    """The user block: its enterprise number and committee, in either order."""
    at, committee_next = 1, False
    while at < len(toks):
        tok = toks[at]
        if tok.tag in (Tag.COLON, Tag.ARTICLE):
            at += 1
        elif tok.tag is Tag.LABEL and cast("tuple[Field, bool]", tok.value)[0] in (
                Field.COMMITTEE, Field.EMPLOYER):
            committee_next = cast("tuple[Field, bool]", tok.value)[0] is Field.COMMITTEE
            at += 1
        elif tok.tag is Tag.COMMITTEE and found.put(Field.USER_COMMITTEE, tok.value,
                                                    explicit=True):
            at += 1
        elif tok.tag is Tag.NUMBER:
            end = at
            while end < len(toks) and toks[end].tag is Tag.NUMBER:
                end += 1
            numbers = numerals.segment([str(t.value) for t in toks[at:end]])
            if not all(_user_number(n, found, committee_next) for n in numbers):
                break
            at, committee_next = end, False
        else:
            break
    return [*_spent(toks[:at]), *toks[at:]]


#: What ends a user company's name and address: a label (``cp 302``), a kind, a worker type.
_NAME_ENDS: Final = frozenset({Tag.LABEL, Tag.KIND, Tag.WORKER_TYPE})
_NAME_SKIPS: Final = frozenset({Tag.COLON, Tag.ARTICLE, Tag.SPENT})


def _user_named(toks: list[Tok], _m: re.Match[str], found: Findings) -> list[Tok] | None:
    """``utilisateur Boulangerie Dupont, rue Haute 5, 1000 Bruxelles cp 302``: the user
    company by its name and address; the block that follows (its committee) stays the user's."""
    at = 1
    while at < len(toks) and toks[at].tag in _NAME_SKIPS:
        at += 1
    end = at
    while end < len(toks) and toks[end].tag not in _NAME_ENDS and not _dated(toks[end]):
        end += 1
    words = toks[at:end]
    if not words or words[0].tag is Tag.NUMBER or not any(t.tag is Tag.WORD for t in words):
        return None  # a number, a committee: the user block of numbers reads it
    found.user_words = text(words)
    found.no_user_number = True
    return [*_spent(toks[:end]), Tok(Tag.USER, toks[0].text), *toks[end:]]


def _dated(tok: Tok) -> bool:
    """A date or a time written in figures (``29/12``, ``9h``), not a word read as one."""
    return tok.tag in (Tag.DATE, Tag.TIME, Tag.HOURS, Tag.PLANNED) and \
        any(c.isdigit() for c in tok.text)


def _instead(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    label, new, old = part(toks, m, 1), part(toks, m, 2)[0], part(toks, m, 3)[0]
    fld: Field | None = None
    if label and label[0].tag is Tag.LABEL:
        fld = cast("tuple[Field, bool]", label[0].value)[0]
    elif label:
        fld = _LABELLED.get((label[0].tag, new.tag))
    found.instead.append((fld, new, old))
    return _spent(toks)


def _instead_first(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    """``statt 8 Uhr um 9 Uhr``, ``instead of 8, at 9``: the old value first."""
    found.instead.append((None, part(toks, m, 2)[0], part(toks, m, 1)[0]))
    return _spent(toks)


def _of_day(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    day = part(toks, m, 2)[0].value
    if found.day is not None or not hasattr(day, "isoformat"):
        return None
    found.day = day  # type: ignore[assignment]
    return [*part(toks, m, 1), Tok(Tag.SPENT, text(toks[1:]))]


def _day_s(toks: list[Tok], m: re.Match[str], found: Findings) -> list[Tok] | None:
    """``tomorrow's extra``, ``saturday's shift``."""
    day, word = part(toks, m, 1)[0].value, part(toks, m, 2)
    if found.day is not None or not hasattr(day, "isoformat") or (word and word[0].text != "s"):
        return None
    found.day = day  # type: ignore[assignment]
    return [Tok(Tag.SPENT, text(toks[:-1])), toks[-1]]


_NO_RANGE: Final = "(?!{AT}?[{TIME}{HOURS}{NUMBER}]?[{RANGE}{UNTIL}]{ARTICLE}*{DATE})"

PHRASES: Final[tuple[Rule, ...]] = (
    (r"{NUMBER}(?={WORKER_TYPE})", _count),
    (r"{PART_OF_DAY}", _part_of_day),
    (r"{END}?{COLON}?{ARTICLE}*{SAME_DAY}", _same_day),
    (r"{NO_NUMBER}", _no_number),
    (r"{USER}[^{USER}]*", _user_named),
    (r"{USER}(?:[{COLON}{ARTICLE}{NUMBER}{LABEL}{COMMITTEE}])*", _user),
    (r"([{START}{END}{LABEL}])?{AT}?(" + _VALUE + "){AT}?{INSTEAD}{ARTICLE}*(" + _VALUE + ")",
     _instead),
    (r"{INSTEAD}{ARTICLE}*(" + _VALUE + "){AT}?{ARTICLE}*(" + _VALUE + ")", _instead_first),
    (r"([{WORKER_TYPE}{WORK}]){FROM}{ARTICLE}*({DATE})" + _NO_RANGE, _of_day),
    (r"({NAME}){FROM}{ARTICLE}*({DATE})" + _NO_RANGE, _of_day),
    (r"({DATE})({WORD})[{WORKER_TYPE}{WORK}]", _day_s),
)
