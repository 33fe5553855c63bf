"""The web Dimona: the screens of the NSSO's non-secured form, on the core's rules.

The screens, as in the manual: the employer and the kind of declaration
(``start``), the employer found to confirm (and its sub-entity), the worker (the
NISS, or the identity form without one), for an IN the characteristics (the
committee, then the worker types it accepts) and the dates, for an OUT, UPDATE or
CANCEL the worker's live periods to choose from and what changes, then the overview
to confirm, then the receipt. Each screen is ``/dimona/<token>/<screen>``: GET shows
it, POST takes its values and goes on, or shows each problem at its field in the
page's language. The overview shows the core's verdict before anything is filed
(:meth:`core.service.Declarations.preview`); only its confirmation files, and only
the declaration whose overview was shown.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from aiohttp import web

from channels.web.draft import (
    CHANGES,
    IDENTIFIED_BY,
    PERIOD_TYPED,
    REMOVE_END,
    USER_ADDRESS,
    WORKER_MODE,
    Draft,
    digest,
    request,
)
from channels.web.pages import Page, offered_employers, page, render
from channels.web.rights import may_see
from core import reference as ref
from core.anomalies import IDENTITY_FIELDS, Anomaly, Field, Problem, field_anomaly
from core.clock import BRUSSELS
from core.errors import NotAllowed
from core.model import Declaration, Employer, Kind, Period, Request, Result
from core.rules import check_draft, needed_fields, offered_fields
from core.service import normalized
from locales import Message, message_for

__all__ = ["routes"]

_IN: Final = ("start", "employer", "worker", "features", "period", "summary")
_CHANGE: Final = ("start", "employer", "worker", "pick", "period", "summary")
_CANCEL: Final = ("start", "employer", "worker", "pick", "summary")
#: The fields each screen asks, as the core names them.
_OWNS: Final[dict[str, tuple[Field, ...]]] = {
    "start": (Field.EMPLOYER,),
    "employer": (Field.SUB_ENTITY,),
    "worker": (Field.WORKER, Field.IDENTITY, *IDENTITY_FIELDS),
    "features": (Field.COMMITTEE, Field.WORKER_TYPE, Field.USER_ENTERPRISE,
                 Field.USER_COMMITTEE, Field.USER_NAME),
    "pick": (Field.PERIOD,),
    "period": CHANGES,
    "summary": (),
}
#: The form names each screen sends.
_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "start": (Field.EMPLOYER, IDENTIFIED_BY, Field.PERIOD),
    "employer": (Field.SUB_ENTITY,),
    "worker": (WORKER_MODE, Field.WORKER, *IDENTITY_FIELDS),
    "features": (*_OWNS["features"], USER_ADDRESS),
    "pick": (Field.PERIOD,),
    "period": (*CHANGES, REMOVE_END),
    "summary": (),
}
_PROGRESS: Final = {"start": "employer", "employer": "employer", "worker": "worker",
                    "features": "features", "pick": "pick", "period": "period",
                    "summary": "summary"}

routes = web.RouteTableDef()


def flow(draft: Draft) -> tuple[str, ...]:
    """The screens of this draft, in order; a period typed at the start needs no search."""
    screens: tuple[str, ...] = _IN if draft.kind is Kind.IN else \
        _CANCEL if draft.kind is Kind.CANCEL else _CHANGE
    if draft.kind is not Kind.IN and draft.get(PERIOD_TYPED):
        screens = tuple(s for s in screens if s not in ("worker", "pick"))
    return screens


def owner(fld: Field | None, screens: Sequence[str], here: str) -> str:
    """The screen that asks ``fld``; a problem of no field belongs to the screen shown.

    >>> owner(Field.PERIOD, _CHANGE, "summary"), owner(Field.PERIOD, ("start", "summary"), "x")
    ('pick', 'start')
    """
    if fld is Field.PERIOD:
        return "pick" if "pick" in screens else "start"
    for screen in screens:
        if fld is not None and fld in _OWNS[screen]:
            return screen
    return here


@dataclass(slots=True)
class Fault:
    """A problem to show: where (a field, or the top of the page), and its words."""

    field: str | None
    message: Message
    screen: str


@dataclass(slots=True)
class Context:
    """What a screen knows: the draft, its employer and target period, its request."""

    page: Page
    draft: Draft
    employer: Employer | None = None
    target: Period | None = None
    req: Request = field(default_factory=lambda: Request(Kind.IN))
    unread: list[Anomaly] = field(default_factory=list)

    @property
    def service(self) -> Any:
        return self.page.parts.service

    @property
    def today(self) -> Any:
        return self.page.parts.clock.now().astimezone(BRUSSELS).date()


async def _context(page_: Page, draft: Draft) -> Context:
    ctx = Context(page_, draft)
    number = draft.get(Field.EMPLOYER)
    ctx.employer = await ctx.service.employer(number) if number else None
    if draft.kind is not Kind.IN and ctx.employer is not None and draft.get(Field.PERIOD):
        found = await ctx.service.period(ctx.employer, _compact_period(draft))
        ctx.target = found if found is not None and found.is_live else None
    ctx.req, ctx.unread = request(draft, ctx.target)
    return ctx


def _compact_period(draft: Draft) -> str:
    return "".join(ch for ch in draft.get(Field.PERIOD) if ch.isdigit())


async def _live(ctx: Context, ssin: str | None) -> list[Period]:
    """The employer's live periods (of one worker, when ``ssin`` is given)."""
    if ctx.employer is None:
        return []
    return [p for p in await ctx.service.periods(ctx.employer, ssin) if p.is_live]


