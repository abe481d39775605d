"""Distinct counts of a shared scan (tradestat.engine.scans) in one statement.

Enterprises, partners or orders do not add up over cells: an enterprise trading in two
months is one enterprise of the year. So the distinct-count members of a scan read the
rows themselves instead of cells: each side of each member is
``COUNT(DISTINCT field) FILTER (WHERE <its conditions> AND <its span>)`` over the rows
the statement reads once, with the conditions ``scans`` uses (filters, group classes,
place rules, returns, flow) applied to the rows, and its comparisons computed as its own
plan computes them. A bulletin's "enterprises that traded" and "of them private" are
then one scan, not two.
"""

from __future__ import annotations

import functools
from typing import Any

from tradestat.engine import compare, measures
from tradestat.engine.frame import vintage_rows
from tradestat.engine.resolve import Resolved
from tradestat.engine.scan_groups import Atom, GroupClasses


def expression(facts: Any, members: list[Resolved], codes: Any) -> Any:
    """One row: for member i, ``m{i}_<column>`` for each of its result columns."""
    import ibis

    from tradestat.engine.scans import _rows, member_figures

    spans = sorted({(s.start, s.end) for r in members for s in r.sides.spans})
    t = vintage_rows(facts, members[0].q)
    t = t.filter(ibis.or_(*[t.period.between(a, b) for a, b in spans]))
    flags = GroupClasses(members, codes)
    t = flags.join(t)
    aggs: dict[Any, tuple[str, Any]] = {}

    def agg(r: Resolved, atoms: list[Atom], span: Any) -> str:
        key = (r.q.measure, tuple(k for k, _, _ in atoms), span.start, span.end)
        if key not in aggs:
            conds = [cond if on_rows else cond(t) for _, cond, on_rows in atoms]
            where = functools.reduce(
                lambda a, b: a & b, conds, t.period.between(span.start, span.end)
            )
            aggs[key] = (f"_a{len(aggs)}", measures.aggregate(t, r.q, r.ds, None, where))
        return aggs[key][0]

    out = []
    for r in members:
        rows = _rows(r.q, r.places.cells_drop, t) + flags.filters(t, r)
        total = _rows(r.q, r.places.total_drop, t)
        names = {}
        for prefix, span in (("", r.sides.cur), ("base_", r.sides.base)):
            if span is not None:
                names[f"{prefix}value"] = agg(r, rows, span)
                if compare.needs_total(r.q):
                    names[f"_total_{prefix}value"] = agg(r, total, span)
        out.append((r, names))
    return member_figures(t.aggregate(**{name: e for name, e in aggs.values()}), out)
