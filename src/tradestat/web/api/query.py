"""``POST /query``: a TradeQuery in its JSON form, answered by the engine."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response

from tradestat.export.results import MEDIA_TYPES, render
from tradestat.query.having import RESULT_NUMBERS
from tradestat.query.units import SCALE_CHOICES
from tradestat.web.auth import api_principal, service
from tradestat.web.contract import DATASET_NAME
from tradestat.web.scopes import Principal
from tradestat.web.service import Service

router = APIRouter(tags=["query"])
# what TradeQuery accepts, for the schema: years 1900-2199, a month, quarter or half,
# or a span of two of them ("2023-01..2023-06"); the order of a span's ends is checked
# by the query itself
_ONE = r"(19|20|21)[0-9]{2}(-(0[1-9]|1[0-2])|-[Qq][1-4]|-[Hh][12])?"
PERIOD = f"^{_ONE}(\\.\\.{_ONE})?$"
_CONDITION = (
    rf" *({'|'.join(RESULT_NUMBERS)}) *(>=|<=|!=|==|=|>|<) *-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)? *"
)
HAVING = f"^{_CONDITION}( and {_CONDITION})*$"


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
            "dataset": {"type": "string", "pattern": DATASET_NAME},
            "period": {
                "type": "string",
                "pattern": PERIOD,
                "examples": ["2023", "2023-Q4", "2023-01..2023-06"],
            },
            "base_period": {"type": "string", "pattern": PERIOD},
            "measure": {"enum": list(tq.MEASURES)},
            "currency": {
                "type": "string",
                "pattern": "^[A-Za-z]{3}$",
                "examples": ["CNY", "USD"],
            },
            "flow": {"enum": list(tq.FLOWS)},
            "by": {"type": "array", "items": {"enum": dims}},
            "where": filters,
            "exclude": filters,
            "compare": {"type": "array", "items": {"enum": list(tq.COMPARES)}},
            "order_by": strings,
            "top": {"type": "integer", "minimum": 1, "maximum": tq.MAX_TOP},
            "having": {"type": "string", "pattern": HAVING, "examples": ["growth_pct > 100"]},
            "basis": {"oneOf": [{"enum": ["latest", "first_published"]}, {"type": "object"}]},
            "returns": {"enum": list(tq.RETURNS)},
            "composition": {"enum": list(tq.COMPOSITIONS)},
            "hs_edition": {"enum": [*tq.HS_EDITIONS, "recorded"]},
            "index_method": {"enum": list(tq.INDEX_METHODS)},
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
        "are null with `suppressed: true` and a `suppression` reason. The JSON names the "
        '`unit` of the figures (`"CNY"`, `"orders"` …) and of each column (`units`). '
        "`?format=csv`, `xlsx` or `parquet` (or the matching `Accept` header) returns "
        "the rows as a file; `?scale=billion` (or `trillion`, `million`, `亿`, `万`, "
        "`auto`) divides money by a power of ten; `?sql=true` adds the SQL that ran to the "
        "provenance; "
        "`?labels=en` or `zh` adds a `<dimension>_name` column after each breakdown column."
    ),
    responses={
        200: {
            "description": "The result: JSON with its unit, or a file (`format` / `Accept`).",
            "content": {media.split(";")[0]: {} for media in MEDIA_TYPES.values()},
        }
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": query_schema()}},
        }
    },
)
def run_query(
    request: Request,
    body: Any = Body(None),
    format: str | None = Query(
        None,
        pattern=f"^({'|'.join(MEDIA_TYPES)})$",
        description="json (default), csv, xlsx or parquet; else taken from the Accept header.",
    ),
    scale: str = Query(
        "exact",
        pattern=f"^({'|'.join(SCALE_CHOICES)})$",
        description="Divide money by a power of ten; exact (units) by default.",
    ),
    sql: bool = Query(False, description="Add the SQL run to the provenance."),
    labels: str | None = Query(None, pattern="^(en|zh)$", description="Names: en or zh."),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> Response:
    result = svc.query(p, body, with_sql=sql)
    if labels:
        result = result.with_labels(labels)
    fmt = format or accepted_format(request.headers.get("accept", ""))
    return result_response(result, fmt, scale, labels or "en", "tradestat-query")


def accepted_format(accept: str) -> str:
    """The first export format the Accept header names, else JSON."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        for fmt, media_type in MEDIA_TYPES.items():
            if media and media == media_type.split(";")[0]:
                return fmt
    return "json"


def result_response(result: Any, fmt: str, scale: str | None, lang: str, name: str) -> Response:
    """A result as a download (csv, xlsx, parquet) or as the CLI's JSON text, so both
    front ends serve byte-for-byte the same figures."""
    if fmt == "json":
        return Response(result.to_json(indent=None, scale=scale), media_type=MEDIA_TYPES["json"])
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    data = render(result, fmt, None if fmt == "parquet" else scale, lang)
    return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers)


def analytics_inputs(
    body: Any,
    required: tuple[str, ...],
    own: tuple[str, ...],
    svc: Service,
    p: Principal,
    needs: str,
) -> tuple[dict[str, Any], Any]:
    """For an endpoint computing from TradeQuery answers (complexity, mirror): the body's
    TradeQuery options (keys other than ``own``), after checking it is an object with
    the ``required`` keys, and the query function its measures are computed from —
    ``POST /query``'s path, so the key decides disclosure, never the caller."""
    from tradestat.errors import QueryError

    if not isinstance(body, dict):
        raise QueryError("body", f"must be a JSON object with {needs}")
    missing = [k for k in required if k not in body]
    if missing:
        raise QueryError(missing[0], "is required")

    def run(q: dict[str, Any], confidential: bool = True) -> Any:
        return svc.query(p, q)

    return {k: v for k, v in body.items() if k not in own}, run
