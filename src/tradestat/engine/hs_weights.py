"""Weights of split HS codes, taken from the data: how a code's value is shared out
among the codes of another edition it went to.

A code with one target (UN relationship 1:1 or n:1) moves whole. A code with several
(1:n, n:n) is split by the targets' shares of value in the *nearest period recorded in
the target edition*: the year with rows in that edition closest to the years of the
source edition's rows (the later one on a tie), per flow, on the latest vintage, returns
netted. Targets without value there (or an edition with no rows at all) share equally.
Two editions that are not HS2022 are converted through HS2022 (the UN tables relate
HS2022 to each), each step weighted by its own target edition's shares.

A split is a sequence of cumulative shares (lo, hi] per target, 0 = lo of the first,
1 = hi of the last: the engine gives each target ``round(v * hi) - round(v * lo)`` at the
value's own precision, so the parts of a value add up to it exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tradestat.reference.concordance import HUB, hs_targets

# (flow, code) -> value in a year of one edition
Shares = dict[tuple[str, str], float]
# code -> [(target, share)], shares adding up to 1
Split = dict[str, list[tuple[str, float]]]


def nearest_year(target_years: set[int], source_years: set[int]) -> int | None:
    """The target edition's year closest to any source year; the later one on a tie."""
    if not target_years:
        return None
    if not source_years:
        return max(target_years)
    return min(target_years, key=lambda y: (min(abs(y - s) for s in source_years), -y))


def shares_of(targets: tuple[str, ...], flow: str, shares: Shares) -> list[float]:
    """Each target's share of value among ``targets``; equal when none has value."""
    values = [max(shares.get((flow, t), 0.0), 0.0) for t in targets]
    total = sum(values)
    if total <= 0:
        return [1 / len(targets)] * len(targets)
    return [v / total for v in values]


def step(codes: set[str], frm: str, to: str, flow: str, shares: Shares) -> Split:
    """One step of the UN table (to or from HS2022) for the codes in ``codes``."""
    table = hs_targets(frm, to)
    out: Split = {}
    for code in codes:
        targets = table.get(code)
        if not targets:
            continue
        if len(targets) == 1:
            out[code] = [(targets[0], 1.0)]
        else:
            out[code] = list(zip(targets, shares_of(targets, flow, shares), strict=True))
    return out


def compose(first: Split, second: Split) -> Split:
    out: Split = {}
    for code, parts in first.items():
        acc: dict[str, float] = {}
        for mid, w in parts:
            for target, w2 in second.get(mid, ()):
                acc[target] = acc.get(target, 0.0) + w * w2
        if acc:
            out[code] = sorted(acc.items())
    return out


def split_codes(
    codes: set[str], frm: str, to: str, flow: str, shares_for: Callable[[str], Shares]
) -> Split:
    """``codes`` of edition ``frm`` split into edition ``to`` (through HS2022 if needed);
    ``shares_for(edition)`` gives that edition's shares in its nearest year."""
    if HUB in (frm, to):
        return step(codes, frm, to, flow, shares_for(to))
    up = step(codes, frm, HUB, flow, shares_for(HUB))
    mids = {m for parts in up.values() for m, _ in parts}
    return compose(up, step(mids, HUB, to, flow, shares_for(to)))


def cumulative(parts: list[tuple[str, float]]) -> list[tuple[str, float, float]]:
    """(target, lo, hi) with lo of the first 0.0 and hi of the last 1.0 exactly; each hi
    is the next lo (the same float), so the rounded parts telescope to the whole. Targets
    with no share get no part (a code whose value all went to one target moves whole)."""
    parts = [p for p in parts if p[1] > 0] or parts[:1]
    out, acc = [], 0.0
    for i, (target, w) in enumerate(parts):
        lo = float(acc)
        acc += w
        hi = 1.0 if i == len(parts) - 1 else float(acc)
        out.append((target, 0.0 if i == 0 else lo, hi))
    return out


def year_shares(backend: Any, facts: Any, edition: str, year: int) -> Shares:
    """Value by (flow, 6-digit code) of one edition's rows in one year (latest vintage)."""
    from tradestat.engine.inline import to_arrow

    t = facts.filter(facts.is_latest & (facts.hs_edition == edition) & (facts.year == year))
    agg = t.group_by(["flow", "hs6"]).aggregate(v=t.value.sum().cast("float64"))
    table = to_arrow(backend, agg).to_pydict()
    return {
        (f, c): float(v or 0)
        for f, c, v in zip(table["flow"], table["hs6"], table["v"], strict=True)
        if c is not None
    }
