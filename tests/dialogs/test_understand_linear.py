"""Understanding is linear in the length of a message: work counted, never timed.

The work is the number of Python function calls (and C calls) made while
understanding, counted with ``sys.setprofile``: deterministic, unlike a clock.
The test reads how the work grows: going from 800 to 1,600 characters must
add about twice what going from 400 to 800 added (linear: 2; any quadratic
part pushes it towards 4, whatever the constant overhead). Work inside one C
call (a regular expression, a join) is one call here: ``bench/understand.py``
prints the milliseconds for a 1,600-character SMS.
"""

from __future__ import annotations

import datetime
import random
import sys
from collections.abc import Callable
from types import FrameType

import pytest

from dialogs.understand import understand
from dialogs.understand.parse import forget

TODAY = datetime.date(2026, 12, 1)
SIZES = (400, 800, 1_600)
#: What doubling the text may add, against what the previous doubling added (linear: 2).
MAX_GROWTH = 2.4


def _calls(run: Callable[[], object]) -> int:
    """How many calls ``run`` makes, Python and C."""
    calls = 0

    def count(_frame: FrameType, _event: str, _arg: object) -> None:
        nonlocal calls
        calls += 1

    sys.setprofile(count)
    try:
        run()
    finally:
        sys.setprofile(None)
    return calls


def _work(text: str, lang: str) -> int:
    forget()  # the reading itself, not the memo of an earlier one
    return _calls(lambda: understand(text, lang, TODAY))


def _digits(rng: random.Random, size: int) -> str:
    return " ".join(str(rng.randint(0, 9)) for _ in range(size))[:size]


def _groups(rng: random.Random, size: int) -> str:
    return " ".join(str(rng.randint(0, 99_999)) for _ in range(size))[:size]


def _glued(rng: random.Random, size: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(size))[:size]


def _repeat(piece: str) -> Callable[[random.Random, int], str]:
    return lambda _rng, size: (piece * (size // len(piece) + 1))[:size]


SHAPES: dict[str, Callable[[random.Random, int], str]] = {
    "digits and spaces": _digits,
    "digit groups": _groups,
    "one long number": _glued,
    "one-message IN": _repeat("IN 0403199702 85073100130 302 EXT 15/12 18h-23h oui bla "),
    "dates and times": _repeat("15/12 18:30 - 1/1 du 2 au 5 janvier de 6pm till 11 "),
    "words and typos": _repeat("le la de demian extar étudiant au lieu de utilisateur "),
    "labels": _repeat("niss 85 07 31 001 30 pc 302 cp 3 0 2 début 15/12 fin "),
}


def _growth(work: Callable[[int], int]) -> float:
    """The work the last doubling added, over the work the one before added."""
    small, middle, big = (work(size) for size in SIZES)
    return (big - middle) / (middle - small)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("lang", ["fr", "nl", "de", "en"])
def test_twice_the_text_adds_twice_the_work(shape: str, lang: str) -> None:
    def work(size: int) -> int:
        text = SHAPES[shape](random.Random(1), size)
        assert len(text) == size
        return _work(text, lang)

    growth = _growth(work)
    assert growth < MAX_GROWTH, f"{shape}: the work grows {growth:.2f} times per doubling"


def test_the_counter_sees_quadratic_work() -> None:
    """The check fails on a quadratic step, e.g. every prefix of the digit groups joined."""
    def quadratic(text: str) -> None:
        groups = text.split()
        for end in range(len(groups)):
            [len("".join(groups[:n])) for n in range(end)]

    def work(size: int) -> int:
        text = _digits(random.Random(1), size)
        return _calls(lambda: quadratic(text))

    assert _growth(work) > MAX_GROWTH
