"""Unit values, price and volume indices and growth decomposed: the formulas.

A *product* is one flow x HS code x unit. On each side (base 0, current 1) it has a
value v and a quantity q summed over its rows that state a quantity; its unit value
is p = v / q. A product is *usable* on a side when v > 0 and q > 0 there, and
*matched* when usable on both sides. Over the matched products of a cell:

    Laspeyres price   L_P = sum(p1 q0) / sum(p0 q0)     volume  L_Q = sum(p0 q1) / sum(p0 q0)
    Paasche price     P_P = sum(p1 q1) / sum(p0 q1)     volume  P_Q = sum(p1 q1) / sum(p1 q0)
    Fisher price      F_P = sqrt(L_P P_P)               volume  F_Q = V / F_P = sqrt(L_Q P_Q)
    value index       V   = sum(p1 q1) / sum(p0 q0)

(as index points: x 100, base side = 100). So F_P x F_Q = V exactly, and
L_P x P_Q = P_P x L_Q = V. Products entering (usable only on the current side) or
leaving (only on the base side) and value without a quantity take no part in the
relatives: they are counted in the coverage, the share of the value on both sides
that the matched products hold, and the growth they carry is the residual of the
decomposition.

The growth decomposed, from the Fisher indices P and Q (as ratios) and the growth g
of the whole cell (%): price_pp = (P - 1)(1 + Q) / 2 x 100, volume_pp =
(Q - 1)(1 + P) / 2 x 100 (the interaction split evenly), so price_pp + volume_pp
= (PQ - 1) x 100 = the matched products' value growth, and residual_pp = g -
price_pp - volume_pp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

Sums = tuple[Any, Any]  # (value, quantity) of a product on one side; None: no rows


def usable(side: Sums | None) -> bool:
    return side is not None and _pos(side[0]) and _pos(side[1])


def _pos(x: Any) -> bool:
    return x is not None and float(x) > 0


@dataclass(frozen=True)
class Indices:
    """One comparison of two sides, as index points (base side = 100)."""

    laspeyres_price: float
    paasche_price: float
    fisher_price: float
    laspeyres_volume: float
    paasche_volume: float
    fisher_volume: float
    value: float
    matched: int  # products matched on both sides

    def price(self, method: str) -> float:
        return getattr(self, f"{method}_price")

    def volume(self, method: str) -> float:
        return getattr(self, f"{method}_volume")


def compare(products: list[tuple[Sums | None, Sums | None]]) -> Indices | None:
    """Indices of side 1 on side 0 over the matched products; None when none match."""
    pairs = [(a, b) for a, b in products if usable(a) and usable(b)]
    if not pairs:
        return None
    v0 = [float(a[0]) for a, _ in pairs]
    q0 = [float(a[1]) for a, _ in pairs]
    v1 = [float(b[0]) for _, b in pairs]
    q1 = [float(b[1]) for _, b in pairs]
    # math.fsum: exactly rounded, so the order rows arrive in (DuckDB, Spark) is moot
    s00, s11 = math.fsum(v0), math.fsum(v1)
    s10 = math.fsum(q * (b / qb) for q, b, qb in zip(q0, v1, q1, strict=True))  # p1 q0
    s01 = math.fsum(q * (a / qa) for q, a, qa in zip(q1, v0, q0, strict=True))  # p0 q1
    lp, pp = s10 / s00, s11 / s01
    lq, pq = s01 / s00, s11 / s10
    value = s11 / s00
    fp = math.sqrt(lp * pp)
    return Indices(
        100 * lp, 100 * pp, 100 * fp, 100 * lq, 100 * pq, 100 * (value / fp), 100 * value,
        len(pairs),
    )  # fmt: skip


@dataclass
class Coverage:
    """What the relatives of one comparison leave out, as value on each side."""

    total: list[float]  # all value of the cell, [base, current]
    matched: list[float]
    entering: int = 0  # products usable on the current side only
    entering_value: float = 0.0
    leaving: int = 0
    leaving_value: float = 0.0
    without_quantity: list[float] | None = None

    def add(self, other: Coverage) -> None:
        for name in ("total", "matched", "without_quantity"):
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(self, name, [a + b for a, b in zip(mine, theirs, strict=True)])
        self.entering += other.entering
        self.leaving += other.leaving
        self.entering_value += other.entering_value
        self.leaving_value += other.leaving_value

    def as_dict(self) -> dict[str, Any]:
        total = sum(self.total)
        return {
            "matched_pct": _share(sum(self.matched), total),
            "base_pct": _share(self.matched[0], self.total[0]),
            "current_pct": _share(self.matched[1], self.total[1]),
            "entering": {"products": self.entering,
                         "value_pct": _share(self.entering_value, self.total[1])},
            "leaving": {"products": self.leaving,
                        "value_pct": _share(self.leaving_value, self.total[0])},
            "without_quantity_pct": _share(sum(self.without_quantity or [0.0]), total),
        }  # fmt: skip


def _share(part: float, whole: float) -> float | None:
    return round(part * 100 / whole, 4) if whole else None


def coverage(entries: list[tuple[Any, Sums | None, Sums | None]]) -> Coverage:
    """``entries``: (unit or None for rows without a quantity, base sums, current sums)."""
    cov = Coverage([0.0, 0.0], [0.0, 0.0], without_quantity=[0.0, 0.0])
    for unit, a, b in entries:
        for i, side in enumerate((a, b)):
            if side is not None and side[0] is not None:
                cov.total[i] += float(side[0])
                if unit is None:
                    cov.without_quantity[i] += float(side[0])  # type: ignore[index]
        if unit is None:
            continue
        if usable(a) and usable(b):
            cov.matched[0] += float(a[0])  # type: ignore[index]
            cov.matched[1] += float(b[0])  # type: ignore[index]
        elif usable(b):
            cov.entering += 1
            cov.entering_value += float(b[0])  # type: ignore[index]
        elif usable(a):
            cov.leaving += 1
            cov.leaving_value += float(a[0])  # type: ignore[index]
    return cov


def unit_value(sides: list[tuple[Any, Sums | None]]) -> tuple[Any, float | None]:
    """(unit, value / quantity) over the usable products of one side of a cell; a cell
    whose products are in more than one unit has no unit value: ("mixed", None)."""
    used = [(u, s) for u, s in sides if u is not None and usable(s)]
    units = {u for u, _ in used}
    if len(units) != 1:
        return ("mixed" if units else None), None
    value = math.fsum(float(s[0]) for _, s in used)  # type: ignore[index]
    quantity = math.fsum(float(s[1]) for _, s in used)  # type: ignore[index]
    return units.pop(), value / quantity


def decompose(growth_pct: float | None, ix: Indices | None) -> dict[str, float | None]:
    """volume_pp, price_pp and residual_pp of a growth, from the Fisher indices."""
    if growth_pct is None or ix is None:
        return {"volume_pp": None, "price_pp": None, "residual_pp": None}
    p, q = ix.fisher_price / 100, ix.fisher_volume / 100
    price_pp = (p - 1) * (1 + q) / 2 * 100
    volume_pp = (q - 1) * (1 + p) / 2 * 100
    return {
        "volume_pp": volume_pp,
        "price_pp": price_pp,
        "residual_pp": float(growth_pct) - price_pp - volume_pp,
    }


def chain(links: list[Indices | None], method: str) -> list[tuple[float | None, ...]]:
    """Levels (price, volume, value) of a chained series, the reference = 100: each
    link multiplies the previous level; a month without a link breaks the chain (the
    months after it have no level)."""
    level: tuple[float, float, float] | None = (100.0, 100.0, 100.0)
    out: list[tuple[float | None, ...]] = []
    for ix in links:
        if ix is None or level is None:
            level = None
            out.append((None, None, None))
            continue
        rel = (ix.price(method), ix.volume(method), ix.value)
        level = (level[0] * rel[0] / 100, level[1] * rel[1] / 100, level[2] * rel[2] / 100)
        out.append(level)
    return out