# ------------------------------------------------------------------ problems


def _words(anomaly: Anomaly) -> Message:
    return message_for(anomaly)


async def problems(ctx: Context, here: str) -> list[Fault]:
    """Everything wrong on this screen and the ones before it, each at its field."""
    screens = flow(ctx.draft)
    upto = screens.index(here)
    found = [a for a in ctx.unread + check_draft(ctx.req, ctx.today) if a.is_error]
    found += [field_anomaly(f, Problem.MISSING) for f in needed_fields(ctx.req, ctx.employer)]
    extra = await _web_problems(ctx, screens)
    out: list[Fault] = []
    for fld, message in [(a.field, _words(a)) for a in found] + extra:
        screen = owner(fld, screens, here)
        fault = Fault(fld.value if fld else None, message, screen)
        if screens.index(screen) <= upto and fault not in out:
            out.append(fault)
    return out


async def _web_problems(ctx: Context, screens: Sequence[str]) -> list[tuple[Field | None,
                                                                           Message]]:
    """What the form checks beyond the core's field checks: the employer is known and
    this visitor's; the worker and period of a change are found in its personnel file."""
    out: list[tuple[Field | None, Message]] = []
    draft, formats = ctx.draft, {a.field for a in check_draft(ctx.req, ctx.today)}
    if draft.get(Field.EMPLOYER) and Field.EMPLOYER not in formats:
        if ctx.employer is None:
            out.append((Field.EMPLOYER, _words(field_anomaly(Field.EMPLOYER, Problem.UNKNOWN))))
        elif not may_see(ctx.page.principal, ctx.employer):
            out.append((Field.EMPLOYER, Message("web.error.not_yours")))
    if draft.kind is Kind.IN or ctx.employer is None:
        return out
    if "worker" in screens and not draft.get(Field.WORKER):
        out.append((Field.WORKER, _words(field_anomaly(Field.WORKER, Problem.MISSING))))
    if draft.get(Field.PERIOD) and Field.PERIOD not in formats and ctx.target is None:
        out.append((Field.PERIOD, _words(field_anomaly(Field.PERIOD, Problem.UNKNOWN,
                                                       periodId=draft.get(Field.PERIOD)))))
    if draft.kind is Kind.UPDATE and ctx.target is not None and "period" in draft.values:
        req = ctx.req
        if not req.remove_end_date and all(getattr(req, n) is None for n in _CHANGED):
            out.append((None, _words(Anomaly(f"00913-{Problem.NOTHING.value}",
                                             params={"periodId": ctx.target.period_id}))))
    return out


_CHANGED: Final = ("start_date", "end_date", "start_hour", "end_hour", "planned_hours")


# ------------------------------------------------------------------ drafts


async def _load(page_: Page, token: str) -> Draft | None:
    raw = await page_.parts.drafts.load_conversation(f"web:{token}")
    draft = Draft.from_json(raw) if raw else None
    if draft is None or draft.browser != page_.browser:
        return None
    return draft


async def _save(page_: Page, draft: Draft) -> None:
    await page_.parts.drafts.save_conversation(draft.key, draft.to_json(),
                                               page_.parts.clock.now())


def _url(draft: Draft, screen: str) -> str:
    return f"/dimona/{draft.token}/{screen}"


