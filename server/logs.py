"""The service's logs: one JSON object a line, nothing personal in clear.

:func:`setup` gives the root logger one handler (standard error) whose
:class:`Masking` filter and :class:`JsonFormatter` every line goes through — the
service's own, aiohttp's server and access logs, asyncio's, tracebacks included —
replacing any handler already there. A line carries the fields
of the request it belongs to (:data:`channels.common.deliveries.CONTEXT`: the
delivery being answered, a MessageSid or CallSid with its step, and its channel).

Masked (:func:`mask`): NISS numbers (``85.07.31-***.**``), phone numbers
(``+32470***456``, ``0470***456``), and the values of parameters that carry what
people typed or said (``text``, ``Body``, ``Digits``, ``SpeechResult``, ``pin``,
``answer``).

>>> mask("IN 85073100130 from +32470123456 or 0470123456, period 100000000162")
'IN 85.07.31-***.** from +32470***456 or 0470***456, period 100000000162'
>>> mask("GET /sms/kannel?from=%2B32470123456&text=IN+85.07.31-001.30&id=7")
'GET /sms/kannel?from=%2B32470***456&text=***&id=7'
>>> mask('{"ssin": "85073100130", "Digits": "1234"}'), mask("Body=oui&Digits=1234")
('{"ssin": "85.07.31-***.**", "Digits": "1234"}', 'Body=***&Digits=***')
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import sys
import traceback
from types import TracebackType
from typing import Any, Final

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import HttpProcessingError

from channels.common.deliveries import CONTEXT
from channels.common.metrics import refused

__all__ = ["FIELDS", "AccessLog", "JsonFormatter", "MalformedHttp", "Masking", "bind", "mask",
           "setup"]

_PARAMS: Final = re.compile(
    r"(?i)\b(text|body|digits|speechresult|unstablespeechresult|pin|answer)=([^&\s\"'<>]*)")
_PHONE: Final = re.compile(r"(?<![\w%])(\+|%2[bB])(\d{5})\d{1,7}(\d{3})(?!\d)")
_MOBILE: Final = re.compile(r"(?<![\w.])(04[5-9]\d)\d{3}(\d{3})(?![\w])")
_NISS: Final = re.compile(
    r"(?<![A-Za-z0-9.])(\d{2})\.?(\d{2})\.?(\d{2})[-.]?\d{3}\.?\d{2}(?![A-Za-z0-9])")
_DIGITS: Final = re.compile(r"\d\d")
#: A log record's structured fields (``extra={"fields": {...}}``).
FIELDS: Final = "fields"
_KEY: Final = web.RequestKey("log_fields", dict)


def mask(text: str) -> str:
    """``text`` without NISS numbers, phone numbers or what people typed, in clear."""
    # each pattern needs something in the text (=, + or %2, 04, two digits): skip those that
    # cannot match (an access log line has several short fields, most with none of them)
    if "=" in text:
        text = _PARAMS.sub(lambda m: f"{m[1]}=***", text)
    if "+" in text or "%2" in text:
        text = _PHONE.sub(r"\1\2***\3", text)
    if "04" in text:
        text = _MOBILE.sub(r"\1***\2", text)
    return _NISS.sub(r"\1.\2.\3-***.**", text) if _DIGITS.search(text) else text


class Masking(logging.Filter):
    """Masks a record's message, its structured fields and its traceback, in place."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = mask(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info))
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        fields = getattr(record, FIELDS, None)
        if isinstance(fields, dict):
            setattr(record, FIELDS, {k: mask(v) if isinstance(v, str) else v
                                     for k, v in fields.items()})
        return True


class MalformedHttp(logging.Filter):
    """aiohttp logs a request it cannot even parse (a line too long, a bad header) as an
    error with its traceback: it is the sender's fault, so a one-line warning here, counted
    as a refusal (``malformed_http``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            refused("malformed_http")
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = "malformed request refused (%s): %s", (
                error.code, type(error).__name__)
            record.exc_info, record.exc_text = None, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the request's fields, the
    record's own fields, and the traceback as one string."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name,
            "message": record.getMessage()}
        line.update(CONTEXT.get() or {})
        fields = getattr(record, FIELDS, None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


class AccessLog(AbstractAccessLogger):
    """aiohttp's access log, as fields: the path without its query (where Kannel puts
    the phone and the text), masked all the same."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float
            ) -> None:
        fields = {"method": request.method, "path": mask(request.path),
                  "status": response.status, "bytes": response.body_length,
                  "ms": round(time * 1000, 1), "remote": request.remote}
        fields.update(request.get(_KEY) or {})
        self.logger.info("%s %s %s", request.method, fields["path"], response.status,
                         extra={FIELDS: fields})


def bind(request: web.Request) -> None:
    """A fresh set of fields for a request: its log lines and its access line carry them."""
    fields: dict[str, str] = {}
    CONTEXT.set(fields)
    request[_KEY] = fields


def _excepthook(kind: type[BaseException], error: BaseException,
                trace: TracebackType | None) -> None:
    logging.getLogger("dimona_talk").critical("unhandled error", exc_info=(kind, error, trace))


def setup(level: int = logging.INFO) -> None:
    """JSON lines on standard error, masked, for every logger; quiet chatty libraries."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(Masking())
    root.addHandler(handler)
    root.setLevel(level)
    # the Twilio client logs each request's fields (To, Body) at INFO
    logging.getLogger("twilio").setLevel(logging.WARNING)
    # transitions logs two INFO lines per state change (every turn): a JSON line each, and
    # a tenth of a turn's CPU, saying nothing the turn's own lines do not
    logging.getLogger("transitions").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.INFO)
    logging.getLogger("aiohttp.server").addFilter(MalformedHttp())
    logging.captureWarnings(True)
    sys.excepthook = _excepthook
