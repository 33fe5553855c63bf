"""The personnel file in a browser: an employer's periods by worker, filtered, with the
declarations of each, and the same rows as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlencode

from aiohttp import web

from channels.web.draft import parse_date
from channels.web.pages import Page, offered_employers, page, render
from channels.web.rights import may_see
from core import reference as ref
from core.model import Declaration, Employer, Identity, Period, PeriodStatus

__all__ = ["CSV_COLUMNS", "routes"]

routes = web.RouteTableDef()

#: The export's columns, named as in the REST API.
CSV_COLUMNS: Final = ("periodId", "ssin", "lastName", "firstName", "jointCommissionNumber",
                      "workerType", "startDate", "endDate", "startHour", "endHour",
                      "plannedHoursNumber", "userEnterpriseNumber", "status", "declarations")
_FILTERS: Final = ("employer", "from", "to", "type", "status")


@dataclass(slots=True)
class Row:
    period: Period
    history: list[Declaration] = field(default_factory=list)


@dataclass(slots=True)
class Worker:
    ssin: str | None
    last_name: str
    first_name: str
    rows: list[Row] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()


def _matches(period: Period, query: dict[str, str]) -> bool:
    """Whether a period passes the filters: it overlaps the dates, has the type and status."""
    first, last = parse_date(query.get("from", "")), parse_date(query.get("to", ""))
    if last and period.start_date > last:
        return False
    if first and period.end_date is not None and period.end_date < first:
        return False
    if query.get("type") and period.worker_type != query["type"]:
        return False
    return not (query.get("status") and period.status.value != query["status"])


def _names(person: Identity | None, decls: Iterable[Declaration]) -> tuple[str, str]:
    """The worker's name: the registry's, else the one a declaration without NISS gave."""
    given = person or next((d.request.identity for d in decls if d.request.identity), None)
    return (given.last_name, given.first_name) if given else ("", "")


async def file_of(page_: Page, employer: Employer, query: dict[str, str]) -> list[Worker]:
    """The employer's periods that pass the filters, by worker, each with its history."""
    service = page_.parts.service
    history = await service.history(employer)
    by_period: dict[str, list[Declaration]] = {}
    for decl in history:
        pid = decl.period_id or decl.request.period_id
        if pid:
            by_period.setdefault(pid, []).append(decl)
    workers: dict[str, Worker] = {}
    for period in await service.periods(employer):
        if not _matches(period, query):
            continue
        key = period.ssin or f"period:{period.period_id}"
        if key not in workers:
            person = await service.identity(period.ssin) if period.ssin else None
            workers[key] = Worker(period.ssin, *_names(person, by_period.get(period.period_id,
                                                                               [])))
        workers[key].rows.append(Row(period, by_period.get(period.period_id, [])))
    return sorted(workers.values(), key=lambda w: (w.name.lower(), w.ssin or ""))


async def _employer(page_: Page, number: str) -> Employer | None:
    """The employer asked for, if this visitor may see it (else as if it did not exist)."""
    employer = await page_.parts.service.employer(number) if number else None
    if employer is None or not may_see(page_.principal, employer):
        return None
    return employer


def _query(request: web.Request) -> dict[str, str]:
    return {k: request.query.get(k, "").strip() for k in _FILTERS if request.query.get(k)}


@routes.get("/personnel")
async def personnel(request: web.Request) -> web.StreamResponse:
    return await page(_personnel)(request)


async def _personnel(request: web.Request, page_: Page) -> web.StreamResponse:
    query = _query(request)
    offered = await offered_employers(page_)
    if "employer" not in query and len(offered) == 1:
        query["employer"] = offered[0].number
    employer = await _employer(page_, query.get("employer", ""))
    if query.get("employer") and employer is None:
        raise web.HTTPNotFound()
    workers = await file_of(page_, employer, query) if employer else []
    data: dict[str, Any] = {
        "employers": offered, "employer": employer, "query": query, "errors": {},
        "workers": workers, "count": sum(len(w.rows) for w in workers),
        "types": tuple(ref.WORKER_TYPES), "statuses": [s.value for s in PeriodStatus],
        "query_string": urlencode(query)}
    return render(page_, "personnel.html", data)


@routes.get("/personnel.csv")
async def export(request: web.Request) -> web.StreamResponse:
    return await page(_export)(request)


def _hour(value: Any) -> str:
    return value.strftime("%H:%M") if value is not None else ""


async def _export(request: web.Request, page_: Page) -> web.StreamResponse:
    query = _query(request)
    employer = await _employer(page_, query.get("employer", ""))
    if employer is None:
        raise web.HTTPNotFound()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for worker in await file_of(page_, employer, query):
        for row in worker.rows:
            p = row.period
            writer.writerow([
                p.period_id, p.ssin or "", worker.last_name, worker.first_name, p.committee,
                p.worker_type,
                p.start_date.isoformat(), p.end_date.isoformat() if p.end_date else "",
                _hour(p.start_hour), _hour(p.end_hour), p.planned_hours or "",
                p.user_enterprise or "", p.status.value,
                " ".join(f"{d.declaration_id}:{d.request.kind.value}:{d.result.value}"
                         for d in row.history)])
    name = f"personnel-{employer.number}.csv"
    return web.Response(text=out.getvalue(), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
