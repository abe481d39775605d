"""``POST /markets``: the export-market finder (markets for a product from an exporter).

Every figure comes from the same path as ``POST /query`` (the key's scopes, disclosure
control unless it has the confidential scope), so a key never sees a share or a
potential computed from figures it could not query itself.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import Response

from tradestat.analytics.markets import COLUMNS, DEMANDS, ORDER
from tradestat.query.tradequery import MAX_TOP
from tradestat.web.api.query import analytics_inputs, query_schema, result_response
from tradestat.web.auth import api_principal, service
from tradestat.web.scopes import Principal
from tradestat.web.service import Service

router = APIRouter(tags=["query"])
OWN = ("dataset", "product", "period", "exporter", "years", "demand", "top", "order_by")


def _schema() -> dict[str, Any]:
    q = query_schema()["properties"]
    return {
        "type": "object",
        "required": ["dataset", "product", "period"],
        "additionalProperties": False,
        "properties": {
            "dataset": q["dataset"],
            "product": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$",
                        "description": "HS code (2, 4, 6 digits) or product group id",
                        "examples": ["854140", "new_three"]},
            "period": q["period"],
            "exporter": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]{2}$",
                         "default": "CHN"},
            "years": {"type": "integer", "minimum": 1, "maximum": 30, "default": 5},
            "demand": {"enum": list(DEMANDS), "default": "imports"},
            "top": {"type": "integer", "minimum": 1, "maximum": MAX_TOP},
            "order_by": {"enum": list(ORDER), "default": "untapped_value"},
            "currency": q["currency"],
            "basis": q["basis"],
        },
        "example": {"dataset": "world", "product": "854140", "period": "2023",
                    "exporter": "CHN", "years": 5},
    }  # fmt: skip


@router.post(
    "/markets",
    summary="Export-market finder: demand, growth, share, RCA and untapped potential",
    description=(
        "One row per market for `product` from `exporter`: "
        + "; ".join(f"`{c}`: {t.format(years='`years`')}" for c, t in COLUMNS.items())
        + ". README, *Export-market finder*."
    ),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _schema()}}}
    },
)
def run_markets(
    body: Any = Body(None),
    format: str | None = Query(None, pattern="^(json|csv|xlsx|parquet)$"),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> Response:
    from tradestat.analytics.markets import export_markets

    options, run = analytics_inputs(body, OWN[:3], OWN, svc, p, "dataset, product, period")
    own = {k: body[k] for k in OWN[3:] if k in body}
    result = export_markets(run, body["dataset"], body["product"], period=body["period"],
                            **own, **options)  # fmt: skip
    return result_response(result, format or "json", None, "en", "tradestat-markets")
