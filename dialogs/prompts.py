"""Replies as message ids and parameters: prompts, summaries, period lists, results.

Nothing here is a sentence; ``locales`` turns the ids into words late, in the
conversation's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Final

from core.anomalies import Anomaly, Field
from core.clock import BRUSSELS
from core.ids import niss
from core.model import Declaration, Employer, Identity, Kind, Period, Request, Result
from dialogs.turn import Expect, Input, Receipt, Summary, SummaryLine
from locales import Message, message_for

__all__ = ["ask", "expect_for", "period_list", "receipt", "result_messages", "summary"]

#: Keypad length of each field, for voice channels; None means "end with #".
_DIGITS: Final[dict[Field, int | None]] = {
    Field.WORKER: 11, Field.EMPLOYER: None, Field.START_DATE: 8, Field.END_DATE: 8,
    Field.START_HOUR: 4, Field.END_HOUR: 4, Field.PLANNED_HOURS: None, Field.PERIOD: 12,
    Field.USER_ENTERPRISE: 10, Field.COMMITTEE: 3, Field.SUB_ENTITY: 10,
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


def _hours(req: Request, night: bool, target: Period | None = None) -> list[SummaryLine]:
    start, end = req.start_hour, req.end_hour
    if start is None:  # an UPDATE of the end time alone
        if end is None:
            return []
        return [_changed("end_hour", {"end": end}, target.end_hour if target else None)]
    if end is None:
        return [_changed("from_hour", {"start": start}, target.start_hour if target else None)]
    line = _line("hours", {"start": start, "end": end}, "summary.hours.night" if night else "")
    if target is not None and target.start_hour is not None and target.end_hour is not None \
            and (target.start_hour, target.end_hour) != (start, end):
        params = {"start": start, "end": end, "old_start": target.start_hour,
                  "old_end": target.end_hour}
        return [SummaryLine("hours", params, Message("summary.hours.changed", params))]
    return [line]


def _changed(key: str, params: dict[str, object], old: object | None) -> SummaryLine:
    """A line of an UPDATE that changes a value: the new value, and the one it replaces."""
    if old is None or old in params.values():
        return _line(key, params)
    return _line(key, {**params, "old": old}, f"summary.{key}.changed")


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
    """What will be submitted, field by field (the yes/no question is added by the caller).

    ``target`` is the period an OUT, UPDATE or CANCEL acts on: a value it changes
    is shown with the value it replaces ("yes" confirms what was shown).
    """
    lines = []
    if employer:
        lines.append(_line("employer", {"name": employer.name}))
    if req.sub_entity:
        lines.append(_line("sub_entity", {"number": req.sub_entity}))
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
    lines += _dates(req, target if req.kind in (Kind.OUT, Kind.UPDATE) else None)
    night = bool(req.start_hour and req.end_hour and req.end_hour <= req.start_hour)
    lines += _hours(req, night, target if req.kind is Kind.UPDATE else None)
    if req.planned_hours:
        old = target.planned_hours if target and req.kind is Kind.UPDATE else None
        lines.append(_changed("planned", {"hours": req.planned_hours}, old))
    lines += _user(req)
    return Summary(req.kind, tuple(lines))


def _dates(req: Request, target: Period | None) -> list[SummaryLine]:
    lines = []
    if req.start_date:
        lines.append(_changed("start", {"date": req.start_date},
                              target.start_date if target else None))
    if req.end_date:
        if target is not None and target.end_date is None and req.kind is Kind.UPDATE:
            lines.append(_line("end", {"date": req.end_date}, "summary.end.added"))
        else:
            lines.append(_changed("end", {"date": req.end_date},
                                  target.end_date if target else None))
    if req.remove_end_date:
        old = target.end_date if target else None
        lines.append(_line("no_end", {"old": old} if old else {},
                           "summary.no_end.changed" if old else ""))
    return lines


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


def result_messages(decl: Declaration, read_back: Receipt | None = None) -> list[Message]:
    """The answer to a declaration submitted: its receipt (or a short head), then what the
    core said of it (the reasons of a refusal, the warnings)."""
    if read_back is not None:
        head = list(read_back.messages)
    else:
        params = {"number": decl.declaration_id, "period": decl.period_id or "-"}
        head = [Message({Result.REFUSED: "result.refused", Result.PENDING: "result.pending"}.get(
            decl.result, "result.accepted"), params)]
    if decl.result is Result.REFUSED:
        why = [Message("result.refused.why")] if read_back is not None else []
        return [*head, *why, *(anomaly_message(a) for a in decl.anomalies),
                Message("result.refused.todo")]
    if decl.result is Result.WARNING:
        head += [Message("result.warnings"), *(anomaly_message(a) for a in decl.anomalies)]
    return head


def _sent(at: datetime.datetime) -> dict[str, object]:
    local = at.astimezone(BRUSSELS) if at.tzinfo else at
    return {"date": local.date(), "time": local.time().replace(second=0, microsecond=0)}


def _employer_line(employer: Employer) -> SummaryLine:
    numbers = {"enterprise": employer.enterprise_number, "nsso": employer.nsso_number}
    params: dict[str, object] = {"name": employer.name,
                                 **{k: v for k, v in numbers.items() if v}}
    variant = ("receipt.employer.both" if len(params) == 3 else
               "receipt.employer.nsso" if employer.nsso_number else "receipt.employer")
    return _line("employer", params, variant)


def _worker_line(ssin: str | None, worker: Identity | None) -> SummaryLine | None:
    name = f"{worker.first_name} {worker.last_name}" if worker else None
    if ssin and name:
        return _line("worker", {"name": name, "ssin": niss.format(ssin)}, "receipt.worker")
    if ssin:
        return _line("worker", {"ssin": niss.format(ssin)}, "summary.ssin")
    if name:
        return _line("worker", {"name": name}, "receipt.worker.unidentified")
    return None


def _dates_line(period_id: str | None, start: datetime.date | None,
                end: datetime.date | None) -> SummaryLine | None:
    if start is None:
        return None
    params: dict[str, object] = {"start": start, **({"end": end} if end else {})}
    if period_id:
        params["period"] = period_id
        return _line("period", params, "receipt.period" if end else "receipt.period.open")
    return _line("dates", params, "receipt.dates" if end else "receipt.dates.open")


def receipt(decl: Declaration, employer: Employer | None, worker: Identity | None,
            period: Period | None) -> Receipt:
    """The confirmation of receipt of ``decl``, as the NSSO's (status, number, time of
    sending, employer, worker, the period's dates); ``period`` as it stands after it."""
    req = decl.request
    status = {"status": decl.result, "kind": req.kind, "number": decl.declaration_id,
              **_sent(decl.created_at)}
    words = {**status, "status": Message(f"result.{decl.result.value}"),
             "kind": Message(f"kind.{req.kind.value}")}
    lines = [SummaryLine("status", status, Message("receipt.status", words))]
    if decl.result is Result.PENDING:
        lines.append(_line("pending", {}, "receipt.pending"))
    if employer is not None:
        lines.append(_employer_line(employer))
    ssin = period.ssin if period and period.ssin else req.ssin
    person = worker or req.identity
    found = _worker_line(ssin, person)
    if found is not None:
        lines.append(found)
    source: Period | Request = period or req
    dated = _dates_line(period.period_id if period else None, source.start_date,
                        source.end_date)
    if dated is not None:
        lines.append(dated)
    if source.start_hour is not None:
        night = bool(source.end_hour and source.end_hour <= source.start_hour)
        lines += _hours(Request(Kind.IN, start_hour=source.start_hour,
                                end_hour=source.end_hour), night)
    return Receipt(req.kind, decl.result, tuple(lines))
