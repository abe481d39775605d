"""``POST /mirror``: a reporter's trade as it reported it and as its partners did.

Both sides run through the path of ``POST /query``: the key needs read access to both
datasets, and its disclosure control applies to each.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import Response

from tradestat.web.api.query import analytics_inputs, query_schema, result_response
from tradestat.web.auth import api_principal, service
from tradestat.web.scopes import Principal
from tradestat.web.service import Service

router = APIRouter(tags=["query"])


def _schema() -> dict[str, Any]:
    q = query_schema()["properties"]
    code = {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]{2}$"}
    return {
        "type": "object",
        "required": ["reported", "partner_reported", "period"],
        "additionalProperties": False,
        "properties": {
            "reported": q["dataset"],
            "partner_reported": q["dataset"],
            "period": q["period"],
            "reporter": {**code, "default": "CHN"},
            "flow": {"enum": ["export", "import"], "default": "export"},
            "by": {
                "type": "array",
                "uniqueItems": True,
                "items": {"enum": ["year", "hs2", "hs4", "hs6", "hs_code"]},
            },
            "partners": {"type": "array", "items": code},
            "cif_fob_margin": {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
            "both": {"type": "boolean", "default": False},
            "currency": q["currency"],
            "basis": q["basis"],
        },
        "example": {
            "reported": "cn_plp",
            "partner_reported": "partners_m",
            "period": "2023",
            "cif_fob_margin": 0.1,
            "both": True,
        },
    }


OWN = ("reported", "partner_reported", "period", "reporter", "flow")


@router.post(
    "/mirror",
    summary="Mirror statistics: reported vs partner-reported trade, gap and ratio",
    description=(
        "A reporter's exports (imports) by partner as it reported them (`reported`), "
        "next to its partners' imports from (exports to) it as they reported them "
        "(`mirror`, from a dataset with reporters): `gap` = mirror − reported, `ratio` = "
        "mirror / reported, and with `cif_fob_margin` the mirror on the reported side's "
        "valuation (`mirror_adjusted`, `gap_adjusted`, `ratio_adjusted`). README, "
        "*Mirror statistics*."
    ),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _schema()}}}
    },
)
def run_mirror(
    body: Any = Body(None),
    format: str | None = Query(None, pattern="^(json|csv|xlsx|parquet)$"),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> Response:
    from tradestat.analytics.mirror import mirror

    options, run = analytics_inputs(
        body, OWN[:3], OWN, svc, p, "reported, partner_reported, period"
    )
    result = mirror(run, body["reported"], body["partner_reported"], body["period"],
                    body.get("reporter", "CHN"), body.get("flow", "export"), **options)  # fmt: skip
    return result_response(result, format or "json", None, "en", "tradestat-mirror")
