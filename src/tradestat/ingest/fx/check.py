"""Which way round is a rate series quoted? Units per USD, or USD per unit.

Compared first with the packaged monthly rates where the months overlap (another
source for the same month differs by a few percent at most), else with rough anchors
(``formats/data/fx_anchors.csv``). A series whose values sit near 1 cannot be told
apart from its inverse by magnitude; it is then compared at another anchor, or stays
unchecked.
"""

from __future__ import annotations

import statistics
from datetime import date
from functools import cache

from tradestat.ingest.readers.packaged import load_csv

TOLERANCE_PACKAGED = 1.25
TOLERANCE_ANCHOR = 1.4


@cache
def _packaged(currency: str) -> dict[date, float]:
    from tradestat import reference

    table = reference.fx_rates()
    out = {}
    for cur, period, value in zip(*(table[c].to_pylist() for c in table.column_names), strict=True):
        if cur == currency:
            out[period] = value
    return out


def _within(x: float, tolerance: float) -> bool:
    return 1 / tolerance <= x <= tolerance


def direction(currency: str, monthly: dict[date, float]) -> tuple[str | None, str]:
    """("direct" | "inverted" | "inconsistent" | None, what it was compared with)."""
    packaged = _packaged(currency)
    common = [m for m in monthly if m in packaged]
    if common:
        ratio = statistics.median(monthly[m] / packaged[m] for m in common)
        basis = f"packaged rates, {len(common)} months, median ratio {ratio:.4g}"
        if _within(ratio, TOLERANCE_PACKAGED):
            return "direct", basis
        inverse = statistics.median(1 / monthly[m] / packaged[m] for m in common)
        if _within(inverse, TOLERANCE_PACKAGED):
            return "inverted", f"packaged rates, {len(common)} months, inverse ratio {inverse:.4g}"
        return "inconsistent", basis
    votes = set()
    used = []
    for a in load_csv(__package__, "fx_anchors.csv"):
        if a["currency"] != currency:
            continue
        month = date.fromisoformat(a["period"] + "-01")
        value = _nearest(monthly, month)
        if value is None:
            continue
        anchor = float(a["per_usd"])
        direct = _within(value / anchor, TOLERANCE_ANCHOR)
        inverse = _within(1 / value / anchor, TOLERANCE_ANCHOR)
        used.append(a["period"])
        if direct != inverse:
            votes.add("direct" if direct else "inverted")
        elif not direct:
            votes.add("inconsistent")
    basis = f"anchors {', '.join(used)}" if used else "no packaged rate or anchor for " + currency
    if len(votes) == 1:
        return votes.pop(), basis
    return ("inconsistent", basis) if votes else (None, basis)


def _nearest(monthly: dict[date, float], month: date, within: int = 2) -> float | None:
    index = month.year * 12 + month.month
    best = None
    for m, v in monthly.items():
        gap = abs(m.year * 12 + m.month - index)
        if gap <= within and (best is None or gap < best[0]):
            best = (gap, v)
    return best[1] if best else None