def _take(draft: Draft, screen: str, form: Any) -> None:
    """The values a screen sent; a box left unticked sends nothing and counts as empty."""
    for name in _NAMES[screen]:
        draft.values[str(name)] = str(form.get(str(name), "")).strip()
    if screen == "start":
        draft.values[PERIOD_TYPED] = "1" if draft.get(Field.PERIOD) else ""
    if screen == "worker" and draft.kind is not Kind.IN:
        draft.values[WORKER_MODE] = "niss"
        if form.get("pickSsin"):  # a worker of the personnel file, chosen by name
            draft.values[Field.WORKER.value] = str(form["pickSsin"])
    if screen == "period":
        draft.values["period"] = "1"  # the changes were given (an UPDATE may change nothing)


# ------------------------------------------------------------------ the screens


def _kinds(page_: Page) -> list[dict[str, str]]:
    return [{"value": k.value, "label": page_.t(f"kind.{k.value}"),
             "help": page_.t(f"web.kind.{k.value}")} for k in Kind]


@routes.get("/dimona")
async def start(request: web.Request) -> web.StreamResponse:
    return await page(_start_new)(request)


async def _start_new(request: web.Request, page_: Page) -> web.StreamResponse:
    draft = Draft("", Kind.IN, page_.browser)
    return await _show(page_, draft, "start", [])


@routes.post("/dimona")
async def start_post(request: web.Request) -> web.StreamResponse:
    return await page(_start_post)(request)


async def _start_post(request: web.Request, page_: Page) -> web.StreamResponse:
    form = await request.post()
    kind = str(form.get("kind", ""))
    draft = Draft(secrets.token_urlsafe(18), Kind(kind) if kind in Kind.__members__ else Kind.IN,
                  page_.browser)
    return await _advance(page_, draft, "start", form)


@routes.get("/dimona/{token}/{screen}")
async def screen_get(request: web.Request) -> web.StreamResponse:
    return await page(_screen_get)(request)


async def _screen_get(request: web.Request, page_: Page) -> web.StreamResponse:
    draft, screen = await _found(page_)
    if draft.filed:
        raise web.HTTPSeeOther(f"/dimona/receipt/{draft.filed}")
    return await _show(page_, draft, screen, [])


async def _found(page_: Page) -> tuple[Draft, str]:
    info = page_.request.match_info
    draft = await _load(page_, info["token"])
    if draft is None:
        raise web.HTTPSeeOther("/dimona?gone=1")
    if info["screen"] not in flow(draft):
        raise web.HTTPNotFound()
    return draft, info["screen"]


@routes.post("/dimona/{token}/{screen}")
async def screen_post(request: web.Request) -> web.StreamResponse:
    return await page(_screen_post)(request)


async def _screen_post(request: web.Request, page_: Page) -> web.StreamResponse:
    form = await request.post()
    draft, screen = await _found(page_)
    action = str(form.get("action", "next"))
    if action == "discard":
        await page_.parts.drafts.delete_conversation(draft.key)
        raise web.HTTPSeeOther("/dimona")
    if screen == "summary":
        return await _confirm(page_, draft, str(form.get("shown", "")))
    if screen == "start":
        kind = str(form.get("kind", ""))
        draft.kind = Kind(kind) if kind in Kind.__members__ else draft.kind
    if action == "back":
        _take(draft, screen, form)
        await _save(page_, draft)
        screens = flow(draft)
        raise web.HTTPSeeOther(_url(draft, screens[max(screens.index(screen) - 1, 0)]))
    if action == "refresh":  # the worker types of the committee chosen, without JavaScript
        _take(draft, screen, form)
        await _save(page_, draft)
        return await _show(page_, draft, screen, [])
    return await _advance(page_, draft, screen, form)


async def _advance(page_: Page, draft: Draft, screen: str, form: Any) -> web.StreamResponse:
    """Take a screen's values; on to the next screen, or this one again with its problems."""
    _take(draft, screen, form)
    ctx = await _context(page_, draft)
    found = await problems(ctx, screen)
    await _save(page_, draft)
    if found:
        return await _show(page_, draft, screen, found, ctx, status=422)
    screens = flow(draft)
    raise web.HTTPSeeOther(_url(draft, screens[screens.index(screen) + 1]))


