"""What every ``/api/v1`` route answers with: the caller's language and JSON errors."""

from __future__ import annotations

import json

from aiohttp import web

from channels.common.languages import accept_language
from locales import Message, localize

__all__ = ["error", "language"]


def language(request: web.Request) -> str:
    """The first supported language of ``Accept-Language``, French by default."""
    return accept_language(request.headers.get("Accept-Language", ""))


def error(status: type[web.HTTPException], lang: str, msg_id: str,
          errors: list[dict[str, str]] | None = None, **params: object) -> web.HTTPException:
    body = {"status": status.status_code, "code": msg_id,
            "message": localize(Message(msg_id, params), lang), "errors": errors or []}
    return status(text=json.dumps(body), content_type="application/json")
