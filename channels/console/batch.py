"""``dimona-talk batch``: send a file, follow it, fetch its notifications, in a terminal.

Two ways to reach the batch channel, one interface (:class:`Batches`):

- :class:`Local` (``--db``): the store itself; ``submit`` reads the file as the
  API would (:func:`channels.batch.receive.receive`), then processes it here
  with a :class:`~channels.batch.process.Processor` (a ``serve`` process on the
  same store may take some of its shards meanwhile);
- :class:`Remote` (``--url``): ``/api/v1/batches`` of a running service, with the
  key as bearer token.

On a terminal a progress bar follows the lines done (``tqdm``); piped, a plain
line every second or so. A summary ends ``submit``.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO, Any, Final, Protocol

import aiohttp
from tqdm import tqdm

from channels.batch.notices import acknowledgement_json, notices, status
from channels.batch.process import Processor
from channels.batch.reader import FORMATS
from channels.batch.receive import InProgress, KeyReused, receive
from channels.batch.rights import may_read
from channels.common.principals import Principal
from core.clock import Clock
from core.store import BatchStore
from locales import Message, localize

__all__ = ["Batches", "Failed", "Local", "Remote", "file_format", "follow", "submit"]

_READ: Final = 64 * 1024
_MEDIA: Final = {fmt: media for media, fmt in FORMATS.items()}


class Failed(Exception):
    """What the command says before it stops: a message id and its parameters."""

    def __init__(self, msg_id: str, **params: object) -> None:
        super().__init__(msg_id)
        self.message = Message(msg_id, params)


def file_format(path: Path) -> str:
    """``csv`` or ``ndjson``, from the file's name, else from its first character; a file
    that cannot be read stops the command here.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".ndjson") as f:
    ...     file_format(Path(f.name))
    'ndjson'
    """
    try:
        path.open("rb").close()
    except OSError as error:
        raise Failed("batch.cli.unreadable", file=str(path), reason=error.strerror) from None
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".ndjson", ".jsonl"):
        return "ndjson"
    try:
        with path.open("rb") as f:
            start = f.read(256).lstrip()
    except OSError as error:
        raise Failed("batch.cli.unreadable", file=str(path), reason=error.strerror) from None
    if not start:
        raise Failed("batch.cli.format", file=str(path))
    return "ndjson" if start.startswith(b"{") else "csv"


def _size(path: Path) -> int:
    return path.stat().st_size


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as f:
        while data := f.read(_READ):
            yield data


class Batches(Protocol):
    """The batch channel, as the command sees it (answers as the API's JSON)."""

    async def submit(self, path: Path, fmt: str, key: str | None) -> tuple[int, dict[str, Any]]:
        """HTTP-like status (202, 422) and the acknowledgement."""
        ...
    async def status(self, ticket: str) -> dict[str, Any] | None: ...
    def notifications(self, ticket: str, after: int) -> AsyncIterator[bytes]: ...
    async def work(self, ticket: str) -> None:
        """Help process ``ticket`` (a local store), or nothing (a service does it)."""
        ...


class Local:
    """The batch channel on the store itself."""

    def __init__(self, store: BatchStore, processor: Processor, clock: Clock,
                 principal: Principal, limit: int, lang: str) -> None:
        self.store, self.processor, self.clock = store, processor, clock
        self.principal, self.limit, self.lang = principal, limit, lang
        self._working: dict[str, asyncio.Task[None]] = {}

    async def submit(self, path: Path, fmt: str, key: str | None) -> tuple[int, dict[str, Any]]:
        try:
            ack = await receive(self.store, _file_chunks(path), fmt, self.principal, key,
                                self.limit, self.clock.now, _size(path))
        except (InProgress, KeyReused) as error:
            code = "batch.in_progress" if isinstance(error, InProgress) else "batch.key_reused"
            raise Failed("batch.cli.http", status=409,
                         message=localize(Message(code), self.lang)) from None
        body = acknowledgement_json(ack, self.lang)
        return (422 if ack.batch.status == "refused" else 202), body

    async def status(self, ticket: str) -> dict[str, Any] | None:
        batch = await self.store.batch(ticket)
        if batch is None or batch.status == "receiving" or \
                not may_read(self.principal, batch.principal):
            return None
        return (await status(self.store, batch)).json(self.lang)

    async def notifications(self, ticket: str, after: int) -> AsyncIterator[bytes]:
        batch = await self.store.batch(ticket)
        if batch is None or not may_read(self.principal, batch.principal):
            raise Failed("batch.unknown", ticket=ticket)
        async for data in notices(self.store, batch, after, self.lang):
            yield data

    async def work(self, ticket: str) -> None:
        """Process ``ticket`` here, in the background: status reads run between chunks."""
        task = self._working.get(ticket)
        if task is None:
            task = self._working[ticket] = asyncio.create_task(
                self.processor.until_done(ticket))
        await asyncio.wait([task], timeout=0.2)
        if task.done():
            del self._working[ticket]
            task.result()  # its error, if it failed


class Remote:
    """``/api/v1/batches`` of a running service."""

    def __init__(self, session: aiohttp.ClientSession, url: str, key: str | None,
                 lang: str) -> None:
        self.session, self.base = session, url.rstrip("/") + "/api/v1/batches"
        self.url = url
        self.headers = {"Accept-Language": lang}
        if key:
            self.headers["Authorization"] = f"Bearer {key}"

    async def _json(self, resp: aiohttp.ClientResponse, allowed: tuple[int, ...]
                    ) -> dict[str, Any]:
        try:
            doc: dict[str, Any] = await resp.json(content_type=None)
        except (ValueError, aiohttp.ContentTypeError):
            doc = {"message": (await resp.text())[:200]}
        if resp.status not in allowed:
            raise Failed("batch.cli.http", status=resp.status, message=doc.get("message", ""))
        return doc

    async def submit(self, path: Path, fmt: str, key: str | None) -> tuple[int, dict[str, Any]]:
        headers = {**self.headers, "Content-Type": _MEDIA[fmt]}
        if key:
            headers["Idempotency-Key"] = key
        try:
            with path.open("rb") as body:
                async with self.session.post(self.base, data=body, headers=headers) as resp:
                    return resp.status, await self._json(resp, (202, 422))
        except aiohttp.ClientConnectionError as error:
            raise Failed("batch.cli.unreachable", url=self.url, reason=str(error)) from None

    async def status(self, ticket: str) -> dict[str, Any] | None:
        try:
            async with self.session.get(f"{self.base}/{ticket}", headers=self.headers) as resp:
                if resp.status == 404:
                    return None
                return await self._json(resp, (200,))
        except aiohttp.ClientConnectionError as error:
            raise Failed("batch.cli.unreachable", url=self.url, reason=str(error)) from None

    async def notifications(self, ticket: str, after: int) -> AsyncIterator[bytes]:
        url = f"{self.base}/{ticket}/notifications"
        try:
            async with self.session.get(url, params={"after": str(after)},
                                        headers=self.headers) as resp:
                if resp.status == 404:
                    raise Failed("batch.unknown", ticket=ticket)
                if resp.status != 200:
                    await self._json(resp, (200,))
                async for data in resp.content.iter_chunked(_READ):
                    yield data
        except aiohttp.ClientConnectionError as error:
            raise Failed("batch.cli.unreachable", url=self.url, reason=str(error)) from None

    async def work(self, ticket: str) -> None:
        await asyncio.sleep(0.5)  # the service processes it: poll again in a while


class _Plain:
    """Progress as plain lines, for a pipe or a file: at most one a second, and the last."""

    def __init__(self, out: IO[str], label: str, total: int) -> None:
        self.out, self.label, self.total, self.shown, self.at = out, label, total, -1, 0.0

    def update(self, done: int) -> None:
        if done != self.shown and (done == self.total or time.monotonic() - self.at >= 1):
            print(f"{self.label}: {done}/{self.total}", file=self.out, flush=True)
            self.shown, self.at = done, time.monotonic()

    def close(self) -> None:
        pass


class _Bar:
    def __init__(self, out: IO[str], label: str, total: int) -> None:
        size = shutil.get_terminal_size()  # (80, 24) when the terminal does not say
        self.bar = tqdm(total=total, desc=label, unit=" lines", file=out, ncols=size.columns,
                        nrows=size.lines)

    def update(self, done: int) -> None:
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.bar.close()


async def follow(batches: Batches, ticket: str, lang: str, out: IO[str]) -> dict[str, Any]:
    """Wait until every line of ``ticket`` is done, showing the progress; its last status."""
    doc = await batches.status(ticket)
    if doc is None:
        raise Failed("batch.unknown", ticket=ticket)
    label = localize(Message("batch.cli.progress"), lang)
    show: _Bar | _Plain = (_Bar if out.isatty() else _Plain)(out, label, int(doc["lines"]))
    try:
        while True:
            show.update(int(doc["done"]))
            if doc["status"] in ("done", "refused"):
                return doc
            await batches.work(ticket)
            doc = await batches.status(ticket) or doc
    finally:
        show.close()


def summary(doc: dict[str, Any], lang: str) -> str:
    counts = doc["counts"]
    return localize(Message("batch.cli.summary", {
        "ticket": doc["ticket"], "count": doc["lines"], "accepted": counts["A"],
        "warnings": counts["W"], "refused": counts["B"], "pending": counts["S"]}), lang)


async def submit(batches: Batches, path: Path, key: str | None, lang: str, next_command: str,
                 say: Callable[[str], None], progress: IO[str] | None = None) -> int:
    """Send, follow, summarize: 0 when every line is done, 1 when the file is refused."""
    code, ack = await batches.submit(path, file_format(path), key)
    say(str(ack.get("message", "")))
    if code == 422:
        for e in ack.get("errors", []):
            say(localize(Message("import.row", {"line": e["line"], "problem": e["message"]}),
                         lang))
        return 1
    doc = await follow(batches, ack["ticket"], lang, progress or sys.stderr)
    say(summary(doc, lang))
    say(localize(Message("batch.cli.next", {"command": next_command.format(
        ticket=ack["ticket"])}), lang))
    return 0


async def write_notifications(batches: Batches, ticket: str, after: int, out: IO[bytes]
                              ) -> int:
    """The notifications as JSON lines into ``out``; how many."""
    count = 0
    async for data in batches.notifications(ticket, after):
        out.write(data)
        count += data.count(b"\n")
    out.flush()
    return count


def status_text(doc: dict[str, Any], lang: str) -> str:
    return "\n".join([str(doc.get("message", "")), summary(doc, lang),
                      json.dumps(doc["counts"])])
