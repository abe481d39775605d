"""Bulletins: ``/reports/{spec}?dataset=&period=&lang=&format=``.

``dataset`` may be repeated (``?dataset=gac_national&dataset=gac_regions``): each
statement is answered by the first dataset that can answer it.

A bulletin is built by the report package from its spec; every figure in it comes
from a query run with the caller's disclosure setting (``DisclosedWarehouse``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from tradestat.web.auth import api_principal, service
from tradestat.web.scopes import Principal
from tradestat.web.service import Service

router = APIRouter(tags=["reports"])


@router.get("/reports", summary="Bulletin specs this server can build")
def list_reports(
    p: Principal = Depends(api_principal), svc: Service = Depends(service)
) -> dict[str, list[str]]:
    return {"reports": svc.report_specs()}


@router.get("/reports/{spec}", summary="Build a bulletin for a dataset and period")
def get_report(
    spec: str,
    dataset: list[str] = Query(
        min_length=1,
        max_length=8,
        description="A dataset name (63 characters at most); repeat it for several: "
        "each statement is answered by the first that can answer it.",
    ),
    period: str = Query(max_length=40),
    base_period: str | None = Query(None, max_length=40),
    lang: str = Query("en", pattern="^(en|zh)$"),
    format: str = Query("html", pattern="^(html|md|json)$"),
    p: Principal = Depends(api_principal),
    svc: Service = Depends(service),
) -> Response:
    bulletin = svc.bulletin(p, spec, dataset, period, base_period, lang)
    if format == "md":
        return PlainTextResponse(bulletin.to_markdown(), media_type="text/markdown")
    if format == "json":
        to_dict = getattr(bulletin, "to_dict", None)
        if to_dict is None:
            return JSONResponse({"markdown": bulletin.to_markdown()})
        return JSONResponse(to_dict())
    return HTMLResponse(bulletin.to_html())
