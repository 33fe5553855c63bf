"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``.

A declaration's answer comes in two forms (:mod:`channels.rest.answers`): flat
(``application/json``, the default) or the NSSO envelope
(``application/vnd.nsso.dimona+json``); both are described, as are the refusals of
the rights layer (401 without a known key, 403 for anything the key may not see).
"""

from __future__ import annotations

from typing import Any, Final

from channels.rest.answers import NSSO_MEDIA_TYPE

__all__ = ["OPENAPI"]

_DATE = {"type": "string", "format": "date", "example": "2026-12-15"}
_HOUR = {"type": "string", "pattern": "^[0-2][0-9][0-5][0-9]$", "example": "1800"}
_ID = {"type": ["string", "integer"], "description": "12 digits, the last two check digits"}
_NUMBER = {"type": ["string", "integer"]}
_NULL_DATE = {"type": ["string", "null"], "format": "date"}
_NULL_HOUR = {"type": ["string", "null"], "pattern": "^[0-2][0-9][0-5][0-9]$"}
_COUNTRY = {"type": "string", "pattern": "^[0-9]{5}$", "description": "NSSO country code"}
_NSSO_ID = {"type": "integer", "description": "12 digits, the last two check digits"}
_TIME = {"type": "string", "format": "date-time",
         "description": "the time of receipt (Europe/Brussels)"}


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


_KIND = {"type": "string", "enum": ["IN", "OUT", "UPDATE", "CANCEL"]}
_RESULT = {"type": "string", "enum": ["A", "W", "B", "S"],
           "description": "A accepted, W with warnings, B refused, S pending"}


_SCHEMAS: Final = {
    "Employer": _obj({"enterpriseNumber": _NUMBER, "nssoNumber": _NUMBER},
                     description="One of the two; the NSSO number wins when both are given."),
    "Worker": _obj({"ssin": _NUMBER, "lastName": {"type": "string"},
                    "firstName": {"type": "string"}, "initial": {"type": "string"},
                    "sex": {"type": "string", "enum": ["1", "2"]},
                    "birthDate": {"type": "string", "example": "1990-00-00",
                                  "description": "YYYY-MM-DD; YYYY-00-00 when only the year"
                                                 " is known"},
                    "birthPlace": {"type": "string"}, "birthPlaceCountry": _COUNTRY,
                    "nationality": _COUNTRY, "street": {"type": "string"},
                    "houseNumber": {"type": "string"}, "postBox": {"type": "string"},
                    "zipCode": {"type": "string"}, "city": {"type": "string"},
                    "country": _COUNTRY},
                   description="The NISS, or the identity zones (the declaration is then"
                               " pending until the worker is identified)."),
    "DimonaIn": _obj({
        "features": _obj({"jointCommissionNumber": {"type": "string", "example": "302"},
                          "workerType": {"type": "string", "example": "EXT"}}),
        "startDate": _DATE, "endDate": _DATE, "startHour": _HOUR, "endHour": _HOUR,
        "plannedHoursNumber": {"type": "integer", "minimum": 1, "maximum": 999},
        "userEnterpriseNumber": _NUMBER, "userJointCommissionNumber": {"type": "string"},
        "userName": {"type": "string"}, "userAddress": {"type": "string"},
        "subEntityNbr": {"type": "string", "pattern": "^[0-9]{10}$",
                         "description": "for employers with sub-entities (PersoPoint)"}}),
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
        "type": _KIND,
        "result": _RESULT,
        "periodId": {"type": ["string", "null"]},
        "createdAt": _TIME,
        "anomalies": {"type": "array", "items": _ref("Anomaly")}},
        ["declarationId", "type", "result", "periodId", "createdAt", "anomalies"]),
    "NssoAnomaly": _closed({
        "errorId": {"type": "string", "pattern": "^[0-9]{5}-[0-9]{3}$",
                    "description": "the NSSO's own id where known (00913-355, 90017-369,"
                                   " 90017-510), else dimona-talk's in the same form"},
        "severity": {"type": "string", "enum": ["error", "warning"]},
        "field": {"type": ["string", "null"]},
        "labelFr": {"type": "string"}, "labelNl": {"type": "string"}},
        ["errorId", "severity", "labelFr", "labelNl"]),
    "NssoResult": _closed({"declarationStatus": _closed({
        "dimonaDeclarationId": _NSSO_ID,
        "declarationType": _KIND,
        "result": _RESULT,
        "period": {"oneOf": [_closed({"id": _NSSO_ID}, ["id"]), {"type": "null"}]},
        "dimonaPeriodId": {"oneOf": [_NSSO_ID, {"type": "null"}]},
        "createdAt": _TIME,
        "anomalies": {"type": "array", "items": _ref("NssoAnomaly")}},
        ["dimonaDeclarationId", "result", "period", "createdAt", "anomalies"])},
        ["declarationStatus"], description="The NSSO's REST answer (reference §8)."),
    "Period": _closed({
        "periodId": {"type": "string"}, "ssin": {"type": ["string", "null"]},
        "jointCommissionNumber": {"type": "string"}, "workerType": {"type": "string"},
        "startDate": _DATE, "endDate": _NULL_DATE, "startHour": _NULL_HOUR,
        "endHour": _NULL_HOUR, "plannedHoursNumber": {"type": ["integer", "null"]},
        "userEnterpriseNumber": {"type": ["string", "null"],
                                 "description": "agency work (JC 322): the user company"},
        "userJointCommissionNumber": {"type": ["string", "null"],
                                      "description": "agency work: the user's committee"},
        "userName": {"type": "string",
                     "description": "agency work for a user without an enterprise number:"
                                    " its name (only when given)"},
        "subEntityNbr": {"type": "string", "description": "the sub-entity (only where set)"},
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


def _declaration(text: str) -> dict[str, Any]:
    """A declaration's answer, flat or in the NSSO envelope."""
    return {"description": text, "content": {
        "application/json": {"schema": _ref("Result")},
        NSSO_MEDIA_TYPE: {"schema": _ref("NssoResult")}}}


