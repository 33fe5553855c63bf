"""Digits that ``str.isdigit`` takes and ``int()`` refuses ('²') are words to the dialog,
never a crash: the dialog reads digits with the core's one check (``core.ids.is_digits``)."""

from __future__ import annotations

import datetime

from dialogs.understand.times import keyed


def test_a_keyed_time_of_superscript_digits_is_no_time() -> None:
    assert keyed("1\u00b2") is None
    assert keyed("1730") == datetime.time(17, 30)

