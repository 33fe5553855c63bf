"""Numbers: spoken words to digits, digit groups to identifiers.

Spoken numbers go through text2num's ``alpha2digit`` with ``threshold=0``
(so an isolated ``un``/``een``/``eins`` is a number). Two gaps are filled
first: Dutch compounds typed without the diaeresis (``tweeentwintig``) and
the French month abbreviation ``sept`` after a day (``15 sept``), which
text2num would read as 7.

Dictated identifiers come out in groups (``04 03 1 9 9 7 02``); :func:`segment`
joins groups into identifiers, using the check digits only to decide where
one identifier ends and the next begins -- validating them stays the core's
job. :func:`classify` then names the field a digit string belongs to, by its
length, its first digit and the field the dialog expects.

>>> words_to_digits("zéro quatre zéro trois un neuf neuf sept zéro deux", "fr")
'04 03 1 9 9 7 02'
>>> words_to_digits("tweeentwintig december", "nl"), words_to_digits("le 15 sept", "fr")
('22 december', 'le 15 septembre')
>>> segment(["04", "03", "1", "9", "9", "7", "02"])
['0403199702']
>>> segment(["0403", "199", "702", "302"]), segment(["302", "20"])
(['0403199702', '302'], ['302', '20'])
>>> day = datetime.date(2026, 12, 1)
>>> classify("0403199702", day)
(<Field.EMPLOYER: 'employer'>, ('enterprise', '0403199702'))
>>> classify("000935467", day)
(<Field.EMPLOYER: 'employer'>, ('nsso', '000935467'))
>>> classify("85073100130", day), classify("8507310013", day, Field.WORKER)
((<Field.WORKER: 'ssin'>, '85073100130'), (<Field.WORKER: 'ssin'>, '8507310013'))
>>> classify("302", day), classify("15", day, Field.PLANNED_HOURS)
((<Field.COMMITTEE: ...>, '302'), (<Field.PLANNED_HOURS: ...>, 15))
>>> classify("15", day, Field.START_DATE)
(<Field.START_DATE: 'startDate'>, datetime.date(2026, 12, 15))
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Final

from text_to_num import alpha2digit  # type: ignore[import-untyped]

from core.anomalies import Field
from core.ids import enterprise, niss, nsso, period
from core.reference import COMMITTEES
from dialogs.understand import dates, times

__all__ = ["ID_FIELDS", "classify", "employer", "segment", "words_to_digits"]

_TEXT2NUM: Final = frozenset({"fr", "nl", "de", "en"})
_DUTCH_TENS: Final = re.compile(
    r"\b(twee|drie)en(twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)\b",
    re.IGNORECASE)
_FRENCH_SEPT: Final = re.compile(r"(\d\s*)sept\b\.?", re.IGNORECASE)
_LONG: Final = 9  # a group this long is an identifier on its own
_ID_LENGTHS: Final = range(9, 13)
#: Fields whose value is an identifier, and the lengths a wrong one may have.
ID_FIELDS: Final = {Field.WORKER: range(9, 14), Field.EMPLOYER: range(8, 12),
                    Field.PERIOD: range(10, 15)}
_VALIDATORS: Final[dict[Field, Callable[[str], bool]]] = {
    Field.WORKER: niss.is_valid, Field.PERIOD: period.is_valid,
    Field.EMPLOYER: lambda n: enterprise.is_valid(n) or nsso.is_valid(n),
}


def words_to_digits(text: str, lang: str) -> str:
    """Numbers said as words -> digits (groups are kept apart); other words unchanged."""
    if lang not in _TEXT2NUM:
        return text
    if lang == "nl":
        text = _DUTCH_TENS.sub(r"\1ën\2", text)
    elif lang == "fr":
        text = _FRENCH_SEPT.sub(r"\1septembre", text)
    return str(alpha2digit(text, lang, threshold=0))


def _valid_other(digits: str, but: Field | None = None) -> bool:
    """Whether the check digits make it an identifier (of another field than ``but``)."""
    return any(check(digits) for fld, check in _VALIDATORS.items() if fld is not but)


def _first_end(groups: list[str]) -> int | None:
    """How many groups make the first identifier: the most that check, else the fewest.

    Only heads up to the longest identifier are tried: linear in the groups.
    """
    fitting: list[tuple[int, str]] = []
    head = ""
    for end, group in enumerate(groups, start=1):
        head += group
        if len(head) > _ID_LENGTHS.stop - 1:
            break
        if len(head) in _ID_LENGTHS:
            fitting.append((end, head))
    checked = [end for end, head in fitting if _valid_other(head)]
    if checked:
        return checked[-1]
    return fitting[0][0] if fitting else None


def _split(groups: list[str], joined_if_short: bool) -> list[str]:
    """Short groups -> identifiers, cutting where one ends (each group looked at once)."""
    out: list[str] = []
    at, size = 0, sum(map(len, groups))
    while at < len(groups):
        if at == len(groups) - 1 or size < _LONG:
            tail = groups[at:]
            return [*out, "".join(tail)] if joined_if_short else [*out, *tail]
        end = _first_end(groups[at:at + _ID_LENGTHS.stop])
        if end is None or at + end == len(groups):
            return [*out, "".join(groups[at:])]
        head = "".join(groups[at:at + end])
        out.append(head)
        at, size = at + end, size - len(head)
    return out


def segment(groups: list[str], *, join_all: bool = False) -> list[str]:
    """Consecutive digit groups -> numbers.

    A group of nine digits or more stands alone. Shorter neighbours are
    joined when they add up to an identifier, or when they look dictated (a
    single digit, a leading zero) or ``join_all`` says the caller gave one
    number only.
    """
    out: list[str] = []
    short: list[str] = []
    for group in (*groups, ""):
        if group and len(group) < _LONG:
            short.append(group)
            continue
        if short:
            dictated = join_all or any(len(g) == 1 or g[0] == "0" for g in short)
            out.extend(_split(short, dictated))
            short = []
        if group:
            out.append(group)
    return out


def employer(digits: str) -> tuple[str, str]:
    """``("nsso", n)`` for 9 digits or 10 starting with 5, else ``("enterprise", n)``."""
    if len(digits) == 9 and not nsso.is_valid(digits) and enterprise.is_valid("0" + digits):
        return "enterprise", "0" + digits
    if len(digits) == 9 or (len(digits) == 10 and digits[0] == "5"):
        return "nsso", digits
    return "enterprise", digits


def _expected(digits: str, field: Field, today: datetime.date, bare: bool) -> object | None:
    size = len(digits)
    if field in ID_FIELDS:
        if _valid_other(digits, field) and not _VALIDATORS[field](digits):
            return None  # plainly another identifier
        if size not in ID_FIELDS[field] and not (bare and size >= 4):
            return None
        return employer(digits) if field is Field.EMPLOYER else digits
    if field in (Field.COMMITTEE, Field.USER_COMMITTEE):
        return digits if size == 3 or (bare and 2 <= size <= 4) else None
    if field is Field.SUB_ENTITY:  # a public employer's sub-entity: 10 digits, no check digit
        return digits if size == 10 or (bare and size >= 4) else None
    if field is Field.USER_ENTERPRISE:  # the user company of agency work, never the employer
        return employer(digits)[1] if size in (9, 10) or (bare and size >= 4) else None
    if field is Field.PLANNED_HOURS:
        return int(digits) if size <= 3 else None
    if field in (Field.START_DATE, Field.END_DATE):
        return dates.keyed(today, digits) or (digits if size in (1, 2, 4, 6, 8) else None)
    if field in (Field.START_HOUR, Field.END_HOUR):
        return times.keyed(digits) or (digits if size <= 4 else None)
    return None


def classify(digits: str, today: datetime.date, expecting: Field | None = None, *,
             bare: bool = False) -> tuple[Field, object] | None:
    """The field a number gives, expected field first; None if it fits none."""
    if expecting is not None:
        value = _expected(digits, expecting, today, bare)
        if value is not None:
            return expecting, value
    size = len(digits)
    if size == 12:
        return Field.PERIOD, digits
    if size == 11:
        return Field.WORKER, digits
    if size == 9 or (size == 10 and digits[0] in "015"):
        return Field.EMPLOYER, employer(digits)
    if size == 10:
        return Field.WORKER, digits  # no employer number starts so: a NISS short of a digit
    if digits in COMMITTEES:
        return Field.COMMITTEE, digits
    return None
