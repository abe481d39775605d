"""Noise for callers without the confidential scope: fixed, bounded, never averaged away.

Sums (value, quantity) use noise infusion, the method of the US Census Bureau's
County Business Patterns (Evans, Zayatz and Slanta 1998): every enterprise has a
fixed factor, up or down by noise_min_pct..noise_max_pct %, looked up in a p-table
from its record key (tradestat.store.record_keys), and a figure is the sum of
its rows' values each moved by its enterprise's factor. So:

- one cell has one value whatever query produced it, and figures add up: a total is
  the sum of its parts, a balance the difference of exports and imports;
- any difference of answers (total - imports, [A, B] - [B], Jan-Jul - Jul, latest -
  first published, net - gross) is the perturbed value of the rows in between, never
  the exact one: a cell of one enterprise is off by at least noise_min_pct % of it,
  a dominated cell by at least protection_pct % of its largest enterprise.

Counts (records, enterprises, orders, partners) use the cell-key method of the ABS
TableBuilder and the sdcTools ``cellKey`` package: a cell's key is the sum of its
rows' keys modulo 2^31, and a p-table maps it to -2, -1, +1 or +2.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from tradestat.engine import measures
from tradestat.engine.plan import Prepared
from tradestat.model.dataset import DisclosurePolicy
from tradestat.query.tradequery import ADDITIVE, TradeQuery
from tradestat.store.record_keys import COLUMN, MODULUS

PTABLE_ROWS = 32  # half up, half down, magnitudes evenly over (min, max]
COUNT_PTABLE = (-2, -1, 1, 2)
CENT = Decimal("0.01")


def magnitude_ptable(policy: DisclosurePolicy) -> tuple[Decimal, ...]:
    """Noise factors (fractions of a value), one per p-table row; exact decimals, so
    every engine gives the same figure to the cent."""
    lo, hi = Decimal(str(policy.noise_min_pct)), Decimal(str(policy.noise_max_pct))
    half = PTABLE_ROWS // 2
    levels = [(lo + (hi - lo) * (i + 1) / half) / 100 for i in range(half)]
    return (*levels, *(-x for x in levels))


def ptable_row(key: Any, rows: int) -> Any:
    """The p-table row of a key (an Ibis integer expression or an int) in [0, rows)."""
    return key * rows // MODULUS


def magnitude_expression(p: Prepared) -> Any:
    """Per cell, side and p-table row: the sum of the measure (signed as the query
    adds it). Small: at most 32 rows per cell."""
    q, m = p.q, p.main
    m = m.mutate(_row=ptable_row(m[COLUMN], PTABLE_ROWS))
    return m.aggregate(
        by=[*q.by, "_row"],
        _c=measures.aggregate(m, q, p.ds, p.money, m._cur),
        _b=measures.aggregate(m, q, p.ds, p.money, m._base),
    )


def count_expression(p: Prepared) -> Any:
    """Per cell and side: the cell key (sum of its rows' keys modulo 2^31)."""
    q, m = p.q, p.main
    key = m[COLUMN]
    return m.aggregate(
        by=list(q.by),
        _c=key.sum(where=m._cur) % MODULUS,
        _b=key.sum(where=m._base) % MODULUS,
    )


def expression(p: Prepared) -> Any:
    return magnitude_expression(p) if p.q.measure in ADDITIVE else count_expression(p)


def noise_by_cell(parts: Any, q: TradeQuery, policy: DisclosurePolicy) -> dict[tuple, dict]:
    """Per cell: the noise to add to ``value`` (current side) and ``base_value``."""
    table = magnitude_ptable(policy)
    out: dict[tuple, dict[str, Any]] = {}
    for a in parts.to_pylist():
        cell = out.setdefault(tuple(a[d] for d in q.by), {"value": 0, "base_value": 0})
        for side, col in (("_c", "value"), ("_b", "base_value")):
            if a[side] is None:
                continue
            if q.measure in ADDITIVE:
                cell[col] += table[a["_row"]] * Decimal(str(a[side]))
            else:
                cell[col] += COUNT_PTABLE[ptable_row(int(a[side]), len(COUNT_PTABLE))]
    return out


def perturb(value: Any, noise: Any, q: TradeQuery) -> Any:
    """``value`` plus its noise, in the value's own type (money to the cent)."""
    if value is None:
        return None
    if q.measure == "value":
        return (Decimal(value) + noise).quantize(CENT, ROUND_HALF_EVEN)
    if q.measure == "quantity":
        return round(float(value) + float(noise), 3)
    return max(int(value) + int(noise), 1) if value else 0  # a count stays a count


def _pct(num: Any, den: Any) -> float | None:
    if num is None or den is None or float(den) == 0:
        return None
    return float(num) * 100 / float(den)


def comparisons(row: dict[str, Any], total: dict[str, Any] | None, q: TradeQuery) -> None:
    """Growth, share, share change and contribution from perturbed figures, by the
    formulas of tradestat.engine.compare."""
    v, b = row.get("value"), row.get("base_value")
    change = None if v is None or b is None else float(v) - float(b)
    t, tb = (total or {}).get("value"), (total or {}).get("base_value")
    if "growth" in q.compare:
        row["growth_pct"] = _pct(change, b)
    if "share" in q.compare or "share_pp" in q.compare:
        row["share_pct"] = _pct(v, t)
    if "share_pp" in q.compare:
        base_share, share = _pct(b, tb), row["share_pct"]
        row["share_pp"] = None if share is None or base_share is None else share - base_share
    if "contribution" in q.compare:
        row["contribution_pp"] = _pct(change, tb)
