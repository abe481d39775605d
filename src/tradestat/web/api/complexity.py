"""``POST /complexity``: RCA and economic complexity of a dataset's exports.

The input figures come from the same path as ``POST /query`` (the key's scopes,
disclosure control unless it has the confidential scope, the result cache), so a key
never sees measures computed from figures it could not query itself.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import Response

from tradestat.web.api.query import analytics_inputs, query_schema, result_response
from tradestat.web.auth import api_principal, service
from tradestat.web.scopes import Principal
from tradestat.web.service import Service

router = APIRouter(tags=["query"])


def _schema() -> dict[str, Any]:
    """The body's JSON Schema; the TradeQuery keys it passes on are described as in
    ``POST /query``. ``fx_basis`` and ``coverage`` are accepted too (not listed, as in
    ``POST /query``)."""
    q = query_schema()["properties"]
    return {
        "type": "object",
        "required": ["dataset", "period"],
        "additionalProperties": False,
        "properties": {
            "dataset": q["dataset"],
            "period": {**q["period"], "examples": ["1995..1996"]},
            "product_level": {"enum": ["hs2", "hs4", "hs6"], "default": "hs4"},
            "rca_threshold": {"type": "number", "default": 1},
            "proximity": {"type": "boolean", "default": False},
            **{
                k: q[k] for k in ("currency", "basis", "where", "exclude", "returns", "composition")
            },
        },
        "example": {"dataset": "eco", "period": "1995", "product_level": "hs4"},
    }


OWN = ("dataset", "period", "product_level", "rca_threshold", "proximity")


@router.post(
    "/complexity",
    summary="RCA and economic complexity (ECI, PCI, density, COI, COG)",
    description=(
        "One row per year × reporter × product: `value`, `rca` (Balassa), `mcp`, "
        "`diversity`, `ubiquity`, `eci`, `pci`, `density`, `coi`, `cog`, following the "
        "Growth Lab's Stata `ecomplexity` conventions (README, *Economic complexity*). "
        "The export values are the answer of the TradeQuery `flow: export, by: [year, "
        "reporter, <product_level>]` for the period, with the key's disclosure control. "
        '`"proximity": true` adds `proximity` rows (year, product, product_2). '
        "`?format=csv`, `xlsx` or `parquet` returns the measure rows as a file."
    ),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _schema()}}}
    },
)
def run_complexity(
    body: Any = Body(None),
    format: str | None = Query(None, pattern="^(json|csv|xlsx|parquet)$"),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> Response:
    from tradestat.analytics.complexity import complexity

    options, run = analytics_inputs(body, ("dataset", "period"), OWN, svc, p, "dataset and period")
    result = complexity(
        run, body["dataset"], body["period"], body.get("product_level", "hs4"),
        body.get("rca_threshold", 1.0), proximity=bool(body.get("proximity")), **options,
    )  # fmt: skip
    if format not in (None, "json"):
        return result_response(result, format, None, "en", "tradestat-complexity")
    payload = json.loads(result.to_json(indent=None))
    if result.proximity is not None:
        payload["proximity"] = result.proximity.json_rows()
    text = json.dumps(payload, ensure_ascii=False, default=str)
    return Response(text, media_type="application/json")
