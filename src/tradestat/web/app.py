"""The FastAPI application: REST API under ``/api/v1``, explorer pages at ``/``."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from tradestat import __version__
from tradestat.web import contract, errors
from tradestat.web.auth import Sessions
from tradestat.web.limits import BodyLimit
from tradestat.web.service import Service, settings_from_env

HERE = Path(__file__).parent

DESCRIPTION = """Trade statistics from the tradestat engine.

Every route except `/api/v1/health` needs `Authorization: Bearer KEY` (create keys with
`tradestat keys create --scope read:DATASET`). Scopes are per dataset: `read` (published
datasets, with disclosure control), `confidential` (no disclosure control, private
datasets too), `ingest` (uploads), `admin` (all, plus publishing). Errors are JSON:
`{"error": {"status", "message", "field"}}`.
"""


def create_app(warehouse_path: str | os.PathLike | None = None, **settings: Any) -> FastAPI:
    """Build the app over the warehouse at ``warehouse_path`` (default as for the CLI).

    ``settings`` are fields of :class:`tradestat.web.service.Settings` (``read_only``,
    ``keys_path``, ``max_upload_bytes``, ``query_slots``, ...). The warehouse is opened
    here, once, and closed when the app shuts down.
    """
    svc = Service(settings_from_env(warehouse_path, **settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        svc.close()

    app = FastAPI(
        title="tradestat API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.service = svc
    app.state.sessions = Sessions()
    errors.install(app)
    app.include_router(api_router(), prefix="/api/v1")
    contract.install(app)

    from tradestat.web.explorer import pages

    app.include_router(pages.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    s = svc.settings
    app.add_middleware(BodyLimit, max_request_bytes=s.max_request_bytes,
                       max_upload_bytes=s.max_upload_bytes)  # fmt: skip
    app.add_middleware(errors.CatchAll)  # added last, so outermost
    return app


def api_router() -> APIRouter:
    from tradestat.web.api import (
        complexity,
        datasets,
        ingest,
        local,
        markets,
        mirror,
        query,
        reference,
        reports,
    )

    router = APIRouter()

    @router.get("/health", tags=["meta"], summary="Liveness; needs no key")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    for module in (datasets, query, complexity, mirror, markets, ingest, reference, reports, local):
        router.include_router(module.router)
    return router
