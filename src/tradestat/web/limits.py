"""Request size limits, enforced while the body streams in.

The declared Content-Length is checked first; the bytes actually received are
counted too, so a chunked or lying request is cut off at the limit instead of
being buffered. Upload routes get the larger upload limit.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.exceptions import HTTPException

from tradestat.web.errors import error_response

UPLOAD_PATH = re.compile(r"^/api/v1/datasets/[^/]+/ingest$")


class BodyTooLarge(HTTPException):
    """An HTTPException so FastAPI's body parsing passes it through unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than the limit of {_size(limit)}")
        self.field = "body"


class BodyLimit:
    def __init__(self, app: Any, max_request_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_request = max_request_bytes
        self.max_upload = max_upload_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload if UPLOAD_PATH.match(scope.get("path", "")) else self.max_request
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send, limit)
            return
        received = 0

        async def counting_receive() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def tracking_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(scope, receive, send, limit)


async def _refuse(scope: dict, receive: Any, send: Any, limit: int) -> None:
    exc = BodyTooLarge(limit)
    response = error_response(413, exc.detail, "body", {"Connection": "close"})
    await response(scope, receive, send)


def _content_length(scope: dict) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _size(n: int) -> str:
    return f"{n / (1 << 20):g} MiB" if n >= 1 << 20 else f"{n / 1024:g} KiB"
