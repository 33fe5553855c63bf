"""A reply as one SMS: every line whole, within the parts allowed when it can be.

What a caller must see whole -- the summary to confirm, the list of periods,
the reason of a refusal, the receipt -- is never cut and no line of it is
dropped. In order, the first that fits ``max_parts`` SMS parts is sent:

1. every message in full;
2. the same in GSM-7 letters (``ê`` -> ``e``: three times the room of UCS-2);
3. the summary and the receipt in their compact form (short labels, one line per
   field, dates in figures, codes as codes), rendered from the reply's typed
   :class:`~dialogs.turn.Summary` and :class:`~dialogs.turn.Receipt`, then also in
   GSM-7 letters;
4. that compact text whole, over the limit: a longer SMS beats a cut one.

>>> from locales import Message
>>> from dialogs.turn import Reply
>>> sms_text(Reply((Message("cancelled"),), language="nl"), 4)
'Gesprek gestopt: er werd niets verstuurd.'
"""

from __future__ import annotations

import datetime
from typing import Final

from channels.sms.segments import MAX_SEGMENTS, compose, fit
from core.model import Kind
from dialogs.turn import Reply, SummaryLine
from locales import Message, Short, localize

__all__ = ["compact", "sms_text"]

#: The compact text of each line of a summary or a receipt, by its key; a line without one
#: (already short) keeps its full text.
_COMPACT: Final = {
    "employer": "sms.compact.employer", "sub_entity": "sms.compact.sub_entity",
    "worker": "sms.compact.worker", "ssin": "sms.compact.ssin", "period": "sms.compact.period",
    "committee": "sms.compact.committee", "type": "sms.compact.type",
    "start": "sms.compact.start", "end": "sms.compact.end", "no_end": "sms.compact.no_end",
    "hours": "sms.compact.hours", "planned": "sms.compact.planned", "user": "sms.compact.user",
    "dates": "sms.compact.dates",
}


def _short(value: object) -> object:
    """Dates in figures; codes and times as they are."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return Short(value)
    return value


def _compact_line(line: SummaryLine) -> Message:
    """One line of a summary or a receipt in its compact form (the full one if it has none)."""
    params = {name: _short(value) for name, value in line.params.items()}
    if line.key == "status":
        kind = params["kind"]
        return Message("sms.compact.status", {
            **params, "status": Message(f"result.{params['status']}"),
            "kind": kind.value if isinstance(kind, Kind) else kind})
    message_id = _COMPACT.get(line.key)
    if message_id is None:
        return line.message
    message_id, params = _shaped(line.key, message_id, params)
    shown = Message(message_id, params)
    if "old_start" in params:  # hours changed
        old: object = Message("sms.compact.hours", {"start": params["old_start"],
                                                    "end": params["old_end"]})
    elif "old" in params:
        old = params["old"]
    else:
        return shown
    return Message("sms.compact.changed", {"new": shown, "old": old})


def _shaped(key: str, message_id: str, params: dict[str, object]
            ) -> tuple[str, dict[str, object]]:
    """The compact text of a line and its parameters, by what the line holds."""
    if key in ("committee", "type"):
        return message_id, {"code": params[key]}
    if key == "user":
        named = "name" in params and "number" not in params
        return message_id + (".named" if named else ""), {**params, "code": params["committee"]}
    if key == "employer" and ("enterprise" in params or "nsso" in params):
        numbers = "/".join(str(params[k]) for k in ("enterprise", "nsso") if k in params)
        return "sms.compact.employer.numbers", {"name": params["name"], "numbers": numbers}
    if key == "worker":
        if "name" not in params:
            return "sms.compact.ssin", params
        return message_id + (".ssin" if "ssin" in params else ""), params
    if key in ("dates", "period"):
        return message_id + ("" if "end" in params else ".open"), params
    if key == "hours":
        start, end = params["start"], params["end"]
        night = isinstance(start, datetime.time) and isinstance(end, datetime.time) and \
            end <= start
        return message_id + (".night" if night else ""), params
    return message_id, params


def compact(reply: Reply) -> list[Message]:
    """The reply's messages, the lines of its summary and receipt in their compact form."""
    lines = [*(reply.summary.lines if reply.summary else ()),
             *(reply.receipt.lines if reply.receipt else ())]
    out = []
    for message in reply.messages:
        line = next((line for line in lines if line.message == message), None)
        out.append(message if line is None else _compact_line(line))
    return out


def sms_text(reply: Reply, max_parts: int = MAX_SEGMENTS) -> str:
    """The SMS of a reply: whole, in full or compact, within ``max_parts`` when it can be."""
    lang = reply.language
    full = [localize(m, lang) for m in reply.messages]
    text = fit(full, max_parts)
    if text is not None:
        return text
    if reply.summary or reply.receipt:
        return compose([localize(m, lang) for m in compact(reply)], max_parts)
    return compose(full, max_parts)
