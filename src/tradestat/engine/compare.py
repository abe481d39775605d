"""Comparisons (growth, share, share change, contribution) and the result's final shape."""

from __future__ import annotations

from typing import Any

from tradestat.query.dimensions import TIME_DIMENSIONS
from tradestat.query.tradequery import TradeQuery

OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def needs_total(q: TradeQuery) -> bool:
    return bool({"share", "share_pp", "contribution"} & set(q.compare))


def total_keys(q: TradeQuery) -> list[str]:
    """Shares are taken within each time bucket of the breakdown."""
    return [d for d in q.by if d in TIME_DIMENSIONS]


def _pct(num: Any, den: Any) -> Any:
    # (a * 100) / b keeps exact-looking results: (240 - 300) * 100 / 300 == -20.0
    return (num.cast("float64") * 100) / den.cast("float64").nullif(0)


def comparison_exprs(q: TradeQuery, col: Any) -> dict[str, Any]:
    """Growth, share, base-side share and contribution from the columns ``col(name)``
    gives (value, base_value, _total_value, _total_base_value); shared scans
    (tradestat.engine.scans) compute them from the same expressions."""
    cols: dict[str, Any] = {}
    if "growth" in q.compare:
        cols["growth_pct"] = _pct(col("value") - col("base_value"), col("base_value"))
    if "share" in q.compare or "share_pp" in q.compare:
        cols["share_pct"] = _pct(col("value"), col("_total_value"))
    if "share_pp" in q.compare:
        cols["_base_share"] = _pct(col("base_value"), col("_total_base_value"))
    if "contribution" in q.compare:
        cols["contribution_pp"] = _pct(col("value") - col("base_value"), col("_total_base_value"))
    return cols


def add_comparisons(t: Any, q: TradeQuery, hide: bool = False) -> Any:
    """Growth, share, share change and contribution; with ``hide`` (the sides do not cover
    the same months) the figures that compare the sides are null."""
    import ibis

    cols = comparison_exprs(q, lambda name: t[name])
    t = t.mutate(**cols)
    if "share_pp" in q.compare:
        t = t.mutate(share_pp=t.share_pct - t._base_share)
    if hide:
        compared = [c for c in ("growth_pct", "share_pp", "contribution_pp") if c in t.columns]
        t = t.mutate(**{c: ibis.null("float64") for c in compared})
    return t


def finish(t: Any, q: TradeQuery) -> Any:
    """Having, order, top, and exactly the documented result columns."""
    for column, op, number in q.having_conditions:
        t = t.filter(OPS[op](t[column], number))
    order = list(q.order_by) or (["-value"] if q.top else list(q.by))
    # a cell without a stated value ("not stated") is listed after every real member,
    # never ranked ahead of them; then nulls last on every engine, and ties broken by
    # the breakdown so results are stable
    keys = [t[d].isnull().asc() for d in q.by if d not in TIME_DIMENSIONS]
    keys += [
        t[o[1:]].desc(nulls_first=False) if o.startswith("-") else t[o].asc(nulls_first=False)
        for o in order
    ]
    keys += [t[d].asc(nulls_first=False) for d in q.by if d not in [o.lstrip("-") for o in order]]
    if keys:
        t = t.order_by(keys)
    if q.top:
        t = t.limit(q.top)
    return t.select(*q.result_columns())
