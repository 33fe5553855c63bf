"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["OPENAPI"]

_DATE = {"type": "string", "format": "date", "example": "2026-12-15"}
_HOUR = {"type": "string", "pattern": "^[0-2][0-9][0-5][0-9]$", "example": "1800"}
_ID = {"type": ["string", "integer"], "description": "12 digits, the last two check digits"}
_NUMBER = {"type": ["string", "integer"]}
_NULL_DATE = {"type": ["string", "null"], "format": "date"}
_NULL_HOUR = {"type": ["string", "null"], "pattern": "^[0-2][0-9][0-5][0-9]$"}


def _obj(props: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props, **extra}
    if required:
        schema["required"] = required
    return schema


def _closed(props: dict[str, Any], required: list[str] | None = None,
            **extra: Any) -> dict[str, Any]:
    """An object the API writes: every property it may carry is described here."""
    return _obj(props, required, additionalProperties=False, **extra)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_SCHEMAS: Final = {
    "Employer": _obj({"enterpriseNumber": _NUMBER, "nssoNumber": _NUMBER},
                     description="One of the two; the NSSO number wins when both are given."),
    "Worker": _obj({"ssin": _NUMBER, "lastName": {"type": "string"},
                    "firstName": {"type": "string"}, "birthDate": _DATE},
                   description="The NISS, or identity data (the declaration is then pending)."),
    "DimonaIn": _obj({
        "features": _obj({"jointCommissionNumber": {"type": "string", "example": "302"},
                          "workerType": {"type": "string", "example": "EXT"}}),
        "startDate": _DATE, "endDate": _DATE, "startHour": _HOUR, "endHour": _HOUR,
        "plannedHoursNumber": {"type": "integer", "minimum": 1, "maximum": 999},
        "userEnterpriseNumber": _NUMBER, "userJointCommissionNumber": {"type": "string"},
        "userName": {"type": "string"}, "userAddress": {"type": "string"}}),
    "DimonaOut": _obj({"periodId": _ID, "endDate": _DATE}),
    "DimonaUpdate": _obj({"periodId": _ID, "startDate": _DATE,
                          "endDate": {"type": ["string", "null"], "format": "date",
                                      "description": "null removes the end date"},
                          "startHour": _HOUR, "endHour": _HOUR,
                          "plannedHoursNumber": {"type": "integer"}}),
    "DimonaCancel": _obj({"periodId": _ID}),
    "Declaration": _obj({
        "employer": _ref("Employer"), "worker": _ref("Worker"),
        "dimonaIn": _ref("DimonaIn"), "dimonaOut": _ref("DimonaOut"),
        "dimonaUpdate": _ref("DimonaUpdate"), "dimonaCancel": _ref("DimonaCancel")},
        ["employer"],
        description="Exactly one of dimonaIn, dimonaOut, dimonaUpdate, dimonaCancel."),
    "Anomaly": _closed({"code": {"type": "string", "example": "00913-355"},
                     "severity": {"type": "string", "enum": ["error", "warning"]},
                     "params": {"type": "object"}, "field": {"type": ["string", "null"]},
                     "message": {"type": "string"}}, ["code", "severity", "params", "message"]),
    "Result": _closed({
        "declarationId": {"type": "string"},
        "type": {"type": "string", "enum": ["IN", "OUT", "UPDATE", "CANCEL"]},
        "result": {"type": "string", "enum": ["A", "W", "B", "S"]},
        "periodId": {"type": ["string", "null"]},
        "createdAt": {"type": "string", "format": "date-time"},
        "anomalies": {"type": "array", "items": _ref("Anomaly")}},
        ["declarationId", "type", "result", "periodId", "anomalies"]),
    "Period": _closed({
        "periodId": {"type": "string"}, "ssin": {"type": ["string", "null"]},
        "jointCommissionNumber": {"type": "string"}, "workerType": {"type": "string"},
        "startDate": _DATE, "endDate": _NULL_DATE, "startHour": _NULL_HOUR,
        "endHour": _NULL_HOUR, "plannedHoursNumber": {"type": ["integer", "null"]},
        "userEnterpriseNumber": {"type": ["string", "null"],
                                 "description": "agency work (JC 322): the user company"},
        "userJointCommissionNumber": {"type": ["string", "null"],
                                      "description": "agency work: the user's committee"},
        "status": {"type": "string", "enum": ["active", "pending", "cancelled"]}},
        ["periodId", "ssin", "jointCommissionNumber", "workerType", "startDate", "endDate",
         "status"]),
    "Periods": _closed({"periods": {"type": "array", "items": _ref("Period")}}, ["periods"]),
    "Acknowledgement": _closed({
        "ticket": {"type": "string", "description": "the file's identification number"},
        "status": {"type": "string", "enum": ["accepted"]},
        "lines": {"type": "integer", "description": "declarations in the file"},
        "receivedAt": {"type": "string", "format": "date-time"},
        "message": {"type": "string"}}, ["ticket", "status", "lines"],
        description="Accusé de réception: the file can be read; a notification per "
                    "declaration follows."),
    "Refusal": _closed({
        "ticket": {"type": "string"},
        "status": {"type": "string", "enum": ["refused"]},
        "errors": {"type": "array", "items": _ref("LineError")},
        "errorCount": {"type": "integer", "description": "all errors (the first 100 listed)"},
        "receivedAt": {"type": "string", "format": "date-time"},
        "message": {"type": "string"}}, ["ticket", "status", "errors"],
        description="Accusé de réception: the file cannot be read; nothing was declared."),
    "LineError": _closed({"line": {"type": "integer"}, "code": {"type": "string"},
                          "message": {"type": "string"}}, ["line", "code", "message"]),
    "Batch": _closed({
        "ticket": {"type": "string"},
        "status": {"type": "string", "enum": ["accepted", "processing", "done", "refused"]},
        "format": {"type": "string", "enum": ["csv", "ndjson"]},
        "receivedAt": {"type": "string", "format": "date-time"},
        "lines": {"type": "integer"}, "done": {"type": "integer"},
        "counts": _closed({r: {"type": "integer"} for r in "AWBS"}, list("AWBS"),
                          description="declarations by result, a final one replacing "
                                      "its pending one"),
        "errors": {"type": "array", "items": _ref("LineError")},
        "message": {"type": "string"}}, ["ticket", "status", "lines", "done", "counts"]),
    "Notification": _closed({
        "line": {"type": "integer", "description": "the line of the file it answers"},
        "seq": {"type": "integer", "description": "its place in the stream (= line for the "
                                                  "notification of a line; after the last "
                                                  "line for a final one)"},
        "declarationId": {"type": ["string", "null"]},
        "result": {"type": "string", "enum": ["A", "W", "B", "S"]},
        "periodId": {"type": ["string", "null"]},
        "anomalies": {"type": "array", "items": _ref("Anomaly")},
        "final": {"type": "boolean", "description": "the final notification of a pending "
                                                    "declaration"}},
        ["line", "seq", "declarationId", "result", "periodId", "anomalies", "final"]),
    "Error": _closed({"status": {"type": "integer"}, "code": {"type": "string"},
                      "message": {"type": "string"},
                      "errors": {"type": "array", "items": _closed({
                          "field": {"type": "string"}, "code": {"type": "string"},
                          "message": {"type": "string"}}, ["field", "code", "message"])}},
                     ["status", "code", "message", "errors"]),
}