async def _show(page_: Page, draft: Draft, screen: str, found: list[Fault],
                ctx: Context | None = None, status: int = 200, changed: bool = False
                ) -> web.Response:
    ctx = ctx or await _context(page_, draft)
    data: dict[str, Any] = {
        "draft": draft, "screen": screen, "values": draft.values, "employer": ctx.employer,
        "target": ctx.target, "kind": draft.kind.value, "kinds": _kinds(page_),
        "action": _url(draft, screen) if draft.token else "/dimona",
        "errors": _at_fields(found), "top": [p for p in found if p.field is None
                                             or p.screen != screen],
        "progress": _progress(draft, screen),
        "gone": page_.request.query.get("gone") == "1", "changed": changed,
    }
    data.update(await _SCREENS[screen](ctx))
    return render(page_, f"dimona/{screen}.html", data, status=status)


def _at_fields(found: Iterable[Fault]) -> dict[str, list[Message]]:
    out: dict[str, list[Message]] = {}
    for problem in found:
        if problem.field is not None:
            out.setdefault(problem.field, []).append(problem.message)
    return out


def _progress(draft: Draft, here: str) -> list[dict[str, Any]]:
    steps = list(dict.fromkeys(_PROGRESS[s] for s in flow(draft)))
    current = steps.index(_PROGRESS[here])
    return [{"id": s, "n": n + 1, "state": "done" if n < current else
             "current" if n == current else "todo"} for n, s in enumerate(steps)]


async def _start_data(ctx: Context) -> dict[str, Any]:
    return {"employers": await offered_employers(ctx.page)}


async def _employer_data(ctx: Context) -> dict[str, Any]:
    subs = ctx.employer.sub_entities if ctx.employer else ()
    return {"sub_options": [(code, code, {}) for code in subs]}


async def _worker_data(ctx: Context) -> dict[str, Any]:
    people: list[tuple[str, str]] = []
    if ctx.draft.kind is not Kind.IN and ctx.employer is not None:
        seen = {}
        for period, person in await ctx.service.personnel(ctx.employer):
            if period.ssin and period.ssin not in seen:
                seen[period.ssin] = f"{person.last_name} {person.first_name}" if person else ""
        people = sorted(seen.items(), key=lambda item: item[1])
    return {"people": people, "mode": ctx.draft.get(WORKER_MODE) or "niss",
            "identity_fields": IDENTITY_FIELDS,
            "required": {f.value for f in IDENTITY_FIELDS
                         if f not in (Field.INITIAL, Field.POST_BOX)}}


async def _features_data(ctx: Context) -> dict[str, Any]:
    committee = ctx.draft.get(Field.COMMITTEE)
    allowed = ref.allowed_types(committee) if committee in ref.COMMITTEES else None
    types = [code for code in ref.WORKER_TYPES if allowed is None or code in allowed]
    return {"committees": ref.COMMITTEES, "types": types,
            "allowed": {c: " ".join(sorted(ref.allowed_types(c))) for c in ref.COMMITTEES},
            "type_committees": {t: " ".join(c for c in ref.COMMITTEES
                                            if t in ref.allowed_types(c))
                                for t in ref.WORKER_TYPES},
            "agency": ref.AGENCY, "user_committees": ref.USER_COMMITTEES}


async def _pick_data(ctx: Context) -> dict[str, Any]:
    ssin = "".join(ch for ch in ctx.draft.get(Field.WORKER) if ch.isdigit()) or None
    return {"periods": await _live(ctx, ssin) if ssin else []}


def period_fields(req: Request, today: Any) -> list[tuple[Field, bool]]:
    """The date and hour fields of a period of this committee and type, and whether each
    is required: asked of the core (:func:`core.rules.needed_fields`), never repeated here.
    The dates are always there; an end date is marked required where the type needs one.

    >>> import datetime
    >>> day = datetime.date(2026, 12, 1)
    >>> [(f.value, r) for f, r in period_fields(Request(Kind.IN, committee="302",
    ...                                                  worker_type="EXT"), day)]
    [('startDate', True), ('endDate', True), ('startHour', True), ('endHour', False)]
    >>> [(f.value, r) for f, r in period_fields(Request(Kind.IN, committee="XXX",
    ...                                                  worker_type="FLX"), day)]
    [('startDate', True), ('endDate', True), ('startHour', False), ('endHour', False)]
    >>> [(f.value, r) for f, r in period_fields(Request(Kind.IN, committee="XXX",
    ...                                                  worker_type="OTH"), day)]
    [('startDate', True), ('endDate', False)]
    """
    probe = replace(req, kind=Kind.IN, start_date=None, end_date=None, start_hour=None,
                    end_hour=None, planned_hours=None)
    required = set(needed_fields(probe))
    one_day = replace(probe, start_date=today, end_date=today)
    # the end date is always offered, as on the NSSO's form (marked when required)
    shown = required | set(needed_fields(one_day)) | set(offered_fields(probe)) | {
        Field.START_DATE, Field.END_DATE}
    return [(f, f in required) for f in CHANGES if f in shown]