_UNAUTHORIZED: Final = _answer("No key, or a key that is not known", "Error")
_FORBIDDEN: Final = _answer(
    "Not this key's: another employer's declaration, period or employer, or one that does"
    " not exist (the same answer), or a subscriber's key (it opens its feed only)", "Error")
_TICKET: Final = {"name": "ticket", "in": "path", "required": True, "schema": {"type": "string"}}
_KEY_UNAUTHORIZED: Final = _answer("Missing or unknown subscriber key", "Error")
_KEY_FORBIDDEN: Final = _answer(
    "Not a subscriber's key, a paused subscriber, or outside its deliberation", "Error")
_QUERY = {"in": "query", "required": False}
_LANG = {"name": "Accept-Language", "in": "header", "schema": {"type": "string"},
         "description": "fr (default), nl, de or en: the language of anomaly messages"}
_FORMAT = {"name": "format", "in": "query", "required": False,
           "schema": {"type": "string", "enum": ["flat", "nsso"]},
           "description": "nsso: the NSSO envelope (as Accept: " + NSSO_MEDIA_TYPE + ")"}
_IDEMPOTENCY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "a retried POST with the same key and body gets the very first answer"
                   " (status, headers, body) and files nothing more; the same key with"
                   " another body is 422. Keys are scoped by API key and kept 2 days."}

OPENAPI: Final[dict[str, Any]] = {
    "openapi": "3.1.0",
    "info": {"title": "dimona-talk", "version": "1.0.0",
             "description": "Dimona declarations checked by the shared validation core."},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "paths": {
        "/declarations": {"post": {
            "summary": "Submit a Dimona IN, OUT, UPDATE or CANCEL",
            "parameters": [_LANG, _FORMAT, _IDEMPOTENCY],
            "requestBody": {"required": True, **_json("Declaration")},
            "responses": {
                "201": {**_declaration("Judged: A, W, B or S; every rule breach is a B"),
                        "headers": {"Location": {"schema": {"type": "string"}}}},
                "400": _answer("Malformed JSON, envelope, format or Idempotency-Key",
                               "Error"),
                "401": _UNAUTHORIZED,
                "403": _FORBIDDEN,
                "408": _answer("The body did not arrive in time", "Error"),
                "409": _answer("The first request with this Idempotency-Key did not finish",
                               "Error"),
                "413": _answer("The body is over 1 MiB", "Error"),
                "415": _answer("A charset that is not known", "Error"),
                "422": _answer("This Idempotency-Key was used with another body", "Error")}}},
        "/declarations/{declarationId}": {"get": {
            "summary": "A declaration and its result",
            "parameters": [_LANG, _FORMAT, {"name": "declarationId", "in": "path",
                                            "required": True, "schema": {"type": "string"}}],
            "responses": {"200": _declaration("The declaration"),
                          "400": _answer("Unknown format", "Error"),
                          "401": _UNAUTHORIZED,
                          "403": _FORBIDDEN,
                          "404": _answer("Unknown declaration (to the operator)", "Error")}}},
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
                "401": _UNAUTHORIZED,
                "403": _FORBIDDEN,
                "404": _answer("Unknown employer (to the operator)", "Error")}}},
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
                           "application/x-ndjson (or application/ndjson, application/jsonl): "
                           "one POST /declarations body a line. The "
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
                "400": _answer("An Idempotency-Key that is not one (1-255 printable ASCII)",
                               "Error"),
                "401": _UNAUTHORIZED, "403": _FORBIDDEN,
                "409": _answer("The Idempotency-Key is in use, or was used for another file",
                               "Error"),
                "415": _answer("Neither CSV nor JSON lines", "Error"),
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
            "summary": "This document (the operator's or an employer's key)",
            "responses": {"200": {"description": "The OpenAPI document", "content": {
                "application/json": {"schema": {"type": "object",
                                                "required": ["openapi", "paths"]}}}},
                          "401": _UNAUTHORIZED, "403": _FORBIDDEN}}},
    },
    "components": {
        "schemas": _SCHEMAS,
        "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "the operator's token (--api-token: every employer) or an"
                           " employer's key (dimona-talk api-keys add: its employers only)"}},
    },
}
