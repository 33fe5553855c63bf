"""Understanding alone, by message length: ``python bench/understand.py [--runs N]``.

Prints one JSON line: for each shape of message (digits and spaces, a
one-message IN repeated, words) and each length up to 1,600 characters (the
longest SMS Twilio takes), the median milliseconds ``understand`` takes.
``tests/dialogs/test_understand_linear.py`` checks that the work is linear;
this prints what it costs. Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dialogs.understand import understand
from dialogs.understand.parse import forget

TODAY = datetime.date(2026, 12, 1)
LENGTHS = (100, 400, 1_600)


def _shape(name: str, size: int) -> str:
    rng = random.Random(size)
    if name == "digits":
        return " ".join(str(rng.randint(0, 9)) for _ in range(size))[:size]
    piece = {"sms": "IN 0403199702 85073100130 302 EXT 15/12 18h-23h ",
             "words": "l'extra de demain finit à 23h30 au lieu de 23h "}[name]
    return (piece * (size // len(piece) + 1))[:size]


def _median_ms(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        forget()  # the reading itself, not the memo of the last one
        start = time.perf_counter()
        understand(text, "fr", TODAY)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    understand("warm up", "fr", TODAY)
    figures = {name: {size: _median_ms(_shape(name, size), args.runs) for size in LENGTHS}
               for name in ("digits", "sms", "words")}
    print(json.dumps({"understand_ms": figures}))


if __name__ == "__main__":
    main()
