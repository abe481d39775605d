"""Statistical disclosure control for callers without the ``confidential`` scope.

Primary suppression hides a cell (on either side of the comparison) with fewer than
``min_enterprises`` distinct enterprises, or one the dataset's dominance rule finds
sensitive: one enterprise makes up at least ``dominance_pct`` of it (n-k rule), or the
rest after its two largest enterprises is less than ``p_pct`` % of the largest (p %
rule). Secondary suppression then hides, in every one-dimensional
slice of the breakdown that has exactly one hidden cell, the smallest visible cell as
well, so no hidden value is a slice total minus the published cells.

It is computed on the whole breakdown (before ``where`` on the breakdown's own
dimensions, ``having`` and ``top``), so the pattern of hidden cells does not depend
on how a caller slices the request.

A ``where``/``exclude`` on other dimensions selects a subset whose complement is the
unfiltered cell minus the subset: a cell is hidden too when the rows its filter leaves
out fail the rules, so "everything except partner X" cannot reveal partner X.
"""

from __future__ import annotations

from typing import Any

from tradestat.engine.patterns import reason_for
from tradestat.engine.plan import Prepared
from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import TradeQuery

FIGURES = ("value", "base_value", "growth_pct", "share_pct", "share_pp", "contribution_pp")


def applies(q: TradeQuery, ds: Dataset) -> bool:
    """Every measure of a dataset with enterprises: sums, and counts of the same cells
    (a count of a hidden cell is hidden too)."""
    return ds.has("enterprise_id")


def whole_breakdown(q: TradeQuery) -> TradeQuery:
    """The query whose cells are protected together: no having/top/order, and no
    filters on the breakdown's own dimensions."""
    keep = {k: list(v) for k, v in q.where if k not in q.by}
    drop = {k: list(v) for k, v in q.exclude if k not in q.by}
    return q.replace(having=None, top=None, order_by=[], where=keep, exclude=drop)


def complement_queries(q: TradeQuery) -> list[TradeQuery]:
    """Disjoint pieces of the rows that ``where``/``exclude`` outside the breakdown leave
    out: piece i keeps filters 1..i-1 and flips filter i, so together they are exactly
    the unfiltered cell minus the filtered one."""
    base = whole_breakdown(q)
    filters = [("where", d, tuple(v)) for d, v in base.where]
    filters += [("exclude", d, tuple(v)) for d, v in base.exclude]
    pieces = []
    for i, (kind, dim, values) in enumerate(filters):
        flipped = ("exclude" if kind == "where" else "where", dim, values)
        where: dict[str, set] = {}
        exclude: dict[str, set] = {}
        for k, d, v in [*filters[:i], flipped]:
            if k == "where":  # two lists on one dimension: rows must be in both
                where[d] = where[d] & set(v) if d in where else set(v)
            else:
                exclude[d] = exclude.get(d, set()) | set(v)
        if any(not v for v in where.values()):
            continue  # an empty piece discloses nothing
        pieces.append(base.replace(
            where={d: sorted(v) for d, v in where.items()},
            exclude={d: sorted(v) for d, v in exclude.items()},
        ))  # fmt: skip
    return pieces


def combine_pieces(tables: list[Any], by: tuple[str, ...]) -> dict[tuple, dict[str, Any]]:
    """Per cell, stats of the complement from its pieces, erring towards hiding: an
    enterprise may appear in several pieces, so the distinct count is the largest
    piece's (a lower bound), the largest enterprise at most the sum of the pieces'
    largest and the two largest together at most the sum of the pieces' two largest
    (upper bounds); absolute sums add up exactly (pieces share no row)."""
    out: dict[tuple, dict[str, Any]] = {}
    for table in tables:
        for s in table.to_pylist():
            cell = out.setdefault(tuple(s[d] for d in by), {})
            for side in ("cur", "base"):
                n, top, second, total = (
                    s.get(f"{k}_{side}") or 0 for k in ("n", "max", "second", "sum")
                )
                cell[f"n_{side}"] = max(cell.get(f"n_{side}", 0), n)
                cell[f"max_{side}"] = cell.get(f"max_{side}", 0) + top
                cell[f"top2_{side}"] = cell.get(f"top2_{side}", 0) + top + second
                cell[f"sum_{side}"] = cell.get(f"sum_{side}", 0) + total
    for cell in out.values():
        for side in ("cur", "base"):
            total = cell[f"sum_{side}"]
            cell[f"max_{side}"] = min(cell[f"max_{side}"], total)
            cell[f"second_{side}"] = min(cell.pop(f"top2_{side}"), total) - cell[f"max_{side}"]
    return out


