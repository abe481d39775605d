"""`where` on breakdown dimensions, `having`, order and `top` applied to result rows in
Python, for the disclosure path where cells are protected before these are applied."""

from __future__ import annotations

from typing import Any

from tradestat.engine.compare import OPS  # the same comparisons as the SQL having
from tradestat.query.tradequery import TradeQuery


def finish_rows(rows: list[dict[str, Any]], q: TradeQuery) -> list[dict[str, Any]]:
    for dim, values in q.where:
        if dim in q.by:
            rows = [r for r in rows if r[dim] in values]
    for dim, values in q.exclude:
        if dim in q.by:
            rows = [r for r in rows if r[dim] is None or r[dim] not in values]
    for column, op, number in q.having_conditions:
        # a hidden (null) figure never passes, so filtering reveals nothing about it
        rows = [r for r in rows if r[column] is not None and OPS[op](float(r[column]), number)]
    order = list(q.order_by) or (["-value"] if q.top else list(q.by))
    order += [d for d in q.by if d not in [o.lstrip("-") for o in order]]
    for key in reversed(order):  # stable sorts, last key first
        name, desc = key.lstrip("-"), key.startswith("-")
        present = [r for r in rows if r[name] is not None]
        missing = [r for r in rows if r[name] is None]
        rows = sorted(present, key=lambda r, n=name: r[n], reverse=desc) + missing
    return rows[: q.top] if q.top else rows
