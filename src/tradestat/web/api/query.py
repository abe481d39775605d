"""``POST /query``: a TradeQuery in its JSON form, answered by the engine."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import Response

from tradestat.web.auth import api_principal, service
from tradestat.web.scopes import Principal
from tradestat.web.service import Service

router = APIRouter(tags=["query"])


def query_schema() -> dict[str, Any]:
    """JSON Schema of the TradeQuery JSON form, for the OpenAPI docs only: the query
    object itself validates every request, so errors name the same fields as the CLI."""
    from tradestat.query import tradequery as tq
    from tradestat.query.dimensions import DIMENSIONS

    dims = sorted(DIMENSIONS)
    strings = {"type": "array", "items": {"type": "string"}}
    filters = {"type": "object", "additionalProperties": strings, "propertyNames": {"enum": dims}}
    return {
        "type": "object",
        "required": ["dataset", "period"],
        "additionalProperties": False,
        "properties": {
            "dataset": {"type": "string"},
            "period": {"type": "string", "examples": ["2023", "2023-Q4", "2023-01..2023-06"]},
            "base_period": {"type": "string"},
            "measure": {"enum": list(tq.MEASURES)},
            "currency": {"type": "string", "examples": ["CNY", "USD"]},
            "flow": {"enum": list(tq.FLOWS)},
            "by": {"type": "array", "items": {"enum": dims}},
            "where": filters,
            "exclude": filters,
            "compare": {"type": "array", "items": {"enum": list(tq.COMPARES)}},
            "order_by": strings,
            "top": {"type": "integer", "minimum": 1},
            "having": {"type": "string", "examples": ["growth_pct > 100"]},
            "basis": {"oneOf": [{"enum": ["latest", "first_published"]}, {"type": "object"}]},
            "returns": {"enum": list(tq.RETURNS)},
            "composition": {"enum": list(tq.COMPOSITIONS)},
        },
        "example": {
            "dataset": "customs",
            "period": "2023",
            "flow": "export",
            "by": ["partner_group"],
            "compare": ["share", "growth"],
        },
    }


@router.post(
    "/query",
    summary="Run a TradeQuery",
    description=(
        "The body is the TradeQuery JSON of `tradestat query`; the answer is "
        '`{"rows": [...], "provenance": {...}}` with the same figures. Callers without '
        "the `confidential` scope for the dataset get disclosure control: hidden cells "
        "are null with `suppressed: true` and a `suppression` reason. `?format=csv` "
        "returns the rows as CSV; `?sql=true` adds the SQL that ran to the provenance; "
        "`?labels=en` or `zh` adds a `<dimension>_name` column after each breakdown column."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": query_schema()}},
        }
    },
)
def run_query(
    body: Any = Body(None),
    format: str = Query("json", pattern="^(json|csv)$"),
    sql: bool = Query(False, description="Add the SQL run to the provenance."),
    labels: str | None = Query(None, pattern="^(en|zh)$", description="Names: en or zh."),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> Response:
    result = svc.query(p, body, with_sql=sql)
    if labels:
        result = result.with_labels(labels)
    if format == "csv":
        headers = {"Content-Disposition": 'attachment; filename="tradestat-query.csv"'}
        return Response(result.to_csv(), media_type="text/csv; charset=utf-8", headers=headers)
    # the CLI's `--output json` text, so both front ends serve byte-for-byte the same figures
    return Response(result.to_json(indent=None), media_type="application/json")
