"""Understand a caller: an SMS or a speech transcript -> typed values, no sentence.

Every field recognisable in an utterance is taken at once, in any order,
with or without its label (mixed initiative)::

    >>> import datetime
    >>> heard = understand("IN 0403199702 85073100130 302 EXT 15/12 18h-23h", "fr",
    ...                    datetime.date(2026, 12, 1))
    >>> heard.kind, heard.values[Field.EMPLOYER], heard.values[Field.START_HOUR]
    (<Kind.IN: 'IN'>, ('enterprise', '0403199702'), datetime.time(18, 0))

Values by field: ``EMPLOYER`` -> ``("enterprise" | "nsso", digits)``;
``WORKER`` and ``PERIOD`` -> digits; ``COMMITTEE`` -> a code of
:data:`core.reference.COMMITTEES`; ``WORKER_TYPE`` -> a code of
:data:`core.reference.WORKER_TYPES`; dates -> :class:`datetime.date`;
hours -> :class:`datetime.time`; ``PLANNED_HOURS`` -> ``int``. A value
recognisable as a field but malformed (a 10-digit NISS, ``31/02``) is kept as
the raw text, so the core can say what is wrong; check digits are not
validated here (they only help cut dictated digit groups).

Ambiguities, and how they are settled:

- ``expecting`` (the field the dialog just asked for) goes first: ``15`` is
  15 hours, the 15th or 15:00; ``1830`` is 18:30; ``15122026`` a date;
  ``expect_answer`` makes a bare ``1``/``2`` yes/no (it is a ``choice`` too);
  ``expect_choice`` makes an ordinal said alone (``la deuxième``, ``de
  eerste``) a choice in a numbered list rather than a day of the month;
- numbers without a label: 12 digits = period; 11 = NISS; 10 starting with 0
  or 1 = enterprise, with 5 = provisional NSSO, any other 10 = a NISS short
  of a digit; 9 = NSSO (or an old enterprise number when only that checks);
  3 digits of a known committee = committee; a label beats the length;
- a *cancel verb* (``annuler``) is the global CANCEL command, unless the
  utterance names a declaration, a kind or a period: then it is the CANCEL
  kind (``annuler la déclaration``); ``annulation`` is always the kind,
  ``stop``/``abbrechen`` always the command. An *update verb* (``modifier``)
  is the UPDATE kind, or a correction when a field is named
  (``wijzig datum``); see :mod:`~dialogs.understand.parse`;
- a weekday is the next such day, today included; after "next"
  (``prochain``, ``volgende``, ``nächsten``) strictly after today; a date
  without a year is the next one on or after today, or the past one when it
  was less than a quarter ago;
- ``18h`` alone is a clock time, or planned hours when they are expected,
  the worker type takes them (STU) or it is above 24;
- language codes (``FR``, ``NL``, ``DE``, ``EN``) switch language only said
  alone; language names (``nederlands``, ``auf Deutsch``) anywhere;
- ``IN``, ``ALT``, ``TEA``, ``TRI`` (also common words) count in capitals or
  alone.

Word lists are data, one module per language (``words_fr.py`` ...,
registered in :mod:`~dialogs.understand.lexicon`); any language's words are
understood, the caller's own win a tie.
"""

from __future__ import annotations

import datetime

from core.anomalies import Field
from dialogs.understand.lexicon import phrase_key
from dialogs.understand.numerals import words_to_digits
from dialogs.understand.parse import name_and_address, understand
from dialogs.understand.result import Command, Understood

__all__ = ["Command", "Understood", "fold_name", "name_and_address", "parse_field", "understand",
           "words_to_digits"]


def fold_name(name: str) -> str:
    """A name as the understanding compares it: folded, in lower case, words apart.

    >>> fold_name("De Smet-Chloé  ")
    'de smet chloe'
    """
    return " ".join(w for w in phrase_key(name) if w != "-")


def parse_field(field: Field, text: str, lang: str, today: datetime.date) -> object | None:
    """The value ``text`` gives for ``field``, read as the answer to that question.

    >>> day = datetime.date(2026, 12, 1)
    >>> parse_field(Field.PLANNED_HOURS, "20 heures", "fr", day)
    20
    >>> parse_field(Field.END_DATE, "overmorgen", "nl", day)
    datetime.date(2026, 12, 3)
    >>> parse_field(Field.WORKER, "85.07.31-001.30", "de", day)
    '85073100130'
    >>> parse_field(Field.START_HOUR, "bonjour", "fr", day) is None
    True
    """
    return understand(text, lang, today, expecting=field).values.get(field)