_NULL_TEXT = {"type": ["string", "null"]}
_PERIOD_PROPS: Final = {
    "periodId": _NULL_TEXT, "ssin": _NULL_TEXT, "jointCommissionNumber": _NULL_TEXT,
    "workerType": _NULL_TEXT, "subEntityNbr": _NULL_TEXT, "startDate": _NULL_DATE,
    "endDate": _NULL_DATE, "startHour": _NULL_HOUR, "endHour": _NULL_HOUR,
    "plannedHoursNumber": {"type": ["integer", "null"]},
    "userEnterpriseNumber": _NULL_TEXT, "userJointCommissionNumber": _NULL_TEXT,
    "userName": {"type": ["string", "null"], "description": "a foreign user company"},
    "status": {"type": "string", "enum": ["active", "cancelled"]}}
_EMPLOYER_PROPS: Final = {"enterpriseNumber": _NULL_TEXT, "nssoNumber": _NULL_TEXT,
                          "provisionalNssoNumber": _NULL_TEXT}
_SCOPED = ("Only the fields the subscriber's deliberation allows are present "
           "(sequence, time, kind and deliberation always are).")
_SCHEMAS.update({
    "Mutation": _closed({
        "sequence": {"type": "integer", "minimum": 1,
                     "description": "gap-free, in commit order: the idempotency key"},
        "time": {"type": "string", "format": "date-time"},
        "kind": {"type": "string",
                 "enum": ["IN", "OUT", "UPDATE", "CANCEL", "RESOLVED", "MOVED"]},
        "deliberation": {"type": "string", "description": "the subscriber's deliberation"},
        "result": {"type": ["string", "null"], "enum": ["A", "W", None]},
        "declarationId": _NULL_TEXT, **_EMPLOYER_PROPS, **_PERIOD_PROPS},
        ["sequence", "time", "kind", "deliberation"], description=_SCOPED),
    "MutationPage": _closed({
        "deliberation": {"type": "string"},
        "cursor": {"type": "integer", "minimum": 0,
                   "description": "ask from here next (after=cursor)"},
        "next": {"type": "string", "description": "the URL of the next page"},
        "mutations": {"type": "array", "items": _ref("Mutation")}},
        ["deliberation", "cursor", "next", "mutations"]),
    "RelationPeriod": _closed(_PERIOD_PROPS, description=_SCOPED),
    "Relation": _closed({
        **_EMPLOYER_PROPS, "ssin": _NULL_TEXT,
        "startDate": {**_NULL_DATE, "description": "the first live period's start"},
        "endDate": {**_NULL_DATE, "description": "the last end; null while one is open"},
        "periods": {"type": "array", "items": _ref("RelationPeriod")}},
        ["periods"], description="An employer-worker relation and its periods"),
    "Relations": _closed({"deliberation": {"type": "string"},
                          "relations": {"type": "array", "items": _ref("Relation")}},
                         ["deliberation", "relations"]),
})