def stats_expression(p: Prepared) -> Any:
    """Per cell and side: distinct enterprises with a non-zero value, the largest
    enterprise's absolute value and the sum of absolute values; under the p % rule,
    also the second largest enterprise's."""
    import ibis

    q, m = p.q, p.main
    col = m.quantity if q.measure == "quantity" else p.money.expr(m)
    per = m.aggregate(
        by=[*q.by, "enterprise_id"], _c=col.sum(where=m._cur), _b=col.sum(where=m._base)
    )
    per = per.mutate(_cur=per._c.abs(), _base=per._b.abs())
    second = p.ds.disclosure.dominance_rule == "p_percent"
    if second:  # rank enterprises within their cell, largest first, per side
        for side in ("cur", "base"):
            w = ibis.window(group_by=list(q.by), order_by=[ibis.desc(per[f"_{side}"])])
            per = per.mutate(**{f"_rank_{side}": ibis.row_number().over(w)})
    out = {}
    for side in ("cur", "base"):
        c = per[f"_{side}"]
        out[f"n_{side}"] = (c > 0).sum()
        out[f"max_{side}"] = c.max()
        out[f"sum_{side}"] = c.sum()
        if second:  # row_number counts from 0
            out[f"second_{side}"] = c.max(where=per[f"_rank_{side}"] == 1)
    return per.aggregate(by=list(q.by), **out)


def primary(stats: dict[str, Any], ds: Dataset, kind: str = "primary:") -> str | None:
    policy = ds.disclosure
    for side, name in (("cur", "current"), ("base", "base")):
        n, top, total = stats.get(f"n_{side}"), stats.get(f"max_{side}"), stats.get(f"sum_{side}")
        if not n:
            continue
        if n < policy.min_enterprises:
            return f"{kind} fewer than {policy.min_enterprises} enterprises ({name} period)"
        if not total:
            continue
        if policy.dominance_rule == "nk":
            if float(top) * 100 >= policy.dominance_pct * float(total):
                return (
                    f"{kind} one enterprise is at least {policy.dominance_pct:g}% ({name} period)"
                )
        elif sensitive_p_percent(total, top, stats.get(f"second_{side}") or 0, policy.p_pct):
            return (
                f"{kind} p% rule: the rest after the two largest enterprises is less than "
                f"{policy.p_pct:g}% of the largest ({name} period)"
            )
    return None


def sensitive_p_percent(total: Any, top: Any, second: Any, p_pct: float) -> bool:
    """T - x1 - x2 < p/100 * x1: the second largest could estimate the largest within p %."""
    return (float(total) - float(top) - float(second)) * 100 < p_pct * float(top)


def secondary(rows: list[dict[str, Any]], by: tuple[str, ...]) -> None:
    """Hide complementary cells until no slice has exactly one hidden cell."""
    changed = True
    while changed:
        changed = False
        for i in range(len(by)):
            slices: dict[tuple, list[dict[str, Any]]] = {}
            for r in rows:
                key = tuple(r[d] for j, d in enumerate(by) if j != i)
                slices.setdefault(key, []).append(r)
            for cells in slices.values():
                hidden = [c for c in cells if c["suppression"]]
                visible = [c for c in cells if not c["suppression"]]
                if len(hidden) == 1 and visible:
                    pick = min(visible, key=lambda c: abs(c["value"] or 0))
                    pick["suppression"] = "secondary: protects another hidden cell"
                    changed = True


def protect(
    rows: list[dict[str, Any]],
    stats: Any,
    q: TradeQuery,
    ds: Dataset,
    complement: dict[tuple, dict[str, Any]] | None = None,
    split: dict[tuple, str] | None = None,
) -> list[dict[str, Any]]:
    """``rows`` with hidden cells nulled and flagged. ``split``: the cells that would
    split another breakdown's hidden cells (tradestat.engine.patterns)."""
    by = q.by
    stat_of = {tuple(s[d] for d in by): s for s in stats.to_pylist()}
    for r in rows:
        key = tuple(r[d] for d in by)
        left_out = (complement or {}).get(key, {})
        r["suppression"] = (
            primary(stat_of.get(key, {}), ds)
            or primary(left_out, ds, "complement: rows the filter leaves out,")
            or reason_for(r, q, split or {})
        )
    secondary(rows, by)
    for r in rows:
        r["suppressed"] = r["suppression"] is not None
        if r["suppressed"]:
            for f in FIGURES:
                if f in r:
                    r[f] = None
    return rows
