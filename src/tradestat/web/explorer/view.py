"""A result as the explorer shows it: a formatted table and a chart spec.

Only presentation happens here — labels for codes, thousands separators, the
choice of chart — every number comes from the engine's result unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from tradestat.query.dimensions import DIMENSIONS, TIME_DIMENSIONS

FIGURES = ("value", "base_value", "growth_pct", "share_pct", "share_pp", "contribution_pp")
CHART_LIMIT = 60
TABLE_LIMIT = 2000  # rows shown in the page; the CSV download has them all
LABEL_CHARS = 32


@lru_cache(maxsize=4096)
def code_label(dim: str, code: str, lang: str) -> str:
    """A readable name for a code (the reference's), falling back to the code itself;
    partners keep their code in front, as customs tables print them."""
    from tradestat.reference.labels import label

    name = label(dim, code, lang)
    return f"{code} {name}" if dim == "partner" and name != code else name


def fmt(column: str, value: Any) -> str:
    if value is None:
        return "–"
    if column.endswith(("_pct", "_pp")):
        return f"{float(value):,.1f}"
    if isinstance(value, Decimal | float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def table(result: Any, by: list[str], t: dict[str, str], lang: str, ranked: bool) -> dict:
    columns = [c for c in result.columns if c not in ("suppressed", "suppression")]
    head = ([t["rank"]] if ranked else []) + [
        t.get(f"d_{c}", t.get(c, c)) if c in DIMENSIONS else t.get(c, c) for c in columns
    ]
    numeric = [c not in DIMENSIONS for c in columns]
    rows = []
    for i, r in enumerate(result.rows()[:TABLE_LIMIT], 1):
        reason = r.get("suppression")
        cells = []
        for c in columns:
            if c in DIMENSIONS:
                cells.append(code_label(c, str(r[c]), lang) if r[c] is not None else "–")
            elif reason and r[c] is None:
                cells.append(t["suppressed"])
            else:
                cells.append(fmt(c, r[c]))
        rows.append({"rank": i, "cells": cells, "reason": reason})
    return {
        "head": head,
        "numeric": ([True] if ranked else []) + numeric,
        "rows": rows,
        "columns": columns,
        "truncated": len(result) > TABLE_LIMIT,
        "total": len(result),
    }


def chart(result: Any, by: list[str], t: dict[str, str], lang: str, kind: str = "auto") -> dict:
    """Chart.js-ready spec: lines for a time series, bars for a breakdown."""
    if kind == "none" or len(result) == 0:
        return {}
    rows = result.json_rows()[:CHART_LIMIT]
    time_series = len(by) == 1 and by[0] in TIME_DIMENSIONS
    chart_type = kind if kind in ("bar", "line") else ("line" if time_series else "bar")
    labels = [
        " · ".join(code_label(d, str(r[d]), lang) for d in by) if by else t["value"] for r in rows
    ]
    series = [{"label": t["value"], "data": [r["value"] for r in rows], "axis": "y"}]
    if "base_value" in result.columns:
        series.append(
            {"label": t["base_value"], "data": [r["base_value"] for r in rows], "axis": "y"}
        )
    if "growth_pct" in result.columns and by:
        series.append({"label": t["growth_pct"], "data": [r["growth_pct"] for r in rows],
                       "axis": "y2", "type": "line"})  # fmt: skip
    return {"type": chart_type, "labels": labels, "series": series,
            "truncated": len(result) > CHART_LIMIT}  # fmt: skip


def _short(label: str) -> str:
    """Axis labels stay legible; the table has the full names."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