def _json(schema: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": _ref(schema)}}}


def _answer(text: str, schema: str) -> dict[str, Any]:
    return {"description": text, **_json(schema)}


_UNAUTHORIZED: Final = _answer("Missing or wrong bearer token", "Error")
_TICKET: Final = {"name": "ticket", "in": "path", "required": True, "schema": {"type": "string"}}
_FORBIDDEN: Final = _answer("A subscriber's key (it opens its feed only), or a paused one",
                            "Error")
_KEY_UNAUTHORIZED: Final = _answer("Missing or unknown subscriber key", "Error")
_KEY_FORBIDDEN: Final = _answer(
    "Not a subscriber's key, a paused subscriber, or outside its deliberation", "Error")
_QUERY = {"in": "query", "required": False}
_LANG = {"name": "Accept-Language", "in": "header", "schema": {"type": "string"},
         "description": "fr (default), nl, de or en: the language of anomaly messages"}

OPENAPI: Final[dict[str, Any]] = {
    "openapi": "3.1.0",
    "info": {"title": "dimona-talk", "version": "1.0.0",
             "description": "Dimona declarations checked by the shared validation core."},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "paths": {
        "/declarations": {"post": {
            "summary": "Submit a Dimona IN, OUT, UPDATE or CANCEL",
            "parameters": [_LANG],
            "requestBody": {"required": True, **_json("Declaration")},
            "responses": {
                "201": {**_answer("Judged: A, W, B or S; every rule breach is a B", "Result"),
                        "headers": {"Location": {"schema": {"type": "string"}}}},
                "400": _answer("Malformed JSON or envelope", "Error"),
                "401": _UNAUTHORIZED, "403": _FORBIDDEN}}},
        "/declarations/{declarationId}": {"get": {
            "summary": "A declaration and its result",
            "parameters": [_LANG, {"name": "declarationId", "in": "path", "required": True,
                                   "schema": {"type": "string"}}],
            "responses": {"200": _answer("The declaration", "Result"),
                          "401": _UNAUTHORIZED, "403": _FORBIDDEN,
                          "404": _answer("Unknown declaration", "Error")}}},
        "/periods": {"get": {
            "summary": "The personnel file of an employer, optionally for one worker",
            "parameters": [
                {"name": "employer", "in": "query", "required": True,
                 "schema": {"type": "string"}},
                {"name": "ssin", "in": "query", "required": False,
                 "schema": {"type": "string"}}],
            "responses": {
                "200": _answer("Periods", "Periods"),
                "400": _answer("No employer given", "Error"),
                "401": _UNAUTHORIZED, "403": _FORBIDDEN,
                "404": _answer("Unknown employer", "Error")}}},
        "/mutations": {"get": {
            "summary": "The mutation feed: the next mutations in the subscriber's scope",
            "description": "Long-poll with wait=S (up to 30 s): the answer comes as soon as "
                           "a mutation in scope is committed. Follow `cursor`; it may move "
                           "past mutations out of scope. Bearer: a subscriber's key.",
            "parameters": [
                {"name": "after", **_QUERY, "schema": {"type": "integer", "minimum": 0},
                 "description": "the cursor of the previous answer (0: from the start)"},
                {"name": "limit", **_QUERY,
                 "schema": {"type": "integer", "minimum": 1, "default": 100},
                 "description": "at most this many mutations (1000 at most)"},
                {"name": "wait", **_QUERY,
                 "schema": {"type": "number", "minimum": 0, "maximum": 30},
                 "description": "seconds to wait when there is none yet (30 at most)"}],
            "responses": {
                "200": _answer("Mutations in sequence order, and the cursor", "MutationPage"),
                "400": _answer("A parameter that is not a number from 0", "Error"),
                "401": _KEY_UNAUTHORIZED, "403": _KEY_FORBIDDEN}}},
        "/relations": {"get": {
            "summary": "The last known situation of each employer-worker relation",
            "description": "By worker (ssin), by employer, or both; within the subscriber's "
                           "scope. Bearer: a subscriber's key.",
            "parameters": [
                {"name": "ssin", **_QUERY, "schema": {"type": "string"}},
                {"name": "employer", **_QUERY, "schema": {"type": "string"},
                 "description": "an enterprise or NSSO number"}],
            "responses": {
                "200": _answer("Relations and their periods", "Relations"),
                "400": _answer("Neither ssin nor employer, or not a NISS", "Error"),
                "401": _KEY_UNAUTHORIZED, "403": _KEY_FORBIDDEN,
                "404": _answer("Unknown employer", "Error")}}},
        "/batches": {"post": {
            "summary": "Send a batch file: one declaration a line",
            "description": "text/csv: a header of REST field names (kind, enterpriseNumber, "
                           "nssoNumber, ssin, jointCommissionNumber, workerType, startDate, "
                           "endDate, startHour, endHour, plannedHoursNumber, periodId, "
                           "userEnterpriseNumber, userJointCommissionNumber, and the "
                           "identity columns of a worker without a NISS), `,` or `;`, UTF-8. "
                           "application/x-ndjson: one POST /declarations body a line. The "
                           "acknowledgement comes before any declaration is judged.",
            "parameters": [_LANG, {"name": "Idempotency-Key", "in": "header",
                                   "schema": {"type": "string"},
                                   "description": "the same file with the same key: one "
                                                  "batch, the same answer"}],
            "requestBody": {"required": True, "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {
                "202": {**_answer("Accepted: the ticket; notifications follow",
                                  "Acknowledgement"),
                        "headers": {"Location": {"schema": {"type": "string"}}}},
                "401": _UNAUTHORIZED, "403": _FORBIDDEN,
                "409": _answer("The Idempotency-Key is in use, or was used for another file",
                               "Error"),
                "415": _answer("Neither text/csv nor application/x-ndjson", "Error"),
                "422": _answer("Refused: the file cannot be read; nothing was declared",
                               "Refusal")}}},
        "/batches/{ticket}": {"get": {
            "summary": "A batch file's status: lines done, counts by result",
            "parameters": [_LANG, _TICKET],
            "responses": {"200": _answer("The batch", "Batch"), "401": _UNAUTHORIZED,
                          "403": _FORBIDDEN, "404": _answer("Unknown ticket", "Error")}}},
        "/batches/{ticket}/notifications": {"get": {
            "summary": "The notifications of a batch file, as JSON lines",
            "description": "One notification per line, in line order, as far as every line "
                           "before is done; then the final notification of each pending "
                           "declaration once settled. Messages in the request's language.",
            "parameters": [_LANG, _TICKET,
                           {"name": "after", "in": "query", "schema": {"type": "integer"},
                            "description": "only those whose seq is larger (the line of the "
                                           "last one read)"},
                           {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
            "responses": {
                "200": {"description": "JSON lines, one Notification each",
                        "content": {"application/x-ndjson": {
                            "schema": _ref("Notification"),
                            "x-each-line": True}}},
                "400": _answer("after or limit is not a whole number", "Error"),
                "401": _UNAUTHORIZED, "403": _FORBIDDEN,
                "404": _answer("Unknown ticket", "Error")}}},
        "/openapi.json": {"get": {
            "summary": "This document",
            "responses": {"200": {"description": "The OpenAPI document", "content": {
                "application/json": {"schema": {"type": "object",
                                                "required": ["openapi", "paths"]}}}},
                          "401": _UNAUTHORIZED, "403": _FORBIDDEN}}},
    },
    "components": {
        "schemas": _SCHEMAS,
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
}