async def _period_data(ctx: Context) -> dict[str, Any]:
    if ctx.draft.kind is Kind.OUT:
        return {"fields": [(Field.END_DATE, True)], "can_remove_end": False}
    if ctx.draft.kind is Kind.IN:
        return {"fields": period_fields(ctx.req, ctx.today), "can_remove_end": False}
    target = ctx.target
    if target is None:
        return {"fields": [], "can_remove_end": False}
    like = Request(Kind.IN, committee=target.committee, worker_type=target.worker_type)
    fields = [(f, False) for f, _ in period_fields(like, ctx.today)]
    if "period" not in ctx.draft.values:  # the period as it is, to change
        ctx.draft.values.update(_period_values(target))
    return {"fields": fields, "can_remove_end": target.end_date is not None}


def _period_values(target: Period) -> dict[str, str]:
    def text(value: Any) -> str:
        return "" if value is None else value.strftime("%H:%M") if hasattr(value, "hour") \
            and not hasattr(value, "year") else str(value)

    return {Field.START_DATE.value: text(target.start_date),
            Field.END_DATE.value: text(target.end_date),
            Field.START_HOUR.value: text(target.start_hour),
            Field.END_HOUR.value: text(target.end_hour),
            Field.PLANNED_HOURS.value: text(target.planned_hours)}


async def _summary_data(ctx: Context) -> dict[str, Any]:
    found = await problems(ctx, "summary")
    verdict = await ctx.service.preview(ctx.req) if not found else None
    person = await ctx.service.identity(ctx.req.ssin or (ctx.target.ssin if ctx.target else "")
                                        or "") if (ctx.req.ssin or ctx.target) else None
    return {"req": normalized(ctx.req), "shown": digest(ctx.req), "verdict": verdict,
            "blocked": found or (verdict is not None and verdict.result is Result.REFUSED),
            "person": person, "problems": found,
            "screens": {p.screen for p in found}}


_SCREENS: Final = {"start": _start_data, "employer": _employer_data, "worker": _worker_data,
                   "features": _features_data, "pick": _pick_data, "period": _period_data,
                   "summary": _summary_data}


# ------------------------------------------------------------------ confirm, receipt


async def _confirm(page_: Page, draft: Draft, shown: str) -> web.StreamResponse:
    """File the declaration whose overview was shown, once; else show the overview again."""
    parts = page_.parts
    async with parts.drafts.hold(draft.key):
        again = await _load(page_, draft.token)
        if again is None:
            raise web.HTTPSeeOther("/dimona?gone=1")
        if again.filed is None:
            ctx = await _context(page_, again)
            if await problems(ctx, "summary"):
                return await _show(page_, again, "summary", [], ctx, status=422)
            if digest(ctx.req) != shown:
                return await _show(page_, again, "summary", [], ctx, status=409, changed=True)
            principal = page_.principal
            allowed = None if principal is None or principal.sees_all \
                else principal.may_act_for
            try:
                decl: Declaration = await parts.service.submit(ctx.req, allowed)
            except NotAllowed:  # the checks above let nothing foreign through: never shown
                raise web.HTTPNotFound() from None
            again.filed = decl.declaration_id
            await _save(page_, again)
    raise web.HTTPSeeOther(f"/dimona/receipt/{again.filed}")


@routes.get("/dimona/receipt/{declaration}")
async def receipt(request: web.Request) -> web.StreamResponse:
    return await page(_receipt)(request)


async def _receipt(request: web.Request, page_: Page) -> web.StreamResponse:
    service = page_.parts.service
    decl = await service.get(request.match_info["declaration"])
    employer = await service.employer(decl.request.employer_number or "") if decl else None
    if decl is None or employer is None or not may_see(page_.principal, employer):
        raise web.HTTPNotFound()
    period_id = decl.period_id or decl.request.period_id
    period = await service.period(employer, period_id) if period_id else None
    ssin = decl.request.ssin or (period.ssin if period else None)
    person = await service.identity(ssin) if ssin else None
    return render(page_, "dimona/receipt.html", {
        "decl": decl, "employer": employer, "period": period, "ssin": ssin,
        "person": person or decl.request.identity,
        "remarks": [(a, message_for(a)) for a in decl.anomalies]})
