"""Every error the API returns is JSON: ``{"error": {"status", "message", "field"}}``.

Expected errors (a bad query, an unknown dataset, a missing scope) map to 4xx with a
message naming the bad field. Anything else is a server fault: it is logged with an
id and answered with a JSON 500 that shows the id but no internals.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from tradestat.errors import (
    DatasetError,
    IngestError,
    QueryError,
    TradestatError,
    WarehouseLocked,
)
from tradestat.web.gate import PoolBusy, QueryTimeout
from tradestat.web.scopes import AccessDenied
from tradestat.web.service import (
    BulletinsUnavailable,
    ReadOnlyServer,
    ResultTooLarge,
    UnknownSpec,
)

log = logging.getLogger("tradestat.web")


def error_response(
    status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"status": status, "message": message, "field": field}}
    return JSONResponse(body, status_code=status, headers=headers)


EXPECTED = (QueryError, DatasetError, AccessDenied, WarehouseLocked, ReadOnlyServer, IngestError,
            ResultTooLarge, PoolBusy, QueryTimeout, BulletinsUnavailable, UnknownSpec,
            TradestatError)  # fmt: skip


def describe(exc: Exception) -> tuple[int, str, str | None] | None:
    """(status, message, field) for an expected error, else None. The explorer uses
    this too, to show the same message in a page."""
    if isinstance(exc, QueryError):
        return 400, exc.message, exc.field
    if isinstance(exc, DatasetError):
        text = str(exc)
        return (404 if text.startswith("unknown dataset") else 400), text, "dataset"
    if isinstance(exc, AccessDenied):
        return 403, str(exc), None
    if isinstance(exc, WarehouseLocked | ReadOnlyServer):
        return 409, str(exc), None
    if isinstance(exc, IngestError):
        return 400, str(exc), "file"
    if isinstance(exc, ResultTooLarge):
        return 400, str(exc), "top"
    if isinstance(exc, PoolBusy | QueryTimeout):
        return 503, str(exc), None
    if isinstance(exc, BulletinsUnavailable):
        return 501, str(exc), None
    if isinstance(exc, UnknownSpec):
        return 404, str(exc), "spec"
    if _is_report_error(exc):  # a bad period or language for a bulletin
        text = str(exc)
        key = text.partition(": ")[0]
        if key in ("period", "base_period"):
            return 400, text, key
        return 400, text, "lang" if text.startswith("lang") else None
    return None


def _is_report_error(exc: Exception) -> bool:
    return type(exc).__module__.startswith("tradestat.report") and isinstance(exc, TradestatError)


def _field_of(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or str(loc[0] if loc else "body")


def install(app: FastAPI) -> None:
    async def expected(request: Request, exc: Exception) -> JSONResponse:
        described = describe(exc)
        if described is None:  # e.g. a packaged file found broken: a server fault
            return _fault(request.scope, exc)
        return error_response(*described)

    for cls in EXPECTED:
        app.add_exception_handler(cls, expected)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        field = getattr(exc, "field", None)
        return error_response(exc.status_code, message, field, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        loc = tuple(first.get("loc", ("body",)))
        if first.get("type") == "json_invalid":
            return error_response(400, "the request body is not valid JSON", "body")
        field = _field_of(loc)
        return error_response(422, f"{field}: {first.get('msg', 'invalid value')}", field)


class CatchAll:
    """Outermost ASGI middleware: an unexpected exception becomes a logged JSON 500.

    A pure ASGI wrapper rather than an ``Exception`` handler, because Starlette
    re-raises after running such a handler and would print the error twice.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            response = _fault(scope, exc)
            if not started:
                await response(scope, receive, send)


def _fault(scope: dict, exc: BaseException) -> JSONResponse:
    """Log a server fault with an id and answer a JSON 500 that shows only the id."""
    error_id = uuid.uuid4().hex[:12]
    log.error("error %s on %s %s", error_id, scope.get("method"), scope.get("path"),
              exc_info=(type(exc), exc, exc.__traceback__))  # fmt: skip
    return error_response(500, f"internal error (id {error_id})")
