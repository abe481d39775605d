"""Datasets: list, describe, publish; and the rejects of an ingested batch."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Path, Query

from tradestat.web.auth import api_principal, service
from tradestat.web.scopes import Principal
from tradestat.web.service import Service

router = APIRouter(tags=["datasets"])

NameArg = Path(description="Dataset name (lower-case letters, digits, _).", max_length=63)


@router.get("/datasets", summary="Datasets this key may read or ingest into")
def list_datasets(
    p: Principal = Depends(api_principal), svc: Service = Depends(service)
) -> dict[str, Any]:
    return {"datasets": svc.datasets(p)}


@router.get("/datasets/{name}", summary="One dataset: grain, periods, row counts, policy")
def get_dataset(
    name: str = NameArg, p: Principal = Depends(api_principal), svc: Service = Depends(service)
) -> dict[str, Any]:
    return svc.dataset_info(p, name)


@router.patch(
    "/datasets/{name}",
    summary="Publish or unpublish a dataset (admin scope)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"published": {"type": "boolean"}},
                        "required": ["published"],
                        "additionalProperties": False,
                    }
                }
            },
        }
    },
)
def patch_dataset(
    name: str = NameArg,
    body: Any = Body(None),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> dict[str, Any]:
    from tradestat.errors import QueryError

    if not isinstance(body, dict) or set(body) != {"published"}:
        raise QueryError("published", 'send {"published": true} or {"published": false}')
    if not isinstance(body["published"], bool):
        raise QueryError("published", "must be true or false")
    return svc.set_published(p, name, body["published"])


@router.get(
    "/datasets/{name}/batches/{batch_id}/rejects",
    summary="Rejected rows of a batch: file, row, field, reason (ingest scope)",
)
def batch_rejects(
    name: str = NameArg,
    batch_id: int = Path(ge=1),
    limit: int = Query(100, ge=1, le=10_000),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> dict[str, Any]:
    return {"rejects": svc.rejects(p, name, batch_id, limit)}
