"""Which vintages and months a query used, and what it could not see."""

from __future__ import annotations

from typing import Any

from tradestat.engine.frame import Sides
from tradestat.query.tradequery import TradeQuery


def _used(row: dict[str, Any], q: TradeQuery) -> int:
    if q.basis == "latest":
        return row["latest_rows"]
    if q.basis == "first_published":
        return row["first_rows"]
    return row["rows"] if row["vintage"] <= q.as_of else 0


def coverage(vintages: list[dict[str, Any]], dataset: str, q: TradeQuery, sides: Sides) -> dict:
    """Per side: vintages used (with row counts), months with data and months missing."""
    out: dict[str, Any] = {}
    rows = [r for r in vintages if r["dataset"] == dataset]
    names = {"current": sides.cur, "base": sides.base}
    for name, span in names.items():
        if span is None:
            continue
        months = {m for m in span.month_list()}
        used = [r for r in rows if r["period"] in months and _used(r, q) > 0]
        per_vintage: dict[str, int] = {}
        for r in used:
            key = r["vintage"].isoformat()
            per_vintage[key] = per_vintage.get(key, 0) + _used(r, q)
        present = {r["period"] for r in used}
        out[name] = {
            "period": str(span),
            "months": span.label,
            "vintages": dict(sorted(per_vintage.items())),
            "rows_in_period": sum(per_vintage.values()),
            "months_missing": [f"{m:%Y-%m}" for m in sorted(months - present)],
        }
    return out


def warnings(cov: dict[str, Any]) -> list[str]:
    notes = []
    for side, info in cov.items():
        missing = info["months_missing"]
        if not missing:
            continue
        if len(missing) == _months_in(info["months"]):
            notes.append(f"{side} period {info['period']} has no data")
        else:
            notes.append(
                f"{side} period {info['period']} lacks data for {len(missing)} month(s): "
                f"{', '.join(missing[:6])}{' …' if len(missing) > 6 else ''}"
            )
    return notes


def _months_in(label: str) -> int:
    """Months in a coverage label ``YYYY-MM..YYYY-MM``. Not ``Span.parse``: that checks a
    period a user wrote, and refused the default base of a period in 1900 (1899)."""
    (y0, m0), (y1, m1) = (map(int, part.split("-")) for part in label.split(".."))
    return (y1 - y0) * 12 + m1 - m0 + 1
