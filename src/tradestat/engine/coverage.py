"""Coverage per query: which months the rows a query reads cover, on each side.

Growth compares like with like. The months present are those of the rows the query
itself reads (its basis, flow, ``where`` / ``exclude``), not of the whole dataset: a
dataset can have every month while its exports lack two. When the two sides do not
cover the same months (a month missing on either side, or spans of different length)
the comparisons are not computed, and the answer says which months are missing and
which span would be comparable. ``"coverage": "partial"`` computes them anyway.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tradestat.engine.frame import Sides
from tradestat.query.periods import Span, add_months, month_index
from tradestat.query.tradequery import TradeQuery

SIDE_NAMES = ("current", "base")


def _used(row: dict[str, Any], q: TradeQuery) -> int:
    if q.basis == "latest":
        return row["latest_rows"]
    if q.basis == "first_published":
        return row["first_rows"]
    return row["rows"] if row["vintage"] <= q.as_of else 0


def covered_months(periods: set[date], months_per_row: int) -> set[date]:
    """Months covered by rows of these periods (an annual row covers its twelve)."""
    return {add_months(p, i) for p in periods for i in range(months_per_row)}


def coverage(
    vintages: list[dict[str, Any]],
    dataset: str,
    q: TradeQuery,
    sides: Sides,
    present: set[date],
) -> dict[str, Any]:
    """Per side: vintages used (with row counts), months with data and months missing;
    then whether the sides are comparable and, if not, what would be."""
    out: dict[str, Any] = {}
    rows = [r for r in vintages if r["dataset"] == dataset]
    for name, span in zip(SIDE_NAMES, (sides.cur, sides.base), strict=True):
        if span is None:
            continue
        months = set(span.month_list())
        used = [r for r in rows if r["period"] in months and _used(r, q) > 0]
        per_vintage: dict[str, int] = {}
        for r in used:
            key = r["vintage"].isoformat()
            per_vintage[key] = per_vintage.get(key, 0) + _used(r, q)
        out[name] = {
            "period": str(span),
            "months": span.label,
            "vintages": dict(sorted(per_vintage.items())),
            "rows_in_period": sum(per_vintage.values()),
            "months_present": _runs(sorted(months & present)),
            "months_missing": [f"{m:%Y-%m}" for m in sorted(months - present)],
        }
    if sides.base is not None:
        out["comparable"], out["comparable_note"] = _comparable(sides, present)
    return out


def _period(span: Span) -> str:
    """A span as a period to ask for: one month as itself, not 2025-02..2025-02."""
    return f"{span.start:%Y-%m}" if span.start == span.end else span.label


def _comparable(sides: Sides, present: set[date]) -> tuple[bool, str | None]:
    cur, base = sides.cur, sides.base
    assert base is not None
    if cur.months != base.months:
        return False, (
            f"{cur} has {cur.months} month(s) and its base {base} {base.months}: "
            f"compare {cur} with {cur.default_base()}"
        )
    cur_have, base_have = set(cur.month_list()) & present, set(base.month_list()) & present
    if len(cur_have) == cur.months and len(base_have) == base.months:
        return True, None
    both = sorted(m for m in cur_have if add_months(m, -sides.offset) in base_have)
    parts = [
        f"{span} has data for {_runs(sorted(have))}" if have else f"{span} has no data"
        for span, have in ((cur, cur_have), (base, base_have))
        if len(have) < span.months
    ]
    note = "; ".join(parts)
    run = _longest_run(both)
    if run:
        shown = Span(run[0], run[-1])
        note += f": compare {_period(shown)} with {_period(shown.shift(-sides.offset))}"
    else:
        note += ": no month has data on both sides"
    return False, note


def _longest_run(months: list[date]) -> list[date]:
    best: list[date] = []
    current: list[date] = []
    for m in months:
        if current and month_index(m) == month_index(current[-1]) + 1:
            current.append(m)
        else:
            current = [m]
        if len(current) > len(best):
            best = list(current)
    return best


def _runs(months: list[date]) -> str:
    """'2025-01..2025-06, 2025-09' for a sorted list of months."""
    out: list[str] = []
    start = prev = None
    for m in [*months, None]:
        if m is not None and prev is not None and month_index(m) == month_index(prev) + 1:
            prev = m
            continue
        if start is not None:
            out.append(f"{start:%Y-%m}" if start == prev else f"{start:%Y-%m}..{prev:%Y-%m}")
        start = prev = m
    return ", ".join(out)


def comparisons_hidden(q: TradeQuery, cov: dict[str, Any]) -> bool:
    """True when the sides are not comparable and the query did not accept partial data."""
    return cov.get("comparable") is False and q.coverage != "partial"


def warnings(cov: dict[str, Any], q: TradeQuery) -> list[str]:
    notes = []
    for side in SIDE_NAMES:
        info = cov.get(side)
        if not info or not info["months_missing"]:
            continue
        missing = info["months_missing"]
        if len(missing) == _months_in(info["months"]):
            notes.append(f"{side} period {info['period']} has no data")
        else:
            notes.append(
                f"{side} period {info['period']} lacks data for {len(missing)} month(s): "
                f"{', '.join(missing[:6])}{' …' if len(missing) > 6 else ''}"
            )
    if cov.get("comparable") is False:
        hidden = [c for c in ("growth", "share_pp", "contribution") if c in q.compare]
        what = "; ".join(filter(None, [cov.get("comparable_note")]))
        if hidden and q.coverage != "partial":
            notes.append(f"not comparable, so {', '.join(hidden)} not computed: {what}")
        elif hidden:
            notes.append(f"not comparable (computed anyway, coverage 'partial'): {what}")
    return notes


def _months_in(label: str) -> int:
    """Months in a coverage label ``YYYY-MM..YYYY-MM``. Not ``Span.parse``: that checks a
    period a user wrote, and refused the default base of a period in 1900 (1899)."""
    (y0, m0), (y1, m1) = (map(int, part.split("-")) for part in label.split(".."))
    return (y1 - y0) * 12 + m1 - m0 + 1
