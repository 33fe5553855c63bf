"""Words for the core's anomalies, which carry a code and parameters only.

The text is chosen from the most specific to the most general:

1. ``anomaly.<code>.<variant>``, when the parameters call for a variant
   (which identifier a ``kind`` names; whether a worker type opens or
   closes on a date);
2. ``anomaly.<code>``, the text written for that anomaly;
3. ``problem.<number>``, a generic text by problem number, with the label of
   the anomaly's field;
4. ``anomaly.other``, quoting the code, so a new code never breaks a reply.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Final

from core.anomalies import Anomaly, error_id
from locales._base import Message
from locales._render import localize
from locales.texts import TEXTS

__all__ = ["describe", "message_for", "nsso_anomaly"]

#: How the core writes an open start of validity (``date.min``).
_OPEN_START: Final = datetime.date.min.isoformat()


def describe(anomaly: Anomaly, lang: str) -> str:
    """What is wrong with the declaration, and what to do, in ``lang``.

    >>> from core.anomalies import Field, Problem, field_anomaly
    >>> cancelled = field_anomaly(Field.PERIOD, Problem.ALREADY_CANCELLED, periodId="100000000162")
    >>> print(describe(cancelled, "fr"))
    La période 100000000162 est déjà annulée : il n'y a plus rien à faire.
    >>> print(describe(cancelled, "nl"))
    Periode 100000000162 is al geannuleerd: u hoeft niets meer te doen.
    """
    return localize(message_for(anomaly), lang)


def nsso_anomaly(anomaly: Anomaly) -> dict[str, str | None]:
    """What the NSSO's REST answer says of an anomaly: ``errorId`` (the official id
    where the reference gives one, else None) and its words in French and Dutch.

    >>> from core.anomalies import Field, Problem, field_anomaly
    >>> out = nsso_anomaly(field_anomaly(Field.PERIOD, Problem.ALREADY_CANCELLED,
    ...                                  periodId="100000000162"))
    >>> out["errorId"], out["labelNl"]
    ('00913-355', 'Periode 100000000162 is al geannuleerd: u hoeft niets meer te doen.')
    """
    return {"errorId": error_id(anomaly.code), "labelFr": describe(anomaly, "fr"),
            "labelNl": describe(anomaly, "nl")}


def message_for(anomaly: Anomaly) -> Message:
    """The message that words ``anomaly``, for callers that render later.

    >>> from core.anomalies import Field, Problem, field_anomaly
    >>> message_for(field_anomaly(Field.WORKER, Problem.CHECKSUM, kind="niss")).id
    'anomaly.00024-904'
    >>> message_for(field_anomaly(Field.USER_NAME, Problem.MISSING))
    Message(id='problem.901', params={'field': 'userName'})
    """
    for message in _candidates(anomaly):
        if message.id in TEXTS:
            return message
    raise AssertionError("unreachable: anomaly.other is always registered")


def _candidates(anomaly: Anomaly) -> Iterator[Message]:
    params = dict(anomaly.params)
    variant = _variant(params)
    if variant:
        yield Message(f"anomaly.{anomaly.code}.{variant}", params)
    yield Message(f"anomaly.{anomaly.code}", params)
    number = anomaly.code.partition("-")[2]
    if anomaly.field is not None and number:
        yield Message(f"problem.{number}", {**params, "field": anomaly.field.value})
    yield Message("anomaly.other", {**params, "code": anomaly.code})


def _variant(params: dict[str, str | int]) -> str | None:
    """Which wording the parameters ask for, if the code has several."""
    if "kind" in params:
        return str(params["kind"])
    if params.get("since", _OPEN_START) != _OPEN_START:
        return "since"
    if "until" in params:
        return "until"
    return None
