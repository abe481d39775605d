"""A result as the explorer shows it: a formatted table and a chart spec.

Only presentation happens here — labels for codes, thousands separators, the
choice of chart — every number comes from the engine's result unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from tradestat.query.dimensions import DIMENSIONS, TIME_DIMENSIONS
from tradestat.query.units import EXACT, Scale, column_label

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


def heading(column: str, result: Any, scale: Scale, t: dict[str, str], lang: str) -> str:
    """A column's name in ``lang`` with its unit: "Value (CNY trillion)", "金额（万亿元）"."""
    if column in DIMENSIONS:
        return t.get(f"d_{column}", column)
    if column not in ("value", "base_value"):  # "Growth %", "拉动（百分点）" name theirs
        return t.get(column, column)
    return column_label(column, result.unit, scale, lang, name=t.get(column, column))


def table(result: Any, by: list[str], t: dict[str, str], lang: str, ranked: bool,
          scale: Scale = EXACT) -> dict:  # fmt: skip
    columns = [c for c in result.columns if c not in ("suppressed", "suppression")]
    head = ([t["rank"]] if ranked else []) + [heading(c, result, scale, t, lang) for c in columns]
    numeric = [c not in DIMENSIONS and c != "unit" for c in columns]  # unit: a word
    rows = []
    for i, r in enumerate(result.scaled_rows(scale)[:TABLE_LIMIT], 1):
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
        "ranked": ranked,
        "truncated": len(result) > TABLE_LIMIT,
        "total": len(result),
    }


def can_pivot(by: list[str]) -> bool:
    """A pivot needs exactly one time dimension to spread across the columns."""
    return sum(d in TIME_DIMENSIONS for d in by) == 1


def pivot(result: Any, by: list[str], t: dict[str, str], lang: str, scale: Scale = EXACT) -> dict:
    """The values with the time dimension as columns (years across, partners down);
    the unit goes in the corner cell. A hidden cell reads as hidden."""
    time_dim = next(d for d in by if d in TIME_DIMENSIONS)
    others = [d for d in by if d != time_dim]
    periods = sorted({str(r[time_dim]) for r in result.rows()})
    cells: dict[tuple, dict[str, str]] = {}
    for r in result.scaled_rows(scale):
        key = tuple(r[d] for d in others)
        shown = t["suppressed"] if r.get("suppression") and r["value"] is None else None
        cells.setdefault(key, {})[str(r[time_dim])] = shown or fmt("value", r["value"])
    rows = []
    for i, (key, by_period) in enumerate(list(cells.items())[:TABLE_LIMIT], 1):
        names = [code_label(d, str(v), lang) if v is not None else "–"
                 for d, v in zip(others, key, strict=True)]  # fmt: skip
        rows.append({"rank": i, "reason": None,
                     "cells": names + [by_period.get(p, "–") for p in periods]})  # fmt: skip
    corner = heading("value", result, scale, t, lang)
    head = [heading(d, result, scale, t, lang) for d in others] or [corner]
    if others:
        head[-1] = f"{head[-1]} · {corner}"
    else:
        rows = [{**r, "cells": [t["value"], *r["cells"]]} for r in rows]
    return {
        "head": head + periods,
        "numeric": [False] * max(len(others), 1) + [True] * len(periods),
        "rows": rows,
        "columns": others + periods,
        "ranked": False,
        "truncated": len(cells) > TABLE_LIMIT,
        "total": len(cells),
    }


def chart(result: Any, by: list[str], t: dict[str, str], lang: str, kind: str = "auto",
          scale: Scale = EXACT) -> dict:  # fmt: skip
    """Chart.js-ready spec: lines for a time series, bars for a breakdown; axis titles
    name the unit; a series with no figure (a base never asked for) is not drawn."""
    if kind == "none" or len(result) == 0:
        return {}
    rows = result.json_rows(scale)[:CHART_LIMIT]
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
    series = [s for s in series if any(v is not None for v in s["data"])]
    axes = {"y": heading("value", result, scale, t, lang)}
    if any(s["axis"] == "y2" for s in series):
        axes["y2"] = heading("growth_pct", result, scale, t, lang)
    return {"type": chart_type, "labels": labels, "series": series, "axes": axes,
            "truncated": len(result) > CHART_LIMIT}  # fmt: skip


def _short(label: str) -> str:
    """Axis labels stay legible; the table has the full names."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def markets(svc: Any, principal: Any, wanted: dict[str, str], t: dict[str, str],
            lang: str) -> tuple[Any, dict]:  # fmt: skip
    """The export-market finder's result for the page's form, and its table."""
    from tradestat.analytics.markets import export_markets
    from tradestat.errors import QueryError

    try:
        years = int(wanted["years"] or 5)
    except ValueError:
        raise QueryError("years", "must be a whole number of years") from None
    options = {"currency": wanted["currency"]} if wanted["currency"] else {}
    result = export_markets(
        lambda q, confidential=True: svc.query(principal, q), wanted["dataset"],
        wanted["product"], wanted["exporter"] or "CHN", wanted["period"], years=years,
        demand=wanted["demand"] or "imports", **options,
    )  # fmt: skip
    rows = [{"rank": i, "reason": None,
             "cells": [code_label("partner", r["market"], lang)]
             + [fmt(c, r[c]) for c in result.columns[1:]]}
            for i, r in enumerate(result.rows()[:TABLE_LIMIT], 1)]  # fmt: skip
    head = [t["rank"]] + [t.get(c, c) for c in result.columns]
    return result, {"head": head, "rows": rows, "numeric": [True, False] + [True] * (len(head) - 2)}
