"""Every ``/api/v1`` response of the tests, checked against the OpenAPI document it serves.

:func:`checked` adds a middleware to an app before its test client starts: each
response of a route under the document's server URL must be described there
(path, method and status), with a body that validates against its schema
(``jsonschema``, draft 2020-12 as OpenAPI 3.1 uses). A new endpoint or field that
the document does not describe makes the test that calls it fail at teardown
(response schemas forbid unknown properties). Tests of real server processes check
what their client reads with :func:`client_check`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from aiohttp import web
from aiohttp.typedefs import Handler
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from channels.rest.openapi import OPENAPI

__all__ = ["OpenApiCheck", "checked", "client_check"]

_URI: Final = "urn:dimona-talk:openapi"


def _absolute(schema: Any) -> Any:
    """``schema`` with its local references made to point into the document."""
    if isinstance(schema, dict):
        return {k: (_URI + v if k == "$ref" and isinstance(v, str) and v.startswith("#")
                    else _absolute(v)) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_absolute(v) for v in schema]
    return schema


def _template(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


@dataclass
class OpenApiCheck:
    document: dict[str, Any]
    failures: list[str] = field(default_factory=list)
    checked: int = 0

    def __post_init__(self) -> None:
        self.base = str(self.document["servers"][0]["url"]).rstrip("/")
        self.registry: Registry[Any] = Registry().with_resource(
            _URI, Resource.from_contents(self.document, default_specification=DRAFT202012))
        self.paths = [(_template(p), item) for p, item in self.document["paths"].items()]

    def _operation(self, path: str, method: str) -> dict[str, Any] | None:
        relative = path[len(self.base):] or "/"
        for pattern, item in self.paths:
            if pattern.match(relative):
                found = item.get(method.lower())
                return found if isinstance(found, dict) else None
        return None

    def errors(self, method: str, path: str, status: int, content_type: str,
               body: bytes | None) -> Iterator[str]:
        """What the document says is wrong with one response (nothing: it is described)."""
        operation = self._operation(path, method)
        if operation is None:
            yield "no operation in the document"
            return
        described = operation["responses"].get(str(status))
        if described is None:
            yield f"status {status} not described"
            return
        content = described.get("content") or {}
        if not content:
            return
        media = content.get(content_type)
        if media is None:
            yield f"content type {content_type} not described"
            return
        if media.get("x-each-line"):  # JSON lines, streamed: each line one schema
            yield from self._lines(media["schema"], body)
            return
        if not isinstance(body, bytes):
            yield "no body to check"
            return
        validator = Draft202012Validator(_absolute(media["schema"]), registry=self.registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        for error in validator.iter_errors(json.loads(body)):
            yield f"{'/'.join(map(str, error.absolute_path)) or 'body'}: {error.message}"

    def _lines(self, schema: dict[str, Any], body: bytes | None) -> Iterator[str]:
        if body is None:
            return  # streamed by the server: the test reads them with check_lines
        validator = Draft202012Validator(_absolute(schema), registry=self.registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        for n, line in enumerate(body.splitlines(), start=1):
            for error in validator.iter_errors(json.loads(line)):
                yield f"line {n}: {error.message}"

    def check_lines(self, what: str, schema: str, text: str) -> list[dict[str, Any]]:
        """JSON lines read from a streamed response, each checked against ``schema``."""
        validator = Draft202012Validator(_absolute({"$ref": f"#/components/schemas/{schema}"}),
                                         registry=self.registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        found = [json.loads(line) for line in text.splitlines() if line.strip()]
        for n, item in enumerate(found, start=1):
            for error in validator.iter_errors(item):
                self.failures.append(f"{what} line {n}: {error.message}")
        return found

    def check(self, method: str, path_qs: str, path: str, status: int, content_type: str,
              body: bytes | None) -> None:
        """Check one response, server side or client side; failures pile up."""
        self.checked += 1
        for error in self.errors(method, path, status, content_type, body):
            self.failures.append(f"{method} {path_qs} -> {status}: {error}")

    def _check(self, request: web.Request, response: web.StreamResponse) -> None:
        body = response.body if isinstance(response, web.Response) else None
        self.check(request.method, request.path_qs, request.path, response.status,
                   response.content_type, body if isinstance(body, bytes) else None)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        api = request.path == self.base or request.path.startswith(self.base + "/")
        if not api or request.match_info.http_exception is not None:  # no route: no endpoint
            return await handler(request)
        try:
            response = await handler(request)
        except web.HTTPException as refusal:
            self._check(request, refusal)
            raise
        self._check(request, response)
        return response


def client_check() -> OpenApiCheck:
    """A check for responses read by a client (of a real server process): call
    :meth:`OpenApiCheck.check` with each, then assert ``failures`` is empty."""
    return OpenApiCheck(OPENAPI)


def checked(app: web.Application) -> OpenApiCheck:
    """Check every API response of ``app`` (call before its test client starts)."""
    check = OpenApiCheck(OPENAPI)
    app.middlewares.append(check.middleware)
    return check
