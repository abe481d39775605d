"""``POST /local/{call}``: the Python API's calls for processes on this machine that
connect to a warehouse this server owns (tradestat.store.owner, tradestat.api.remote).

Only the owner token written beside the warehouse is accepted: it stands for access to
the file itself, so these calls see what opening the file would (no disclosure control
unless asked for, every dataset, ingest of a path on this machine). Not part of the
public API: hidden from the OpenAPI document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Body, Depends
from fastapi.responses import JSONResponse, Response

from tradestat.api import wire
from tradestat.errors import TradestatError
from tradestat.web.auth import api_principal, service
from tradestat.web.scopes import AccessDenied, Principal
from tradestat.web.service import Service

router = APIRouter(include_in_schema=False)


@router.post("/local/{call}")
def local_call(
    call: str,
    body: dict[str, Any] = Body(...),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> Response:
    if not svc.is_owner(p):
        raise AccessDenied("local calls need the owner token of this server's warehouse")
    handler = CALLS.get(call)
    if handler is None:
        return _error(404, "DatasetError", f"unknown call {call!r}", [f"unknown call {call!r}"])
    try:
        return handler(svc, body)
    except TradestatError as exc:
        return _error(400, type(exc).__name__, str(exc), _args(exc))


def _query(svc: Service, body: dict[str, Any]) -> Response:
    from tradestat.query.tradequery import TradeQuery

    q = TradeQuery.from_dict(body["query"])
    with svc.gate.lease(svc.settings.query_timeout) as (engine, _):
        result = engine.run(
            q, confidential=bool(body.get("confidential", True)),
            with_sql=bool(body.get("with_sql", True)),
        )  # fmt: skip
    return Response(wire.arrow_bytes(result.table, result.provenance), media_type=wire.ARROW)


def _explain(svc: Service, body: dict[str, Any]) -> Response:
    from tradestat.query.tradequery import TradeQuery

    q = TradeQuery.from_dict(body["query"])
    with svc.gate.lease(svc.settings.query_timeout) as (engine, _):
        return _json(engine.explain(q))


def _datasets(svc: Service, body: dict[str, Any]) -> Response:
    return _json([wire.dataset_dict(d) for d in svc.warehouse.datasets()])


def _dataset(svc: Service, body: dict[str, Any]) -> Response:
    return _json(wire.dataset_dict(svc.warehouse.dataset(body["name"])))


def _dataset_info(svc: Service, body: dict[str, Any]) -> Response:
    return _json(svc.warehouse.dataset_info(body["name"]))


def _rejects(svc: Service, body: dict[str, Any]) -> Response:
    table = svc.warehouse.rejects(body["dataset"], body.get("batch_id"), body.get("limit"))
    return Response(wire.arrow_bytes(table), media_type=wire.ARROW)


def _batches(svc: Service, body: dict[str, Any]) -> Response:
    table = svc.warehouse.batches(body.get("dataset"))
    return Response(wire.arrow_bytes(table), media_type=wire.ARROW)


def _ingest(svc: Service, body: dict[str, Any]) -> Response:
    svc.check_writable()
    try:
        report = svc.warehouse.ingest(
            Path(body["source"]), body["dataset"], body.get("format", "canonical"),
            options=wire.options_from_dict(body.get("options") or {}),
            home_currency=body.get("home_currency"), description=body.get("description", ""),
        )  # fmt: skip
    finally:
        svc.cache.invalidate()
    return _json(report.to_dict())


def _create_dataset(svc: Service, body: dict[str, Any]) -> Response:
    from tradestat.model.dataset import DisclosurePolicy

    svc.check_writable()
    kw = dict(body)
    if kw.get("disclosure") is not None:
        kw["disclosure"] = DisclosurePolicy(**kw["disclosure"])
    ds = svc.warehouse.create_dataset(**kw)
    svc.cache.invalidate()
    return _json(wire.dataset_dict(ds))


def _update_dataset(svc: Service, body: dict[str, Any]) -> Response:
    svc.check_writable()
    ds = svc.warehouse.update_dataset(body["name"], **(body.get("changes") or {}))
    svc.cache.invalidate()
    return _json(wire.dataset_dict(ds))


CALLS = {
    "query": _query,
    "explain": _explain,
    "datasets": _datasets,
    "dataset": _dataset,
    "dataset_info": _dataset_info,
    "rejects": _rejects,
    "batches": _batches,
    "ingest": _ingest,
    "create_dataset": _create_dataset,
    "update_dataset": _update_dataset,
}


def _json(obj: Any) -> Response:
    return Response(wire.dumps(obj), media_type="application/json")


def _args(exc: Exception) -> list[Any]:
    """Arguments that rebuild the exception on the caller's side."""
    if hasattr(exc, "field") and hasattr(exc, "message"):
        return [exc.field, exc.message]
    return [str(a) for a in exc.args]


def _error(status: int, kind: str, message: str, args: list[Any]) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "type": kind, "message": message, "args": args}}, status
    )
