"""A batch as its sender reads it back: the acknowledgement, the status, the notifications.

Words are rendered here, late, in the language asked for (``Accept-Language``,
or the command's ``--lang``); the store keeps codes and parameters only.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Final

from channels.batch.receive import Acknowledgement
from channels.rest.answers import anomalies_json
from core import codec
from core.store import BatchStore
from core.store.protocols.batches import Batch, Notice
from locales import Message, localize

__all__ = ["RESULTS", "Status", "acknowledgement_json", "notice_json", "notices", "status"]

RESULTS: Final = ("A", "W", "B", "S")
_PAGE: Final = 1000


def _errors(batch: Batch, lang: str) -> list[dict[str, Any]]:
    out = []
    for e in batch.errors:
        params: Any = e.get("params") or {}
        out.append({"line": e["line"], "code": e["code"],
                    "message": localize(Message(str(e["code"]), dict(params)), lang)})
    return out


def acknowledgement_json(ack: Acknowledgement, lang: str) -> dict[str, Any]:
    """The accusé de réception: ticket, status, and the lines or why the file is refused."""
    batch = ack.batch
    body: dict[str, Any] = {"ticket": batch.ticket, "status": batch.status,
                            "receivedAt": batch.created_at.isoformat()}
    if batch.status == "refused":
        body.update(errors=_errors(batch, lang), errorCount=ack.error_count,
                    message=localize(Message("batch.refused", {"ticket": batch.ticket,
                                                               "count": ack.error_count}), lang))
    else:
        body.update(lines=batch.lines,
                    message=localize(Message("batch.accepted", {"ticket": batch.ticket,
                                                                "count": batch.lines}), lang))
    return body


@dataclass(frozen=True, slots=True)
class Status:
    batch: Batch
    done: int
    first_undone: int | None
    counts: dict[str, int]

    @property
    def state(self) -> str:
        """``accepted`` (nothing done yet), ``processing``, ``done``; or ``refused``."""
        if self.batch.status == "refused":
            return "refused"
        if self.first_undone is None:
            return "done"
        return "processing" if self.done else "accepted"

    def json(self, lang: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ticket": self.batch.ticket, "status": self.state, "format": self.batch.format,
            "receivedAt": self.batch.created_at.isoformat(), "lines": self.batch.lines,
            "done": self.done, "counts": self.counts,
            "message": localize(Message(f"batch.status.{self.state}", {
                "ticket": self.batch.ticket, "done": self.done, "count": self.batch.lines}),
                lang)}
        if self.batch.status == "refused":
            body["errors"] = _errors(self.batch, lang)
        return body


async def status(store: BatchStore, batch: Batch) -> Status:
    """Where a batch is: lines done, counts by result (a final one replacing its pending)."""
    if batch.status == "refused":
        return Status(batch, 0, None, dict.fromkeys(RESULTS, 0))
    await store.record_finals(batch.ticket)
    progress = await store.progress(batch.ticket)
    counts = dict.fromkeys(RESULTS, 0)
    for (result, final), n in (await store.result_counts(batch.ticket)).items():
        counts[result] = counts.get(result, 0) + n
        if final:
            counts["S"] -= n
    return Status(batch, progress.done, progress.first_undone, counts)


def notice_json(notice: Notice, lang: str) -> dict[str, Any]:
    """One notification: the line it answers, its declaration and result, the anomalies."""
    return {"line": notice.line, "seq": notice.seq, "declarationId": notice.declaration_id,
            "result": notice.result, "periodId": notice.period_id,
            "anomalies": anomalies_json(codec.anomalies_from(json.loads(notice.anomalies)),
                                        lang),
            "final": notice.final}


async def notices(store: BatchStore, batch: Batch, after: int, lang: str,
                  limit: int | None = None) -> AsyncIterator[bytes]:
    """The notifications after ``after`` as JSON lines, in order, as far as every line
    before them is done; the final ones of pending lines once all lines are."""
    if batch.status == "refused":
        return
    await store.record_finals(batch.ticket)
    below = (await store.progress(batch.ticket)).first_undone
    left = limit
    while left is None or left > 0:
        page = await store.notices(batch.ticket, after, below,
                                   _PAGE if left is None else min(_PAGE, left))
        if not page:
            return
        yield "".join(json.dumps(notice_json(n, lang), ensure_ascii=False) + "\n"
                      for n in page).encode()
        after = page[-1].seq
        left = None if left is None else left - len(page)
