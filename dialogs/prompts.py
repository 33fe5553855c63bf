"""Replies as message ids and parameters: prompts, summaries, period lists, results.

Nothing here is a sentence; ``locales`` turns the ids into words late, in the
conversation's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from core.anomalies import Anomaly, Field
from core.ids import niss
from core.model import Declaration, Employer, Identity, Period, Request, Result
from dialogs.turn import Expect, Input, Summary, SummaryLine
from locales import Message, message_for

__all__ = ["ask", "expect_for", "period_list", "result_messages", "summary"]

#: Keypad length of each field, for voice channels; None means "end with #".
_DIGITS: Final[dict[Field, int | None]] = {
    Field.WORKER: 11, Field.EMPLOYER: None, Field.START_DATE: 8, Field.END_DATE: 8,
    Field.START_HOUR: 4, Field.END_HOUR: 4, Field.PLANNED_HOURS: None, Field.PERIOD: 12,
    Field.USER_ENTERPRISE: 10, Field.COMMITTEE: 3,
}


def expect_for(field: Field) -> Expect:
    if field in _DIGITS:
        return Expect(Input.DIGITS, _DIGITS[field], None, field.value)
    return Expect(Input.TEXT, None, None, field.value)


def ask(field: Field, retries: int = 0) -> list[Message]:
    """The question for a field; from the second try on, with an example."""
    messages = [Message(f"ask.{field.value}")]
    if retries >= 2:
        messages.append(Message(f"example.{field.value}"))
    return messages


def anomaly_message(anomaly: Anomaly) -> Message:
    return message_for(anomaly)


def _line(key: str, params: dict[str, object] | None = None, message: str = "") -> SummaryLine:
    params = params or {}
    return SummaryLine(key, params, Message(message or f"summary.{key}", params))


def _hours(req: Request, night: bool) -> list[SummaryLine]:
    start, end = req.start_hour, req.end_hour
    if start is None:  # an UPDATE of the end time alone
        return [_line("end_hour", {"end": end})] if end is not None else []
    if end is None:
        return [_line("from_hour", {"start": start})]
    if night:
        return [_line("hours", {"start": start, "end": end}, "summary.hours.night")]
    return [_line("hours", {"start": start, "end": end})]


def _user(req: Request) -> list[SummaryLine]:
    if not (req.user_enterprise or req.user_committee or req.user_name):
        return []
    committee = req.user_committee or "-"
    if req.user_enterprise:
        return [_line("user", {"number": req.user_enterprise, "committee": committee})]
    return [_line("user", {"name": req.user_name or "-", "address": req.user_address or "-",
                           "committee": committee}, "summary.user.named")]


def summary(req: Request, employer: Employer | None, worker: Identity | None,
            target: Period | None) -> Summary:
    """What will be submitted, field by field (the yes/no question is added by the caller)."""
    lines = []
    if employer:
        lines.append(_line("employer", {"name": employer.name}))
    if worker:
        lines.append(_line("worker", {"name": f"{worker.first_name} {worker.last_name}"}))
    elif req.ssin:
        lines.append(_line("ssin", {"ssin": niss.format(req.ssin)}))
    if target:
        lines.append(_line("period", {"period": target.period_id, "start": target.start_date}))
    if req.committee:
        lines.append(_line("committee", {"committee": req.committee}))
    if req.worker_type or target:
        lines.append(_line("type", {"type": req.worker_type or target.worker_type}))  # type: ignore[union-attr]
    if req.start_date:
        lines.append(_line("start", {"date": req.start_date}))
    if req.end_date:
        lines.append(_line("end", {"date": req.end_date}))
    if req.remove_end_date:
        lines.append(_line("no_end"))
    night = bool(req.start_hour and req.end_hour and req.end_hour <= req.start_hour)
    lines += _hours(req, night)
    if req.planned_hours:
        lines.append(_line("planned", {"hours": req.planned_hours}))
    lines += _user(req)
    return Summary(req.kind, tuple(lines))


def period_list(periods: Sequence[Period]) -> list[Message]:
    out = [Message("pick.period")]
    for n, p in enumerate(periods, start=1):
        params = {"n": str(n), "start": p.start_date, "type": p.worker_type,
                  "period": p.period_id}
        if p.end_date is None:
            out.append(Message("pick.period.item.open", params))
        else:
            out.append(Message("pick.period.item", {**params, "end": p.end_date}))
    return out


def result_messages(decl: Declaration) -> list[Message]:
    params = {"number": decl.declaration_id, "period": decl.period_id or "-"}
    if decl.result is Result.REFUSED:
        return [Message("result.refused", params),
                *(anomaly_message(a) for a in decl.anomalies), Message("result.refused.todo")]
    if decl.result is Result.PENDING:
        return [Message("result.pending", params)]
    head = [Message("result.accepted", params)]
    if decl.result is Result.WARNING:
        head += [Message("result.warnings"), *(anomaly_message(a) for a in decl.anomalies)]
    return head
