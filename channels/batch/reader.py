"""A batch file read as it arrives: CSV or NDJSON lines to declarations, or why it is unreadable.

Both formats end in the REST envelope reader (:func:`channels.rest.envelope.parse_envelope`):
an NDJSON line is one ``POST /api/v1/declarations`` body; a CSV record is turned
into that body from its columns, named by the REST field names. What REST would
answer ``400`` for makes the file unreadable here (the acknowledgement refuses it);
every business rule stays the core's, and comes back in the notifications.

Lines are numbered as in the file (a CSV's header is line 1); blank lines count
but declare nothing. Bytes are fed as they come (:meth:`Reader.feed`); a line is
decoded on its own, so a bad byte is reported with its line.

>>> reader = Reader("csv")
>>> [p.request.kind for p in reader.feed(b"kind;periodId\\nCANCEL;100000000162\\n")]
[<Kind.CANCEL: 'CANCEL'>]
>>> reader.feed(b"OUT;1;2\\n"), reader.errors[0].code
([], 'batch.fields')
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from typing import Any, Final

from channels.rest.envelope import KINDS, EnvelopeError, parse_envelope
from core.anomalies import IDENTITY_FIELDS
from core.ids import is_digits
from core.model import Request
from core.registry import RowProblem

__all__ = ["COLUMNS", "FORMATS", "LINE_LIMIT", "MEDIA_TYPES", "LineError", "Parsed", "Reader"]

#: Media types of the two formats.
FORMATS: Final = {"text/csv": "csv", "application/x-ndjson": "ndjson"}
#: The media types taken for them: the two above, and the other names JSON lines go by.
MEDIA_TYPES: Final = {**FORMATS, "application/ndjson": "ndjson", "application/jsonl": "ndjson",
                      "application/x-jsonlines": "ndjson", "application/jsonlines": "ndjson"}
#: No declaration takes more than this on one line.
LINE_LIMIT: Final = 64 * 1024
#: Errors listed in an acknowledgement that refuses a file (they are all counted).
ERRORS_LISTED: Final = 100

_KIND_NAMES: Final = {kind.value: name for name, kind in KINDS.items()}
_EMPLOYER: Final = ("enterpriseNumber", "nssoNumber")
_WORKER: Final = ("ssin", *(f.value for f in IDENTITY_FIELDS))
_FEATURES: Final = ("jointCommissionNumber", "workerType")
_BODY: Final = ("startDate", "endDate", "startHour", "endHour", "plannedHoursNumber",
                "periodId", "userEnterpriseNumber", "userJointCommissionNumber", "userName",
                "userAddress", "subEntityNbr")
#: The CSV columns: ``kind`` (IN, OUT, UPDATE, CANCEL) and the REST field names.
COLUMNS: Final = ("kind", *_EMPLOYER, *_WORKER, *_FEATURES, *_BODY)
_BY_LOWER: Final = {c.lower(): c for c in COLUMNS}


#: Why a file cannot be read: its line, a message id of ``locales`` and its parameters.
LineError = RowProblem


@dataclass(frozen=True, slots=True)
class Parsed:
    line: int
    request: Request


class Reader:
    """One file being read; its :attr:`errors` say why it cannot be (empty: it can)."""

    def __init__(self, fmt: str) -> None:
        self.format = fmt
        self.errors: list[LineError] = []
        self.error_count = 0
        self.declarations = 0
        self.line = 0  # the last line seen
        self._rest = b""
        self._columns: list[str] | None = None
        self._delimiter = ","

    def _error(self, code: str, **params: str) -> None:
        self.error_count += 1
        if len(self.errors) < ERRORS_LISTED:
            self.errors.append(LineError(self.line, code, params))

    def too_large(self, limit: int) -> None:
        """Reading stopped: the file is larger than ``limit`` bytes (the first error)."""
        self.line += 1
        self.error_count += 1
        self.errors.insert(0, LineError(self.line, "batch.too_large", {"limit": str(limit)}))
        del self.errors[ERRORS_LISTED:]

    def feed(self, data: bytes) -> list[Parsed]:
        """The declarations of the lines completed by ``data``."""
        *lines, self._rest = (self._rest + data).split(b"\n")
        if len(self._rest) > LINE_LIMIT:
            self._rest = b""
            self.line += 1
            self._error("batch.long", limit=str(LINE_LIMIT))
        return [p for raw in lines if (p := self._raw(raw)) is not None]

    def end(self) -> list[Parsed]:
        """The last line, and the errors of the file as a whole."""
        last = self._raw(self._rest) if self._rest.strip() else None
        self._rest = b""
        self.line = max(self.line, 1)  # an empty file is refused on its first line
        if self.format == "csv" and self._columns is None and not self.errors:
            self._error("batch.header", header=",".join(COLUMNS))
        elif self.declarations == 0 and not self.error_count:
            self._error("batch.empty")
        return [last] if last is not None else []

    def _raw(self, raw: bytes) -> Parsed | None:
        self.line += 1
        if len(raw) > LINE_LIMIT:
            self._error("batch.long", limit=str(LINE_LIMIT))
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._error("batch.encoding")
            return None
        if self.line == 1:
            text = text.removeprefix("\ufeff")
        text = text.rstrip("\r")
        if not text.strip():
            return None
        if self.format == "csv" and self._columns is None:
            self._header(text)
            return None
        body = self._csv(text) if self.format == "csv" else self._json(text)
        return self._declaration(body) if body is not None else None

    # -- CSV

    def _header(self, text: str) -> None:
        found: list[str] = []
        for delimiter in (",", ";"):
            names = [n.strip() for n in next(csv.reader([text], delimiter=delimiter))]
            if sum(n.lower() in _BY_LOWER for n in names) > sum(
                    n.lower() in _BY_LOWER for n in found):
                found, self._delimiter = names, delimiter
        unknown = [n for n in found if n.lower() not in _BY_LOWER] if found else [text]
        columns = [_BY_LOWER.get(n.lower(), n) for n in found]
        for name in unknown:
            self._error("batch.column", column=name)
        twice = sorted({c for c in columns if columns.count(c) > 1})
        for name in twice:
            self._error("batch.twice", column=name)
        if found and "kind" not in columns:
            self._error("batch.no_kind")
        self._columns = columns if found else []

    def _csv(self, text: str) -> dict[str, Any] | None:
        columns = self._columns or []
        try:
            [values] = list(csv.reader([text], delimiter=self._delimiter, strict=True))
        except (csv.Error, ValueError):
            self._error("batch.record")
            return None
        if len(values) != len(columns):
            self._error("batch.fields", expected=str(len(columns)), found=str(len(values)))
            return None
        row = {c: v.strip() for c, v in zip(columns, values, strict=True) if v.strip()}
        kind = _KIND_NAMES.get(row.pop("kind", "").upper())
        if kind is None:
            self._error("batch.kind")
            return None
        body: dict[str, Any] = {k: row[k] for k in _BODY if k in row}
        if is_digits(body.get("plannedHoursNumber", "")):
            body["plannedHoursNumber"] = int(body["plannedHoursNumber"])
        features = {k: row[k] for k in _FEATURES if k in row}
        if features:
            body["features"] = features
        envelope: dict[str, Any] = {"employer": {k: row[k] for k in _EMPLOYER if k in row},
                                    kind: body}
        worker = {k: row[k] for k in _WORKER if k in row}
        if worker:
            envelope["worker"] = worker
        return envelope

    # -- NDJSON

    def _json(self, text: str) -> Any:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):  # also a line nested deeper than Python reads
            self._error("batch.json")
            return None

    def _declaration(self, body: Any) -> Parsed | None:
        try:
            request = parse_envelope(body)
        except EnvelopeError as error:
            for p in error.problems:
                where = p.field.rsplit(".", 1)[-1] if self.format == "csv" else p.field
                self._error(p.code, field=where or "$", expected=p.expected)
            return None
        self.declarations += 1
        return Parsed(self.line, request)
