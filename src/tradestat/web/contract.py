"""The OpenAPI document as a contract: every status a route can answer, with the error
body, and the constraints the server enforces itself (names, periods, codes).

FastAPI documents 200 and 422 only; the API's own refusals (a bad name, a missing
scope, a busy warehouse …) come from the service and its exception handlers, so they
are added here, in one place, for every operation under ``/api/v1``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message", "field"],
            "properties": {
                "status": {"type": "integer", "examples": [400]},
                "message": {"type": "string", "examples": ["period: invalid month '2023-13'"]},
                "field": {"type": ["string", "null"], "examples": ["period"]},
            },
        }
    },
}
WHY = {
    400: "Refused: the message names the field (a bad name, period, code or query rule).",
    401: "No API key, or an unknown or revoked one.",
    403: "The key lacks the scope this needs.",
    404: "No such dataset, code, group or bulletin (or the key may not see it).",
    409: "The warehouse is busy with another writer, or the server is read-only.",
    413: "The request body or upload is larger than this server accepts.",
    422: "A parameter fails its declared constraint (type, pattern, range).",
    500: "Server fault: logged with the id the message shows.",
    501: "Bulletins are not installed on this server (the report extra).",
    503: "All query slots are busy, or the query ran out of time: retry later.",
}
# what every operation with a key can answer; routes add their own below
COMMON = (400, 401, 403, 404, 413, 422, 500, 503)
EXTRA = {
    ("patch", "/api/v1/datasets/{name}"): (409,),
    ("post", "/api/v1/datasets/{name}/ingest"): (409,),
    ("get", "/api/v1/reports/{spec}"): (501,),
}
DATASET_NAME = "^[a-z][a-z0-9_]{0,62}$"


def install(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document(schema: dict[str, Any]) -> dict[str, Any]:
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            codes = (500, 413) if path.endswith("/health") else COMMON
            codes = (*codes, *EXTRA.get((method, path), ()))
            responses = op.setdefault("responses", {})
            for code in sorted(codes):
                responses[str(code)] = {
                    "description": WHY[code],
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            for param in op.get("parameters", []):
                if param.get("in") == "path" and param.get("name") == "name":
                    param["schema"]["pattern"] = DATASET_NAME
    return schema
